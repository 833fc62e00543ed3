"""Invoices and payments."""

import strawberry

from backend.schema.inputs import IssueInvoiceInput, RecordPaymentInput
from backend.schema.mutations.pending import pending
from backend.schema.payloads import InvoicePayload, PaymentPayload


@strawberry.type
class FinanceMutations:
    @strawberry.mutation
    async def issue_invoice(self, info: strawberry.Info, input: IssueInvoiceInput) -> InvoicePayload:
        return await pending(info, "issueInvoice")

    @strawberry.mutation
    async def record_payment(
        self, info: strawberry.Info, input: RecordPaymentInput
    ) -> PaymentPayload:
        return await pending(info, "recordPayment")
