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


class PasswordCheck:
    """The signer's password check, started before the work it signs: Argon2 runs in a
    thread (it releases the GIL) while the caller's statements run, and `sign` awaits it."""

    def __init__(self, task: "asyncio.Task[bool]") -> None:
        self._task = task

    @classmethod
    async def start(cls, session: AsyncSession, *, signer_id: int, password: str
                    ) -> "PasswordCheck":
        user = await session.scalar(select(User).where(User.id == signer_id))
        password_hash = user.password_hash if user is not None and user.is_active else None

        async def check() -> bool:
            if password_hash is None:
                return False
            return await asyncio.to_thread(verify_password, password_hash, password)

        return cls(asyncio.ensure_future(check()))

    async def passed(self) -> bool:
        return await self._task

    def cancel(self) -> None:
        """The work failed before signing: nobody waits for the answer."""
        self._task.cancel()


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
    check: PasswordCheck | None = None,
) -> Signature:
    """Check the signer's password again (or take the result of a check started earlier)
    and store the signature bound to a hash of `record`."""
    meaning = meaning.strip()
    if not meaning or len(meaning) > MAX_MEANING_LENGTH:
        if check is not None:
            check.cancel()
        raise DomainError.single(
            ErrorCode.INVALID,
            f"The signature needs a meaning of 1 to {MAX_MEANING_LENGTH} characters.",
            (*field, "meaning"),
        )
    # Argon2 takes a good part of a second of CPU on purpose; in a thread (it releases the
    # GIL) the server answers other requests meanwhile.
    if check is None:
        check = await PasswordCheck.start(session, signer_id=signer_id, password=password)
    if not await check.passed():
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
