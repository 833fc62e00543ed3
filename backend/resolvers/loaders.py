"""Dataloaders, built per request: one batched SQL statement per relationship and level.

Each batch opens its own connection, because Strawberry resolves sibling fields
concurrently and one connection cannot run two statements at once. Batches
select plain rows (SQLAlchemy Core), not ORM instances: the read path spends its
time per object, so it keeps the work per object small.
"""

import asyncio
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union_all
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.enums import DocumentKind, InvoiceStatus, LotStatus
from backend.resolvers import scoping
from backend.schema.types import catalog, finance, orders, parties, quality, recalls

t = {
    name: model.__table__
    for name, model in {
        "users": m.User, "user_roles": m.UserRole, "customers": m.Customer,
        "suppliers": m.Supplier, "products": m.Product, "warehouses": m.Warehouse,
        "lots": m.Lot, "lot_components": m.LotComponent, "serials": m.Serial,
        "stock_moves": m.StockMove, "stock_balances": m.StockBalance,
        "inspections": m.Inspection, "signatures": m.Signature, "releases": m.Release,
        "documents": m.Document, "document_links": m.DocumentLink,
        "sales_orders": m.SalesOrder, "sales_order_lines": m.SalesOrderLine,
        "allocations": m.Allocation, "approvals": m.Approval, "shipments": m.Shipment,
        "shipment_lines": m.ShipmentLine, "shipment_line_serials": m.ShipmentLineSerial,
        "invoices": m.Invoice, "journal_lines": m.JournalLine, "recalls": m.Recall,
        "payments": m.Payment, "credit_notes": m.CreditNote, "quote_lines": m.QuoteLine,
        "recall_lots": m.RecallLot, "recall_shipments": m.RecallShipment,
        "recall_notices": m.RecallNotice,
    }.items()
}

# What a partner may download from a lot it received: its certificates, nothing internal.
PARTNER_LOT_DOCUMENT_KINDS = (
    DocumentKind.RELEASE_CERTIFICATE,
    DocumentKind.CERTIFICATE_OF_CONFORMITY,
)
# Node types whose documents a partner may list, once the node itself is visible to it.
PARTNER_DOCUMENT_NODE_TYPES = ("Lot", "SalesOrder", "Shipment", "Invoice")


class SharedLoader(DataLoader[Any, Any]):
    """A loader whose cached results survive the cancellation of one resolver waiting on them.

    graphql-core cancels sibling resolvers when an error nulls their parent; without
    the shield, the cancelled resolver would cancel the cached future that other
    resolvers share, and the whole request would fail with CancelledError.
    """

    def load(self, key: Any) -> Any:
        return asyncio.shield(super().load(key))


class Loaders:
    def __init__(self, engine: AsyncEngine, *, partner_customer_id: int | None) -> None:
        self.engine = engine
        # None for staff; a partner's customer id otherwise.
        self.partner = partner_customer_id

    async def rows(self, stmt: Select[Any]) -> Sequence[Any]:
        async with self.engine.connect() as conn:
            return (await conn.execute(stmt)).all()

    def _one(
        self,
        stmt: Select[Any],
        key: ColumnElement[Any],
        make: Callable[[Any], Any],
    ) -> DataLoader[Any, Any]:
        """A loader of at most one object per key (None where there is none)."""

        async def load(keys: list[Any]) -> list[Any]:
            found = {row._mapping[key.key]: make(row) for row in await self.rows(
                stmt.where(key.in_(keys))
            )}
            return [found.get(k) for k in keys]

        return SharedLoader(load_fn=load)

    def _many(
        self,
        stmt: Select[Any],
        key: ColumnElement[Any],
        make: Callable[[Any], Any],
        *,
        key_name: str | None = None,
    ) -> DataLoader[Any, list[Any]]:
        """A loader of the list of objects per key, in the statement's order."""
        name = key_name or key.key

        async def load(keys: list[Hashable]) -> list[list[Any]]:
            grouped: dict[Any, list[Any]] = defaultdict(list)
            for row in await self.rows(stmt.where(key.in_(keys))):
                grouped[row._mapping[name]].append(make(row))
            return [grouped.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)

    # ------------------------------------------------------------------ parties
    @cached_property
    def user_by_id(self) -> DataLoader[int, Any]:
        u = t["users"]
        stmt = select(u).where(scoping.user_visible(u.c.id, u.c.customer_id, self.partner))
        return self._one(stmt, u.c.id, parties.User.from_row)

    @cached_property
    def roles_by_user_id(self) -> DataLoader[int, list[Any]]:
        r = t["user_roles"]
        return self._many(select(r).order_by(r.c.role), r.c.user_id, lambda row: row.role)

    @cached_property
    def customer_by_id(self) -> DataLoader[int, Any]:
        c = t["customers"]
        stmt = select(c).where(scoping.owned_by(c.c.id, self.partner))
        return self._one(stmt, c.c.id, parties.Customer.from_row)

    @cached_property
    def receivable_by_customer_id(self) -> DataLoader[int, Any]:
        """Invoices not yet paid, less unapplied payments and credit notes: the customer's
        share of the Accounts Receivable account."""
        i, p, cn = t["invoices"], t["payments"], t["credit_notes"]
        amounts = union_all(
            select(i.c.customer_id, (i.c.total - i.c.amount_paid).label("amount"))
            .where(i.c.status != InvoiceStatus.VOID),
            select(p.c.customer_id, (-p.c.unapplied_amount).label("amount")),
            select(cn.c.customer_id, (-cn.c.total).label("amount")),
        ).subquery()
        stmt = select(amounts.c.customer_id, func.sum(amounts.c.amount).label("balance")).group_by(
            amounts.c.customer_id
        )
        return self._one(stmt, amounts.c.customer_id, lambda row: row.balance)

    @cached_property
    def supplier_by_id(self) -> DataLoader[int, Any]:
        s = t["suppliers"]
        return self._one(select(s), s.c.id, parties.Supplier.from_row)

    # ------------------------------------------------------------------ catalog & stock
    @cached_property
    def product_by_id(self) -> DataLoader[int, Any]:
        p = t["products"]
        return self._one(select(p), p.c.id, catalog.Product.from_row)

    @cached_property
    def available_by_product_id(self) -> DataLoader[int, Any]:
        b, lot = t["stock_balances"], t["lots"]
        stmt = (
            select(b.c.product_id, func.sum(b.c.on_hand - b.c.reserved).label("available"))
            .select_from(b.join(lot, lot.c.id == b.c.lot_id))
            .where(
                lot.c.status == LotStatus.RELEASED,
                (lot.c.expires_on.is_(None)) | (lot.c.expires_on >= func.current_date()),
            )
            .group_by(b.c.product_id)
        )
        return self._one(stmt, b.c.product_id, lambda row: int(row.available or 0))

    @cached_property
    def warehouse_by_id(self) -> DataLoader[int, Any]:
        w = t["warehouses"]
        return self._one(select(w), w.c.id, catalog.Warehouse.from_row)

    @cached_property
    def stock_by_lot_id(self) -> DataLoader[int, list[Any]]:
        b = t["stock_balances"]
        stmt = select(b).order_by(b.c.warehouse_id)
        return self._many(stmt, b.c.lot_id, catalog.StockBalance.from_row)

    @cached_property
    def stock_by_product_id(self) -> DataLoader[int, list[Any]]:
        b = t["stock_balances"]
        stmt = select(b).where(b.c.on_hand > 0).order_by(b.c.warehouse_id, b.c.lot_id)
        return self._many(stmt, b.c.product_id, catalog.StockBalance.from_row)

    # ------------------------------------------------------------------ lots, serials, quality
    @cached_property
    def lot_by_id(self) -> DataLoader[int, Any]:
        lot = t["lots"]
        stmt = select(lot).where(scoping.lot_visible(self.partner))
        return self._one(stmt, lot.c.id, quality.Lot.from_row)

    @cached_property
    def components_by_lot_id(self) -> DataLoader[int, list[Any]]:
        lot, lc = t["lots"], t["lot_components"]
        stmt = (
            select(lot, lc.c.lot_id.label("parent_id"))
            .join(lc, lc.c.component_lot_id == lot.c.id)
            .order_by(lot.c.id)
        )
        return self._many(stmt, lc.c.lot_id, quality.Lot.from_row, key_name="parent_id")

    @cached_property
    def consumed_by_by_lot_id(self) -> DataLoader[int, list[Any]]:
        lot, lc = t["lots"], t["lot_components"]
        stmt = (
            select(lot, lc.c.component_lot_id.label("component_id"))
            .join(lc, lc.c.lot_id == lot.c.id)
            .order_by(lot.c.id)
        )
        return self._many(
            stmt, lc.c.component_lot_id, quality.Lot.from_row, key_name="component_id"
        )

    @cached_property
    def serial_by_id(self) -> DataLoader[int, Any]:
        s = t["serials"]
        stmt = select(s).where(scoping.serial_visible(self.partner))
        return self._one(stmt, s.c.id, quality.Serial.from_row)

    @cached_property
    def serials_by_shipment_line_id(self) -> DataLoader[int, list[Any]]:
        s, sls = t["serials"], t["shipment_line_serials"]
        stmt = (
            select(s, sls.c.shipment_line_id)
            .join(sls, sls.c.serial_id == s.c.id)
            .order_by(s.c.serial_number)
        )
        return self._many(stmt, sls.c.shipment_line_id, quality.Serial.from_row)

    @cached_property
    def serials_by_allocation_id(self) -> DataLoader[int, list[Any]]:
        s = t["serials"]
        stmt = select(s).order_by(s.c.serial_number)
        return self._many(stmt, s.c.allocation_id, quality.Serial.from_row)

    @cached_property
    def shipment_by_serial_id(self) -> DataLoader[int, Any]:
        """The latest shipment that carried the serial."""
        sh, sl, sls = t["shipments"], t["shipment_lines"], t["shipment_line_serials"]
        stmt = (
            select(sh, sls.c.serial_id)
            .ext(distinct_on(sls.c.serial_id))
            .select_from(sls.join(sl).join(sh))
            .where(scoping.owned_by(sh.c.customer_id, self.partner))
            .order_by(sls.c.serial_id, sh.c.created_at.desc(), sh.c.id.desc())
        )
        return self._one(stmt, sls.c.serial_id, orders.Shipment.from_row)

    @cached_property
    def inspections_by_lot_id(self) -> DataLoader[int, list[Any]]:
        i = t["inspections"]
        stmt = select(i).order_by(i.c.inspected_at, i.c.id)
        return self._many(stmt, i.c.lot_id, quality.Inspection.from_row)

    @cached_property
    def release_by_lot_id(self) -> DataLoader[int, Any]:
        r = t["releases"]
        return self._one(select(r), r.c.lot_id, quality.Release.from_row)

    @cached_property
    def signature_by_id(self) -> DataLoader[int, Any]:
        s = t["signatures"]
        return self._one(select(s), s.c.id, quality.Signature.from_row)

    @cached_property
    def document_by_id(self) -> DataLoader[int, Any]:
        d = t["documents"]
        stmt = select(*[c for c in d.c])
        if self.partner is not None:
            stmt = stmt.where(d.c.id.in_(self._partner_document_ids()))
        return self._one(stmt, d.c.id, quality.Document.from_row)

    @cached_property
    def documents_by_node(self) -> DataLoader[tuple[str, int], list[Any]]:
        """Documents attached to (node type, pk), latest version of each first."""
        d, link = t["documents"], t["document_links"]

        async def load(keys: list[tuple[str, int]]) -> list[list[Any]]:
            by_type: dict[str, list[int]] = defaultdict(list)
            for node_type, pk in keys:
                by_type[node_type].append(pk)
            conditions = [
                and_(link.c.node_type == node_type, link.c.node_id.in_(pks))
                for node_type, pks in by_type.items()
            ]
            stmt = (
                select(d, link.c.node_type, link.c.node_id)
                .join(link, link.c.document_id == d.c.id)
                .where(or_(*conditions))
                .order_by(d.c.kind, d.c.title, d.c.version.desc(), d.c.id)
            )
            if self.partner is not None:
                stmt = stmt.where(d.c.id.in_(self._partner_document_ids()))
            grouped: dict[tuple[str, int], list[Any]] = defaultdict(list)
            for row in await self.rows(stmt):
                grouped[(row.node_type, row.node_id)].append(quality.Document.from_row(row))
            return [grouped.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)

    def _partner_document_ids(self) -> Select[Any]:
        """Documents a partner may read: certificates of lots it received, and documents
        of its own orders, shipments and invoices."""
        link, lot, d = t["document_links"], t["lots"], t["documents"]
        so, sh, inv = t["sales_orders"], t["shipments"], t["invoices"]
        cid = self.partner
        own = (
            ((link.c.node_type == "SalesOrder") & link.c.node_id.in_(
                select(so.c.id).where(so.c.customer_id == cid)))
            | ((link.c.node_type == "Shipment") & link.c.node_id.in_(
                select(sh.c.id).where(sh.c.customer_id == cid)))
            | ((link.c.node_type == "Invoice") & link.c.node_id.in_(
                select(inv.c.id).where(inv.c.customer_id == cid)))
            | ((link.c.node_type == "Lot") & link.c.node_id.in_(
                select(lot.c.id).where(scoping.lot_shipped_to(cid)))
               & link.c.document_id.in_(
                select(d.c.id).where(d.c.kind.in_(PARTNER_LOT_DOCUMENT_KINDS))))
        )
        return select(link.c.document_id).where(own)

    # ------------------------------------------------------------------ orders & shipping
    @cached_property
    def order_by_id(self) -> DataLoader[int, Any]:
        so = t["sales_orders"]
        stmt = select(so).where(scoping.owned_by(so.c.customer_id, self.partner))
        return self._one(stmt, so.c.id, orders.SalesOrder.from_row)

    @cached_property
    def lines_by_order_id(self) -> DataLoader[int, list[Any]]:
        line = t["sales_order_lines"]
        stmt = select(line).order_by(line.c.line_number)
        return self._many(stmt, line.c.order_id, orders.OrderLine.from_row)

    @cached_property
    def allocations_by_line_id(self) -> DataLoader[int, list[Any]]:
        a = t["allocations"]
        stmt = select(a).order_by(a.c.id)
        return self._many(stmt, a.c.order_line_id, orders.Allocation.from_row)

    @cached_property
    def approvals_by_order_id(self) -> DataLoader[int, list[Any]]:
        a = t["approvals"]
        stmt = select(a).order_by(a.c.requested_at, a.c.id)
        return self._many(stmt, a.c.order_id, orders.Approval.from_row)

    @cached_property
    def shipment_by_id(self) -> DataLoader[int, Any]:
        sh = t["shipments"]
        stmt = select(sh).where(scoping.owned_by(sh.c.customer_id, self.partner))
        return self._one(stmt, sh.c.id, orders.Shipment.from_row)

    @cached_property
    def shipments_by_order_id(self) -> DataLoader[int, list[Any]]:
        sh = t["shipments"]
        stmt = select(sh).order_by(sh.c.created_at, sh.c.id)
        return self._many(stmt, sh.c.order_id, orders.Shipment.from_row)

    @cached_property
    def shipments_by_lot_id(self) -> DataLoader[int, list[Any]]:
        sh, sl = t["shipments"], t["shipment_lines"]
        stmt = (
            select(sh, sl.c.lot_id)
            .ext(distinct_on(sl.c.lot_id, sh.c.created_at, sh.c.id))
            .join(sl, sl.c.shipment_id == sh.c.id)
            .where(scoping.owned_by(sh.c.customer_id, self.partner))
            .order_by(sl.c.lot_id, sh.c.created_at, sh.c.id)
        )
        return self._many(stmt, sl.c.lot_id, orders.Shipment.from_row)

    @cached_property
    def shipment_lines_by_shipment_id(self) -> DataLoader[int, list[Any]]:
        sl = t["shipment_lines"]
        stmt = select(sl).order_by(sl.c.id)
        return self._many(stmt, sl.c.shipment_id, orders.ShipmentLine.from_row)

    @cached_property
    def quote_lines_by_quote_id(self) -> DataLoader[int, list[Any]]:
        from backend.schema.types.sales import QuoteLine

        line = t["quote_lines"]
        stmt = select(line).order_by(line.c.line_number)
        return self._many(stmt, line.c.quote_id, QuoteLine.from_row)

    # ------------------------------------------------------------------ finance
    @cached_property
    def invoices_by_order_id(self) -> DataLoader[int, list[Any]]:
        i = t["invoices"]
        stmt = select(i).order_by(i.c.issued_on, i.c.id)
        return self._many(stmt, i.c.order_id, finance.Invoice.from_row)

    @cached_property
    def journal_lines_by_entry_id(self) -> DataLoader[int, list[Any]]:
        jl = t["journal_lines"]
        stmt = select(jl).order_by(jl.c.id)
        return self._many(stmt, jl.c.entry_id, finance.LedgerLine.from_row)

    # ------------------------------------------------------------------ recalls
    @cached_property
    def recall_lots_by_recall_id(self) -> DataLoader[int, list[Any]]:
        lot, rl = t["lots"], t["recall_lots"]
        stmt = (
            select(lot, rl.c.recall_id, rl.c.is_root)
            .join(rl, rl.c.lot_id == lot.c.id)
            .where(scoping.lot_visible(self.partner))
            .order_by(lot.c.id)
        )
        return self._many(stmt, rl.c.recall_id, quality.Lot.from_row)

    @cached_property
    def recall_shipments_by_recall_id(self) -> DataLoader[int, list[Any]]:
        sh, rs = t["shipments"], t["recall_shipments"]
        stmt = (
            select(sh, rs.c.recall_id)
            .join(rs, rs.c.shipment_id == sh.c.id)
            .where(scoping.owned_by(sh.c.customer_id, self.partner))
            .order_by(sh.c.id)
        )
        return self._many(stmt, rs.c.recall_id, orders.Shipment.from_row)

    @cached_property
    def notices_by_recall_id(self) -> DataLoader[int, list[Any]]:
        n = t["recall_notices"]
        stmt = (
            select(n)
            .where(scoping.owned_by(n.c.customer_id, self.partner))
            .order_by(n.c.notified_at, n.c.id)
        )
        return self._many(stmt, n.c.recall_id, recalls.RecallNotice.from_row)

