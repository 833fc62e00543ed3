"""Reads of user administration: the user list and the security policy."""

from typing import Any

from sqlalchemy import or_, select

from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain.users import policy
from backend.resolvers.context import Context
from backend.resolvers.reading import page
from backend.resolvers.search import contains

users_t = m.User.__table__
settings_t = m.SecuritySetting.__table__


async def users(
    context: Context, first: int | None, after: str | None, search: str | None,
    include_inactive: bool,
) -> Page:
    stmt = select(users_t)
    if not include_inactive:
        stmt = stmt.where(users_t.c.is_active)
    if search:
        stmt = stmt.where(or_(contains(users_t.c.username, search),
                              contains(users_t.c.display_name, search),
                              contains(users_t.c.email, search)))
    return await page(context, stmt, SortKey((users_t.c.username,)), first, after)


async def security_policy(context: Context) -> Any:
    rows = await context.loaders.rows(
        select(settings_t.c.max_failed_logins, settings_t.c.min_password_length)
        .where(settings_t.c.id == 1))
    if rows:
        return policy.SecurityPolicy(rows[0].max_failed_logins, rows[0].min_password_length)
    return policy.SecurityPolicy(policy.DEFAULT_MAX_FAILED_LOGINS,
                                 policy.DEFAULT_MIN_PASSWORD_LENGTH)
