"""Shipments, deliveries, stock transfers and customer returns."""

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.fulfilment import returns, shipping, transfers
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.fulfilment.inputs import (
    CreateShipmentInput,
    RecordCustomerReturnInput,
    TransferStockInput,
)
from backend.schema.fulfilment.payloads import (
    CustomerReturnPayload,
    ShipmentPayload,
    StockTransferPayload,
)
from backend.schema.permissions import requires
from backend.schema.requests import as_request


@strawberry.mutation(extensions=requires("shipment.create"))
async def create_shipment(info: Info, input: CreateShipmentInput) -> ShipmentPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        lines = None if input.lines is None else [
            shipping.ShipLine(
                lot_id=input_pk(line.lot_id, "Lot", ("input", "lines", str(n), "lotId")),
                quantity=line.quantity,
                serial_numbers=line.serial_numbers,
            )
            for n, line in enumerate(input.lines)
        ]
        shipment = await shipping.create_shipment(
            s,
            actor=actor,
            order_id=input_pk(input.order_id, "SalesOrder", ("input", "orderId")),
            warehouse_id=optional_input_pk(input.warehouse_id, "Warehouse",
                                           ("input", "warehouseId")),
            carrier=input.carrier,
            tracking_number=input.tracking_number,
            lines=lines,
            carton_count=input.carton_count,
            custom_fields=input.custom_fields,
        )
        return {"shipment": ref("Shipment", shipment.id)}

    return payload(ShipmentPayload, await run_mutation(
        info.context, action, operation="createShipment",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))


@strawberry.mutation(extensions=requires("shipment.deliver"))
async def confirm_delivery(
    info: Info, shipment_id: strawberry.ID, delivered_at: datetime | None = None
) -> ShipmentPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        shipment = await shipping.confirm_delivery(
            s, actor=actor, shipment_id=input_pk(shipment_id, "Shipment", ("shipmentId",)),
            delivered_at=delivered_at,
        )
        return {"shipment": ref("Shipment", shipment.id)}

    return payload(ShipmentPayload, await run_mutation(
        info.context, action, operation="confirmDelivery"
    ))


@strawberry.mutation(
    description="Moves stock of a lot to another warehouse.", extensions=requires("stock.transfer")
)
async def transfer_stock(info: Info, input: TransferStockInput) -> StockTransferPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        transfer = await transfers.transfer_stock(
            s,
            actor=actor,
            lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            from_warehouse_id=input_pk(input.from_warehouse_id, "Warehouse",
                                       ("input", "fromWarehouseId")),
            to_warehouse_id=input_pk(input.to_warehouse_id, "Warehouse",
                                     ("input", "toWarehouseId")),
            quantity=input.quantity,
            serial_numbers=input.serial_numbers,
            reference=input.reference,
        )
        return {"transfer": ref("StockTransfer", transfer.id)}

    return payload(StockTransferPayload, await run_mutation(
        info.context, action, operation="transferStock",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))


@strawberry.mutation(
    description="Takes back shipped goods into quarantine, with a credit note if invoiced.",
    extensions=requires("return.record"),
)
async def record_customer_return(
    info: Info, input: RecordCustomerReturnInput
) -> CustomerReturnPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        lines = [
            returns.ReturnLine(
                lot_id=input_pk(line.lot_id, "Lot", ("input", "lines", str(n), "lotId")),
                quantity=line.quantity,
                serial_numbers=line.serial_numbers,
            )
            for n, line in enumerate(input.lines)
        ]
        customer_return = await returns.return_goods(
            s,
            actor=actor,
            shipment_id=input_pk(input.shipment_id, "Shipment", ("input", "shipmentId")),
            lines=lines,
            reason=input.reason,
            warehouse_id=optional_input_pk(input.warehouse_id, "Warehouse",
                                           ("input", "warehouseId")),
        )
        return {"customer_return": ref("CustomerReturn", customer_return.id)}

    return payload(CustomerReturnPayload, await run_mutation(
        info.context, action, operation="recordCustomerReturn",
        idempotency_key=input.idempotency_key, request=as_request(input),
    ))
