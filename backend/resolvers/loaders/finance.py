"""Invoices, their lines, shipments and credit notes, payments, bank statements, journal."""

from collections import defaultdict
from functools import cached_property
from typing import Any

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain import access
from backend.domain.finance.balances import credit_balance_by_customer
from backend.domain.sales.credit import uninvoiced_by_customer
from backend.enums import InvoiceStatus
from backend.resolvers.loaders.base import LoaderBase, SharedLoader, t

invoices_t = m.Invoice.__table__
invoice_lines_t = m.InvoiceLine.__table__
invoice_shipments_t = m.InvoiceShipment.__table__
shipments_t = m.Shipment.__table__
shipment_lines_t = m.ShipmentLine.__table__
sls_t = m.ShipmentLineSerial.__table__
credit_notes_t = m.CreditNote.__table__
cn_lines_t = m.CreditNoteLine.__table__
payments_t = m.Payment.__table__
applications_t = m.PaymentApplication.__table__
refunds_t = m.CustomerRefund.__table__
statements_t = m.BankStatement.__table__
bank_lines_t = m.BankStatementLine.__table__
bank_accounts_t = m.BankAccount.__table__
journal_t = m.JournalEntry.__table__
lots_t = m.Lot.__table__
serials_t = m.Serial.__table__


class FinanceLoaders(LoaderBase):
    @cached_property
    def invoices_by_order_id(self) -> DataLoader[int, list[Any]]:
        i = t["invoices"]
        return self.many(select(i).where(access.owned_by(self.actor, i.c.customer_id))
                         .order_by(i.c.issued_on, i.c.id), i.c.order_id)

    @cached_property
    def invoice_by_id(self) -> DataLoader[int, Any]:
        i = invoices_t
        return self.one(select(i).where(access.owned_by(self.actor, i.c.customer_id)), i.c.id)

    @cached_property
    def journal_lines_by_entry_id(self) -> DataLoader[int, list[Any]]:
        jl = t["journal_lines"]
        return self.many(select(jl).order_by(jl.c.id), jl.c.entry_id)

    @cached_property
    def journal_entry_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(journal_t), journal_t.c.id)

    @cached_property
    def invoice_lines_by_invoice_id(self) -> DataLoader[int, list[Any]]:
        li = invoice_lines_t
        return self.many(select(li).order_by(li.c.line_number, li.c.id), li.c.invoice_id)

    @cached_property
    def invoice_line_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(invoice_lines_t), invoice_lines_t.c.id)

    @cached_property
    def shipments_by_invoice_id(self) -> DataLoader[int, list[Any]]:
        stmt = (select(shipments_t, invoice_shipments_t.c.invoice_id)
                .join(invoice_shipments_t, invoice_shipments_t.c.shipment_id == shipments_t.c.id)
                .where(access.owned_by(self.actor, shipments_t.c.customer_id))
                .order_by(shipments_t.c.id))
        return self.many(stmt, invoice_shipments_t.c.invoice_id, key_name="invoice_id")

    @cached_property
    def invoices_by_shipment_id(self) -> DataLoader[int, list[Any]]:
        stmt = (select(invoices_t, invoice_shipments_t.c.shipment_id)
                .join(invoice_shipments_t, invoice_shipments_t.c.invoice_id == invoices_t.c.id)
                .where(access.owned_by(self.actor, invoices_t.c.customer_id))
                .order_by(invoices_t.c.id))
        return self.many(stmt, invoice_shipments_t.c.shipment_id, key_name="shipment_id")

    def _traced(self, column: Any, visible: Any) -> DataLoader[tuple[int, int], list[Any]]:
        """(invoice id, order line id) -> lots or serials delivered under that invoice."""

        async def load(keys: list[tuple[int, int]]) -> list[list[Any]]:
            invoice_ids = {k[0] for k in keys}
            table = lots_t if column is lots_t else serials_t
            stmt = select(table, invoice_shipments_t.c.invoice_id,
                          shipment_lines_t.c.order_line_id).distinct()
            stmt = stmt.select_from(
                invoice_shipments_t.join(shipment_lines_t, shipment_lines_t.c.shipment_id
                                         == invoice_shipments_t.c.shipment_id))
            if table is lots_t:
                stmt = stmt.join(lots_t, lots_t.c.id == shipment_lines_t.c.lot_id)
            else:
                stmt = stmt.join(sls_t, sls_t.c.shipment_line_id == shipment_lines_t.c.id) \
                    .join(serials_t, serials_t.c.id == sls_t.c.serial_id)
            stmt = stmt.where(invoice_shipments_t.c.invoice_id.in_(invoice_ids), visible)
            # Lot numbers and serial numbers in order, as on the invoice PDF.
            stmt = stmt.order_by(table.c.lot_number if table is lots_t else table.c.serial_number)
            grouped: dict[tuple[int, int], list[Any]] = defaultdict(list)
            for row in await self.rows(stmt):
                grouped[(row.invoice_id, row.order_line_id)].append(row)
            return [grouped.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)

    @cached_property
    def lots_by_invoice_line(self) -> DataLoader[tuple[int, int], list[Any]]:
        return self._traced(lots_t, access.visible_lots(self.actor))

    @cached_property
    def serials_by_invoice_line(self) -> DataLoader[tuple[int, int], list[Any]]:
        return self._traced(serials_t, access.visible_serials(self.actor))

    @cached_property
    def credit_notes_by_invoice_id(self) -> DataLoader[int, list[Any]]:
        c = credit_notes_t
        return self.many(select(c).where(access.owned_by(self.actor, c.c.customer_id))
                         .order_by(c.c.id), c.c.invoice_id)

    @cached_property
    def credit_note_lines_by_note_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(cn_lines_t).order_by(cn_lines_t.c.id),
                         cn_lines_t.c.credit_note_id)

    @cached_property
    def payment_by_id(self) -> DataLoader[int, Any]:
        p = payments_t
        return self.one(select(p).where(access.owned_by(self.actor, p.c.customer_id)), p.c.id)

    @cached_property
    def applications_by_payment_id(self) -> DataLoader[int, list[Any]]:
        a = applications_t
        return self.many(select(a).order_by(a.c.invoice_id), a.c.payment_id)

    @cached_property
    def bank_account_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(bank_accounts_t), bank_accounts_t.c.id)

    @cached_property
    def bank_statement_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(statements_t), statements_t.c.id)

    @cached_property
    def bank_line_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(bank_lines_t), bank_lines_t.c.id)

    @cached_property
    def bank_lines_by_statement_id(self) -> DataLoader[int, list[Any]]:
        b = bank_lines_t
        return self.many(select(b).order_by(b.c.line_number), b.c.statement_id)

    @cached_property
    def bank_line_counts_by_statement_id(self) -> DataLoader[int, Any]:
        b = bank_lines_t
        stmt = select(
            b.c.statement_id,
            func.count().filter(b.c.status.in_(("MATCHED", "POSTED"))).label("matched"),
            func.count().filter(b.c.status.in_(("UNMATCHED", "PROPOSED"))).label("unmatched"),
        ).group_by(b.c.statement_id)
        return self.one(stmt, b.c.statement_id)

    @cached_property
    def credit_balance_by_customer_id(self) -> DataLoader[int, Any]:
        stmt = credit_balance_by_customer()
        return self.one_value(stmt, stmt.selected_columns.customer_id, "balance")

    @cached_property
    def uninvoiced_by_customer_id(self) -> DataLoader[int, Any]:
        stmt = uninvoiced_by_customer()
        return self.one_value(stmt, stmt.selected_columns.customer_id, "amount")

    @cached_property
    def invoiced_quantity_by_order_line_id(self) -> DataLoader[int, Any]:
        li, i = invoice_lines_t, invoices_t
        stmt = (select(li.c.order_line_id, func.sum(li.c.quantity).label("quantity"))
                .join(i, i.c.id == li.c.invoice_id).where(i.c.status != InvoiceStatus.VOID)
                .group_by(li.c.order_line_id))
        return self.one_value(stmt, li.c.order_line_id, "quantity")

    @cached_property
    def invoiced_amount_by_order_id(self) -> DataLoader[int, Any]:
        i, c = invoices_t, credit_notes_t
        credited = (select(func.coalesce(func.sum(c.c.total), 0)).where(c.c.invoice_id == i.c.id)
                    .scalar_subquery())
        stmt = (select(i.c.order_id, func.sum(i.c.total - credited).label("amount"))
                .where(i.c.status != InvoiceStatus.VOID).group_by(i.c.order_id))
        return self.one_value(stmt, i.c.order_id, "amount")

    @cached_property
    def refund_by_id(self) -> DataLoader[int, Any]:
        r = refunds_t
        return self.one(select(r).where(access.owned_by(self.actor, r.c.customer_id)), r.c.id)

    @cached_property
    def order_line_by_id(self) -> DataLoader[int, Any]:
        ol, o = m.SalesOrderLine.__table__, m.SalesOrder.__table__
        stmt = select(ol).join(o, o.c.id == ol.c.order_id).where(
            access.owned_by(self.actor, o.c.customer_id))
        return self.one(stmt, ol.c.id)
