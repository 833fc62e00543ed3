"""Root mutations of supplier prices and purchase orders (BUYER)."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.db.models import PurchaseOrder
from backend.domain.actor import Actor
from backend.domain.purchasing import prices
from backend.domain.purchasing import purchase_orders as orders
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.purchasing.inputs import (
    CreatePurchaseOrderInput,
    PurchaseOrderActionInput,
    SetSupplierPriceInput,
)
from backend.schema.purchasing.payloads import PurchaseOrderPayload, SupplierPricePayload


def _order_ref(order: PurchaseOrder) -> dict[str, Any]:
    return {"purchase_order": ref("PurchaseOrder", order.id)}


@strawberry.mutation(extensions=requires("purchase.order"))
async def set_supplier_price(info: Info, input: SetSupplierPriceInput) -> SupplierPricePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        price = await prices.set_supplier_price(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            unit_price=input.unit_price, lead_time_days=input.lead_time_days,
            currency=input.currency, minimum_order_quantity=input.minimum_order_quantity,
            valid_from=input.valid_from, valid_to=input.valid_to,
        )
        return {"price": ref("SupplierPrice", price.id)}

    return payload(SupplierPricePayload, await run_mutation(
        info.context, action, operation="setSupplierPrice"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def create_purchase_order(info: Info,
                                input: CreatePurchaseOrderInput) -> PurchaseOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        order = await orders.create_purchase_order(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            note=input.note,
            supplier_override_id=optional_input_pk(
                input.supplier_override_id, "SupplierOverride", ("input", "supplierOverrideId")),
            lines=[orders.LineRequest(
                product_id=optional_input_pk(line.product_id, "Product",
                                             ("input", "lines", str(i), "productId")),
                quantity=line.quantity, unit_price=line.unit_price,
                expected_on=line.expected_on,
                requisition_line_id=optional_input_pk(
                    line.requisition_line_id, "PurchaseRequisitionLine",
                    ("input", "lines", str(i), "requisitionLineId")),
            ) for i, line in enumerate(input.lines)],
        )
        return _order_ref(order)

    return payload(PurchaseOrderPayload, await run_mutation(
        info.context, action, operation="createPurchaseOrder",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input),
    ))


def _order_id(input: PurchaseOrderActionInput) -> int:
    return input_pk(input.purchase_order_id, "PurchaseOrder", ("input", "purchaseOrderId"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def submit_purchase_order(info: Info,
                                input: PurchaseOrderActionInput) -> PurchaseOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order_ref(await orders.submit_purchase_order(
            session, actor=actor, order_id=_order_id(input)))

    return payload(PurchaseOrderPayload, await run_mutation(
        info.context, action, operation="submitPurchaseOrder"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def send_purchase_order(info: Info,
                              input: PurchaseOrderActionInput) -> PurchaseOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order_ref(await orders.send_purchase_order(
            session, actor=actor, order_id=_order_id(input)))

    return payload(PurchaseOrderPayload, await run_mutation(
        info.context, action, operation="sendPurchaseOrder"))


@strawberry.mutation(extensions=requires("purchase.order"))
async def cancel_purchase_order(info: Info,
                                input: PurchaseOrderActionInput) -> PurchaseOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order_ref(await orders.cancel_purchase_order(
            session, actor=actor, order_id=_order_id(input), reason=input.reason))

    return payload(PurchaseOrderPayload, await run_mutation(
        info.context, action, operation="cancelPurchaseOrder"))


@strawberry.mutation(extensions=requires("purchase.order"),
                     description="Short-closes a partly received order, or closes a received "
                     "one.")
async def close_purchase_order(info: Info,
                               input: PurchaseOrderActionInput) -> PurchaseOrderPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        return _order_ref(await orders.close_purchase_order(
            session, actor=actor, order_id=_order_id(input), reason=input.reason))

    return payload(PurchaseOrderPayload, await run_mutation(
        info.context, action, operation="closePurchaseOrder"))
