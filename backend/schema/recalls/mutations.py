"""Recalls and their acknowledgements."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.quality import recalls
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.recalls.inputs import InitiateRecallInput
from backend.schema.recalls.payloads import RecallPayload

# Staff who talk to customers may record an acknowledgement a customer gave them.
ACKNOWLEDGING = (Role.PARTNER, Role.QA_MANAGER, Role.SALES, Role.SALES_MANAGER)


@strawberry.mutation(extensions=requires("recall.initiate"))
async def initiate_recall(info: Info, input: InitiateRecallInput) -> RecallPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        recall = await recalls.initiate_recall(
            session, actor=actor,
            lot_ids=[input_pk(lot_id, "Lot", ("input", "lotIds", str(i)))
                     for i, lot_id in enumerate(input.lot_ids)],
            reason=input.reason, recall_class=input.recall_class,
            password=input.signature.password, meaning=input.signature.meaning,
            acknowledgement_due_days=input.acknowledgement_due_days,
        )
        return {"recall": ref("Recall", recall.id)}

    return payload(RecallPayload, await run_mutation(
        info.context, action, operation="initiateRecall"
    ))


@strawberry.mutation(
    description="A partner acknowledges its own notice; staff record one for `customerId`.",
    extensions=requires("recall.acknowledge"),
)
async def acknowledge_recall(
    info: Info, recall_id: strawberry.ID, customer_id: strawberry.ID | None = None
) -> RecallPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        recall = await recalls.acknowledge_recall(
            session, actor=actor, recall_id=input_pk(recall_id, "Recall", ("recallId",)),
            customer_id=optional_input_pk(customer_id, "Customer", ("customerId",)),
        )
        return {"recall": ref("Recall", recall.id)}

    return payload(RecallPayload, await run_mutation(
        info.context, action, operation="acknowledgeRecall"
    ))
