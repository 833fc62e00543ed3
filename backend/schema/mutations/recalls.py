"""Recalls and their acknowledgements."""

import strawberry

from backend.schema.inputs import InitiateRecallInput
from backend.schema.mutations.pending import pending
from backend.schema.payloads import RecallPayload


@strawberry.type
class RecallMutations:
    @strawberry.mutation
    async def initiate_recall(
        self, info: strawberry.Info, input: InitiateRecallInput
    ) -> RecallPayload:
        return await pending(info, "initiateRecall")

    @strawberry.mutation
    async def acknowledge_recall(
        self, info: strawberry.Info, recall_id: strawberry.ID
    ) -> RecallPayload:
        return await pending(info, "acknowledgeRecall")
