"""Root query resolvers: check who is asking, build the scoped select, page it."""

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, or_, select

from backend.db import models as m
from backend.enums import LotStatus, Role
from backend.resolvers import scoping
from backend.resolvers.search import contains
from backend.schema.ids import pk_of
from backend.schema.pagination import Connection, SortKey, paginate
from backend.schema.types import audit, catalog, finance, orders, parties, quality, recalls

customers_t = m.Customer.__table__
suppliers_t = m.Supplier.__table__
products_t = m.Product.__table__
warehouses_t = m.Warehouse.__table__
lots_t = m.Lot.__table__
serials_t = m.Serial.__table__
orders_t = m.SalesOrder.__table__
recalls_t = m.Recall.__table__
notices_t = m.RecallNotice.__table__
invoices_t = m.Invoice.__table__
journal_t = m.JournalEntry.__table__
journal_lines_t = m.JournalLine.__table__
accounts_t = m.Account.__table__
audit_t = m.AuditEvent.__table__

FINANCE_ROLES = (Role.FINANCE,)


async def viewer(info: Any) -> Any:
    context = info.context
    if context.claims is None and context.auth_error is None:
        return None
    return await context.loaders.user_by_id.load(context.principal.user_id)


async def sales_order(info: Any, number: str) -> Any:
    context = info.context
    stmt = select(orders_t).where(
        orders_t.c.number == number,
        scoping.owned_by(orders_t.c.customer_id, context.partner_customer_id),
    )
    rows = await context.loaders.rows(stmt)
    return orders.SalesOrder.from_row(rows[0]) if rows else None


async def customers(
    info: Any, first: int | None, after: str | None, search: str | None
) -> Connection[Any]:
    context = info.context
    stmt = select(customers_t).where(
        scoping.owned_by(customers_t.c.id, context.partner_customer_id)
    )
    if search:
        stmt = stmt.where(
            or_(contains(customers_t.c.code, search), contains(customers_t.c.name, search))
        )
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((customers_t.c.code,)),
        first=first,
        after=after,
        node=parties.Customer.from_row,
    )


async def suppliers(
    info: Any, first: int | None, after: str | None, search: str | None
) -> Connection[Any]:
    context = info.context
    context.require_staff()
    stmt = select(suppliers_t)
    if search:
        stmt = stmt.where(
            or_(contains(suppliers_t.c.code, search), contains(suppliers_t.c.name, search))
        )
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((suppliers_t.c.code,)),
        first=first,
        after=after,
        node=parties.Supplier.from_row,
    )


async def products(
    info: Any, first: int | None, after: str | None, search: str | None
) -> Connection[Any]:
    context = info.context
    context.principal  # noqa: B018 - any signed-in user may read the catalogue
    stmt = select(products_t)
    if search:
        stmt = stmt.where(
            or_(
                contains(products_t.c.sku, search),
                contains(products_t.c.name, search),
                products_t.c.gtin == search.strip(),
            )
        )
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((products_t.c.sku,)),
        first=first,
        after=after,
        node=catalog.Product.from_row,
    )


async def warehouses(info: Any) -> list[Any]:
    context = info.context
    context.principal  # noqa: B018
    rows = await context.loaders.rows(select(warehouses_t).order_by(warehouses_t.c.code))
    return [catalog.Warehouse.from_row(r) for r in rows]


async def lot(info: Any, gtin: str, lot_number: str) -> Any:
    context = info.context
    stmt = (
        select(lots_t)
        .join(products_t, products_t.c.id == lots_t.c.product_id)
        .where(
            products_t.c.gtin == gtin,
            lots_t.c.lot_number == lot_number,
            scoping.lot_visible(context.partner_customer_id),
        )
    )
    rows = await context.loaders.rows(stmt)
    return quality.Lot.from_row(rows[0]) if rows else None


async def lots(
    info: Any,
    first: int | None,
    after: str | None,
    product_id: str | None,
    status: list[LotStatus] | None,
    expiring_before: date | None,
) -> Connection[Any]:
    context = info.context
    stmt = select(lots_t).where(scoping.lot_visible(context.partner_customer_id))
    if product_id is not None:
        stmt = stmt.where(lots_t.c.product_id == pk_of(product_id, "Product", argument="productId"))
    if status:
        stmt = stmt.where(lots_t.c.status.in_(list(status)))
    if expiring_before is not None:
        stmt = stmt.where(lots_t.c.expires_on < expiring_before)
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((lots_t.c.id,), descending=True),
        first=first,
        after=after,
        node=quality.Lot.from_row,
    )


async def serial(info: Any, gtin: str, serial_number: str) -> Any:
    context = info.context
    stmt = (
        select(serials_t)
        .join(products_t, products_t.c.id == serials_t.c.product_id)
        .where(
            products_t.c.gtin == gtin,
            serials_t.c.serial_number == serial_number,
            scoping.serial_visible(context.partner_customer_id),
        )
    )
    rows = await context.loaders.rows(stmt)
    return quality.Serial.from_row(rows[0]) if rows else None


async def recall_list(info: Any, first: int | None, after: str | None) -> Connection[Any]:
    context = info.context
    stmt = select(recalls_t)
    if context.partner_customer_id is not None:
        stmt = stmt.where(
            exists().where(
                notices_t.c.recall_id == recalls_t.c.id,
                notices_t.c.customer_id == context.partner_customer_id,
            )
        )
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((recalls_t.c.initiated_at, recalls_t.c.id), descending=True),
        first=first,
        after=after,
        node=recalls.Recall.from_row,
    )


async def invoice_list(
    info: Any,
    first: int | None,
    after: str | None,
    customer_id: str | None,
    status: list[Any] | None,
) -> Connection[Any]:
    context = info.context
    stmt = select(invoices_t).where(
        scoping.owned_by(invoices_t.c.customer_id, context.partner_customer_id)
    )
    if customer_id is not None:
        stmt = stmt.where(
            invoices_t.c.customer_id == pk_of(customer_id, "Customer", argument="customerId")
        )
    if status:
        stmt = stmt.where(invoices_t.c.status.in_(list(status)))
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((invoices_t.c.issued_on, invoices_t.c.id), descending=True),
        first=first,
        after=after,
        node=finance.Invoice.from_row,
    )


async def journal(info: Any, first: int | None, after: str | None) -> Connection[Any]:
    context = info.context
    context.require_roles(*FINANCE_ROLES)
    return await paginate(
        context.engine,
        select(journal_t),
        sort=SortKey((journal_t.c.posted_at, journal_t.c.id), descending=True),
        first=first,
        after=after,
        node=finance.JournalEntry.from_row,
    )


async def trial_balance(info: Any) -> list[Any]:
    context = info.context
    context.require_roles(*FINANCE_ROLES)
    stmt = (
        select(
            accounts_t.c.code,
            func.coalesce(func.sum(journal_lines_t.c.debit), 0).label("debit"),
            func.coalesce(func.sum(journal_lines_t.c.credit), 0).label("credit"),
        )
        .select_from(accounts_t.outerjoin(journal_lines_t))
        .group_by(accounts_t.c.code)
        .order_by(accounts_t.c.code)
    )
    cents = Decimal("0.01")
    return [
        finance.AccountBalance(
            account=row.code,
            debit=Decimal(row.debit).quantize(cents),
            credit=Decimal(row.credit).quantize(cents),
            balance=(Decimal(row.debit) - Decimal(row.credit)).quantize(cents),
        )
        for row in await context.loaders.rows(stmt)
    ]


async def audit_trail(
    info: Any, first: int | None, after: str | None, entity_id: str | None
) -> Connection[Any]:
    from backend.schema.ids import from_global_id

    context = info.context
    context.require_staff()
    stmt = select(audit_t)
    if entity_id is not None:
        entity_type, pk = from_global_id(entity_id)
        stmt = stmt.where(audit_t.c.entity_type == entity_type, audit_t.c.entity_id == pk)
    return await paginate(
        context.engine,
        stmt,
        sort=SortKey((audit_t.c.id,), descending=True),
        first=first,
        after=after,
        node=audit.AuditEvent.from_row,
    )
