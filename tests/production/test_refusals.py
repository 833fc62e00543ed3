"""Bad input to production: ids that name nothing are NOT_FOUND at their field, and a
refused change writes nothing (no audit, no outbox event, no state)."""

from sqlalchemy import func, or_, select

from backend.db.models import (
    AuditEvent,
    BatchRecord,
    OutboxEvent,
    StockBalance,
    WorkOrder,
    WorkOrderComponent,
)
from tests.production.conftest import Plant, codes
from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.ids import gid, pk

SIGN = {"password": DEMO_PASSWORD, "meaning": "Signed"}
ERR = "userErrors { field code message }"
MUTATIONS = {
    "releaseWorkOrder": "ReleaseWorkOrderInput", "cancelWorkOrder": "CancelWorkOrderInput",
    "updateWorkOrder": "UpdateWorkOrderInput", "issueMaterial": "IssueMaterialInput",
    "recordWorkOrderOutput": "RecordWorkOrderOutputInput",
    "recordBatchStep": "RecordBatchStepInput", "verifyBatchStep": "VerifyBatchStepInput",
    "reviewBatchRecord": "ReviewBatchRecordInput",
    "closeBatchDeviation": "CloseBatchDeviationInput",
    "approveBomVersion": "ApproveBomVersionInput", "updateWorkCenter": "UpdateWorkCenterInput",
    "createWorkCenter": "CreateWorkCenterInput", "createWorkOrder": "CreateWorkOrderInput",
}


async def call(client: Client, user: str, mutation: str, input: dict) -> dict:
    document = (f"mutation($input: {MUTATIONS[mutation]}!) {{ {mutation}(input: $input) "
                f"{{ {ERR} }} }}")
    return (await client.call(user, document, input=input))[mutation]


async def test_unknown_ids_are_not_found_at_their_field(plant: Plant, client: Client) -> None:
    wo = gid("WorkOrder", 2**40)
    finished, _, _ = await plant.simple(1)
    cases = [
        ("planner", "releaseWorkOrder", {"workOrderId": wo}, "workOrderId"),
        ("planner", "cancelWorkOrder", {"workOrderId": wo, "reason": "x"}, "workOrderId"),
        ("planner", "updateWorkOrder", {"workOrderId": wo, "quantity": 2}, "workOrderId"),
        ("operator", "issueMaterial", {"workOrderId": wo}, "workOrderId"),
        ("operator", "recordWorkOrderOutput",
         {"workOrderId": wo, "lotNumber": unique("FG"), "quantity": 1}, "workOrderId"),
        ("operator", "recordBatchStep", {"workOrderId": wo, "stepSequence": 1, "values": [],
                                         "signature": SIGN}, "workOrderId"),
        ("inspector", "verifyBatchStep", {"workOrderId": wo, "stepSequence": 1,
                                          "signature": SIGN}, "workOrderId"),
        ("qa", "reviewBatchRecord", {"workOrderId": wo, "approve": True, "signature": SIGN},
         "workOrderId"),
        ("qa", "closeBatchDeviation", {"deviationId": gid("BatchDeviation", 2**40),
                                       "disposition": "SCRAP", "rationale": "x",
                                       "signature": SIGN}, "deviationId"),
        ("qa", "approveBomVersion", {"bomVersionId": gid("BomVersion", 2**40),
                                     "signature": SIGN}, "bomVersionId"),
        ("planner", "updateWorkCenter", {"workCenterId": gid("WorkCenter", 2**40),
                                         "hoursPerDay": "4"}, "workCenterId"),
        ("planner", "createWorkCenter", {"code": unique("WC"), "name": "Cell",
                                         "warehouseId": gid("Warehouse", 2**40),
                                         "hoursPerDay": "8"}, "warehouseId"),
        ("planner", "createWorkOrder", {"productId": finished["id"], "quantity": 1,
                                        "dueDate": today().isoformat(),
                                        "bomVersionId": gid("BomVersion", 2**40)},
         "bomVersionId"),
        ("planner", "createWorkOrder", {"productId": finished["id"], "quantity": 1,
                                        "dueDate": today().isoformat(),
                                        "salesOrderId": gid("SalesOrder", 2**40)},
         "salesOrderId"),
    ]
    for user, name, input, field in cases:
        payload = await call(client, user, name, input)
        assert codes(payload) == [("NOT_FOUND", ["input", field])], (name, payload)


async def trail(sessionmaker, work_order_id: int) -> tuple[int, int, str, int, list[int]]:
    """Audit and outbox events about the work order (and its batch record), its status,
    its completed quantity and what its components' balances hold reserved."""
    async with sessionmaker() as s:
        order = await s.get(WorkOrder, work_order_id)
        assert order is not None
        record = await s.scalar(select(BatchRecord.id).where(
            BatchRecord.work_order_id == work_order_id))
        audits = await s.scalar(select(func.count()).select_from(AuditEvent).where(or_(
            (AuditEvent.entity_type == "WorkOrder") & (AuditEvent.entity_id == work_order_id),
            (AuditEvent.entity_type == "BatchRecord") & (AuditEvent.entity_id == record))))
        outbox = await s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.aggregate_type == "WorkOrder", OutboxEvent.aggregate_id == work_order_id))
        return (int(audits or 0), int(outbox or 0), str(order.status), order.completed_quantity,
                list(await s.scalars(select(StockBalance.reserved).where(
                    StockBalance.warehouse_id == order.warehouse_id,
                    StockBalance.product_id.in_(select(WorkOrderComponent.product_id).where(
                        WorkOrderComponent.work_order_id == work_order_id)))
                    .order_by(StockBalance.lot_id))))


async def test_a_refusal_writes_nothing(plant: Plant, client: Client, sessionmaker) -> None:
    _, _, order = await plant.simple(2, stock=100)
    wo, wo_pk = order["id"], pk(order["id"])
    assert (await plant.release(order))["userErrors"] == []
    before = await trail(sessionmaker, wo_pk)
    refusals = [
        ("operator", "recordWorkOrderOutput",
         {"workOrderId": wo, "lotNumber": unique("FG"), "quantity": 1}, "MATERIAL_NOT_ISSUED"),
        ("operator", "recordBatchStep", {"workOrderId": wo, "stepSequence": 1, "values": [
            {"code": "TQ", "value": "9"}], "signature": SIGN}, "INVALID"),  # no comment
        ("operator", "recordBatchStep", {"workOrderId": wo, "stepSequence": 1, "values": [
            {"code": "TQ", "value": "2.0"}], "signature": {**SIGN, "password": "wrong"}},
         "SIGNATURE_INVALID"),
        ("inspector", "verifyBatchStep", {"workOrderId": wo, "stepSequence": 1,
                                          "signature": SIGN}, "INVALID_TRANSITION"),
        ("qa", "reviewBatchRecord", {"workOrderId": wo, "approve": True, "signature": SIGN},
         "BATCH_RECORD_INCOMPLETE"),
        ("planner", "updateWorkOrder", {"workOrderId": wo, "quantity": 3}, "INVALID_TRANSITION"),
        ("planner", "updateWorkOrder", {"workOrderId": wo, "dueDate": "2020-01-01"}, "INVALID"),
        ("planner", "cancelWorkOrder", {"workOrderId": wo, "reason": "  "}, "INVALID"),
    ]
    for user, name, input, code in refusals:
        payload = await call(client, user, name, input)
        assert [e["code"] for e in payload["userErrors"]] == [code], (name, payload)
        assert await trail(sessionmaker, wo_pk) == before, name

    issued = await call(client, "operator", "issueMaterial", {"workOrderId": wo})
    assert issued["userErrors"] == []
    step = await call(client, "operator", "recordBatchStep", {
        "workOrderId": wo, "stepSequence": 1, "values": [{"code": "TQ", "value": "2.6"}],
        "comment": "Re-torqued", "signature": SIGN})
    assert step["userErrors"] == []
    deviation = (await client.call("qa", """query($n: String!) { workOrder(number: $n) {
      batchRecord { deviations { id status } } } }""", n=order["number"]))["workOrder"][
        "batchRecord"]["deviations"][0]
    before = await trail(sessionmaker, wo_pk)
    blank = await call(client, "qa", "closeBatchDeviation", {
        "deviationId": deviation["id"], "disposition": "REWORK", "rationale": "   ",
        "signature": SIGN})
    assert codes(blank) == [("INVALID", ["input", "rationale"])]
    over = await call(client, "operator", "recordWorkOrderOutput", {
        "workOrderId": wo, "lotNumber": unique("FG"), "quantity": 3})
    assert codes(over) == [("INVALID", ["input", "quantity"])]
    assert await trail(sessionmaker, wo_pk) == before
    still = (await client.call("qa", """query($n: String!) { workOrder(number: $n) {
      batchRecord { deviations { status } } } }""", n=order["number"]))["workOrder"]
    assert still["batchRecord"]["deviations"] == [{"status": "OPEN"}]
