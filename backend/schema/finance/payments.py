"""Payments with their applications, refunds of credit, and the refund mutation."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.finance import refunds
from backend.enums import Role
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import UserError, payload
from backend.schema.finance.types import Invoice, JournalEntry
from backend.schema.permissions import requires
from backend.schema.requests import as_request

if TYPE_CHECKING:
    from backend.schema.finance.bank import BankStatementLine
    from backend.schema.parties.types import Customer

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
BankLineT = Annotated["BankStatementLine", strawberry.lazy("backend.schema.finance.bank")]


async def _entry(info: Info, pk: int | None) -> JournalEntry | None:
    """FINANCE only: null for anyone else."""
    if pk is None or not info.context.actor.has_role(Role.FINANCE):
        return None
    return JournalEntry.maybe(await info.context.loaders.journal_entry_by_id.load(pk))


@strawberry.type
class PaymentApplication(FromRow):
    amount: Decimal
    invoice_id: strawberry.Private[int]

    @strawberry.field
    async def invoice(self, info: Info) -> Invoice:
        return Invoice.required(await info.context.loaders.invoice_by_id.load(self.invoice_id))


@strawberry.type
class CustomerPayment(FromRow, Node):
    amount: Decimal
    unapplied_amount: Decimal
    received_on: date
    reference: str
    reversed_at: datetime | None = strawberry.field(
        description="Set when the payment was reversed (a bank line unmatched).")
    customer_id: strawberry.Private[int]
    bank_statement_line_id: strawberry.Private[int | None]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field
    async def applications(self, info: Info) -> list[PaymentApplication]:
        return PaymentApplication.many(
            await info.context.loaders.applications_by_payment_id.load(self.pk))

    @strawberry.field(description="Set when the payment came from a bank statement line.")
    async def bank_statement_line(self, info: Info) -> BankLineT | None:
        if self.bank_statement_line_id is None or not info.context.actor.is_staff:
            return None
        return graph("BankStatementLine",
                     await info.context.loaders.bank_line_by_id.load(self.bank_statement_line_id))

    @strawberry.field(description="FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntry | None:
        return await _entry(info, self.journal_entry_id)


@strawberry.type(description="Money paid back to a customer out of its credit balance: "
                             "Dr Receivables, Cr Cash.")
class CustomerRefund(FromRow, Node):
    number: str
    amount: Decimal
    paid_on: date
    reference: str
    customer_id: strawberry.Private[int]
    journal_entry_id: strawberry.Private[int | None]

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field(description="FINANCE only.")
    async def journal_entry(self, info: Info) -> JournalEntry | None:
        return await _entry(info, self.journal_entry_id)


@strawberry.input
class RefundCustomerCreditInput:
    customer_id: strawberry.ID
    amount: Decimal
    paid_on: date
    reference: str
    idempotency_key: str | None = None


@strawberry.type
class CustomerRefundPayload:
    refund: CustomerRefund | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("credit_note.issue"))
async def refund_customer_credit(info: Info, input: RefundCustomerCreditInput
                                 ) -> CustomerRefundPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        refund = await refunds.refund_credit(
            s, actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            amount=input.amount, paid_on=input.paid_on, reference=input.reference)
        return {"refund": ref("CustomerRefund", refund.id)}

    return payload(CustomerRefundPayload, await run_mutation(
        info.context, action, operation="refundCustomerCredit",
        idempotency_key=input.idempotency_key, request=as_request(input)))
