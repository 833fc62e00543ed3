"""Shipments, deliveries, stock transfers and customer returns."""

from datetime import datetime

import strawberry

from backend.domain import returns, shipping, transfers
from backend.enums import Role
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.ids import pk_of
from backend.schema.inputs import CreateShipmentInput
from backend.schema.mutations.requests import as_request
from backend.schema.payloads import ShipmentPayload
from backend.schema.types.sales import (
    CustomerReturnPayload,
    RecordCustomerReturnInput,
    StockTransferPayload,
    TransferStockInput,
)

SHIPPERS = (Role.WAREHOUSE,)
RECEIVERS = (Role.WAREHOUSE, Role.SALES, Role.PARTNER)
RETURN_TAKERS = (Role.WAREHOUSE, Role.SALES)


@strawberry.type
class ShippingMutations:
    @strawberry.mutation
    async def create_shipment(
        self, info: strawberry.Info, input: CreateShipmentInput
    ) -> ShipmentPayload:
        order_id = pk_of(input.order_id, "SalesOrder", argument="input.orderId")
        warehouse_id = (
            None
            if input.warehouse_id is None
            else pk_of(input.warehouse_id, "Warehouse", argument="input.warehouseId")
        )
        lines = (
            None
            if input.lines is None
            else [
                shipping.ShipLine(
                    lot_id=pk_of(line.lot_id, "Lot", argument=f"input.lines[{n}].lotId"),
                    quantity=line.quantity,
                    serial_numbers=line.serial_numbers,
                )
                for n, line in enumerate(input.lines)
            ]
        )

        async def action(s, actor):  # type: ignore[no-untyped-def]
            shipment = await shipping.create_shipment(
                s,
                actor=actor,
                order_id=order_id,
                warehouse_id=warehouse_id,
                carrier=input.carrier,
                tracking_number=input.tracking_number,
                lines=lines,
            )
            return {"shipment": ref("Shipment", shipment.id)}

        return await run_mutation(
            info,
            ShipmentPayload,
            action,
            roles=SHIPPERS,
            operation="createShipment",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )

    @strawberry.mutation
    async def confirm_delivery(
        self,
        info: strawberry.Info,
        shipment_id: strawberry.ID,
        delivered_at: datetime | None = None,
    ) -> ShipmentPayload:
        pk = pk_of(shipment_id, "Shipment", argument="shipmentId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            shipment = await shipping.confirm_delivery(
                s, actor=actor, shipment_id=pk, delivered_at=delivered_at
            )
            return {"shipment": ref("Shipment", shipment.id)}

        return await run_mutation(
            info, ShipmentPayload, action, roles=RECEIVERS, operation="confirmDelivery"
        )

    @strawberry.mutation(description="Moves stock of a lot to another warehouse.")
    async def transfer_stock(
        self, info: strawberry.Info, input: TransferStockInput
    ) -> StockTransferPayload:
        lot_id = pk_of(input.lot_id, "Lot", argument="input.lotId")
        source = pk_of(input.from_warehouse_id, "Warehouse", argument="input.fromWarehouseId")
        target = pk_of(input.to_warehouse_id, "Warehouse", argument="input.toWarehouseId")

        async def action(s, actor):  # type: ignore[no-untyped-def]
            transfer = await transfers.transfer_stock(
                s,
                actor=actor,
                lot_id=lot_id,
                from_warehouse_id=source,
                to_warehouse_id=target,
                quantity=input.quantity,
                serial_numbers=input.serial_numbers,
                reference=input.reference,
            )
            return {"transfer": ref("StockTransfer", transfer.id)}

        return await run_mutation(
            info,
            StockTransferPayload,
            action,
            roles=SHIPPERS,
            operation="transferStock",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )

    @strawberry.mutation(
        description="Takes back shipped goods into quarantine, with a credit note if invoiced."
    )
    async def record_customer_return(
        self, info: strawberry.Info, input: RecordCustomerReturnInput
    ) -> CustomerReturnPayload:
        shipment_id = pk_of(input.shipment_id, "Shipment", argument="input.shipmentId")
        warehouse_id = (
            None
            if input.warehouse_id is None
            else pk_of(input.warehouse_id, "Warehouse", argument="input.warehouseId")
        )
        lines = [
            returns.ReturnLine(
                lot_id=pk_of(line.lot_id, "Lot", argument=f"input.lines[{n}].lotId"),
                quantity=line.quantity,
                serial_numbers=line.serial_numbers,
            )
            for n, line in enumerate(input.lines)
        ]

        async def action(s, actor):  # type: ignore[no-untyped-def]
            customer_return = await returns.return_goods(
                s,
                actor=actor,
                shipment_id=shipment_id,
                lines=lines,
                reason=input.reason,
                warehouse_id=warehouse_id,
            )
            return {"customer_return": ref("CustomerReturn", customer_return.id)}

        return await run_mutation(
            info,
            CustomerReturnPayload,
            action,
            roles=RETURN_TAKERS,
            operation="recordCustomerReturn",
            idempotency_key=input.idempotency_key,
            request=as_request(input),
        )
