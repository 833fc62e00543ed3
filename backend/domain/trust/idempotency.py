"""Idempotent creating mutations: the same key and input replay the first result.

The key row is inserted first, in the same transaction as the work. A concurrent
duplicate blocks on the key's unique index until the first commits, then reads
its stored result; if the first rolls back, the duplicate runs instead. So a
key never yields two results, and a refused request leaves nothing behind.
"""

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules.hashchain import canonical

MAX_KEY_LENGTH = 255

CLAIM = text(
    """
    INSERT INTO idempotency_keys (user_id, operation, key, request_hash, response)
    VALUES (:user_id, :operation, :key, :request_hash, '{}'::jsonb)
    ON CONFLICT DO NOTHING
    RETURNING key
    """
)
STORED = text(
    "SELECT request_hash, response FROM idempotency_keys "
    "WHERE user_id = :user_id AND operation = :operation AND key = :key"
)
SAVE = text(
    "UPDATE idempotency_keys SET response = CAST(:response AS jsonb) "
    "WHERE user_id = :user_id AND operation = :operation AND key = :key"
)


def request_hash(request: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(request)).hexdigest()


async def once(
    session: AsyncSession,
    *,
    user_id: int,
    operation: str,
    key: str | None,
    request: dict[str, Any],
    run: Callable[[], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """Run `run` once per (user, operation, key) and return its JSON-able result."""
    if key is None:
        return await run()
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise DomainError.single(
            ErrorCode.INVALID,
            f"An idempotency key has 1 to {MAX_KEY_LENGTH} characters.",
            ("input", "idempotencyKey"),
        )
    ids = {"user_id": user_id, "operation": operation, "key": key}
    digest = request_hash(request)
    claimed = (await session.execute(CLAIM, {**ids, "request_hash": digest})).first()
    if claimed is None:
        stored = (await session.execute(STORED, ids)).one()
        if stored.request_hash != digest:
            raise DomainError.single(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was already used with a different input.",
                ("input", "idempotencyKey"),
            )
        return dict(stored.response)
    result = await run()
    await session.execute(SAVE, {**ids, "response": canonical(result).decode()})
    return result
