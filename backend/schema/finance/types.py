"""Invoices and the double-entry journal."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.enums import InvoiceStatus as InvoiceStatusValue
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.finance import Balance
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.enums import InvoiceStatus
from backend.schema.finance.enums import InvoicingPolicy
from backend.schema.finance.lines import CreditNoteLine, InvoiceLine, TaxSummaryLine

if TYPE_CHECKING:
    from backend.schema.fulfilment.types import Shipment
    from backend.schema.orders.types import SalesOrder
    from backend.schema.parties.types import Customer
    from backend.schema.quality.types import Document

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type
class Invoice(FromRow, Node):
    number: str
    issued_on: date
    due_on: date
    currency: str
    policy: InvoicingPolicy
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    amount_paid: Decimal
    credited_amount: Decimal
    written_off_amount: Decimal
    status: InvoiceStatus
    ship_to_country: str | None
    customer_vat_number: str | None
    voided_at: datetime | None
    void_reason: str | None
    order_id: strawberry.Private[int]
    customer_id: strawberry.Private[int]
    journal_entry_id: strawberry.Private[int | None]
    void_entry_id: strawberry.Private[int | None]
    write_off_entry_id: strawberry.Private[int | None]

    @strawberry.field(description="total - amountPaid - creditedAmount - writtenOffAmount.")
    def balance(self) -> Decimal:
        if self.status == InvoiceStatusValue.VOID:
            return Decimal("0.00")
        return self.total - self.amount_paid - self.credited_amount - self.written_off_amount

    @strawberry.field
    async def order(self, info: Info) -> SalesOrderT:
        return graph("SalesOrder", await info.context.loaders.order_by_id.load(self.order_id))

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def shipments(self, info: Info) -> list[ShipmentT]:
        return graphs("Shipment", await info.context.loaders.shipments_by_invoice_id.load(self.pk))

    @strawberry.field
    async def lines(self, info: Info) -> list[InvoiceLine]:
        return InvoiceLine.many(
            await info.context.loaders.invoice_lines_by_invoice_id.load(self.pk))

    @strawberry.field
    async def tax_summary(self, info: Info) -> list[TaxSummaryLine]:
        return TaxSummaryLine.of(
            list(await info.context.loaders.invoice_lines_by_invoice_id.load(self.pk)))

    @strawberry.field
    async def credit_notes(self, info: Info) -> list["CreditNote"]:
        return CreditNote.many(await info.context.loaders.credit_notes_by_invoice_id.load(self.pk))

    @strawberry.field(description="The invoice PDF (kind INVOICE), generated on issue.")
    async def documents(self, info: Info) -> list[DocumentT]:
        return graphs("Document",
                      await info.context.loaders.documents_by_node.load(("Invoice", self.pk)))

    @strawberry.field(description="Entries this invoice posted: the invoice, its reversal, its "
                                  "write-off. FINANCE only (empty for anyone else).")
    async def journal_entries(self, info: Info) -> list["JournalEntry"]:
        if not info.context.actor.has_role(Role.FINANCE):
            return []
        ids = [pk for pk in (self.journal_entry_id, self.void_entry_id, self.write_off_entry_id)
               if pk is not None]
        rows = [await info.context.loaders.journal_entry_by_id.load(pk) for pk in ids]
        return JournalEntry.many(r for r in rows if r is not None)


@strawberry.type
class CreditNote(FromRow, Node):
    number: str
    issued_on: date
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    reason: str
    applied_to_invoice: Decimal = strawberry.field(
        description="Part of the total set against the invoice's open balance; the rest went "
                    "to the customer's credit balance.")
    invoice_id: strawberry.Private[int]
    customer_id: strawberry.Private[int]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field(description="The invoice it credits.")
    async def invoice(self, info: Info) -> Invoice | None:
        return Invoice.maybe(await info.context.loaders.invoice_by_id.load(self.invoice_id))

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def lines(self, info: Info) -> list[CreditNoteLine]:
        return CreditNoteLine.many(
            await info.context.loaders.credit_note_lines_by_note_id.load(self.pk))

    @strawberry.field
    async def tax_summary(self, info: Info) -> list[TaxSummaryLine]:
        return TaxSummaryLine.of(
            list(await info.context.loaders.credit_note_lines_by_note_id.load(self.pk)),
            note=False)

    @strawberry.field
    async def documents(self, info: Info) -> list[DocumentT]:
        return graphs("Document",
                      await info.context.loaders.documents_by_node.load(("CreditNote", self.pk)))

    @strawberry.field(description="FINANCE only (null for anyone else).")
    async def journal_entry(self, info: Info) -> "JournalEntry | None":
        if self.journal_entry_id is None or not info.context.actor.has_role(Role.FINANCE):
            return None
        return JournalEntry.maybe(
            await info.context.loaders.journal_entry_by_id.load(self.journal_entry_id))


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
    booked_on: date = strawberry.field(
        description="The accounting date; the period it falls in must be OPEN.")
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
