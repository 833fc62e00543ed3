"""Automatic persisted queries (Apollo's protocol): a document is sent once, then by its sha256.

A request carries `extensions.persistedQuery = {"version": 1, "sha256Hash": ...}`.
Without `query` the hash is looked up; an unknown hash answers
PERSISTED_QUERY_NOT_FOUND and the client resends with the text, which is checked
against the hash and registered. Registered documents live in the database, so
every replica knows them.

With ERP_PARTNER_PERSISTED_ONLY set, PARTNER tokens run registered documents
only and never register new ones: the registered set is the partner API.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import PersistedQuery

CACHE_SIZE = 2000


class PersistedQueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def document_hash(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


@dataclass(frozen=True)
class Caller:
    user_id: int | None
    is_partner: bool


class PersistedQueries:
    """The registered documents, read through a small in-process cache."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self._cache: OrderedDict[str, str] = OrderedDict()

    async def get(self, sha256: str) -> str | None:
        if sha256 in self._cache:
            self._cache.move_to_end(sha256)
            return self._cache[sha256]
        async with self.sessionmaker() as session:
            query = await session.scalar(
                select(PersistedQuery.query).where(PersistedQuery.sha256 == sha256)
            )
        if query is not None:
            self._remember(sha256, query)
        return query

    async def register(self, query: str, user_id: int | None) -> str:
        sha256 = document_hash(query)
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                insert(PersistedQuery)
                .values(sha256=sha256, query=query, registered_by=user_id)
                .on_conflict_do_nothing()
            )
        self._remember(sha256, query)
        return sha256

    def _remember(self, sha256: str, query: str) -> None:
        self._cache[sha256] = query
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    async def resolve(
        self,
        query: str | None,
        extensions: dict[str, Any] | None,
        caller: Caller,
        *,
        partner_persisted_only: bool,
    ) -> str | None:
        """The document to run for a request, registering it when the protocol says so."""
        restricted = caller.is_partner and partner_persisted_only
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            if restricted and query is not None and await self.get(document_hash(query)) is None:
                raise PersistedQueryError(
                    "PERSISTED_QUERY_REQUIRED",
                    "Partner access runs registered operations only: send "
                    "extensions.persistedQuery with the sha256 of a registered document.",
                )
            return query
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(persisted, dict) or persisted.get("version") != 1 or not (
            isinstance(sha256, str) and len(sha256) == 64
        ):
            raise PersistedQueryError(
                "PERSISTED_QUERY_INVALID",
                'extensions.persistedQuery must be '
                '{"version": 1, "sha256Hash": "<64 hex digits>"}.',
            )
        sha256 = sha256.lower()
        known = await self.get(sha256)
        if query is None:
            if known is None:
                code = "PERSISTED_QUERY_REQUIRED" if restricted else "PERSISTED_QUERY_NOT_FOUND"
                raise PersistedQueryError(code, "PersistedQueryNotFound")
            return known
        if document_hash(query) != sha256:
            raise PersistedQueryError(
                "PERSISTED_QUERY_HASH_MISMATCH", "The sha256Hash does not match the query."
            )
        if known is None:
            if restricted:
                raise PersistedQueryError(
                    "PERSISTED_QUERY_REQUIRED",
                    "Partner access runs registered operations only; this one is not registered.",
                )
            if caller.user_id is not None:  # anonymous callers run it but do not register it
                await self.register(query, caller.user_id)
        return query
