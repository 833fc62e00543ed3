"""Finance fields of other areas' types (Customer, OrderLine, SalesOrder, Shipment), as
mixins those types inherit, so that the finance rules stay here."""

from decimal import Decimal

import strawberry

from backend.resolvers import finance_desk as reads
from backend.resolvers.context import Info
from backend.schema.common import Connection
from backend.schema.finance.enums import CustomerTaxStatus, InvoicingPolicy
from backend.schema.finance.types import CreditNote, Invoice

ZERO = Decimal("0.00")


@strawberry.type
class CustomerFinance:
    country: str | None = strawberry.field(
        description="ISO 3166-1 alpha-2 country of the ship-to address; the tax rule follows it.")
    vat_number: str | None
    tax_status: CustomerTaxStatus
    invoicing_policy: InvoicingPolicy | None = strawberry.field(
        description="The customer's own policy; null means the global default.")

    @strawberry.field(description="The customer's own policy, else the global default.")
    async def effective_invoicing_policy(self, info: Info) -> InvoicingPolicy:
        if self.invoicing_policy is not None:
            return self.invoicing_policy
        return await reads.default_policy(info.context)

    @strawberry.field(description="Open receivables plus approved orders not yet invoiced; the "
                                  "credit-limit approval rule compares it with creditLimit.")
    async def credit_exposure(self, info: Info) -> Decimal:
        pk = self.pk  # type: ignore[attr-defined]
        owed = await info.context.loaders.receivable_by_customer_id.load(pk)
        promised = await info.context.loaders.uninvoiced_by_customer_id.load(pk)
        return reads.cents(owed) + reads.cents(promised)

    @strawberry.field(description="What the company owes the customer: unapplied payments and "
                                  "credit notes, less refunds.")
    async def credit_balance(self, info: Info) -> Decimal:
        pk = self.pk  # type: ignore[attr-defined]
        return reads.cents(await info.context.loaders.credit_balance_by_customer_id.load(pk))

    @strawberry.field
    async def credit_notes(self, info: Info, first: int | None = None,
                           after: str | None = None) -> Connection[CreditNote]:
        pk = self.pk  # type: ignore[attr-defined]
        page = await reads.credit_notes(info.context, first, after, pk)
        return Connection.of(page, CreditNote.from_row)


@strawberry.type
class OrderLineFinance:
    @strawberry.field(description="Quantity on the order's non-void invoices; never above the "
                                  "shipped quantity.")
    async def invoiced_quantity(self, info: Info) -> int:
        pk = self.pk  # type: ignore[attr-defined]
        return int(await info.context.loaders.invoiced_quantity_by_order_line_id.load(pk) or 0)


@strawberry.type
class SalesOrderFinance:
    @strawberry.field(description="Total of the order's non-void invoices less their credit "
                                  "notes.")
    async def invoiced_amount(self, info: Info) -> Decimal:
        pk = self.pk  # type: ignore[attr-defined]
        return reads.cents(await info.context.loaders.invoiced_amount_by_order_id.load(pk))


@strawberry.type
class ShipmentFinance:
    @strawberry.field
    async def invoices(self, info: Info) -> list[Invoice]:
        pk = self.pk  # type: ignore[attr-defined]
        return Invoice.many(await info.context.loaders.invoices_by_shipment_id.load(pk))




