"""Electronic signatures (21 CFR Part 11 style): the password again, a meaning, a bound record."""

import asyncio
import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.passwords import verify_password
from backend.db.models import Signature, User
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.hashchain import canonical

MAX_MEANING_LENGTH = 200


def record_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


async def sign(
    session: AsyncSession,
    *,
    signer_id: int,
    password: str,
    meaning: str,
    record_type: str,
    record_id: int,
    record: dict[str, Any],
    field: tuple[str, ...] = ("input", "signature"),
) -> Signature:
    """Check the signer's password again and store the signature bound to a hash of `record`."""
    meaning = meaning.strip()
    if not meaning or len(meaning) > MAX_MEANING_LENGTH:
        raise DomainError.single(
            ErrorCode.INVALID,
            f"The signature needs a meaning of 1 to {MAX_MEANING_LENGTH} characters.",
            (*field, "meaning"),
        )
    user = await session.scalar(select(User).where(User.id == signer_id))
    # Argon2 takes a good part of a second of CPU on purpose; in a thread (it releases the
    # GIL) the server answers other requests meanwhile.
    if user is None or not user.is_active or not await asyncio.to_thread(
        verify_password, user.password_hash, password
    ):
        raise DomainError.single(
            ErrorCode.SIGNATURE_INVALID,
            "The password does not match the signer's; the signature was not applied.",
            (*field, "password"),
        )
    signature = Signature(
        signer_id=signer_id,
        meaning=meaning,
        record_type=record_type,
        record_id=record_id,
        record_hash=record_hash(record),
    )
    session.add(signature)
    await session.flush()
    return signature
