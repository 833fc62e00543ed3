"""Reads of permissions as data: role permissions and separation-of-duties rules."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from backend.db import models as m
from backend.resolvers.context import Context

role_permissions_t = m.RolePermission.__table__
rules_t = m.SeparationOfDutiesRule.__table__


async def role_permissions(context: Context) -> dict[str, list[str]]:
    rows = await context.loaders.rows(
        select(role_permissions_t.c.role, role_permissions_t.c.permission_code)
        .order_by(role_permissions_t.c.role, role_permissions_t.c.permission_code))
    held: dict[str, list[str]] = {}
    for row in rows:
        held.setdefault(str(row.role), []).append(row.permission_code)
    return held


async def separation_rules(context: Context, include_inactive: bool) -> Sequence[Any]:
    stmt = select(rules_t).order_by(rules_t.c.id)
    if not include_inactive:
        stmt = stmt.where(rules_t.c.active)
    return await context.loaders.rows(stmt)
