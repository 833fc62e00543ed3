"""Products, warehouses, stock balances and stock moves."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.ids import pk_of
from backend.domain.inventory import levels
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph
from backend.schema.customfields.types import ProductCustomFields
from backend.schema.enums import DeviceClass, StockMoveKind, TrackingMode
from backend.schema.masterdata.types import WarehouseMasterData
from backend.schema.permissions import staff_only
from backend.schema.production.product_fields import ProductProduction
from backend.schema.purchasing.cost_fields import ProductCost
from backend.schema.purchasing.stock_fields import ProductPurchasing

if TYPE_CHECKING:
    from backend.schema.parties.types import User
    from backend.schema.quality.types import Lot, Serial

LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]
SerialT = Annotated["Serial", strawberry.lazy("backend.schema.quality.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class Product(ProductProduction, ProductCost, ProductPurchasing, ProductCustomFields, FromRow,
              Node):
    sku: str
    gtin: str = strawberry.field(description="GTIN-14 with a valid check digit.")
    name: str
    device_class: DeviceClass
    tracking_mode: TrackingMode
    shelf_life_days: int | None
    unit_price: Decimal
    tax_rate: Decimal
    tax_category: str = strawberry.field(
        description="The category tax rules are keyed by, e.g. STANDARD or MEDICAL_REDUCED.")
    product_line: str | None = strawberry.field(
        description="A free grouping such as \"Infusion\" or \"Cardio implants\"; custom "
        "fields and policies key on it.")
    sellable: bool
    active: bool = strawberry.field(description="Inactive products take no new order lines.")
    lead_time_days: int | None = strawberry.field(
        description="Days to replenish when stock is short; the promise uses it where no open "
        "supply covers a line."
    )

    @strawberry.field(description="Released, unexpired, unreserved stock over all warehouses.")
    async def available_quantity(self, info: Info) -> int:
        return int(await info.context.loaders.available_by_product_id.load(self.pk) or 0)

    @strawberry.field(extensions=staff_only())
    async def stock(
        self, info: Info, warehouse_id: strawberry.ID | None = None
    ) -> list["StockBalance"]:
        balances = await info.context.loaders.stock_by_product_id.load(self.pk)
        if warehouse_id is not None:
            wanted = pk_of(warehouse_id, "Warehouse", argument="warehouseId")
            balances = [b for b in balances if b.warehouse_id == wanted]
        return StockBalance.many(balances)

    @strawberry.field(description="Totals over all warehouses, or one.", extensions=staff_only())
    async def stock_totals(
        self, info: Info, warehouse_id: strawberry.ID | None = None
    ) -> "StockStatusTotals":
        rows = await info.context.loaders.stock_totals_by_product_id.load(self.pk)
        if warehouse_id is not None:
            wanted = pk_of(warehouse_id, "Warehouse", argument="warehouseId")
            rows = [r for r in rows if r.warehouse_id == wanted]
        return StockStatusTotals.of(rows)


@strawberry.type(description="A product's stock split by quality status. onHand = released + "
                 "quarantine + onHold + recalled + rejected + expired.")
class StockStatusTotals:
    on_hand: int
    released: int = strawberry.field(
        description="Units of RELEASED, unexpired lots that no hold covers, reserved or not."
    )
    reserved: int
    available: int = strawberry.field(description="released - reserved: what can still be "
                                      "promised.")
    quarantine: int
    on_hold: int = strawberry.field(description="Units of ON_HOLD lots plus held units of "
                                    "released lots.")
    recalled: int
    rejected: int
    expired: int

    @classmethod
    def of(cls, rows: list[Any]) -> "StockStatusTotals":
        def total(name: str) -> int:
            return int(sum(getattr(r, name) for r in rows))

        released, reserved = total("released"), total("reserved")
        return cls(on_hand=total("on_hand"), released=released, reserved=reserved,
                   available=max(released - reserved, 0), quarantine=total("quarantine"),
                   on_hold=total("on_hold"), recalled=total("recalled"),
                   rejected=total("rejected"), expired=total("expired"))


@strawberry.type
class Warehouse(WarehouseMasterData, FromRow, Node):
    code: str
    name: str
    region: str | None
    latitude: float | None
    longitude: float | None
    gln: str | None = strawberry.field(
        description="GS1 Global Location Number of the site: 13 digits with a valid check "
        "digit. EPCIS locations (SGLN) are built from it."
    )


@strawberry.type
class StockBalance(FromRow):
    warehouse_id: strawberry.Private[int]
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]
    on_hand: int
    reserved: int
    held: int = strawberry.field(
        description="Units of this balance under an active hold of part of the lot (a quantity "
        "or serials)."
    )
    lot_status: strawberry.Private[str]
    lot_expires_on: strawberry.Private[date | None]

    @strawberry.field(description="On hand less reserved less held for a RELEASED lot not past "
                      "expiry; else 0.")
    def available(self) -> int:
        return levels.available(on_hand=self.on_hand, reserved=self.reserved, held=self.held,
                                status=self.lot_status, expires_on=self.lot_expires_on)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))


@strawberry.type
class StockMove(FromRow, Node):
    kind: StockMoveKind
    quantity: int = strawberry.field(
        description="Signed: positive into the warehouse, negative out of it."
    )
    occurred_at: datetime
    reference: str | None
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]
    serial_id: strawberry.Private[int | None]
    warehouse_id: strawberry.Private[int]
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def serial(self, info: Info) -> SerialT | None:
        if self.serial_id is None:
            return None
        return graph("Serial", await info.context.loaders.serial_by_id.load(self.serial_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def actor(self, info: Info) -> UserT | None:
        if self.actor_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.actor_id))
