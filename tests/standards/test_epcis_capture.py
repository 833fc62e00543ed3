"""POST /epcis/capture: receiving and shipping events applied as receiveGoods and
createShipment would, whole or not at all; GET on the job's Location tells how it went."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import (
    Allocation,
    AuditEvent,
    EpcisCapture,
    Lot,
    OutboxEvent,
    SalesOrder,
    SalesOrderLine,
    Serial,
    Shipment,
    StockMove,
    Supplier,
    Warehouse,
)
from backend.domain.standards.gs1 import lgtin, sgtin
from backend.domain.tx import transaction
from backend.enums import LotStatus, OrderStatus, StockMoveKind, TrackingMode
from tests.standards.validators import EpcisSchema
from tests.support import builders
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.flows import Quality

Sessions = async_sessionmaker[AsyncSession]
CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
NOW = "2026-12-01T09:30:00.000Z"


def document(*events: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": NOW, "epcisBody": {"eventList": list(events)}}


def receiving(warehouse_gln: str, supplier_gln: str, *, lot: str | None = None,
              gtin: str | None = None, quantity: int = 10, serials: list[str] | None = None,
              expires: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ObjectEvent", "eventID": f"urn:uuid:{uuid4()}", "eventTime": NOW,
        "eventTimeZoneOffset": "+01:00", "action": "ADD", "bizStep": "receiving",
        "disposition": "in_progress",
        "readPoint": {"id": f"https://id.gs1.org/414/{warehouse_gln}"},
        "bizLocation": {"id": f"https://id.gs1.org/414/{warehouse_gln}"},
        "sourceList": [{"type": "owning_party",
                        "source": f"https://id.gs1.org/417/{supplier_gln}"}],
        "ilmd": {"cbvmda:itemExpirationDate": expires or str(datetime.now(UTC).date() + timedelta(400))},
    }
    if serials:
        event["epcList"] = [sgtin(str(gtin), s) for s in serials]
        event["ilmd"]["cbvmda:lotNumber"] = lot
    else:
        event["quantityList"] = [{"epcClass": lgtin(str(gtin), str(lot)), "quantity": quantity}]
    return event


def shipping(warehouse_gln: str, order_number: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "ObjectEvent", "eventID": f"urn:uuid:{uuid4()}", "eventTime": NOW,
        "eventTimeZoneOffset": "+00:00", "action": "OBSERVE", "bizStep": "shipping",
        "disposition": "in_transit",
        "readPoint": {"id": f"urn:epc:id:sgln:{warehouse_gln[:7]}.{warehouse_gln[7:12]}.0"},
        "epcList": [],  # nothing listed: everything allocated there ships
        "bizTransactionList": [{"type": "po", "bizTransaction":
                                f"urn:epcglobal:cbv:bt:{warehouse_gln}:{order_number}"}],
        **extra,
    }


async def glns(sessionmaker: Sessions, supplier: str = "SUP-ALP") -> tuple[str, str]:
    async with sessionmaker() as s:
        warehouse = await s.scalar(select(Warehouse.gln).where(Warehouse.code == "DE-LEJ"))
        party = await s.scalar(select(Supplier.gln).where(Supplier.code == supplier))
    assert warehouse and party
    return warehouse, party


async def post(client: Client, body: Any, user: str | None = "warehouse") -> Any:
    headers = {"content-type": "application/ld+json"}
    if user:
        headers["authorization"] = f"Bearer {await client.token(user)}"
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await client.http.post("/epcis/capture", content=content, headers=headers)


async def captured(client: Client, body: Any) -> dict[str, Any]:
    response = await post(client, body)
    assert response.status_code == 202, response.text
    location = response.headers["location"]
    job = await client.http.get(location, headers={
        "authorization": f"Bearer {await client.token('warehouse')}"})
    assert job.status_code == 200 and job.json() == response.json()
    assert job.json()["captureID"] == location.rsplit("/", 1)[1]
    return job.json()  # type: ignore[no-any-return]


async def count(sessionmaker: Sessions, model: Any, *where: Any) -> int:
    async with sessionmaker() as s:
        return int(await s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_only_the_warehouse_captures(client: Client, sessionmaker: Sessions) -> None:
    body = document(receiving(*await glns(sessionmaker), gtin="09506000134352", lot="X"))
    assert (await post(client, body, user=None)).status_code == 401
    for user in ("sales", "qa", "partner-a"):
        assert (await post(client, body, user=user)).status_code == 403, user
    job = await client.http.get("/epcis/capture/1", headers={
        "authorization": f"Bearer {await client.token('sales')}"})
    assert job.status_code == 403


async def test_bad_documents_are_refused_naming_the_field(
    client: Client, sessionmaker: Sessions
) -> None:
    before = await count(sessionmaker, EpcisCapture)
    event = receiving(*await glns(sessionmaker), gtin="09506000134352", lot="X")
    del event["eventTime"]
    for body, words in [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (document(event), "eventTime"),
        (document({**event, "eventTime": "yesterday", "action": "ADD"}), "eventTime"),
        ({**document(), "type": "EPCISQueryDocument"}, "type"),
        (document({k: v for k, v in event.items() if k != "quantityList"}
                  | {"eventTime": NOW}), "quantityList"),
    ]:
        response = await post(client, body)
        assert response.status_code == 400, response.text
        assert words in response.json()["message"], response.json()
    assert await count(sessionmaker, EpcisCapture) == before


async def test_receipt_makes_a_quarantined_lot_as_receive_goods_does(
    quality: Quality, client: Client, sessionmaker: Sessions, epcis_schema: EpcisSchema
) -> None:
    warehouse_gln, supplier_gln = await glns(sessionmaker)
    product = await quality.product()
    units = await quality.product(TrackingMode.SERIAL)
    lot, serial_lot = unique("EC"), unique("ES")
    body = document(
        receiving(warehouse_gln, supplier_gln, gtin=product["gtin"], lot=lot, quantity=25),
        receiving(warehouse_gln, supplier_gln, gtin=units["gtin"], lot=serial_lot,
                  serials=["E-1", "E/2"]),
    )
    assert epcis_schema.problems(body) == []
    outbox_before = await count(sessionmaker, OutboxEvent)
    job = await captured(client, body)
    assert (job["running"], job["success"], job["errors"]) == (False, True, [])

    async with sessionmaker() as s:
        made = await s.scalar(select(Lot).where(Lot.product_id == product["pk"],
                                                Lot.lot_number == lot))
        assert made is not None and made.status == LotStatus.QUARANTINE
        moves = list(await s.scalars(select(StockMove).where(StockMove.lot_id == made.id)))
        assert [(m.kind, m.quantity) for m in moves] == [(StockMoveKind.RECEIPT, 25)]
        serial_made = await s.scalar(select(Lot).where(Lot.lot_number == serial_lot))
        assert serial_made is not None
        numbers = set(await s.scalars(select(Serial.serial_number).where(
            Serial.lot_id == serial_made.id)))
        assert numbers == {"E-1", "E/2"}
        audited = await s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.entity_type == "Lot", AuditEvent.entity_id == made.id))
        assert audited
    assert await count(sessionmaker, OutboxEvent) > outbox_before

    # The same document again: every eventID was captured, so nothing happens twice.
    again = await captured(client, body)
    assert (again["success"], again["errors"]) == (True, [])
    assert await count(sessionmaker, Lot, Lot.lot_number == lot) == 1


async def test_one_bad_event_captures_nothing_and_names_its_event(
    quality: Quality, client: Client, sessionmaker: Sessions
) -> None:
    warehouse_gln, supplier_gln = await glns(sessionmaker)
    product = await quality.product()
    good = receiving(warehouse_gln, supplier_gln, gtin=product["gtin"], lot=unique("OK"))
    unknown_gtin = receiving(warehouse_gln, supplier_gln, gtin=builders.new_gtin(), lot="Z")
    unknown_place = receiving("8719990999996", supplier_gln, gtin=product["gtin"], lot="Y")
    unknown_order = shipping(warehouse_gln, "SO-NOPE-1")
    job = await captured(client, document(good, unknown_gtin, unknown_place, unknown_order))
    assert (job["running"], job["success"]) == (False, False)
    by_event = {e["eventID"]: e["message"] for e in job["errors"]}
    assert "GTIN" in by_event[unknown_gtin["eventID"]]
    assert "8719990999996" in by_event[unknown_place["eventID"]]
    assert "SO-NOPE-1" in by_event[unknown_order["eventID"]]
    assert good["eventID"] not in by_event
    assert await count(sessionmaker, Lot, Lot.lot_number == good["quantityList"][0][
        "epcClass"].rsplit("/", 1)[1]) == 0
    # Not captured: once fixed, the good event goes in.
    assert (await captured(client, document(good)))["success"] is True


async def test_receipt_checks_are_those_of_receive_goods(
    quality: Quality, client: Client, sessionmaker: Sessions
) -> None:
    warehouse_gln, _ = await glns(sessionmaker)
    async with sessionmaker() as s:
        other = await s.scalar(select(Supplier).where(
            Supplier.code != "SUP-ALP", Supplier.gln.is_not(None)).order_by(Supplier.id))
    assert other is not None and other.gln
    product = await quality.product()
    first = receiving(warehouse_gln, other.gln, gtin=product["gtin"], lot=unique("NA"))
    job = await captured(client, document(first))
    assert job["success"] is False
    assert [(e["eventID"], e["code"]) for e in job["errors"]] == [
        (first["eventID"], "SUPPLIER_NOT_APPROVED")]


async def test_shipping_event_ships_the_order_as_create_shipment(
    quality: Quality, client: Client, sessionmaker: Sessions
) -> None:
    product = await quality.product()
    await quality.released_lot(product, 20, lot_number=unique("SH"))
    customer = await builders.make_customer(sessionmaker, place=None, shelf_life_days=0)
    async with transaction(sessionmaker) as s:
        order = await builders.allocated(s, customer.id, [(product["pk"], 3)])
        order_id, number = order.id, order.number
    async with sessionmaker() as s:
        # The warehouse the order's stock is allocated at.
        gln = await s.scalar(select(Warehouse.gln).join(
            Allocation, Allocation.warehouse_id == Warehouse.id).join(
            SalesOrderLine, SalesOrderLine.id == Allocation.order_line_id).where(
            SalesOrderLine.order_id == order_id).limit(1))
    assert gln
    event = shipping(gln, number)
    job = await captured(client, document(event))
    assert (job["success"], job["errors"]) == (True, [])
    async with sessionmaker() as s:
        assert (await s.get_one(SalesOrder, order_id)).status == OrderStatus.SHIPPED
    assert await count(sessionmaker, Shipment, Shipment.order_id == order_id) == 1

    # Shipping it again is refused by createShipment's own check: nothing is written.
    refused = await captured(client, document(shipping(gln, number)))
    assert refused["success"] is False
    assert refused["errors"][0]["code"] == "INVALID_TRANSITION"
    assert await count(sessionmaker, Shipment, Shipment.order_id == order_id) == 1


async def test_unknown_job_is_not_found(client: Client) -> None:
    headers = {"authorization": f"Bearer {await client.token('warehouse')}"}
    for path in ("/epcis/capture/999999999", "/epcis/capture/abc"):
        assert (await client.http.get(path, headers=headers)).status_code == 404


async def test_a_receipt_of_many_lots_takes_as_many_statements_as_one_of_two(
    client: Client, sessionmaker: Sessions, engine
) -> None:
    """Capture receives each batch of events as one goods receipt, written set-based: the
    statements do not grow with the lots (what keeps 1,000 events within seconds)."""
    from sqlalchemy import event

    from backend.domain.inventory import receiving
    from tests.support.ids import pk

    quality = await Quality.at_demo_site(client, sessionmaker)
    product = pk((await quality.product())["id"])
    batch = unique("BIG")

    async def statements(lines: int) -> int:
        seen: list[str] = []

        def counted(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            seen.append(statement)

        async with sessionmaker() as session, session.begin():
            actor = await builders.demo_actor(session, "warehouse")
            event.listen(engine.sync_engine, "before_cursor_execute", counted)
            try:
                lots = await receiving.receive_goods(
                    session, actor=actor, supplier_id=pk(quality.supplier_id),
                    warehouse_id=pk(quality.warehouse_id), reference=f"GRN {batch}",
                    lines=[receiving.ReceiptLine(product_id=product, quantity=3,
                                                 lot_number=f"{batch}-{lines}-{i}")
                           for i in range(lines)])
            finally:
                event.remove(engine.sync_engine, "before_cursor_execute", counted)
            assert len(lots) == lines and {lot.status for lot in lots} == {LotStatus.QUARANTINE}
            await session.rollback()
        return len(seen)

    assert await statements(60) == await statements(2)
