"""Invoices and payments."""

import strawberry

from backend.domain import invoicing, payments
from backend.enums import Role
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.ids import pk_of
from backend.schema.inputs import IssueInvoiceInput, RecordPaymentInput
from backend.schema.mutations.requests import as_request
from backend.schema.payloads import InvoicePayload, PaymentPayload

FINANCE = (Role.FINANCE,)


@strawberry.type
class FinanceMutations:
    @strawberry.mutation
    async def issue_invoice(
        self, info: strawberry.Info, input: IssueInvoiceInput
    ) -> InvoicePayload:
        order_id = pk_of(input.order_id, "SalesOrder", argument="input.orderId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            invoice = await invoicing.issue_invoice(s, actor=actor, order_id=order_id)
            return {"invoice": ref("Invoice", invoice.id)}

        return await run_mutation(
            info,
            InvoicePayload,
            action,
            roles=FINANCE,
            operation="issueInvoice",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )

    @strawberry.mutation
    async def record_payment(
        self, info: strawberry.Info, input: RecordPaymentInput
    ) -> PaymentPayload:
        customer_id = pk_of(input.customer_id, "Customer", argument="input.customerId")
        invoice_ids = (
            None
            if input.invoice_ids is None
            else [
                pk_of(pk, "Invoice", argument=f"input.invoiceIds[{n}]")
                for n, pk in enumerate(input.invoice_ids)
            ]
        )

        async def action(s, actor):  # type: ignore[no-untyped-def]
            result = await payments.record_payment(
                s,
                actor=actor,
                customer_id=customer_id,
                amount=input.amount,
                received_on=input.received_on,
                reference=input.reference,
                invoice_ids=invoice_ids,
            )
            return {
                "invoices": [ref("Invoice", invoice.id) for invoice in result.invoices],
                "unapplied_amount": str(result.payment.unapplied_amount),
            }

        return await run_mutation(
            info,
            PaymentPayload,
            action,
            roles=FINANCE,
            operation="recordPayment",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )
