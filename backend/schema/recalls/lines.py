"""One line of a recall's reconciliation: a customer, a lot, and how its units are accounted."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.domain.quality.recall_closure import Line
from backend.resolvers.context import Info
from backend.schema.base import graph, graphs

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer
    from backend.schema.quality.types import Lot, Serial

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]
SerialT = Annotated["Serial", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type(description="Per customer and lot: units shipped and how they are accounted "
                 "for. A partner sees its own lines only.")
class RecallReconciliationLine:
    shipped: int
    returned: int = strawberry.field(
        description="Counted from customer returns of this lot after the recall."
    )
    destroyed: int
    used: int = strawberry.field(
        description="Units the customer used or implanted before the notice."
    )
    confirmed_on_hand: int = strawberry.field(
        description="Units the customer confirms it holds, quarantined."
    )
    outstanding: int = strawberry.field(
        description="shipped - returned - destroyed - used - confirmedOnHand"
    )
    customer_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]
    serial_ids: strawberry.Private[list[int]]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field(description="Shipped serials not returned (destroyed, used or still at "
                      "the customer).")
    async def unreturned_serials(self, info: Info) -> list[SerialT]:
        rows = await info.context.loaders.serial_by_id.load_many(self.serial_ids)
        return graphs("Serial", [r for r in rows if r is not None])


def graph_line(line: Line) -> RecallReconciliationLine:
    return RecallReconciliationLine(
        shipped=line.shipped, returned=line.returned, destroyed=line.destroyed, used=line.used,
        confirmed_on_hand=line.confirmed_on_hand, outstanding=line.outstanding,
        customer_id=line.customer_id, lot_id=line.lot_id,
        serial_ids=line.unreturned_serial_ids,
    )
