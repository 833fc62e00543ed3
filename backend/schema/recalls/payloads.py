"""Payloads of recall mutations."""

import strawberry

from backend.schema.common import UserError
from backend.schema.recalls.types import Recall


@strawberry.type
class RecallPayload:
    recall: Recall | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
