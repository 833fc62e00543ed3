"""Available to promise: per line, what stock covers now and the dates that can be promised."""

from datetime import date

import strawberry

from backend.api.ids import input_pk
from backend.domain.errors import DomainError
from backend.resolvers import orders_change as reads
from backend.resolvers.context import Info
from backend.schema.common import UserError
from backend.schema.orders.change_types import AvailableToPromise, LinePromise
from backend.schema.permissions import signed_in


@strawberry.input
class PromiseLineInput:
    product_id: strawberry.ID
    quantity: int


@strawberry.input
class AvailableToPromiseInput:
    customer_id: strawberry.ID
    requested_delivery_date: date | None = None
    ship_to_region: str | None = strawberry.field(
        default=None,
        description="Transit-lane region of a ship-to address; the customer's region if omitted.",
    )
    lines: list[PromiseLineInput] = strawberry.field(default_factory=list)


@strawberry.field(
    description="Per line: what stock covers now, and the ship and delivery dates that can be "
    "promised; writes nothing.",
    extensions=signed_in(),
)
async def available_to_promise(info: Info, input: AvailableToPromiseInput) -> AvailableToPromise:
    try:
        customer = input_pk(input.customer_id, "Customer", ("input", "customerId"))
        lines = [
            (input_pk(line.product_id, "Product", ("input", "lines", str(i), "productId")),
             line.quantity)
            for i, line in enumerate(input.lines)
        ]
    except DomainError as error:
        return AvailableToPromise(user_errors=UserError.of(error.problems))
    made = await reads.promise(info.context, customer, lines, input.requested_delivery_date,
                               input.ship_to_region)
    if made.problems:
        return AvailableToPromise(user_errors=UserError.of(made.problems))
    return AvailableToPromise(
        lines=[LinePromise.of(line) for line in made.lines],
        promised_delivery_date=made.promised_delivery_date,
        late=made.late,
    )
