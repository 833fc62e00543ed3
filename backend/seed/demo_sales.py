"""The demo's sales side: orders with approvals, allocations and shipments, and the recall.
Called by `demo.load_demo` once stock and quality records exist; invoices and payments are
made through the finance domain afterwards (demo_finance.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from backend.db.models import (
    Allocation,
    Approval,
    Customer,
    Recall,
    RecallLot,
    RecallNotice,
    RecallShipment,
    SalesOrder,
    SalesOrderLine,
    SalesOrderVersion,
    Shipment,
    ShipmentLine,
    ShipmentLineSerial,
)
from backend.domain.trust import audit
from backend.enums import (
    ApprovalStatus,
    AuditAction,
    DocumentKind,
    LotStatus,
    OrderStatus,
    RecallStatus,
    Role,
    SerialStatus,
    ShipmentStatus,
    StockMoveKind,
    TrackingMode,
)
from backend.seed import demo_data as data
from backend.seed.demo_state import ZERO, DemoState, cents


async def load_orders(demo: DemoState) -> None:
    """Every order of the table, oldest first, so numbers rise with time."""
    for spec in sorted((*data.ORDERS, *data.FINANCE_ORDERS), key=lambda o: -o.created):
        await _order(demo, spec)


async def _order(demo: DemoState, spec: data.OrderSpec) -> None:
    """One order with its lines, approval, allocations and shipments."""
    customer = demo.customers[spec.customer]
    created = demo.at(spec.created, 9)
    order = SalesOrder(number=demo.number("SO", created), customer_id=customer.id,
                       status=spec.status, created_at=created, updated_at=created,
                       created_by_id=demo.users["sales"].id, customer_reference=spec.reference,
                       requested_delivery_date=created.date() + timedelta(days=14))
    lines = []
    for number, line_spec in enumerate(spec.lines, start=1):
        product = demo.products[line_spec.sku]
        price, discount = demo.price(customer, line_spec.sku), Decimal(line_spec.discount)
        lines.append(SalesOrderLine(
            line_number=number, product_id=product.id, quantity=line_spec.quantity,
            unit_price=price, list_price=price, discount_percent=discount,
            tax_rate=product.tax_rate,
            line_total=cents(line_spec.quantity * price * (1 - discount / 100)),
            shipped_quantity=0))
    order.subtotal = sum((line.line_total for line in lines), ZERO)
    order.tax_total = sum((cents(line.line_total * line.tax_rate) for line in lines), ZERO)
    order.total = order.subtotal + order.tax_total
    await demo.add(order)
    for line in lines:
        line.order_id = order.id
    await demo.add(*lines)
    # Version 1: the order as created.
    await demo.add(SalesOrderVersion(order_id=order.id, version=1, created_at=created,
                                     created_by_id=order.created_by_id, changes=[],
                                     subtotal=order.subtotal, tax_total=order.tax_total,
                                     total=order.total))
    demo.orders.append((order, spec))

    if spec.approval:
        await _approval(demo, order, spec.approval, created)
    promised: list[date] = []
    for line, line_spec in zip(lines, spec.lines, strict=True):
        if line_spec.lot and not line_spec.shipped:
            await _allocate(demo, line, line_spec, demo.at(max(spec.created - 1, 0), 15))
            assert line_spec.warehouse is not None  # an allocated line names its warehouse
            lane = demo.lane(line_spec.warehouse, customer)
            promised.append(demo.today + timedelta(days=1 + lane.transit_days))
    for ship in spec.shipments:
        promised.append(await _ship(demo, order, customer, lines, spec.lines, ship))
        order.updated_at = max(order.updated_at, demo.at(ship.delivered or ship.shipped, 14))
    order.promised_delivery_date = max(promised, default=None)
    if spec.status is OrderStatus.CANCELLED:
        order.updated_at = created + timedelta(days=1)
        # As cancelSalesOrder records it.
        await audit.record(demo.session, actor_id=demo.users["sales"].id,
                           action=AuditAction.ORDER_STATUS_CHANGED, entity_type="SalesOrder",
                           entity_id=order.id, reason="Customer withdrew the purchase order",
                           changes={"status": (OrderStatus.APPROVED, OrderStatus.CANCELLED)})
    await demo.session.flush()


async def _approval(demo: DemoState, order: SalesOrder, decision: data.Decision,
                    created: datetime) -> None:
    rule = demo.rules[decision.rule]
    required_role = Role(rule.levels[0][0])
    approval = Approval(order_id=order.id, rule=rule.code, required_role=required_role,
                        status=decision.status, requested_at=created + timedelta(minutes=30),
                        comment=decision.comment, level=1, order_version=1,
                        requested_by_id=order.created_by_id)
    if decision.status is not ApprovalStatus.PENDING:
        signer = "manager" if required_role is Role.SALES_MANAGER else "finance"
        decided = demo.at(decision.decided or 0, 11)
        verb = "Approved" if decision.status is ApprovalStatus.APPROVED else "Rejected"
        record = {"id": order.id, "number": order.number, "customer_id": order.customer_id,
                  "total": order.total, "rule": rule.code, "decision": decision.status.value}
        signature = await demo.sign(signer, verb, "sales_order", order.id, record, decided)
        approval.decided_by_id = demo.users[signer].id
        approval.decided_at = decided
        approval.signature_id = signature.id
        order.updated_at = decided
        # As decideApproval records it.
        await audit.record(demo.session, actor_id=demo.users[signer].id,
                           action=AuditAction.APPROVAL_DECIDED, entity_type="SalesOrder",
                           entity_id=order.id, reason=decision.comment,
                           changes={"rules": (None, [rule.code]),
                                    "approval_status": (ApprovalStatus.PENDING, decision.status),
                                    "meaning": (None, verb),
                                    "signature_id": (None, signature.id)})
    await demo.add(approval)


async def _allocate(demo: DemoState, line: SalesOrderLine, spec: data.Line, at: datetime) -> None:
    assert spec.lot is not None and spec.warehouse is not None  # as for every allocated line
    lot, warehouse = demo.lots[spec.lot], demo.warehouses[spec.warehouse]
    allocation = Allocation(order_line_id=line.id, warehouse_id=warehouse.id, lot_id=lot.id,
                            quantity=spec.quantity, created_at=at)
    await demo.add(allocation)
    demo.ledger.reserve(warehouse, lot, spec.quantity)
    if demo.product_by_id[line.product_id].tracking_mode is TrackingMode.SERIAL:
        for serial in demo.take_serials(lot, warehouse, spec.quantity):
            serial.status, serial.allocation_id = SerialStatus.ALLOCATED, allocation.id


async def _ship(demo: DemoState, order: SalesOrder, customer: Customer,
                lines: list[SalesOrderLine], line_specs: tuple[data.Line, ...],
                ship: data.Ship) -> date:
    """A shipment of the order's shipped lines from one warehouse; returns its promised date."""
    warehouse, lane = demo.warehouses[ship.warehouse], demo.lane(ship.warehouse, customer)
    shipped_at = demo.at(ship.shipped, 10)
    number = demo.number("SH", shipped_at)
    carrier_initials = "".join(word[0] for word in (lane.carrier or "").split())
    shipment = Shipment(
        number=number, order_id=order.id, customer_id=order.customer_id,
        warehouse_id=warehouse.id, carrier=lane.carrier,
        tracking_number=carrier_initials + number[3:].replace("-", ""),
        status=ShipmentStatus.DELIVERED if ship.delivered is not None else ShipmentStatus.SHIPPED,
        created_at=shipped_at - timedelta(hours=3), created_by_id=demo.users["warehouse"].id,
        shipped_at=shipped_at,
        delivered_at=demo.at(ship.delivered, 13) if ship.delivered is not None else None)
    await demo.add(shipment)
    shipment_lines = []
    for line, spec in zip(lines, line_specs, strict=True):
        if not (spec.shipped and spec.warehouse == ship.warehouse):
            continue
        assert spec.lot is not None  # a shipped line names its lot
        lot = demo.lots[spec.lot]
        shipment_line = ShipmentLine(shipment_id=shipment.id, order_line_id=line.id,
                                     product_id=line.product_id, lot_id=lot.id,
                                     quantity=spec.quantity)
        await demo.add(shipment_line)
        shipment_lines.append(shipment_line)
        line.shipped_quantity += spec.quantity
        if demo.product_by_id[line.product_id].tracking_mode is not TrackingMode.SERIAL:
            demo.ledger.move(StockMoveKind.SHIPMENT, lot, warehouse, -spec.quantity, shipped_at,
                             demo.users["warehouse"], number, shipment=shipment)
            continue
        for serial in demo.take_serials(lot, warehouse, spec.quantity):
            demo.ledger.move(StockMoveKind.SHIPMENT, lot, warehouse, -1, shipped_at,
                             demo.users["warehouse"], number, serial=serial, shipment=shipment)
            serial.status, serial.warehouse_id = SerialStatus.SHIPPED, None
            demo.session.add(ShipmentLineSerial(shipment_line_id=shipment_line.id,
                                                serial_id=serial.id))
    demo.shipments.append((shipment, shipment_lines))
    await demo.document(DocumentKind.PACKING_LIST, f"Packing list {number}", [
        f"Order {order.number} for {customer.name} ({customer.code})",
        f"From {warehouse.name} via {lane.carrier}, tracking {shipment.tracking_number}",
        *(f"{demo.product_by_id[sl.product_id].sku}  lot {demo.lot_number(sl.lot_id)}  "
          f"qty {sl.quantity}" for sl in shipment_lines),
    ], shipped_at, "warehouse", [("Shipment", shipment.id)])
    return shipped_at.date() + timedelta(days=lane.transit_days)


async def load_recall(demo: DemoState) -> None:
    """A class II recall of one stent lot: the shipments that carried it, a notice per customer."""
    spec, lot = data.RECALL, demo.lots[data.RECALL["lot"]]
    initiated = demo.at(spec["initiated"], 11)
    recall = Recall(number=demo.number("RC", initiated), reason=spec["reason"],
                    recall_class=spec["class"], status=RecallStatus.OPEN,
                    initiated_at=initiated, initiated_by_id=demo.users["qa"].id)
    await demo.add(recall)
    signature = await demo.sign("qa", "Recall initiated", "recall", recall.id, {
        "id": recall.id, "number": recall.number, "reason": recall.reason,
        "recall_class": recall.recall_class.value, "lot_ids": [lot.id]}, initiated)
    recall.signature_id = signature.id
    demo.session.add(RecallLot(recall_id=recall.id, lot_id=lot.id, is_root=True))
    affected = [s for s, lines in demo.shipments if any(sl.lot_id == lot.id for sl in lines)]
    demo.session.add_all(RecallShipment(recall_id=recall.id, shipment_id=s.id) for s in affected)
    for customer_id in dict.fromkeys(s.customer_id for s in affected):
        code = next(c for c, cust in demo.customers.items() if cust.id == customer_id)
        ack = spec["acknowledged"].get(code)
        demo.session.add(RecallNotice(
            recall_id=recall.id, customer_id=customer_id,
            notified_at=initiated + timedelta(minutes=5),
            acknowledged_at=demo.at(ack[1], 15) if ack else None,
            acknowledged_by_id=demo.users[ack[0]].id if ack else None))
    await demo.session.flush()
    await audit.record(demo.session, actor_id=demo.users["qa"].id,
                       action=AuditAction.RECALL_INITIATED,
                       entity_type="Recall", entity_id=recall.id, reason=recall.reason,
                       changes={**audit.created(lots=[lot.lot_number],
                                                shipments=[s.number for s in affected]),
                                "lot_status": (LotStatus.RELEASED, LotStatus.RECALLED)})
