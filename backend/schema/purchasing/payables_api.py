"""Root fields of payables: recording and releasing supplier invoices (three-way match),
paying suppliers, the invoice list and AP ageing."""

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.purchasing import supplier_invoices, supplier_payments
from backend.enums import Role
from backend.resolvers import payables as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import Connection, UserError, payload
from backend.schema.permissions import requires, roles
from backend.schema.purchasing.payables import (
    ApAgeing,
    SupplierInvoice,
    SupplierInvoiceStatus,
    SupplierPayment,
)


@strawberry.input
class SupplierInvoiceLineInput:
    purchase_order_line_id: strawberry.ID
    quantity: int
    unit_price: Decimal


@strawberry.input
class RecordSupplierInvoiceInput:
    supplier_id: strawberry.ID
    supplier_invoice_number: str
    invoice_date: date
    lines: list[SupplierInvoiceLineInput]
    total: Decimal = strawberry.field(description="Must equal the lines plus tax.")
    due_on: date | None = strawberry.field(
        default=None, description="Omit for invoiceDate + the supplier's payment terms.")
    tax_amount: Decimal | None = None
    idempotency_key: str | None = None


@strawberry.input
class ReleaseSupplierInvoiceHoldInput:
    supplier_invoice_id: strawberry.ID
    approve: bool = strawberry.field(description="True posts it with its variance; false "
                                                 "rejects it.")
    reason: str


@strawberry.input
class RecordSupplierPaymentInput:
    supplier_id: strawberry.ID
    amount: Decimal
    paid_on: date
    reference: str
    supplier_invoice_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Open invoices to settle, oldest first; omit for the oldest "
                                  "open ones.")
    idempotency_key: str | None = None


@strawberry.type
class SupplierInvoicePayload:
    supplier_invoice: SupplierInvoice | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierPaymentPayload:
    payment: SupplierPayment | None = None
    supplier_invoices: list[SupplierInvoice] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("supplier_invoice.record"),
                     description="FINANCE: three-way match "
                     "against PO and receipts; posts when matched, holds otherwise.")
async def record_supplier_invoice(info: Info,
                                  input: RecordSupplierInvoiceInput) -> SupplierInvoicePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        invoice = await supplier_invoices.record_supplier_invoice(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            supplier_invoice_number=input.supplier_invoice_number,
            invoice_date=input.invoice_date, due_on=input.due_on, total=input.total,
            tax_amount=input.tax_amount,
            lines=[supplier_invoices.LineRequest(
                purchase_order_line_id=input_pk(line.purchase_order_line_id, "PurchaseOrderLine",
                                                ("input", "lines", str(i),
                                                 "purchaseOrderLineId")),
                quantity=line.quantity, unit_price=line.unit_price,
            ) for i, line in enumerate(input.lines)])
        return {"supplier_invoice": ref("SupplierInvoice", invoice.id)}

    return payload(SupplierInvoicePayload, await run_mutation(
        info.context, action, operation="recordSupplierInvoice",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires("supplier_invoice.release_hold"),
                     description="BUYER or FINANCE.")
async def release_supplier_invoice_hold(
        info: Info, input: ReleaseSupplierInvoiceHoldInput) -> SupplierInvoicePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        invoice = await supplier_invoices.release_hold(
            session, actor=actor, approve=input.approve, reason=input.reason,
            invoice_id=input_pk(input.supplier_invoice_id, "SupplierInvoice",
                                ("input", "supplierInvoiceId")))
        return {"supplier_invoice": ref("SupplierInvoice", invoice.id)}

    return payload(SupplierInvoicePayload, await run_mutation(
        info.context, action, operation="releaseSupplierInvoiceHold"))


@strawberry.mutation(extensions=requires("supplier_invoice.record"),
                     description="FINANCE: Dr 2100 / Cr 1100, "
                     "never above the open balance.")
async def record_supplier_payment(info: Info,
                                  input: RecordSupplierPaymentInput) -> SupplierPaymentPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        ids = None if input.supplier_invoice_ids is None else [
            input_pk(i, "SupplierInvoice", ("input", "supplierInvoiceIds", str(n)))
            for n, i in enumerate(input.supplier_invoice_ids)]
        result = await supplier_payments.record_supplier_payment(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            amount=input.amount, paid_on=input.paid_on, reference=input.reference,
            invoice_ids=ids)
        return {"payment": ref("SupplierPayment", result.payment.id),
                "supplier_invoices": [ref("SupplierInvoice", i.id) for i in result.invoices]}

    return payload(SupplierPaymentPayload, await run_mutation(
        info.context, action, operation="recordSupplierPayment",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input)))


@strawberry.field(extensions=roles(Role.BUYER, Role.FINANCE))
async def supplier_invoices_list(
    info: Info, first: int | None = None, after: str | None = None,
    supplier_id: strawberry.ID | None = None, status: list[SupplierInvoiceStatus] | None = None,
) -> Connection[SupplierInvoice]:
    found = await reads.supplier_invoices(
        info.context, first, after, statuses=status,
        supplier_id=None if supplier_id is None else pk_of(supplier_id, "Supplier",
                                                           argument="supplierId"))
    return Connection.of(found, SupplierInvoice.from_row)


@strawberry.field(extensions=roles(Role.BUYER, Role.FINANCE),
                  description="Today when asOf is omitted. FINANCE or BUYER.")
async def ap_ageing(info: Info, as_of: date | None = None,
                    supplier_id: strawberry.ID | None = None) -> ApAgeing:
    pk = None if supplier_id is None else pk_of(supplier_id, "Supplier", argument="supplierId")
    return ApAgeing.of(await reads.ap_ageing(info.context, as_of, pk))
