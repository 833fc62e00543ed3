"""The approved supplier list: approved products, qualification history, overrides."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.resolvers.loaders.base import LoaderBase, t

qualifications_t = m.SupplierQualification.__table__
supplier_products_t = m.SupplierProduct.__table__
overrides_t = m.SupplierOverride.__table__
override_uses_t = m.SupplierOverrideUse.__table__


class PurchasingLoaders(LoaderBase):
    @cached_property
    def approved_products_by_supplier_id(self) -> DataLoader[int, list[Any]]:
        p, sp = t["products"], supplier_products_t
        stmt = (select(p, sp.c.supplier_id).join(sp, sp.c.product_id == p.c.id)
                .order_by(p.c.sku))
        return self.many(stmt, sp.c.supplier_id)

    @cached_property
    def qualifications_by_supplier_id(self) -> DataLoader[int, list[Any]]:
        q = qualifications_t
        return self.many(select(q).order_by(q.c.decided_at.desc(), q.c.id.desc()),
                         q.c.supplier_id)

    @cached_property
    def overrides_by_supplier_id(self) -> DataLoader[int, list[Any]]:
        o = overrides_t
        return self.many(select(o).order_by(o.c.created_at.desc(), o.c.id.desc()),
                         o.c.supplier_id)

    @cached_property
    def override_by_lot_id(self) -> DataLoader[int, Any]:
        o, u = overrides_t, override_uses_t
        return self.one(select(o, u.c.lot_id).join(u, u.c.override_id == o.c.id), u.c.lot_id)

    @cached_property
    def prices_by_supplier_id(self) -> DataLoader[int, list[Any]]:
        sp = m.SupplierPrice.__table__
        return self.many(select(sp).order_by(sp.c.product_id, sp.c.valid_from.desc()),
                         sp.c.supplier_id)

    @cached_property
    def purchase_order_lines_by_order_id(self) -> DataLoader[int, list[Any]]:
        pl = m.PurchaseOrderLine.__table__
        return self.many(select(pl).order_by(pl.c.line_number), pl.c.purchase_order_id)
