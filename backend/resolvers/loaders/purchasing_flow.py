"""Requisitions, purchase approvals, reorder points and goods receipts."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.resolvers.loaders.base import LoaderBase

requisitions_t = m.PurchaseRequisition.__table__
requisition_lines_t = m.PurchaseRequisitionLine.__table__
approvals_t = m.PurchaseApproval.__table__
orders_t = m.PurchaseOrder.__table__
order_lines_t = m.PurchaseOrderLine.__table__
receipts_t = m.GoodsReceipt.__table__
receipt_lines_t = m.GoodsReceiptLine.__table__
reorder_points_t = m.ReorderPoint.__table__


class PurchasingFlowLoaders(LoaderBase):
    @cached_property
    def requisition_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(requisitions_t), requisitions_t.c.id)

    @cached_property
    def requisition_line_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(requisition_lines_t), requisition_lines_t.c.id)

    @cached_property
    def requisition_lines_by_requisition_id(self) -> DataLoader[int, list[Any]]:
        rl = requisition_lines_t
        return self.many(select(rl).order_by(rl.c.line_number), rl.c.requisition_id)

    @cached_property
    def requisition_lines_by_replenishment_id(self) -> DataLoader[int, list[Any]]:
        rl, r = requisition_lines_t, requisitions_t
        stmt = (select(rl).join(r, r.c.id == rl.c.requisition_id)
                .where(r.c.status.not_in(["CANCELLED", "REJECTED"])).order_by(rl.c.id))
        return self.many(stmt, rl.c.replenishment_request_id)

    @cached_property
    def order_line_by_requisition_line_id(self) -> DataLoader[int, Any]:
        return self.one(select(order_lines_t), order_lines_t.c.requisition_line_id)

    @cached_property
    def purchase_order_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(orders_t), orders_t.c.id)

    @cached_property
    def purchase_order_line_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(order_lines_t), order_lines_t.c.id)

    @cached_property
    def purchase_orders_by_requisition_id(self) -> DataLoader[int, list[Any]]:
        o, ol, rl = orders_t, order_lines_t, requisition_lines_t
        stmt = (select(o, rl.c.requisition_id).distinct()
                .join(ol, ol.c.purchase_order_id == o.c.id)
                .join(rl, rl.c.id == ol.c.requisition_line_id).order_by(o.c.id))
        return self.many(stmt, rl.c.requisition_id)

    @cached_property
    def approvals_by_requisition_id(self) -> DataLoader[int, list[Any]]:
        a = approvals_t
        return self.many(select(a).order_by(a.c.id), a.c.requisition_id)

    @cached_property
    def approvals_by_purchase_order_id(self) -> DataLoader[int, list[Any]]:
        a = approvals_t
        return self.many(select(a).order_by(a.c.id), a.c.purchase_order_id)

    @cached_property
    def receipt_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(receipts_t), receipts_t.c.id)

    @cached_property
    def receipts_by_purchase_order_id(self) -> DataLoader[int, list[Any]]:
        r = receipts_t
        return self.many(select(r).order_by(r.c.id), r.c.purchase_order_id)

    @cached_property
    def receipts_by_override_id(self) -> DataLoader[int, list[Any]]:
        r = receipts_t
        return self.many(select(r).order_by(r.c.id), r.c.supplier_override_id)

    @cached_property
    def receipt_lines_by_receipt_id(self) -> DataLoader[int, list[Any]]:
        rl = receipt_lines_t
        return self.many(select(rl).order_by(rl.c.id), rl.c.goods_receipt_id)

    @cached_property
    def receipt_by_lot_id(self) -> DataLoader[int, Any]:
        r, rl = receipts_t, receipt_lines_t
        return self.one(select(r, rl.c.lot_id).join(rl, rl.c.goods_receipt_id == r.c.id),
                        rl.c.lot_id)

    @cached_property
    def reorder_points_by_product_id(self) -> DataLoader[int, list[Any]]:
        rp = reorder_points_t
        return self.many(select(rp).order_by(rp.c.warehouse_id), rp.c.product_id)

    @cached_property
    def replenishment_by_id(self) -> DataLoader[int, Any]:
        rr, sol = m.ReplenishmentRequest.__table__, m.SalesOrderLine.__table__
        return self.one(select(rr, sol.c.order_id).outerjoin(sol, sol.c.id == rr.c.order_line_id),
                        rr.c.id)

    @cached_property
    def approved_suppliers_by_product_id(self) -> DataLoader[int, list[Any]]:
        s, sp = m.Supplier.__table__, m.SupplierProduct.__table__
        stmt = (select(s, sp.c.product_id).join(sp, sp.c.supplier_id == s.c.id)
                .order_by(s.c.code))
        return self.many(stmt, sp.c.product_id)

    @cached_property
    def override_by_id(self) -> DataLoader[int, Any]:
        o = m.SupplierOverride.__table__
        return self.one(select(o), o.c.id)
