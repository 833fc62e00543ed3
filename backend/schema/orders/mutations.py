"""Quotes, sales orders, approvals and allocation."""

from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.sales import allocation, approvals, orders, quotes
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.orders.inputs import (
    ConvertQuoteInput,
    CreateQuoteInput,
    CreateSalesOrderInput,
    DecideApprovalInput,
)
from backend.schema.orders.payloads import QuotePayload, SalesOrderPayload
from backend.schema.permissions import requires
from backend.schema.requests import as_request, line_requests

# Who may call each mutation is the domain's rule, shared with `SalesOrder.availableActions`.


def _order(order: object) -> dict[str, object]:
    return {"order": ref("SalesOrder", order.id)}  # type: ignore[attr-defined]


@strawberry.mutation(extensions=requires("order.create"))
async def create_sales_order(info: Info, input: CreateSalesOrderInput) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order(
            await orders.create_sales_order(
                s,
                actor=actor,
                customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
                lines=line_requests(input.lines),
                customer_reference=input.customer_reference,
                requested_delivery_date=input.requested_delivery_date,
                custom_fields=input.custom_fields,
            )
        )

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="createSalesOrder",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))


@strawberry.mutation(
    description="DRAFT -> APPROVED, or PENDING_APPROVAL where a rule needs a decision.",
    extensions=requires("order.submit"),
)
async def submit_sales_order(info: Info, order_id: strawberry.ID) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        pk = input_pk(order_id, "SalesOrder", ("orderId",))
        return _order(await approvals.submit_sales_order(s, actor=actor, order_id=pk))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="submitSalesOrder"
    ))


@strawberry.mutation(extensions=requires("order.approve"))
async def decide_approval(info: Info, input: DecideApprovalInput) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order(
            await approvals.decide_approval(
                s,
                actor=actor,
                order_id=input_pk(input.order_id, "SalesOrder", ("input", "orderId")),
                approve=input.approve,
                password=input.signature.password,
                meaning=input.signature.meaning,
                comment=input.comment,
            )
        )

    try:
        outcome = await run_mutation(info.context, action, operation="decideApproval")
    except approvals.SignerLacksRole as error:
        raise Forbidden(str(error)) from None
    return payload(SalesOrderPayload, outcome)


@strawberry.mutation(
    description="Reserves released stock: nearest warehouse first, then earliest expiry first.",
    extensions=requires("order.allocate"),
)
async def allocate_sales_order(
    info: Info,
    order_id: strawberry.ID,
    backorder: Annotated[
        bool,
        strawberry.argument(
            description="Reserve what there is and backorder the rest (with replenishment "
            "requests) instead of refusing with INSUFFICIENT_STOCK."
        ),
    ] = False,
) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        pk = input_pk(order_id, "SalesOrder", ("orderId",))
        return _order(
            await allocation.allocate_sales_order(s, actor=actor, order_id=pk, backorder=backorder)
        )

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="allocateSalesOrder"
    ))


@strawberry.mutation(extensions=requires("order.cancel"))
async def cancel_sales_order(info: Info, order_id: strawberry.ID, reason: str) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        pk = input_pk(order_id, "SalesOrder", ("orderId",))
        return _order(await orders.cancel_sales_order(s, actor=actor, order_id=pk, reason=reason))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="cancelSalesOrder"
    ))


@strawberry.mutation(
    description="A quote: the customer's prices, held until `validUntil`.",
    extensions=requires("quote.create"),
)
async def create_quote(info: Info, input: CreateQuoteInput) -> QuotePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        quote = await quotes.create_quote(
            s,
            actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            valid_until=input.valid_until,
            lines=line_requests(input.lines),
            customer_reference=input.customer_reference,
        )
        return {"quote": ref("Quote", quote.id)}

    return payload(QuotePayload, await run_mutation(
        info.context, action, operation="createQuote",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))


@strawberry.mutation(
    description="A DRAFT order at the quoted prices, while the quote is valid.",
    extensions=requires("order.create"),
)
async def convert_quote_to_order(info: Info, input: ConvertQuoteInput) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        pk = input_pk(input.quote_id, "Quote", ("input", "quoteId"))
        return _order(await quotes.convert_quote(s, actor=actor, quote_id=pk))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="convertQuoteToOrder",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))
