"""A lot's history exported as an EPCIS 2.0 JSON-LD document, checked with GS1's schema."""

import json
import random

from sqlalchemy import select, text

from backend.api.ids import decode_global_id, to_global_id
from backend.db.models import Customer, Supplier, Warehouse
from backend.domain.fulfilment.returns import ReturnLine, return_goods
from backend.domain.rules.gtin import gtin_check_digit
from backend.domain.tx import transaction
from backend.enums import TrackingMode
from backend.seed import demo_data
from tests.standards.validators import EpcisSchema, epcis_schema, node_validators
from tests.support import builders
from tests.support.builders import demo_actor, unique
from tests.support.builders import today as utc_today
from tests.support.client import Client
from tests.support.documents import PRODUCE
from tests.support.flows import Quality

__all__ = ["epcis_schema", "node_validators"]


def _new_gln() -> str:
    body = "8719991" + f"{random.randrange(10**5):05d}"  # another prefix than the demo's
    return body + str(gtin_check_digit(body))


def _events(document: dict) -> list[dict]:
    return document["epcisBody"]["eventList"]


async def test_events_of_a_lot_from_receipt_to_recall(
    quality: Quality, client: Client, epcis_schema: EpcisSchema
) -> None:
    part_product = await quality.product()
    expiry = utc_today().replace(year=utc_today().year + 2)
    part = await quality.released_lot(part_product, 30, lot_number=unique("EP"),
                                      expiresOn=expiry.isoformat())
    device_product = await quality.product(TrackingMode.SERIAL)
    device = (await client.call("warehouse", PRODUCE, {"input": {
        "productId": device_product["id"], "warehouseId": quality.warehouse_id,
        "lotNumber": unique("ED"), "manufacturedOn": utc_today().isoformat(), "quantity": 2,
        "serialNumbers": ["E-1", "E-2"], "components": [{"lotId": part["id"], "quantity": 4}],
    }}))["recordProduction"]["lot"]
    part_pk = decode_global_id(part["id"])[1]
    customer = await builders.make_customer(quality.sessionmaker, place=None, shelf_life_days=0)
    customer_gln = _new_gln()
    async with transaction(quality.sessionmaker) as session:
        await session.execute(text("UPDATE customers SET gln = :g WHERE id = :id"),
                              {"g": customer_gln, "id": customer.id})
        shipment = await builders.shipped(session, customer.id, [(part_product["pk"], 3)])
    async with transaction(quality.sessionmaker) as session:
        await return_goods(session, actor=await demo_actor(session, "warehouse"),
                           shipment_id=shipment.id, reason="Damaged box",
                           lines=[ReturnLine(lot_id=part_pk, quantity=1)])
    async with transaction(quality.sessionmaker) as session:
        await builders.recalled(session, [part_pk])
        warehouse_gln = await session.scalar(select(Warehouse.gln).where(Warehouse.code == "DE-LEJ"))
        supplier_gln = await session.scalar(select(Supplier.gln).where(Supplier.code == "SUP-ALP"))
    here = {"id": f"https://id.gs1.org/414/{warehouse_gln}"}

    headers = {"authorization": f"Bearer {await client.token('qa')}"}
    response = await client.http.get(f"/epcis/lots/{part['id']}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert epcis_schema.problems(document) == []
    events = _events(document)
    assert [(e["type"], e.get("action"), e["bizStep"], e["disposition"]) for e in events] == [
        ("ObjectEvent", "ADD", "receiving", "in_progress"),
        ("ObjectEvent", "OBSERVE", "inspecting", "conformant"),
        ("TransformationEvent", None, "commissioning", "active"),
        ("ObjectEvent", "OBSERVE", "shipping", "in_transit"),
        ("ObjectEvent", "OBSERVE", "receiving", "returned"),
        ("ObjectEvent", "OBSERVE", "holding", "recalled"),
    ]
    receipt, _inspection, production, shipping, returned, recalled = events
    part_class = f"https://id.gs1.org/01/{part_product['gtin']}/10/{part['lotNumber']}"
    assert receipt["quantityList"] == [{"epcClass": part_class, "quantity": 30}]
    assert receipt["ilmd"] == {"cbvmda:lotNumber": part["lotNumber"],
                               "cbvmda:itemExpirationDate": expiry.isoformat()}
    assert receipt["readPoint"] == receipt["bizLocation"] == here
    assert receipt["sourceList"] == [{"type": "owning_party",
                                      "source": f"https://id.gs1.org/417/{supplier_gln}"}]
    assert production["inputQuantityList"] == [{"epcClass": part_class, "quantity": 4}]
    assert shipping["quantityList"] == [{"epcClass": part_class, "quantity": 3}]
    assert shipping["readPoint"] == here
    customer_party = f"https://id.gs1.org/417/{customer_gln}"
    assert shipping["destinationList"] == [{"type": "owning_party", "destination": customer_party}]
    assert returned["sourceList"] == [{"type": "owning_party", "source": customer_party}]
    assert returned["readPoint"] == returned["bizLocation"] == here
    assert returned["quantityList"] == [{"epcClass": part_class, "quantity": 1}]
    # 30 received, 4 consumed, 3 shipped, 1 back: 24 in DE-LEJ when the recall came.
    assert recalled["readPoint"] == recalled["bizLocation"] == here
    assert recalled["quantityList"] == [{"epcClass": part_class, "quantity": 24}]
    # ilmd only where objects come into being (ADD); never a private id.
    assert [e for e in events if "ilmd" in e] == [receipt]
    assert "urn:x-erp" not in response.text and customer.code not in response.text
    assert all(e["eventTime"].endswith("Z") and e["eventTimeZoneOffset"] == "+00:00"
               for e in events)

    produced = (await client.http.get(f"/epcis/lots/{device['id']}", headers=headers)).json()
    assert epcis_schema.problems(produced) == []
    (transformation,) = [e for e in _events(produced) if e["type"] == "TransformationEvent"]
    assert transformation["outputEPCList"] == [
        f"https://id.gs1.org/01/{device_product['gtin']}/21/E-{n}" for n in (1, 2)]
    assert transformation["inputQuantityList"] == [{"epcClass": part_class, "quantity": 4}]
    assert transformation["eventID"] == production["eventID"]
    assert "ilmd" not in json.dumps(produced)


async def test_serials_received_are_sgtins_in_the_epc_list(
    quality: Quality, client: Client, epcis_schema: EpcisSchema
) -> None:
    product = await quality.product(TrackingMode.SERIAL)
    lot = await quality.receive(product, 2, serials=["R-1", "R-2"])
    headers = {"authorization": f"Bearer {await client.token('warehouse')}"}
    document = (await client.http.get(f"/epcis/lots/{lot['id']}", headers=headers)).json()
    assert epcis_schema.problems(document) == []
    (receipt,) = _events(document)
    assert receipt["action"] == "ADD" and "quantityList" not in receipt
    assert receipt["epcList"] == [f"https://id.gs1.org/01/{product['gtin']}/21/R-{n}"
                                  for n in (1, 2)]
    assert receipt["ilmd"]["cbvmda:lotNumber"] == lot["lotNumber"]


async def test_demo_parties_and_warehouses_have_valid_glns(quality: Quality) -> None:
    expected = {
        Warehouse: [code for code, *_ in demo_data.WAREHOUSES],
        Supplier: [code for code, *_ in demo_data.SUPPLIERS],
        Customer: [code for code, *_ in demo_data.CUSTOMERS],
    }
    seen: set[str] = set()
    async with quality.sessionmaker() as session:
        for model, codes in expected.items():
            glns = dict((await session.execute(
                select(model.code, model.gln).where(model.code.in_(codes)))).all())
            assert sorted(glns) == sorted(codes), model.__name__
            for code, gln in glns.items():
                assert gln is not None and gln.startswith("8719990") and len(gln) == 13, code
                assert gtin_check_digit(gln[:-1]) == int(gln[-1]), code
                assert gln not in seen, code
                seen.add(gln)


async def test_export_is_for_staff_and_known_lots(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 1)
    partner = {"authorization": f"Bearer {await client.token('partner-a')}"}
    assert (await client.http.get(f"/epcis/lots/{lot['id']}", headers=partner)).status_code == 403
    assert (await client.http.get(f"/epcis/lots/{lot['id']}")).status_code == 401
    staff = {"authorization": f"Bearer {await client.token('sales')}"}
    missing = to_global_id("Lot", 10**15)
    assert (await client.http.get(f"/epcis/lots/{missing}", headers=staff)).status_code == 404
    assert (await client.http.get("/epcis/lots/nonsense", headers=staff)).status_code == 404
