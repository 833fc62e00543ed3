"""Which codes each role holds, cached in the server process.

Every permission check reads this cache; it costs no statement. A change of the
`role_permissions` table marks it stale (`invalidate`): in the process that made the
change right after its commit, and in every other process when its outbox listener sees
the `access.changed` event. The next permission check then reads the table once
(`ensure_fresh`). Until a process has read the table it uses the catalogue's defaults,
which are what the migration seeds.
"""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.access_control.catalogue import DEFAULT_GRANTS, DEFAULT_SEPARATION_RULES

# The outbox topic of a change to role permissions or separation-of-duties rules.
ACCESS_CHANGED = "access.changed"

role_permissions_t = m.RolePermission.__table__
rules_t = m.SeparationOfDutiesRule.__table__

# (code, first permission, second permission) of an active separation-of-duties rule.
SeparationRule = tuple[str, str, str]


@dataclass
class _Cache:
    by_role: dict[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_GRANTS))
    separation: tuple[SeparationRule, ...] = tuple(
        (code, first, second) for code, first, second, _ in DEFAULT_SEPARATION_RULES)
    # Raised by every invalidation: a read that began before one does not count as fresh.
    generation: int = 0
    fresh_generation: int = -1
    unions: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)


_cache = _Cache()


def codes_for(roles: Iterable[str]) -> frozenset[str]:
    """The codes held by any of these roles."""
    key = roles if isinstance(roles, frozenset) else frozenset(roles)
    found = _cache.unions.get(key)
    if found is None:
        found = frozenset().union(*(_cache.by_role.get(r, frozenset()) for r in key))
        _cache.unions[key] = found
    return found


def role_codes() -> dict[str, frozenset[str]]:
    return dict(_cache.by_role)


def separation_rules() -> tuple[SeparationRule, ...]:
    """The active separation-of-duties rules."""
    return _cache.separation


def invalidate() -> None:
    _cache.generation += 1


def is_fresh() -> bool:
    return _cache.fresh_generation == _cache.generation


def statements() -> tuple[Select[Any], Select[Any]]:
    return (
        select(role_permissions_t.c.role, func.array_agg(role_permissions_t.c.permission_code))
        .group_by(role_permissions_t.c.role),
        select(rules_t.c.code, rules_t.c.first_permission, rules_t.c.second_permission)
        .where(rules_t.c.active).order_by(rules_t.c.id),
    )


def apply(
    grants: Iterable[Any], rules: Iterable[Any], generation: int
) -> None:
    by_role = {str(role): frozenset[str]() for role in DEFAULT_GRANTS}
    by_role.update({str(row[0]): frozenset(row[1]) for row in grants})
    _cache.by_role = by_role
    _cache.separation = tuple((row[0], row[1], row[2]) for row in rules)
    _cache.unions = {}
    if generation == _cache.generation:
        _cache.fresh_generation = generation


async def refresh(read: Callable[[Select[Any]], Awaitable[Sequence[Any]]]) -> None:
    """Read the tables if the cache is stale (`read` runs a statement and returns its
    rows): two statements after a change, none otherwise."""
    if is_fresh():
        return
    generation = _cache.generation
    grants_stmt, rules_stmt = statements()
    grants = await read(grants_stmt)
    rules = await read(rules_stmt)
    apply(grants, rules, generation)


async def ensure_fresh(db: AsyncSession | AsyncConnection) -> None:
    async def read(stmt: Select[Any]) -> Sequence[Any]:
        return (await db.execute(stmt)).all()

    await refresh(read)
