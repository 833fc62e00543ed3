"""Quotes, sales orders, approvals and allocation."""

from typing import Annotated

import strawberry

from backend.domain import allocation, approvals, orders, quotes
from backend.enums import Role
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.errors import Forbidden
from backend.schema.ids import pk_of
from backend.schema.inputs import CreateSalesOrderInput, DecideApprovalInput
from backend.schema.mutations.requests import as_request, line_requests
from backend.schema.payloads import SalesOrderPayload
from backend.schema.types.sales import ConvertQuoteInput, CreateQuoteInput, QuotePayload

ORDER_TAKERS = (Role.SALES, Role.SALES_MANAGER, Role.PARTNER)
SALES = (Role.SALES, Role.SALES_MANAGER)
DECIDERS = (Role.SALES_MANAGER, Role.FINANCE)
ALLOCATORS = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE)


def _order(order: object) -> dict[str, object]:
    return {"order": ref("SalesOrder", order.id)}  # type: ignore[attr-defined]


@strawberry.type
class OrderMutations:
    @strawberry.mutation
    async def create_sales_order(
        self, info: strawberry.Info, input: CreateSalesOrderInput
    ) -> SalesOrderPayload:
        customer_id = pk_of(input.customer_id, "Customer", argument="input.customerId")
        lines = line_requests(input.lines)

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(
                await orders.create_sales_order(
                    s,
                    actor=actor,
                    customer_id=customer_id,
                    lines=lines,
                    customer_reference=input.customer_reference,
                    requested_delivery_date=input.requested_delivery_date,
                )
            )

        return await run_mutation(
            info,
            SalesOrderPayload,
            action,
            roles=ORDER_TAKERS,
            operation="createSalesOrder",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )

    @strawberry.mutation(
        description="DRAFT -> APPROVED, or PENDING_APPROVAL where a rule needs a decision."
    )
    async def submit_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID
    ) -> SalesOrderPayload:
        pk = pk_of(order_id, "SalesOrder", argument="orderId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(await approvals.submit_sales_order(s, actor=actor, order_id=pk))

        return await run_mutation(
            info, SalesOrderPayload, action, roles=ORDER_TAKERS, operation="submitSalesOrder"
        )

    @strawberry.mutation
    async def decide_approval(
        self, info: strawberry.Info, input: DecideApprovalInput
    ) -> SalesOrderPayload:
        pk = pk_of(input.order_id, "SalesOrder", argument="input.orderId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(
                await approvals.decide_approval(
                    s,
                    actor=actor,
                    order_id=pk,
                    approve=input.approve,
                    password=input.signature.password,
                    meaning=input.signature.meaning,
                    comment=input.comment,
                )
            )

        try:
            return await run_mutation(
                info, SalesOrderPayload, action, roles=DECIDERS, operation="decideApproval"
            )
        except approvals.SignerLacksRole as error:
            raise Forbidden(str(error)) from None

    @strawberry.mutation(
        description="Reserves released stock: nearest warehouse first, then earliest expiry first."
    )
    async def allocate_sales_order(
        self,
        info: strawberry.Info,
        order_id: strawberry.ID,
        backorder: Annotated[
            bool,
            strawberry.argument(
                description="Reserve what there is and backorder the rest (with replenishment "
                "requests) instead of refusing with INSUFFICIENT_STOCK."
            ),
        ] = False,
    ) -> SalesOrderPayload:
        pk = pk_of(order_id, "SalesOrder", argument="orderId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(
                await allocation.allocate_sales_order(
                    s, actor=actor, order_id=pk, backorder=backorder
                )
            )

        return await run_mutation(
            info, SalesOrderPayload, action, roles=ALLOCATORS, operation="allocateSalesOrder"
        )

    @strawberry.mutation
    async def cancel_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID, reason: str
    ) -> SalesOrderPayload:
        pk = pk_of(order_id, "SalesOrder", argument="orderId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(
                await orders.cancel_sales_order(s, actor=actor, order_id=pk, reason=reason)
            )

        return await run_mutation(
            info, SalesOrderPayload, action, roles=SALES, operation="cancelSalesOrder"
        )

    @strawberry.mutation(description="A quote: the customer's prices, held until `validUntil`.")
    async def create_quote(self, info: strawberry.Info, input: CreateQuoteInput) -> QuotePayload:
        customer_id = pk_of(input.customer_id, "Customer", argument="input.customerId")
        lines = line_requests(input.lines)

        async def action(s, actor):  # type: ignore[no-untyped-def]
            quote = await quotes.create_quote(
                s,
                actor=actor,
                customer_id=customer_id,
                valid_until=input.valid_until,
                lines=lines,
                customer_reference=input.customer_reference,
            )
            return {"quote": ref("Quote", quote.id)}

        return await run_mutation(
            info,
            QuotePayload,
            action,
            roles=SALES,
            operation="createQuote",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )

    @strawberry.mutation(
        description="A DRAFT order at the quoted prices, while the quote is valid."
    )
    async def convert_quote_to_order(
        self, info: strawberry.Info, input: ConvertQuoteInput
    ) -> SalesOrderPayload:
        pk = pk_of(input.quote_id, "Quote", argument="input.quoteId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            return _order(await quotes.convert_quote(s, actor=actor, quote_id=pk))

        return await run_mutation(
            info,
            SalesOrderPayload,
            action,
            roles=ORDER_TAKERS,
            operation="convertQuoteToOrder",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )
