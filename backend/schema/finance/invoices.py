"""Correcting invoices: void, write-off and credit notes; the credit-note list."""

from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.finance import corrections
from backend.domain.finance import credit_notes as credit_rules
from backend.resolvers import finance_desk as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import Connection, UserError, payload
from backend.schema.finance.payloads import InvoicePayload
from backend.schema.finance.types import CreditNote
from backend.schema.permissions import requires
from backend.schema.requests import as_request


@strawberry.input
class VoidInvoiceInput:
    invoice_id: strawberry.ID
    reason: str


@strawberry.input
class WriteOffInvoiceInput:
    invoice_id: strawberry.ID
    reason: str


@strawberry.input
class CreditNoteLineInput:
    invoice_line_id: strawberry.ID
    quantity: int | None = strawberry.field(
        default=None, description="Units to credit at the line's net unit price.")
    net_amount: Decimal | None = strawberry.field(
        default=None, description="Or a net amount. Exactly one of quantity and netAmount.")


@strawberry.input
class IssueCreditNoteInput:
    invoice_id: strawberry.ID
    reason: str
    lines: list[CreditNoteLineInput]
    idempotency_key: str | None = None


@strawberry.type
class CreditNotePayload:
    credit_note: CreditNote | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _invoice(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "Invoice", ("input", "invoiceId"))


@strawberry.mutation(extensions=requires("invoice.void"))
async def void_invoice(info: Info, input: VoidInvoiceInput) -> InvoicePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        invoice = await corrections.void_invoice(s, actor=actor, invoice_id=_invoice(
            input.invoice_id), reason=input.reason)
        return {"invoice": ref("Invoice", invoice.id)}

    return payload(InvoicePayload, await run_mutation(
        info.context, action, operation="voidInvoice", request=as_request(input)))


@strawberry.mutation(extensions=requires("invoice.void"),
                     description="Writes off a small rest (up to writeOffThreshold) to 6900.")
async def write_off_invoice(info: Info, input: WriteOffInvoiceInput) -> InvoicePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        invoice = await corrections.write_off_invoice(s, actor=actor, invoice_id=_invoice(
            input.invoice_id), reason=input.reason)
        return {"invoice": ref("Invoice", invoice.id)}

    return payload(InvoicePayload, await run_mutation(
        info.context, action, operation="writeOffInvoice", request=as_request(input)))


@strawberry.mutation(extensions=requires("credit_note.issue"))
async def issue_credit_note(info: Info, input: IssueCreditNoteInput) -> CreditNotePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        requests = [credit_rules.CreditRequest(
            invoice_line_id=input_pk(line.invoice_line_id, "InvoiceLine",
                                     ("input", "lines", str(n), "invoiceLineId")),
            quantity=line.quantity, net_amount=line.net_amount,
        ) for n, line in enumerate(input.lines)]
        note = await credit_rules.issue_credit_note(
            s, actor=actor, invoice_id=_invoice(input.invoice_id), reason=input.reason,
            lines=requests)
        return {"credit_note": ref("CreditNote", note.id)}

    return payload(CreditNotePayload, await run_mutation(
        info.context, action, operation="issueCreditNote",
        idempotency_key=input.idempotency_key, request=as_request(input)))


@strawberry.field(description="A partner sees its own customer's.")
async def credit_notes(info: Info, first: int | None = None, after: str | None = None,
                            customer_id: strawberry.ID | None = None) -> Connection[CreditNote]:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    page = await reads.credit_notes(info.context, first, after, customer)
    return Connection.of(page, CreditNote.from_row)
