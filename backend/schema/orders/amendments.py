"""Changing orders under control: draft edits, amendments (new versions), short-close."""

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.sales import amendments, short_close
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.orders.change_types import ShipToInput
from backend.schema.orders.inputs import OrderLineInput
from backend.schema.orders.payloads import SalesOrderPayload
from backend.schema.permissions import requires
from backend.schema.requests import as_request, line_requests


@strawberry.input
class UpdateDraftSalesOrderInput:
    order_id: strawberry.ID
    lines: list[OrderLineInput] | None = strawberry.field(
        default=strawberry.UNSET, description="The draft's lines become these; omit to keep "
        "the lines.")
    customer_reference: str | None = strawberry.field(
        default=strawberry.UNSET, description="Omit a field to keep it; null clears it.")
    requested_delivery_date: date | None = strawberry.UNSET
    ship_to: ShipToInput | None = strawberry.UNSET


@strawberry.input
class OrderLineChangeInput:
    line_id: strawberry.ID | None = strawberry.field(
        default=None, description="The line to change; omit to add a line (productId and "
        "quantity are then required).")
    product_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only for a new line: an existing line's product cannot "
        "change.")
    quantity: int | None = strawberry.field(
        default=None, description="0 cancels a line with nothing shipped; the shipped quantity "
        "short-closes a partly shipped one.")
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None


@strawberry.input
class AmendSalesOrderInput:
    order_id: strawberry.ID
    expected_version: int = strawberry.field(
        description="The version the caller edited; anything else is VERSION_CONFLICT and "
        "changes nothing.")
    reason: str
    lines: list[OrderLineChangeInput] | None = strawberry.field(
        default=None, description="Only the lines that change.")
    customer_reference: str | None = strawberry.UNSET
    requested_delivery_date: date | None = strawberry.UNSET
    ship_to: ShipToInput | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input
class ShortCloseSalesOrderInput:
    order_id: strawberry.ID
    line_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The lines to close; omit to close every open line.")
    reason: str
    idempotency_key: str | None = None


def _header(input: Any) -> dict[str, Any]:
    """The header fields the input sets (omitted ones are kept)."""
    header: dict[str, Any] = {}
    if input.customer_reference is not strawberry.UNSET:
        header["customer_reference"] = input.customer_reference
    if input.requested_delivery_date is not strawberry.UNSET:
        header["requested_delivery_date"] = input.requested_delivery_date
    if input.ship_to is not strawberry.UNSET:
        header["ship_to"] = None if input.ship_to is None else input.ship_to.stored()
    return header


def _request(input: Any) -> dict[str, Any]:
    return {k: (None if v is strawberry.UNSET else str(v)) for k, v in as_request(input).items()}


def _order(order: Any) -> dict[str, Any]:
    return {"order": ref("SalesOrder", order.id)}


@strawberry.mutation(
    description="Changes a DRAFT order in place: re-priced and re-checked, no new version.",
    extensions=requires("order.edit"),
)
async def update_draft_sales_order(
    info: Info, input: UpdateDraftSalesOrderInput
) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        lines = input.lines if input.lines is not strawberry.UNSET else None
        return _order(await amendments.update_draft_sales_order(
            s, actor=actor, order_id=input_pk(input.order_id, "SalesOrder", ("input", "orderId")),
            lines=None if lines is None else line_requests(lines), header=_header(input),
        ))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="updateDraftSalesOrder"))


def _changes(lines: list[OrderLineChangeInput] | None) -> list[amendments.LineChange]:
    out = []
    for i, line in enumerate(lines or []):
        at = ("input", "lines", str(i))
        out.append(amendments.LineChange(
            line_id=None if line.line_id is None
            else input_pk(line.line_id, "OrderLine", (*at, "lineId")),
            product_id=None if line.product_id is None
            else input_pk(line.product_id, "Product", (*at, "productId")),
            quantity=line.quantity, unit_price=line.unit_price,
            discount_percent=line.discount_percent,
        ))
    return out


@strawberry.mutation(
    description="A new version of a submitted order (PENDING_APPROVAL, APPROVED, ALLOCATED, "
    "PARTIALLY_SHIPPED or REJECTED): re-priced, credit and approval rules re-run, "
    "reservations adjusted, re-promised.",
    extensions=requires("order.amend"),
)
async def amend_sales_order(info: Info, input: AmendSalesOrderInput) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order(await amendments.amend_sales_order(
            s, actor=actor, order_id=input_pk(input.order_id, "SalesOrder", ("input", "orderId")),
            expected_version=input.expected_version, reason=input.reason,
            lines=_changes(input.lines), header=_header(input),
        ))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="amendSalesOrder",
        idempotency_key=input.idempotency_key, request=_request(input)))


@strawberry.mutation(
    description="Closes the unshipped rest of lines (all open lines if none given), releasing "
    "their reservations; a line with nothing shipped is cancelled.",
    extensions=requires("order.short_close"),
)
async def short_close_sales_order(
    info: Info, input: ShortCloseSalesOrderInput
) -> SalesOrderPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        line_ids = None if input.line_ids is None else [
            input_pk(pk, "OrderLine", ("input", "lineIds", str(i)))
            for i, pk in enumerate(input.line_ids)]
        return _order(await short_close.short_close_sales_order(
            s, actor=actor, order_id=input_pk(input.order_id, "SalesOrder", ("input", "orderId")),
            reason=input.reason, line_ids=line_ids,
        ))

    return payload(SalesOrderPayload, await run_mutation(
        info.context, action, operation="shortCloseSalesOrder",
        idempotency_key=input.idempotency_key, request=_request(input)))
