"""The account fields of User: shown to holders of users.manage and to the user themselves."""

from datetime import datetime
from typing import Any

import strawberry

from backend.resolvers.context import Info
from backend.schema.permissions import fresh_grants

ADMIN_ONLY = "Null unless the viewer holds users.manage or is this user."


async def may_see_account(info: Info, user_id: int) -> bool:
    claims = info.context.claims
    if claims is None:
        return False
    if claims.user_id == user_id:
        return True
    await fresh_grants(info.context)
    return info.context.actor.has_permission("users.manage")


async def _shown(source: Any, info: Info, column: str) -> Any:
    row = source.__dict__
    return row.get(column) if await may_see_account(info, row["pk"]) else None


@strawberry.type
class UserAccountFields:
    @strawberry.field(description=ADMIN_ONLY)
    async def email(self, info: Info) -> str | None:
        return await _shown(self, info, "email")

    @strawberry.field(description="False once deactivated: no sign-in, no token works. "
                      + ADMIN_ONLY)
    async def active(self, info: Info) -> bool | None:
        return await _shown(self, info, "is_active")

    @strawberry.field(description="Set while the account is locked after too many failed "
                      "sign-ins in a row. " + ADMIN_ONLY)
    async def locked_at(self, info: Info) -> datetime | None:
        return await _shown(self, info, "locked_at")

    @strawberry.field(description="Failed sign-ins since the last successful one. " + ADMIN_ONLY)
    async def failed_login_count(self, info: Info) -> int | None:
        return await _shown(self, info, "failed_login_count")

    @strawberry.field(description="The password was set by an administrator: only "
                      "changePassword works until the user sets their own. " + ADMIN_ONLY)
    async def password_change_required(self, info: Info) -> bool | None:
        return await _shown(self, info, "password_change_required")

    @strawberry.field(description="The web app's language for this user (en, zh-CN); null: "
                      "the browser's language. " + ADMIN_ONLY)
    async def language(self, info: Info) -> str | None:
        return await _shown(self, info, "language")

    @strawberry.field(description=ADMIN_ONLY)
    async def last_login_at(self, info: Info) -> datetime | None:
        return await _shown(self, info, "last_login_at")

    @strawberry.field(description=ADMIN_ONLY)
    async def created_at(self, info: Info) -> datetime | None:
        return await _shown(self, info, "created_at")
