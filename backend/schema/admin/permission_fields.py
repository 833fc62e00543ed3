"""User.permissions: the codes a user's roles hold, for the SPA to decide what to offer."""

import strawberry

from backend.domain.actor import Actor
from backend.resolvers.context import Info
from backend.schema.admin.user_fields import may_see_account
from backend.schema.permissions import fresh_grants


@strawberry.type
class UserPermissionFields:
    @strawberry.field(description="Permission codes the user's roles hold. Null unless the "
                      "viewer holds users.manage or is this user.")
    async def permissions(self, info: Info) -> list[str] | None:
        pk: int = self.__dict__["pk"]
        if not await may_see_account(info, pk):
            return None
        await fresh_grants(info.context)
        roles = [row.role for row in await info.context.loaders.roles_by_user_id.load(pk)]
        customer_id = self.__dict__.get("customer_id")
        return sorted(Actor.of(pk, roles, customer_id).permissions)
