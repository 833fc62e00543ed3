"""Quotes, sales orders, approvals and allocation."""

import strawberry

from backend.schema.inputs import CreateSalesOrderInput, DecideApprovalInput
from backend.schema.mutations.pending import pending
from backend.schema.payloads import SalesOrderPayload


@strawberry.type
class OrderMutations:
    @strawberry.mutation
    async def create_sales_order(
        self, info: strawberry.Info, input: CreateSalesOrderInput
    ) -> SalesOrderPayload:
        return await pending(info, "createSalesOrder")

    @strawberry.mutation(
        description="DRAFT -> APPROVED, or PENDING_APPROVAL where a rule needs a decision."
    )
    async def submit_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID
    ) -> SalesOrderPayload:
        return await pending(info, "submitSalesOrder")

    @strawberry.mutation
    async def decide_approval(
        self, info: strawberry.Info, input: DecideApprovalInput
    ) -> SalesOrderPayload:
        return await pending(info, "decideApproval")

    @strawberry.mutation(
        description="Reserves released stock: nearest warehouse first, then earliest expiry first."
    )
    async def allocate_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID
    ) -> SalesOrderPayload:
        return await pending(info, "allocateSalesOrder")

    @strawberry.mutation
    async def cancel_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID, reason: str
    ) -> SalesOrderPayload:
        return await pending(info, "cancelSalesOrder")
