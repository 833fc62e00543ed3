"""Invoices and the double-entry journal."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.enums import InvoiceStatus
from backend.schema.node import FromRow, Node

if TYPE_CHECKING:
    from backend.schema.types.orders import SalesOrder
    from backend.schema.types.parties import Customer

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.types.orders")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.types.parties")]


@strawberry.type
class Invoice(FromRow, Node):
    number: str
    issued_on: date
    due_on: date
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    amount_paid: Decimal
    status: InvoiceStatus
    order_id: strawberry.Private[int]
    customer_id: strawberry.Private[int]

    @strawberry.field
    def balance(self) -> Decimal:
        return self.total - self.amount_paid

    @strawberry.field
    async def order(self, info: strawberry.Info) -> SalesOrderT:
        return await info.context.loaders.order_by_id.load(self.order_id)

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> CustomerT:
        return await info.context.loaders.customer_by_id.load(self.customer_id)


@strawberry.type
class LedgerLine(FromRow):
    account_code: strawberry.Private[str]
    debit: Decimal
    credit: Decimal

    @strawberry.field
    def account(self) -> str:
        return self.account_code


@strawberry.type
class JournalEntry(FromRow, Node):
    posted_at: datetime
    memo: str
    reference: str | None

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[LedgerLine]:
        return await info.context.loaders.journal_lines_by_entry_id.load(self.pk)


@strawberry.type
class AccountBalance:
    account: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
