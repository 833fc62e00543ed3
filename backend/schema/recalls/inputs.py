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
