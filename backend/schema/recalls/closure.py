"""Recall containment and closure: acknowledgements by channel, reconciliation figures,
closure, and the notices overdue."""

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.quality import recall_closure
from backend.enums import Role
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import Connection, payload
from backend.schema.common_inputs import SignatureInput
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.loop_enums import RecallResponseChannel
from backend.schema.recalls.payloads import RecallPayload
from backend.schema.recalls.types import RecallNotice

STAFF = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER,
         Role.FINANCE)


@strawberry.input
class RecordRecallAcknowledgementInput:
    recall_id: strawberry.ID
    customer_id: strawberry.ID
    channel: RecallResponseChannel
    contact_name: str
    received_at: datetime | None = None
    note: str | None = None


@strawberry.input(description="Figures as the customer reports them; each given figure "
                  "replaces the previous one.")
class RecordRecallReconciliationInput:
    recall_id: strawberry.ID
    lot_id: strawberry.ID
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Ignored for a partner (its own customer)."
    )
    destroyed: int | None = None
    used: int | None = None
    confirmed_on_hand: int | None = None
    evidence: str | None = None


@strawberry.input
class CloseRecallInput:
    recall_id: strawberry.ID
    signature: SignatureInput
    justification: str | None = strawberry.field(
        default=None, description="Required to close while unreconciled."
    )


def _recall_id(value: strawberry.ID) -> int:
    return input_pk(value, "Recall", ("input", "recallId"))


@strawberry.mutation(description="Staff, on a customer's behalf.",
                     extensions=requires("recall.record_acknowledgement"))
async def record_recall_acknowledgement(
    info: Info, input: RecordRecallAcknowledgementInput
) -> RecallPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        recall = await recall_closure.record_acknowledgement(
            session, actor=actor, recall_id=_recall_id(input.recall_id),
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            channel=input.channel, contact_name=input.contact_name,
            received_at=input.received_at, note=input.note,
        )
        return {"recall": ref("Recall", recall.id)}

    return payload(RecallPayload, await run_mutation(
        info.context, action, operation="recordRecallAcknowledgement"))


@strawberry.mutation(description="Staff for any notified customer; a partner for its own.",
                     extensions=requires("recall.reconcile", "recall.acknowledge"))
async def record_recall_reconciliation(
    info: Info, input: RecordRecallReconciliationInput
) -> RecallPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        recall = await recall_closure.record_reconciliation(
            session, actor=actor, recall_id=_recall_id(input.recall_id),
            customer_id=optional_input_pk(input.customer_id, "Customer",
                                          ("input", "customerId")),
            lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            destroyed=input.destroyed, used=input.used,
            confirmed_on_hand=input.confirmed_on_hand, evidence=input.evidence,
        )
        return {"recall": ref("Recall", recall.id)}

    return payload(RecallPayload, await run_mutation(
        info.context, action, operation="recordRecallReconciliation"))


@strawberry.mutation(description="QA_MANAGER, e-signed.",
                     extensions=requires("recall.close"))
async def close_recall(info: Info, input: CloseRecallInput) -> RecallPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        recall = await recall_closure.close_recall(
            session, actor=actor, recall_id=_recall_id(input.recall_id),
            justification=input.justification, password=input.signature.password,
            meaning=input.signature.meaning,
        )
        return {"recall": ref("Recall", recall.id)}

    return payload(RecallPayload, await run_mutation(info.context, action,
                                                     operation="closeRecall"))


@strawberry.field(description="Unacknowledged notices past their due time, oldest first.",
                  extensions=staff_only())
async def overdue_recall_notices(
    info: Info, first: int | None = None, after: str | None = None
) -> Connection[RecallNotice]:
    page = await reads.overdue_recall_notices(info.context, first, after)
    return Connection.of(page, RecallNotice.from_row)
