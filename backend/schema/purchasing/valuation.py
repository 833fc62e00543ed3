"""Inventory valuation: per warehouse and lot, against account 1300."""

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.ids import pk_of
from backend.enums import Role
from backend.resolvers import payables as reads
from backend.resolvers.context import Info
from backend.schema.base import graph
from backend.schema.common import Connection
from backend.schema.permissions import roles

if TYPE_CHECKING:
    from backend.schema.catalog.types import Warehouse
    from backend.schema.quality.types import Lot

CENT = Decimal("0.01")
WarehouseT = Annotated["Warehouse", strawberry.lazy("backend.schema.catalog.types")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type
class InventoryValuationRow:
    quantity: int
    unit_cost: Decimal
    value: Decimal
    warehouse_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def warehouse(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))

    @strawberry.field
    async def lot(self, info: Info) -> LotT:
        return graph("Lot", await info.context.loaders.lot_by_id.load(self.lot_id))

    @classmethod
    def of(cls, row: object) -> "InventoryValuationRow":
        r = row._mapping  # type: ignore[attr-defined]
        return cls(quantity=r["quantity"], unit_cost=Decimal(r["unit_cost"]).quantize(CENT),
                   value=Decimal(r["value"]).quantize(CENT), warehouse_id=r["warehouse_id"],
                   lot_id=r["lot_id"])



@strawberry.type
class WarehouseValuation:
    quantity: int
    value: Decimal
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def warehouse(self, info: Info) -> WarehouseT:
        return graph("Warehouse",
                     await info.context.loaders.warehouse_by_id.load(self.warehouse_id))


@strawberry.type(description="Stock still carried in Inventory (written-off stock is not), at "
                             "lot cost. Its total equals account 1300.")
class InventoryValuation:
    total: Decimal
    ledger_balance: Decimal = strawberry.field(
        description="Balance of account 1300 at the same moment.")
    warehouses: list[WarehouseValuation]
    warehouse_pk: strawberry.Private[int | None]
    balances: strawberry.Private[int]

    @strawberry.field
    async def rows(self, info: Info, first: int | None = None,
                   after: str | None = None) -> Connection[InventoryValuationRow]:
        found = await reads.valuation_rows(info.context, self.warehouse_pk, first, after)
        balances = self.balances

        async def count() -> int:  # counted with the totals
            return balances

        found.count = count
        return Connection.of(found, InventoryValuationRow.of)


@strawberry.field(extensions=roles(Role.FINANCE, Role.BUYER), description="FINANCE or BUYER.")
async def inventory_valuation(info: Info,
                              warehouse_id: strawberry.ID | None = None) -> InventoryValuation:
    pk = None if warehouse_id is None else pk_of(warehouse_id, "Warehouse",
                                                 argument="warehouseId")
    found = await reads.inventory_valuation(info.context, pk)
    return InventoryValuation(
        total=found.total, ledger_balance=found.ledger_balance, warehouse_pk=pk,
        balances=found.balances,
        warehouses=[WarehouseValuation(quantity=w.quantity, value=w.value,
                                       warehouse_id=w.warehouse_id) for w in found.warehouses])
