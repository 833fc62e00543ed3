"""Invoices, credit notes and the double-entry journal."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.resolvers.context import Info
from backend.resolvers.finance import Balance
from backend.resolvers.nodes import load_row
from backend.schema.base import FromRow, Node, graph
from backend.schema.enums import InvoiceStatus

if TYPE_CHECKING:
    from backend.schema.orders.types import SalesOrder
    from backend.schema.parties.types import Customer

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]


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
    async def order(self, info: Info) -> SalesOrderT:
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(self.order_id))

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))


@strawberry.type
class CreditNote(FromRow, Node):
    number: str
    issued_on: date
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    invoice_id: strawberry.Private[int]

    @strawberry.field(description="The invoice of the order the returned goods came from.")
    async def invoice(self, info: Info) -> Invoice | None:
        return Invoice.maybe(await load_row(info.context, "Invoice", self.invoice_id))


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
    async def lines(self, info: Info) -> list[LedgerLine]:
        return LedgerLine.many(await info.context.loaders.journal_lines_by_entry_id.load(self.pk))


@strawberry.type
class AccountBalance:
    account: str
    debit: Decimal
    credit: Decimal
    balance: Decimal

    @classmethod
    def of(cls, balance: Balance) -> "AccountBalance":
        return cls(account=balance.account, debit=balance.debit, credit=balance.credit,
                   balance=balance.balance)
