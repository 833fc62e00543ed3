"""ConfigPolicy, EffectivePolicy, their input and payload."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import enums
from backend.enums import ConfigPolicyKind
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import UserError
from backend.schema.enums import DeviceClass

if TYPE_CHECKING:
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]

strawberry.enum(enums.ConfigPolicyKind)


@strawberry.type(description="A policy value for the sales it matches. Null keys match "
                 "everything; the most specific active match wins (more keys set; productLine "
                 "before deviceClass before region).")
class ConfigPolicy(FromRow, Node):
    kind: ConfigPolicyKind
    product_line: str | None
    device_class: DeviceClass | None
    region: str | None = strawberry.field(description="The delivery region (customer's region).")
    value: str
    description: str | None
    active: bool
    updated_at: datetime
    updated_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def updated_by(self, info: Info) -> UserT | None:
        if self.updated_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.updated_by_id))


@strawberry.type(description="One entry per ConfigPolicyKind.")
class EffectivePolicy:
    kind: ConfigPolicyKind
    value: str
    policy: ConfigPolicy | None = strawberry.field(
        description="The record that decided it; null when the built-in default applies.")


@strawberry.input
class SetConfigPolicyInput:
    kind: ConfigPolicyKind
    product_line: str | None = None
    device_class: DeviceClass | None = None
    region: str | None = None
    value: str = strawberry.field(description="Creates the policy for these keys, or replaces "
                                  "the value of the active one.")
    description: str | None = None


@strawberry.type
class ConfigPolicyPayload:
    policy: ConfigPolicy | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
