"""Recalls and the notices sent to customers who received affected units."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.domain.quality.recall_closure import overdue
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.nodes import load_row
from backend.schema.base import FromRow, Node, graph
from backend.schema.enums import RecallClass, RecallStatus
from backend.schema.fulfilment.types import Shipment
from backend.schema.permissions import staff_only
from backend.schema.quality.loop_enums import RecallResponseChannel
from backend.schema.quality.types import Lot
from backend.schema.recalls.lines import RecallReconciliationLine, graph_line

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer, Supplier, User
    from backend.schema.quality.types import Document, Signature

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]
SignatureT = Annotated["Signature", strawberry.lazy("backend.schema.quality.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
ReconciliationT = RecallReconciliationLine
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class RecallNotice(FromRow):
    notified_at: datetime
    acknowledged_at: datetime | None
    reminders_sent: int
    last_reminded_at: datetime | None
    acknowledgement_channel: RecallResponseChannel | None = strawberry.field(
        description="How the acknowledgement came: PORTAL when the partner acknowledged itself."
    )
    acknowledged_by_contact: str | None = strawberry.field(
        description="The customer's person who acknowledged, as recorded by staff."
    )
    acknowledgement_note: str | None
    customer_id: strawberry.Private[int]
    acknowledged_by_id: strawberry.Private[int | None]
    recall_id: strawberry.Private[int]
    due_at_: strawberry.Private[datetime | None]
    field_safety_notice_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Any) -> "RecallNotice":
        obj = super().from_row(row)
        values = obj.__dict__
        values["due_at_"] = values.pop("due_at", None) or values.get("notified_at")
        return obj

    @strawberry.field(description="Acknowledgement due; the notice is overdue after it.")
    def due_at(self) -> datetime:
        assert self.due_at_ is not None
        return self.due_at_

    @strawberry.field
    def overdue(self) -> bool:
        return overdue(self.acknowledged_at, self.due_at_)

    @strawberry.field
    async def recall(self, info: Info) -> "Recall":
        return Recall.required(await load_row(info.context, "Recall", self.recall_id))

    @strawberry.field(description="The FIELD_SAFETY_NOTICE document for this customer; its "
                      "partner may download it.")
    async def field_safety_notice(self, info: Info) -> DocumentT | None:
        if self.field_safety_notice_id is None:
            return None
        return graph("Document",
                     await info.context.loaders.document_by_id.load(self.field_safety_notice_id))

    @strawberry.field
    async def reconciliation(self, info: Info) -> list[ReconciliationT]:
        lines = await reads.recall_reconciliation(info.context, self.recall_id)
        return [graph_line(line) for line in lines if line.customer_id == self.customer_id]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def acknowledged_by(self, info: Info) -> UserT | None:
        if self.acknowledged_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.acknowledged_by_id))


@strawberry.type
class RecallSupplierNotice(FromRow):
    notified_at: datetime
    supplier_id: strawberry.Private[int]
    lot_ids: strawberry.Private[list[int]]
    document_id: strawberry.Private[int | None]

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT:
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field
    async def lots(self, info: Info) -> list[Lot]:
        rows = await info.context.loaders.lot_by_id.load_many(self.lot_ids)
        return Lot.many(r for r in rows if r is not None)

    @strawberry.field
    async def document(self, info: Info) -> DocumentT | None:
        if self.document_id is None:
            return None
        return graph("Document", await info.context.loaders.document_by_id.load(self.document_id))


@strawberry.type
class Recall(FromRow, Node):
    number: str
    reason: str
    recall_class: RecallClass
    status: RecallStatus
    initiated_at: datetime
    closed_at: datetime | None
    closure_justification: str | None
    initiated_by_id: strawberry.Private[int]
    closed_by_id: strawberry.Private[int | None]
    closure_signature_id: strawberry.Private[int | None]

    @strawberry.field
    async def initiated_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.initiated_by_id))

    @strawberry.field
    async def root_lots(self, info: Info) -> list[Lot]:
        lots = await info.context.loaders.recall_lots_by_recall_id.load(self.pk)
        return Lot.many(lot for lot in lots if lot.is_root)

    @strawberry.field
    async def affected_lots(self, info: Info) -> list[Lot]:
        return Lot.many(await info.context.loaders.recall_lots_by_recall_id.load(self.pk))

    @strawberry.field
    async def affected_shipments(self, info: Info) -> list[Shipment]:
        return Shipment.many(
            await info.context.loaders.recall_shipments_by_recall_id.load(self.pk)
        )

    @strawberry.field
    async def notices(self, info: Info) -> list[RecallNotice]:
        return RecallNotice.many(await info.context.loaders.notices_by_recall_id.load(self.pk))

    @strawberry.field
    async def reconciliation(self, info: Info) -> list[RecallReconciliationLine]:
        return [graph_line(line)
                for line in await reads.recall_reconciliation(info.context, self.pk)]

    @strawberry.field(description="Every notice acknowledged and nothing outstanding.")
    async def reconciled(self, info: Info) -> bool:
        return await reads.recall_reconciled(info.context, self.pk)

    @strawberry.field(description="Staff only.", extensions=staff_only())
    async def supplier_notices(self, info: Info) -> list[RecallSupplierNotice]:
        return RecallSupplierNotice.many(
            await info.context.loaders.supplier_notices_by_recall_id.load(self.pk)
        )

    @strawberry.field
    async def closed_by(self, info: Info) -> UserT | None:
        if self.closed_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.closed_by_id))

    @strawberry.field
    async def closure_signature(self, info: Info) -> SignatureT | None:
        if self.closure_signature_id is None:
            return None
        return graph("Signature",
                     await info.context.loaders.signature_by_id.load(self.closure_signature_id))

    @strawberry.field(description="Hours from initiation to the last acknowledgement; null while "
                      "one is missing.")
    async def hours_to_acknowledgement(self, info: Info) -> float | None:
        notices = await info.context.loaders.notices_by_recall_id.load(self.pk)
        if not notices or any(n.acknowledged_at is None for n in notices):
            return None
        last = max(n.acknowledged_at for n in notices)
        return round((last - self.initiated_at).total_seconds() / 3600, 2)

    @strawberry.field(description="Hours from initiation until nothing is outstanding; null "
                      "until then.")
    async def hours_to_containment(self, info: Info) -> float | None:
        if not await reads.recall_reconciled(info.context, self.pk):
            return None
        end = self.closed_at or datetime.now(UTC)
        return round((end - self.initiated_at).total_seconds() / 3600, 2)

    @strawberry.field(description="Hours since initiation (until closure for a closed recall).")
    def age_hours(self) -> float:
        end = self.closed_at or datetime.now(UTC)
        return round((end - self.initiated_at).total_seconds() / 3600, 2)
