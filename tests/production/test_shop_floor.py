"""The shop floor: material issue (from reservations or another released lot, serials by
number, all or nothing, idempotent) and output (a quarantined lot with genealogy followed
by `trace`, partial and final outputs, serialised assemblies)."""

from sqlalchemy import func, select

from backend.db.models import Serial, StockBalance, StockMove
from backend.enums import Replenishment, TrackingMode
from tests.production.conftest import Plant, codes
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.ids import gid

ISSUE = """mutation($input: IssueMaterialInput!) { issueMaterial(input: $input) {
  workOrder { status components { requiredQuantity issuedQuantity
    reservations { quantity lot { id } } issued { quantity lot { id } serials { serialNumber } } } }
  userErrors { field message code } } }"""
OUTPUT = """mutation($input: RecordWorkOrderOutputInput!) { recordWorkOrderOutput(input: $input) {
  workOrder { status completedQuantity outputLots { lotNumber } }
  lot { id lotNumber status workOrder { number }
    serials(first: 50) { edges { node { serialNumber components { serialNumber status } } } } }
  userErrors { field message code } } }"""
TRACE = """query($id: ID!, $d: TraceDirection!) { trace(lotId: $id, direction: $d) {
  lots { id } serials { serialNumber assembly { serialNumber } }
  serialLinks { assembly { serialNumber } component { serialNumber } } } }"""


async def balance(sessionmaker, lot_id: int) -> tuple[int, int]:
    async with sessionmaker() as s:
        row = (await s.execute(select(StockBalance.on_hand, StockBalance.reserved)
                               .where(StockBalance.lot_id == lot_id))).one()
        return row.on_hand, row.reserved


async def test_issue_consumes_the_reservations_once_and_output_makes_a_traced_lot(
    plant: Plant, client: Client, sessionmaker
) -> None:
    finished, component, order = await plant.simple(10, stock=100)  # 21 needed
    released = (await plant.release(order))["workOrder"]
    lot_id = released["components"][0]["reservations"][0]["lot"]["id"]
    lot_pk = await _pk(sessionmaker, component["pk"])
    early = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 1}))[
        "recordWorkOrderOutput"]
    assert codes(early) == [("MATERIAL_NOT_ISSUED", ["input", "workOrderId"])]
    key = unique("issue")
    issued = (await client.call("operator", ISSUE, input={
        "workOrderId": order["id"], "idempotencyKey": key}))["issueMaterial"]
    assert issued["userErrors"] == []
    line = issued["workOrder"]["components"][0]
    assert issued["workOrder"]["status"] == "IN_PROGRESS"
    assert (line["issuedQuantity"], line["reservations"]) == (21, [])
    assert line["issued"] == [{"quantity": 21, "lot": {"id": lot_id}, "serials": []}]
    assert await balance(sessionmaker, lot_pk) == (79, 0)
    replay = (await client.call("operator", ISSUE, input={
        "workOrderId": order["id"], "idempotencyKey": key}))["issueMaterial"]
    assert replay["workOrder"]["components"][0]["issuedQuantity"] == 21
    assert await balance(sessionmaker, lot_pk) == (79, 0)
    async with sessionmaker() as s:
        moves = list(await s.scalars(select(StockMove).where(
            StockMove.lot_id == lot_pk, StockMove.kind == "CONSUMPTION")))
    assert [(m.quantity, m.reference) for m in moves] == [(-21, order["number"])]
    more = (await client.call("operator", ISSUE, input={
        "workOrderId": order["id"], "lines": [{"lotId": lot_id, "quantity": 1}]}))["issueMaterial"]
    assert codes(more) == [("OVER_ISSUE", ["input", "lines", "0", "quantity"])]

    first = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 4}))[
        "recordWorkOrderOutput"]
    assert first["userErrors"] == [], first
    assert first["lot"]["status"] == "QUARANTINE"
    assert first["lot"]["workOrder"] == {"number": order["number"]}
    assert first["workOrder"]["status"] == "IN_PROGRESS"
    assert first["workOrder"]["completedQuantity"] == 4
    forward = (await client.call("qa", TRACE, id=lot_id, d="FORWARD"))["trace"]
    assert first["lot"]["id"] in [lot["id"] for lot in forward["lots"]]
    too_many = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 7}))[
        "recordWorkOrderOutput"]
    assert codes(too_many) == [("INVALID", ["input", "quantity"])]
    last = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 5,
        "final": True}))["recordWorkOrderOutput"]
    assert last["workOrder"]["status"] == "COMPLETED"
    assert len(last["workOrder"]["outputLots"]) == 2


async def _pk(sessionmaker, product_pk: int) -> int:
    async with sessionmaker() as s:
        return int(await s.scalar(select(StockBalance.lot_id).where(
            StockBalance.product_id == product_pk)))


async def test_another_released_lot_may_be_issued_and_the_reservation_moves(
    plant: Plant, client: Client, sessionmaker
) -> None:
    component, other = await plant.product(), await plant.product()
    reserved_lot = await plant.lot(component, 30, expires_in_days=50)
    spare_lot = await plant.lot(component, 30, expires_in_days=300)
    foreign = await plant.lot(other, 10)
    finished = await plant.product(replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(finished, [(component, 1, "0")])
    order = await plant.work_order(finished, 20)
    assert (await plant.release(order))["userErrors"] == []
    assert await balance(sessionmaker, reserved_lot) == (30, 20)
    wrong = (await client.call("warehouse", ISSUE, input={"workOrderId": order["id"], "lines": [
        {"lotId": gid("Lot", spare_lot), "quantity": 5},
        {"lotId": gid("Lot", foreign), "quantity": 1}]}))["issueMaterial"]
    assert codes(wrong) == [("COMPONENT_NOT_IN_BOM", ["input", "lines", "1", "lotId"])]
    assert await balance(sessionmaker, spare_lot) == (30, 0)  # nothing written
    moved = (await client.call("warehouse", ISSUE, input={"workOrderId": order["id"], "lines": [
        {"lotId": gid("Lot", spare_lot), "quantity": 5}]}))["issueMaterial"]
    assert moved["userErrors"] == []
    line = moved["workOrder"]["components"][0]
    assert line["issuedQuantity"] == 5
    assert [r["quantity"] for r in line["reservations"]] == [15]
    assert await balance(sessionmaker, spare_lot) == (25, 0)
    assert await balance(sessionmaker, reserved_lot) == (30, 15)
    over = (await client.call("warehouse", ISSUE, input={"workOrderId": order["id"], "lines": [
        {"lotId": gid("Lot", spare_lot), "quantity": 16}]}))["issueMaterial"]
    assert codes(over) == [("OVER_ISSUE", ["input", "lines", "0", "quantity"])]
    assert (await client.body("sales", ISSUE, input={
        "workOrderId": order["id"]}))["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_serialised_assemblies_list_the_component_serials_built_into_each_unit(
    plant: Plant, client: Client, sessionmaker
) -> None:
    drive = await plant.product(TrackingMode.SERIAL)
    drive_lot = await plant.lot(drive, 5)
    board = await plant.product()
    await plant.lot(board, 10)
    pump = await plant.product(TrackingMode.SERIAL, replenishment=Replenishment.PRODUCTION)
    await plant.approved_bom(pump, [(drive, 1, "0"), (board, 1, "0")])
    order = await plant.work_order(pump, 2)
    assert (await plant.release(order))["userErrors"] == []
    async with sessionmaker() as s:
        numbers = list(await s.scalars(select(Serial.serial_number).where(
            Serial.lot_id == drive_lot).order_by(Serial.serial_number)))
    miscounted = (await client.call("operator", ISSUE, input={
        "workOrderId": order["id"], "lines": [
            {"lotId": gid("Lot", drive_lot), "quantity": 2, "serialNumbers": numbers[:1]}]}))[
        "issueMaterial"]
    assert codes(miscounted) == [("SERIAL_MISMATCH", ["input", "lines", "0", "serialNumbers"])]
    chosen = [numbers[3], numbers[4]]
    board_lot = await _pk(sessionmaker, board["pk"])
    issued = (await client.call("operator", ISSUE, input={"workOrderId": order["id"], "lines": [
        {"lotId": gid("Lot", drive_lot), "quantity": 2, "serialNumbers": chosen},
        {"lotId": gid("Lot", board_lot), "quantity": 2}]}))["issueMaterial"]
    assert issued["userErrors"] == [], issued
    assert [s["serialNumber"] for s in issued["workOrder"]["components"][0]["issued"][0][
        "serials"]] == chosen
    async with sessionmaker() as s:
        statuses = dict((await s.execute(select(Serial.serial_number, Serial.status).where(
            Serial.lot_id == drive_lot))).all())
    assert statuses[numbers[3]] == "CONSUMED" and statuses[numbers[0]] == "IN_STOCK"
    units = [{"serialNumber": unique("P"), "componentSerials": [chosen[0]]},
             {"serialNumber": unique("P"), "componentSerials": [chosen[0]]}]
    twice = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 2,
        "units": units}))["recordWorkOrderOutput"]
    assert codes(twice) == [("DUPLICATE", ["input", "units", "1", "componentSerials", "0"])]
    units[1]["componentSerials"] = [numbers[0]]  # in stock, but not issued here
    stranger = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 2,
        "units": units}))["recordWorkOrderOutput"]
    assert codes(stranger) == [("SERIAL_MISMATCH", ["input", "units", "1", "componentSerials",
                                                    "0"])]
    units[1]["componentSerials"] = [chosen[1]]
    made = (await client.call("operator", OUTPUT, input={
        "workOrderId": order["id"], "lotNumber": unique("FG"), "quantity": 2,
        "units": units}))["recordWorkOrderOutput"]
    assert made["userErrors"] == [], made
    assert made["workOrder"]["status"] == "COMPLETED"
    assert {e["node"]["serialNumber"]: [c["serialNumber"] for c in e["node"]["components"]]
            for e in made["lot"]["serials"]["edges"]} == {
        units[0]["serialNumber"]: [chosen[0]], units[1]["serialNumber"]: [chosen[1]]}
    trace = (await client.call("qa", TRACE, id=gid("Lot", drive_lot), d="FORWARD"))["trace"]
    assert {(link["component"]["serialNumber"], link["assembly"]["serialNumber"])
            for link in trace["serialLinks"]} == {
        (chosen[0], units[0]["serialNumber"]), (chosen[1], units[1]["serialNumber"])}
    async with sessionmaker() as s:
        assert await s.scalar(select(func.count()).select_from(Serial).where(
            Serial.lot_id == drive_lot, Serial.status == "CONSUMED")) == 2
