"""Supplier invoices, their lines and payments, and the value postings of lots."""

from functools import cached_property
from typing import Any

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain.finance.ap_ageing import POSTED
from backend.resolvers.loaders.base import LoaderBase

invoices_t = m.SupplierInvoice.__table__
invoice_lines_t = m.SupplierInvoiceLine.__table__
payments_t = m.SupplierPayment.__table__
applications_t = m.SupplierPaymentApplication.__table__
valuations_t = m.LotValuation.__table__
journal_t = m.JournalEntry.__table__
moves_t = m.StockMove.__table__
po_lines_t = m.PurchaseOrderLine.__table__


class PayablesLoaders(LoaderBase):
    @cached_property
    def supplier_invoice_lines_by_invoice_id(self) -> DataLoader[int, list[Any]]:
        li = invoice_lines_t
        return self.many(select(li).order_by(li.c.line_number), li.c.supplier_invoice_id)

    @cached_property
    def supplier_invoice_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(invoices_t), invoices_t.c.id)

    @cached_property
    def purchase_order_line_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(po_lines_t), po_lines_t.c.id)

    @cached_property
    def purchase_orders_by_supplier_invoice_id(self) -> DataLoader[int, list[Any]]:
        li, po = invoice_lines_t, m.PurchaseOrder.__table__
        stmt = (select(po, li.c.supplier_invoice_id)
                .join(po_lines_t, po_lines_t.c.purchase_order_id == po.c.id)
                .join(li, li.c.purchase_order_line_id == po_lines_t.c.id)
                .distinct().order_by(li.c.supplier_invoice_id, po.c.id))
        return self.many(stmt, li.c.supplier_invoice_id)

    @cached_property
    def supplier_invoices_by_order_id(self) -> DataLoader[int, list[Any]]:
        li = invoice_lines_t
        stmt = (select(invoices_t, po_lines_t.c.purchase_order_id)
                .join(li, li.c.supplier_invoice_id == invoices_t.c.id)
                .join(po_lines_t, po_lines_t.c.id == li.c.purchase_order_line_id)
                .distinct().order_by(po_lines_t.c.purchase_order_id, invoices_t.c.id))
        return self.many(stmt, po_lines_t.c.purchase_order_id)

    @cached_property
    def supplier_payment_applications_by_payment_id(self) -> DataLoader[int, list[Any]]:
        a = applications_t
        return self.many(select(a).order_by(a.c.supplier_invoice_id), a.c.payment_id)

    @cached_property
    def payable_balance_by_supplier_id(self) -> DataLoader[int, Any]:
        i = invoices_t
        stmt = (select(i.c.supplier_id, func.sum(i.c.total - i.c.amount_paid).label("balance"))
                .where(i.c.status.in_([str(s) for s in POSTED])).group_by(i.c.supplier_id))
        return self.one_value(stmt, i.c.supplier_id, "balance")

    @cached_property
    def valuation_entries_by_lot_id(self) -> DataLoader[int, list[Any]]:
        v = valuations_t
        stmt = (select(journal_t, v.c.lot_id).join(v, v.c.entry_id == journal_t.c.id)
                .distinct().order_by(v.c.lot_id, journal_t.c.id))
        return self.many(stmt, v.c.lot_id)

    @cached_property
    def cost_of_sales_entry_by_shipment_id(self) -> DataLoader[int, Any]:
        """A shipment's moves are costed in one entry (see `valuation.batch`)."""
        v = valuations_t
        stmt = (select(journal_t, moves_t.c.shipment_id)
                .join(v, v.c.entry_id == journal_t.c.id).join(moves_t, moves_t.c.id == v.c.move_id)
                .distinct().order_by(moves_t.c.shipment_id, journal_t.c.id))
        return self.one(stmt, moves_t.c.shipment_id)

    @cached_property
    def valuation_entry_by_goods_receipt_id(self) -> DataLoader[int, Any]:
        """A receipt's lots are costed in one entry (see `receiving.receive`)."""
        v, gl = valuations_t, m.GoodsReceiptLine.__table__
        stmt = (select(journal_t, gl.c.goods_receipt_id)
                .join(v, v.c.entry_id == journal_t.c.id).join(gl, gl.c.lot_id == v.c.lot_id)
                .join(moves_t, moves_t.c.id == v.c.move_id)
                .where(moves_t.c.kind == "RECEIPT")
                .distinct().order_by(gl.c.goods_receipt_id, journal_t.c.id))
        return self.one(stmt, gl.c.goods_receipt_id)
