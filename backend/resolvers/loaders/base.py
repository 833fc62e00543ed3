"""The machinery of the per-request dataloaders: one batched statement per key set.

The batches of an HTTP request run on the request's one connection, taking turns
(`backend.resolvers.request_db`); without one (subscriptions, downloads) each
batch opens its own. Batches select plain rows (SQLAlchemy Core), not ORM
instances, and hand rows back: the schema's types build themselves from them.
"""

import asyncio
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.db import tenant
from backend.domain.actor import Actor
from backend.resolvers.request_db import RequestConnection

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
        # change control
        "sales_order_versions": m.SalesOrderVersion, "customer_licences": m.CustomerLicence,
        "licence_requirements": m.LicenceRequirement,
        "approval_delegations": m.ApprovalDelegation, "approval_rules": m.ApprovalRule,
    }.items()
}


class SharedLoader(DataLoader[Any, Any]):
    """A loader whose cached results survive the cancellation of one resolver waiting on them.

    graphql-core cancels sibling resolvers when an error nulls their parent; without
    the shield, the cancelled resolver would cancel the cached future that other
    resolvers share, and the whole request would fail with CancelledError.
    """

    def load(self, key: Any) -> Any:
        return asyncio.shield(super().load(key))


class LoaderBase:
    def __init__(
        self, engine: AsyncEngine, actor: Actor, connection: RequestConnection | None = None
    ) -> None:
        self.engine = engine
        # Whose request this is: the partner policy scopes every tenant table by it.
        self.actor = actor
        # The request's one connection, if it has one.
        self.connection = connection

    async def rows(self, stmt: Select[Any]) -> Sequence[Any]:
        if self.connection is not None:
            return await self.connection.rows(stmt)
        scope = self.actor.customer_scope
        async with self.engine.connect() as conn:
            if scope is not None:  # behind the partner wall, as on a request's connection
                await conn.execute(tenant.enter(scope))
            rows = (await conn.execute(stmt)).all()
            if scope is not None:
                await conn.rollback()
            return rows

    async def figure_rows(self, stmt: Select[Any]) -> Sequence[Any]:
        """Rows of a figure over every customer's records that a partner may see as a
        total (units available of a product), read past the partner wall on a connection
        of its own; staff read it like anything else."""
        if self.actor.customer_scope is None:
            return await self.rows(stmt)
        async with self.engine.connect() as conn:
            return (await conn.execute(stmt)).all()

    def one(self, stmt: Select[Any], key: ColumnElement[Any]) -> DataLoader[Any, Any]:
        """A loader of at most one row per key (None where there is none)."""

        async def load(keys: list[Any]) -> list[Any]:
            found = {row._mapping[key.key]: row for row in await self.rows(
                stmt.where(key.in_(keys))
            )}
            return [found.get(k) for k in keys]

        return SharedLoader(load_fn=load)

    def one_value(
        self, stmt: Select[Any], key: ColumnElement[Any], column: str, *, figure: bool = False
    ) -> DataLoader[Any, Any]:
        """A loader of one column's value per key (None where there is none); `figure`:
        a total over every customer's records (see `figure_rows`)."""
        read = self.figure_rows if figure else self.rows

        async def load(keys: list[Any]) -> list[Any]:
            found = {row._mapping[key.key]: row._mapping[column] for row in await read(
                stmt.where(key.in_(keys))
            )}
            return [found.get(k) for k in keys]

        return SharedLoader(load_fn=load)

    def many(
        self, stmt: Select[Any], key: ColumnElement[Any], *, key_name: str | None = None
    ) -> DataLoader[Any, list[Any]]:
        """A loader of the list of rows per key, in the statement's order."""
        name = key_name or key.key

        async def load(keys: list[Hashable]) -> list[list[Any]]:
            grouped: dict[Any, list[Any]] = defaultdict(list)
            for row in await self.rows(stmt.where(key.in_(keys))):
                grouped[row._mapping[name]].append(row)
            return [grouped.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)
