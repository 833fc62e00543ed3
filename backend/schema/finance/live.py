"""`invoiceChanged`: invoice status changes as they commit, from the outbox."""

from datetime import datetime

import strawberry

from backend.events import cursors
from backend.events.store import Event
from backend.resolvers.context import Info
from backend.schema.enums import InvoiceStatus
from backend.schema.finance.types import Invoice


@strawberry.type
class InvoiceChange:
    cursor: str
    occurred_at: datetime
    from_: InvoiceStatus | None = strawberry.field(name="from")
    to: InvoiceStatus
    invoice_id: strawberry.Private[int]

    @strawberry.field
    async def invoice(self, info: Info) -> Invoice:
        return Invoice.required(await info.context.loaders.invoice_by_id.load(self.invoice_id))

    @classmethod
    def from_event(cls, event: Event) -> "InvoiceChange":
        p = event.payload
        return cls(cursor=cursors.encode(event.id), occurred_at=event.occurred_at,
                   from_=InvoiceStatus(p["from"]) if p.get("from") else None,
                   to=InvoiceStatus(p["to"]), invoice_id=p["invoice_id"])
