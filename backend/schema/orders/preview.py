"""`previewSalesOrder`: an order priced as createSalesOrder would price it, written nowhere."""

from decimal import Decimal

import strawberry

from backend.domain.sales import order_preview
from backend.resolvers import orders as reads
from backend.resolvers.context import Info
from backend.schema.catalog.types import Product
from backend.schema.common import UserError
from backend.schema.enums import Role
from backend.schema.orders.inputs import CreateSalesOrderInput
from backend.schema.permissions import roles
from backend.schema.requests import line_requests


@strawberry.type
class PreviewLine:
    quantity: int
    unit_price: Decimal
    list_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    line_total: Decimal
    available_quantity: int
    product_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))


@strawberry.type
class ApprovalNeeded:
    rule: str
    required_role: Role
    reason: str


@strawberry.type
class SalesOrderPreview:
    lines: list[PreviewLine]
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    approvals_needed: list[ApprovalNeeded]
    credit_exposure_after: Decimal = strawberry.field(
        description="Open receivables plus approved, not yet invoiced orders, plus this order."
    )
    credit_limit: Decimal | None
    user_errors: list[UserError]

    @classmethod
    def of(cls, preview: order_preview.SalesOrderPreview) -> "SalesOrderPreview":
        return cls(
            lines=[
                PreviewLine(
                    quantity=line.quantity, unit_price=line.unit_price,
                    list_price=line.list_price, discount_percent=line.discount_percent,
                    tax_rate=line.tax_rate, line_total=line.line_total,
                    available_quantity=line.available_quantity, product_id=line.product_id,
                )
                for line in preview.lines
            ],
            subtotal=preview.subtotal,
            tax_total=preview.tax_total,
            total=preview.total,
            approvals_needed=[
                ApprovalNeeded(rule=a.rule, required_role=a.required_role, reason=a.reason)
                for a in preview.approvals_needed
            ],
            credit_exposure_after=preview.credit_exposure_after,
            credit_limit=preview.credit_limit,
            user_errors=UserError.of(preview.problems),
        )


@strawberry.field(
    description="Price an order as createSalesOrder would, and say which approvals it would "
    "need; writes nothing.",
    extensions=roles(Role.SALES, Role.SALES_MANAGER, Role.PARTNER),
)
async def preview_sales_order(info: Info, input: CreateSalesOrderInput) -> SalesOrderPreview:
    preview = await reads.preview(
        info.context, input.customer_id, lambda: line_requests(input.lines),
        input.customer_reference, input.requested_delivery_date,
    )
    return SalesOrderPreview.of(preview)
