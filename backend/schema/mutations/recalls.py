"""Recalls and their acknowledgements."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain import recalls
from backend.domain.actor import Actor
from backend.enums import Role
from backend.resolvers.input_ids import pk_in
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.inputs import InitiateRecallInput
from backend.schema.payloads import RecallPayload

# Staff who talk to customers may record an acknowledgement a customer gave them.
ACKNOWLEDGING = (Role.PARTNER, Role.QA_MANAGER, Role.SALES, Role.SALES_MANAGER)


@strawberry.type
class RecallMutations:
    @strawberry.mutation
    async def initiate_recall(
        self, info: strawberry.Info, input: InitiateRecallInput
    ) -> RecallPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            recall = await recalls.initiate_recall(
                session, actor=actor,
                lot_ids=[pk_in(lot_id, "Lot", ("input", "lotIds", str(i)))
                         for i, lot_id in enumerate(input.lot_ids)],
                reason=input.reason, recall_class=input.recall_class,
                password=input.signature.password, meaning=input.signature.meaning,
            )
            return {"recall": ref("Recall", recall.id)}

        return await run_mutation(
            info, RecallPayload, action, roles=(Role.QA_MANAGER,), operation="initiateRecall"
        )

    @strawberry.mutation(
        description="A partner acknowledges its own notice; staff record one for `customerId`."
    )
    async def acknowledge_recall(
        self,
        info: strawberry.Info,
        recall_id: strawberry.ID,
        customer_id: strawberry.ID | None = None,
    ) -> RecallPayload:
        async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
            recall = await recalls.acknowledge_recall(
                session, actor=actor, recall_id=pk_in(recall_id, "Recall", ("recallId",)),
                customer_id=None if customer_id is None
                else pk_in(customer_id, "Customer", ("customerId",)),
            )
            return {"recall": ref("Recall", recall.id)}

        return await run_mutation(
            info, RecallPayload, action, roles=ACKNOWLEDGING, operation="acknowledgeRecall"
        )
