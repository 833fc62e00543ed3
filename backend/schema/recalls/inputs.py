"""Inputs of recalls."""

import strawberry

from backend.schema.common_inputs import SignatureInput
from backend.schema.enums import RecallClass


@strawberry.input
class InitiateRecallInput:
    lot_ids: list[strawberry.ID]
    reason: str
    recall_class: RecallClass
    signature: SignatureInput
    acknowledgement_due_days: int | None = strawberry.field(
        default=None, description="Days each customer has to acknowledge (0: due at once); "
        "default from settings by recall class."
    )
