"""Shipping cartons and their SSCCs."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.errors import ApiError, ApiErrorCode
from backend.domain.standards.sscc import sscc_problem
from backend.resolvers.context import Info
from backend.schema.base import FromRow, graph
from backend.schema.permissions import signed_in

if TYPE_CHECKING:
    from backend.schema.fulfilment.types import Shipment

ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]


@strawberry.type(description="A shipping carton of a shipment, identified by its SSCC.")
class ShippingCarton(FromRow):
    sscc: str = strawberry.field(
        description="Serial Shipping Container Code: 18 digits, GS1 check digit, unique."
    )
    sequence: int = strawberry.field(description="1..n within its shipment.")
    shipment_id: strawberry.Private[int]

    @strawberry.field
    async def shipment(self, info: Info) -> ShipmentT:
        return graph("Shipment", await info.context.loaders.shipment_by_id.load(self.shipment_id))


@strawberry.type
class ShipmentCartons:
    """`Shipment.cartons`, kept with the other carton fields."""

    @strawberry.field
    async def cartons(self, info: Info) -> list[ShippingCarton]:
        pk = self.pk  # type: ignore[attr-defined]
        return ShippingCarton.many(await info.context.loaders.cartons_by_shipment_id.load(pk))


async def carton_of(info: Info, sscc: str) -> ShippingCarton | None:
    """The carton with this SSCC, if the viewer may see its shipment."""
    return ShippingCarton.maybe(await info.context.loaders.carton_by_sscc.load(sscc))


@strawberry.field(description="Staff, or the partner whose shipment it is.",
                  extensions=signed_in())
async def carton(info: Info, sscc: str) -> ShippingCarton | None:
    sscc = sscc.strip()
    problem = sscc_problem(sscc)
    if problem is not None:
        raise ApiError(problem, code=ApiErrorCode.INVALID_BARCODE)
    return await carton_of(info, sscc)
