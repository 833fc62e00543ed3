"""Token buckets every server process and replica shares, kept in PostgreSQL.

A budget refills at a steady rate and is kept per key (a user, an address) in one
row of the UNLOGGED `rate_limit_buckets` table. A take is one atomic
`INSERT … ON CONFLICT … DO UPDATE … RETURNING`: the row lock serialises two
processes taking from the same key, each sees the other's take, and so a caller
that reaches N processes gets one budget, not N.

Most requests send no statement at all. While a bucket is more than half full, a
take also leases a few points more (`LEASE_FRACTION` of the capacity) for this
process, and the key's next requests here are paid from the lease. Leased points
have left the shared bucket, so nothing is ever granted twice; the most a caller
loses is the unused lease each process holds (one statement a lease, not one a
request). Below half full there are no leases and every take asks PostgreSQL.
- `peek` (turning a spent caller away before its document is parsed) reads the
  process's last view of the bucket, refilled since, plus its lease. Another
  process may have spent more meanwhile; then the take that follows refuses.
- `give_back` (points asked for but not used) goes to the process's lease.

A bucket's figures (capacity, rate) are part of its row key, so a process with
other figures keeps buckets of its own; processes configured alike share them.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Executable, TextClause, text

# Runs one statement and returns its rows (on the request's connection, or a pooled one).
Run = Callable[[Executable], Awaitable[Sequence[Any]]]

LEASE_FRACTION = 0.05
# No leases below this share of the capacity: near the limit every take is exact.
LEASE_ABOVE = 0.5

# What the bucket holds now, computed in the statement from its last update.
_REFILLED = (
    "least(v.cap, b.tokens"
    " + greatest(0, extract(epoch FROM now() - b.updated_at)::float8) * v.rate)"
)
# How much a take gets: nothing, what it asked, or that and a lease while there is plenty.
_GRANT = (
    "LATERAL (SELECT CASE WHEN v.force THEN v.amount WHEN s.a >= v.amount THEN v.amount"
    f" + least(v.extra, greatest(0, s.a - v.amount - v.cap * {LEASE_ABOVE})) ELSE 0 END AS g) t"
)


@lru_cache(maxsize=8)
def upsert_sql(keys: int) -> str:
    """The take for `keys` buckets at once, as SQL text (a CTE of a larger statement, too).

    Parameters per bucket i: key_i, cap_i, rate_i, amount_i (what the take needs),
    extra_i (a lease wanted on top) and force_i (charged even into debt)."""
    rows = ", ".join(
        f"(CAST(:key_{i} AS text), CAST(:cap_{i} AS float8), CAST(:rate_{i} AS float8),"
        f" CAST(:amount_{i} AS float8), CAST(:extra_{i} AS float8), CAST(:force_{i} AS boolean))"
        for i in range(keys)
    )
    return (
        f"WITH v(key, cap, rate, amount, extra, force) AS (VALUES {rows}) "
        "INSERT INTO rate_limit_buckets AS b (key, tokens, granted, updated_at) "
        f"SELECT v.key, s.a - g, g, now() FROM v, LATERAL (SELECT v.cap AS a) s, {_GRANT} "
        "ON CONFLICT (key) DO UPDATE SET (tokens, granted) = ("
        f"SELECT s.a - g, g FROM v, LATERAL (SELECT {_REFILLED} AS a) s, {_GRANT} "
        "WHERE v.key = excluded.key), updated_at = greatest(b.updated_at, now()) "
        "RETURNING b.key, b.tokens, b.granted"
    )


@lru_cache(maxsize=8)
def _take_statement(keys: int) -> TextClause:
    return text(upsert_sql(keys))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    available: float
    retry_after: float  # seconds; 0 when allowed


@dataclass
class SharedBuckets:
    """Buckets of one kind (`name`) with one capacity and refill rate (tokens per second)."""

    name: str
    capacity: float
    rate: float
    # Keys whose last view and lease this process remembers.
    max_keys: int = 100_000
    clock: Callable[[], float] = time.monotonic
    # Per row key: the shared tokens last seen, when, and the points this process holds.
    _views: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)
    _leases: dict[str, float] = field(default_factory=dict)

    @property
    def lease_size(self) -> float:
        return self.capacity * LEASE_FRACTION

    def row_key(self, key: str) -> str:
        return f"{self.name}/{self.capacity:g}/{self.rate:g}:{key}"

    def peek(self, key: str, amount: float = 1.0) -> Decision:
        """Whether `amount` could be taken, from this process's last view (no statement)."""
        available = self._view(self.row_key(key))
        return Decision(available >= amount, available, self._wait(available, amount))

    async def take(self, run: Run, key: str, amount: float, *, force: bool = False) -> Decision:
        """Take `amount` if the bucket holds it (with `force`, even into debt): from this
        process's lease when it covers it, else in one statement."""
        row = self.row_key(key)
        held = self._leases.get(row, 0.0)
        if held >= amount:
            self._leases[row] = held - amount
            return Decision(True, self._view(row), 0.0)
        [decision] = await take_together(run, [Ask(self, key, amount, force, lease=not force)])
        return decision

    def give_back(self, key: str, amount: float) -> float:
        """Return unused points (to this process's lease); what the bucket holds after it."""
        row = self.row_key(key)
        if amount > 0:
            self._leases[row] = self._leases.get(row, 0.0) + amount
        return self._view(row)

    def _view(self, row: str) -> float:
        seen = self._views.get(row)
        held = self._leases.get(row, 0.0)
        if seen is None:
            return self.capacity
        tokens, at = seen
        # Held points came out of the bucket, which has refilled meanwhile: never above full.
        return min(self.capacity, tokens + max(0.0, self.clock() - at) * self.rate + held)

    def _wait(self, available: float, amount: float) -> float:
        missing = amount - available
        return 0.0 if missing <= 0 else missing / self.rate

    def _saw(self, row: str, tokens: float, lease: float) -> None:
        self._views[row] = (tokens, self.clock())
        self._views.move_to_end(row)
        self._leases[row] = lease
        if len(self._views) > self.max_keys:  # a lease forgotten: never too generous
            gone, _ = self._views.popitem(last=False)
            self._leases.pop(gone, None)


@dataclass(frozen=True)
class Ask:
    buckets: SharedBuckets
    key: str
    amount: float
    force: bool = False
    lease: bool = False  # ask for a lease on top, for this process's next takes

    def params(self, i: int) -> dict[str, Any]:
        buckets = self.buckets
        held = buckets._leases.get(buckets.row_key(self.key), 0.0)
        return {f"key_{i}": buckets.row_key(self.key), f"cap_{i}": float(buckets.capacity),
                f"rate_{i}": float(buckets.rate), f"amount_{i}": float(self.amount - held),
                f"extra_{i}": buckets.lease_size if self.lease else 0.0, f"force_{i}": self.force}


def take_params(asks: Sequence[Ask]) -> dict[str, Any]:
    """The parameters of `upsert_sql(len(asks))`: each take needs what its lease lacks."""
    params: dict[str, Any] = {}
    for i, ask in enumerate(asks):
        params.update(ask.params(i))
    return params


def decisions(asks: Sequence[Ask], rows: Sequence[Any]) -> list[Decision]:
    """What the upsert's RETURNING rows (key, tokens, granted) say about each ask."""
    by_key = {row[0]: (float(row[1]), float(row[2])) for row in rows}
    found = []
    for ask in asks:
        buckets = ask.buckets
        row = buckets.row_key(ask.key)
        tokens, granted = by_key[row]
        held = buckets._leases.get(row, 0.0)
        allowed = granted > 0 or held >= ask.amount
        # Allowed: the lease and the grant paid, the rest is held. Refused: the lease stays.
        buckets._saw(row, tokens, held + granted - ask.amount if allowed else held)
        wait = 0.0 if allowed else buckets._wait(tokens + held, ask.amount)
        found.append(Decision(allowed, buckets._view(row), wait))
    return found


async def take_together(run: Run, asks: Sequence[Ask]) -> list[Decision]:
    """Take from several buckets in one statement (each granted or not on its own)."""
    stmt = _take_statement(len(asks)).bindparams(**take_params(asks))
    return decisions(asks, await run(stmt))


def give_back_sql(asks: Sequence[Ask]) -> tuple[str, dict[str, Any]]:
    """An UPDATE returning tokens to the shared buckets at once (a CTE of a larger statement),
    for a refund the other processes must see now; with its parameters."""
    rows = ", ".join(
        f"(CAST(:back_key_{i} AS text), CAST(:back_cap_{i} AS float8),"
        f" CAST(:back_amount_{i} AS float8))" for i in range(len(asks))
    )
    sql = (
        "UPDATE rate_limit_buckets AS b SET tokens = least(r.cap, b.tokens + r.amount) "
        f"FROM (VALUES {rows}) AS r(key, cap, amount) WHERE b.key = r.key RETURNING b.key"
    )
    params: dict[str, Any] = {}
    for i, ask in enumerate(asks):
        params |= {f"back_key_{i}": ask.buckets.row_key(ask.key),
                   f"back_cap_{i}": float(ask.buckets.capacity),
                   f"back_amount_{i}": float(ask.amount)}
    return sql, params
