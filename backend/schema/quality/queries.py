"""Root fields of lots, serials and traceability."""

from datetime import date

import strawberry

from backend.api.ids import pk_of
from backend.resolvers import quality as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.enums import LotStatus, TraceDirection
from backend.schema.permissions import staff_only
from backend.schema.quality.types import Lot, Serial, Trace


@strawberry.field(extensions=staff_only())
async def trace(info: Info, lot_id: strawberry.ID, direction: TraceDirection) -> Trace:
    pk = pk_of(lot_id, "Lot", argument="lotId")
    return Trace.of(await reads.trace(info.context, pk, direction))


@strawberry.field
async def lot(info: Info, gtin: str, lot_number: str) -> Lot | None:
    return Lot.maybe(await reads.lot(info.context, gtin, lot_number))


@strawberry.field
async def lots(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    product_id: strawberry.ID | None = None,
    status: list[LotStatus] | None = None,
    expiring_before: date | None = None,
) -> Connection[Lot]:
    product = None if product_id is None else pk_of(product_id, "Product", argument="productId")
    page = await reads.lots(info.context, first, after, product, status, expiring_before)
    return Connection.of(page, Lot.from_row)


@strawberry.field
async def serial(info: Info, gtin: str, serial_number: str) -> Serial | None:
    return Serial.maybe(await reads.serial(info.context, gtin, serial_number))
