"""Products, warehouses and stock balances."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.domain.inventory import availability
from backend.resolvers.loaders.base import LoaderBase, t


class CatalogLoaders(LoaderBase):
    @cached_property
    def product_by_id(self) -> DataLoader[int, Any]:
        p = t["products"]
        return self.one(select(p), p.c.id)

    @cached_property
    def available_by_product_id(self) -> DataLoader[int, Any]:
        """Released, unexpired, unreserved units: the figure the order preview shows too."""
        return self.one_value(
            availability.available_by_product(), availability.balances_t.c.product_id, "available",
            figure=True,
        )

    @cached_property
    def warehouse_by_id(self) -> DataLoader[int, Any]:
        w = t["warehouses"]
        return self.one(select(w), w.c.id)

    @cached_property
    def stock_by_lot_id(self) -> DataLoader[int, list[Any]]:
        b = t["stock_balances"]
        return self.many(_with_lot(select(b)).order_by(b.c.warehouse_id), b.c.lot_id)

    @cached_property
    def stock_by_product_id(self) -> DataLoader[int, list[Any]]:
        b = t["stock_balances"]
        stmt = _with_lot(select(b)).where(b.c.on_hand > 0).order_by(b.c.warehouse_id, b.c.lot_id)
        return self.many(stmt, b.c.product_id)


def _with_lot(stmt: Any) -> Any:
    """Balances carry their lot's status and expiry: available is 0 unless released and live."""
    b, lot = t["stock_balances"], t["lots"]
    return stmt.add_columns(lot.c.status.label("lot_status"),
                            lot.c.expires_on.label("lot_expires_on")).join(
        lot, lot.c.id == b.c.lot_id)
