"""Work orders: numbering, requirement per component, the BOM version in effect, made by
hand, for a PRODUCTION replenishment request or for an order; changes and refusals."""

import math
import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from backend.db.models import (
    AuditEvent,
    OutboxEvent,
    ReplenishmentRequest,
    WorkOrder,
)
from backend.domain.production.work_orders import requirement
from backend.domain.sales import allocation
from backend.domain.tx import transaction
from backend.enums import Replenishment, ReplenishmentStatus
from tests.production.conftest import CREATE_BOM, CREATE_WO, UPDATE_WO, Plant, codes
from tests.support import builders
from tests.support.builders import today, unique
from tests.support.client import Client
from tests.support.ids import gid


def test_the_requirement_rounds_up_quantity_times_per_unit_plus_scrap() -> None:
    assert requirement(10, 2, Decimal("5")) == 21
    assert requirement(7, 3, Decimal("0")) == 21
    assert requirement(3, 1, Decimal("2")) == 4  # 3.06 -> 4
    assert requirement(100, 1, Decimal("2")) == 102
    assert requirement(1, 1, Decimal("100")) == 2
    for quantity, per, scrap in ((9, 4, "12.5"), (13, 1, "0.01")):
        assert requirement(quantity, per, Decimal(scrap)) == math.ceil(
            Decimal(quantity * per) * (1 + Decimal(scrap) / 100))


async def test_a_work_order_by_hand_is_planned_with_its_requirements_and_audited(
    plant: Plant, client: Client, sessionmaker
) -> None:
    finished, component, order = await plant.simple(10)
    assert re.fullmatch(rf"WO-{today().year}-\d{{6}}", order["number"])
    assert order["status"] == "PLANNED" and order["quantity"] == 10
    assert order["bomVersion"] == {"version": 1} and order["warehouse"]["code"] == "DE-LEJ"
    assert [(c["lineNumber"], c["requiredQuantity"], c["issuedQuantity"], c["reservations"])
            for c in order["components"]] == [(1, 21, 0, [])]
    assert order["operations"][0]["plannedMinutes"] == 30 + 125  # setup + 12.5 x 10
    assert order["scheduledStart"] is None and order["batchRecord"] is None
    async with sessionmaker() as s:
        pk = await s.scalar(select(WorkOrder.id).where(WorkOrder.number == order["number"]))
        audit = await s.scalar(select(AuditEvent.changes).where(
            AuditEvent.entity_type == "WorkOrder", AuditEvent.entity_id == pk))
        outbox = await s.scalar(select(OutboxEvent.payload).where(
            OutboxEvent.aggregate_type == "WorkOrder", OutboxEvent.aggregate_id == pk))
    assert audit["status"] == [None, "PLANNED"] and audit["quantity"] == [None, 10]
    assert outbox["kind"] == "CREATED" and outbox["to"] == "PLANNED"
    changed = (await client.call("planner", UPDATE_WO, input={
        "workOrderId": order["id"], "quantity": 4,
        "dueDate": (today() + timedelta(days=30)).isoformat()}))["updateWorkOrder"]
    assert changed["userErrors"] == []
    assert changed["workOrder"]["components"][0]["requiredQuantity"] == 9  # 4 x 2 x 1.05
    assert changed["workOrder"]["dueDate"] == (today() + timedelta(days=30)).isoformat()


async def test_without_an_effective_version_or_with_a_draft_it_is_bom_not_effective(
    plant: Plant, client: Client
) -> None:
    component = await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    due = (today() + timedelta(days=5)).isoformat()
    none = (await client.call("planner", CREATE_WO, input={
        "productId": finished["id"], "quantity": 1, "dueDate": due}))["createWorkOrder"]
    assert codes(none) == [("BOM_NOT_EFFECTIVE", ["input", "productId"])]
    draft = (await client.call("planner", CREATE_BOM, input=plant.bom_input(
        finished, [(component, 1, "0")])))["createBomVersion"]["bomVersion"]
    with_draft = (await client.call("planner", CREATE_WO, input={
        "productId": finished["id"], "quantity": 1, "dueDate": due,
        "bomVersionId": draft["id"]}))["createWorkOrder"]
    assert codes(with_draft) == [("BOM_NOT_EFFECTIVE", ["input", "bomVersionId"])]


async def test_bad_work_orders_are_refused_and_write_nothing(
    plant: Plant, client: Client, sessionmaker
) -> None:
    finished, _, order = await plant.simple(5)
    async with sessionmaker() as s:
        before = await s.scalar(select(func.count()).select_from(WorkOrder))
    past = (await client.call("planner", CREATE_WO, input={
        "productId": finished["id"], "quantity": 0,
        "dueDate": (today() - timedelta(days=1)).isoformat()}))["createWorkOrder"]
    assert sorted(codes(past)) == [("INVALID", ["input", "dueDate"]),
                                   ("INVALID", ["input", "quantity"])]
    unknown = (await client.call("planner", CREATE_WO, input={
        "productId": gid("Product", 987654321), "quantity": 1,
        "dueDate": today().isoformat()}))["createWorkOrder"]
    assert codes(unknown) == [("NOT_FOUND", ["input", "productId"])]
    async with sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(WorkOrder)) == before
    cancelled = (await client.call("planner", """mutation($input: CancelWorkOrderInput!) {
      cancelWorkOrder(input: $input) { workOrder { status } userErrors { code field } } }""",
        input={"workOrderId": order["id"], "reason": "Not needed"}))["cancelWorkOrder"]
    assert cancelled["workOrder"]["status"] == "CANCELLED"
    again = (await client.call("planner", UPDATE_WO, input={
        "workOrderId": order["id"], "quantity": 3}))["updateWorkOrder"]
    assert codes(again) == [("INVALID_TRANSITION", ["input", "workOrderId"])]


async def test_a_work_order_for_a_replenishment_request_takes_its_quantity(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component = await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")])
    async with transaction(sessionmaker) as s:
        request = ReplenishmentRequest(number=unique("RR"), product_id=finished["pk"],
                                       quantity=7, kind=Replenishment.PRODUCTION,
                                       status=ReplenishmentStatus.OPEN)
        s.add(request)
        await s.flush()
        purchase = ReplenishmentRequest(number=unique("RR"), product_id=finished["pk"],
                                        quantity=3, kind=Replenishment.PURCHASE,
                                        status=ReplenishmentStatus.OPEN)
        s.add(purchase)
        await s.flush()
        ids = request.id, purchase.id
    order = await plant.work_order(finished, None,  # type: ignore[arg-type]
                                   replenishmentRequestId=gid("ReplenishmentRequest", ids[0]))
    assert order["quantity"] == 7
    assert order["replenishmentRequest"] == {"id": gid("ReplenishmentRequest", ids[0])}
    wrong = (await client.call("planner", CREATE_WO, input={
        "productId": finished["id"], "dueDate": today().isoformat(),
        "replenishmentRequestId": gid("ReplenishmentRequest", ids[1])}))["createWorkOrder"]
    assert ("INVALID", ["input", "replenishmentRequestId"]) in codes(wrong)


async def test_a_work_order_for_an_order_makes_its_unreserved_rest(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component = await plant.product()
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")])
    await plant.lot(finished, 2)  # two in stock: the order reserves them
    customer = await builders.make_customer(sessionmaker)
    async with transaction(sessionmaker) as s:
        order = await builders.approved(s, customer.id, [(finished["pk"], 5)])
        await allocation.allocate_sales_order(s, actor=await builders.demo_actor(s, "sales"),
                                              order_id=order.id, backorder=True)
        number, order_id = order.number, order.id
    made = await plant.work_order(finished, None,  # type: ignore[arg-type]
                                  salesOrderId=gid("SalesOrder", order_id))
    assert made["quantity"] == 3 and made["salesOrder"] == {"number": number}
    other = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(other, [(component, 1, "0")])
    refused = (await client.call("planner", CREATE_WO, input={
        "productId": other["id"], "dueDate": today().isoformat(),
        "salesOrderId": gid("SalesOrder", order_id)}))["createWorkOrder"]
    assert ("INVALID", ["input", "salesOrderId"]) in codes(refused)
