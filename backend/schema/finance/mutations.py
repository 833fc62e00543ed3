"""Invoices and payments."""

from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.finance import invoicing, payments
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.finance.inputs import IssueInvoiceInput, RecordPaymentInput
from backend.schema.finance.payloads import InvoicePayload, PaymentPayload
from backend.schema.permissions import requires
from backend.schema.requests import as_request


@strawberry.mutation(extensions=requires("invoice.issue"))
async def issue_invoice(info: Info, input: IssueInvoiceInput) -> InvoicePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        order_id = input_pk(input.order_id, "SalesOrder", ("input", "orderId"))
        shipment_ids = None if input.shipment_ids is None else [
            input_pk(pk, "Shipment", ("input", "shipmentIds", str(n)))
            for n, pk in enumerate(input.shipment_ids)
        ]
        invoice = await invoicing.issue_invoice(s, actor=actor, order_id=order_id,
                                                shipment_ids=shipment_ids)
        return {"invoice": ref("Invoice", invoice.id)}

    return payload(InvoicePayload, await run_mutation(
        info.context, action, operation="issueInvoice",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))


@strawberry.mutation(extensions=requires("payment.record"))
async def record_payment(info: Info, input: RecordPaymentInput) -> PaymentPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        invoice_ids = None if input.invoice_ids is None else [
            input_pk(pk, "Invoice", ("input", "invoiceIds", str(n)))
            for n, pk in enumerate(input.invoice_ids)
        ]
        result = await payments.record_payment(
            s,
            actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            amount=input.amount,
            received_on=input.received_on,
            reference=input.reference,
            invoice_ids=invoice_ids,
        )
        return {
            "invoices": [ref("Invoice", invoice.id) for invoice in result.invoices],
            "unapplied_amount": str(result.payment.unapplied_amount),
            "payment": ref("CustomerPayment", result.payment.id),
        }

    return payload(PaymentPayload, await run_mutation(
        info.context, action, operation="recordPayment",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))
