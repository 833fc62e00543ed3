"""A lot's history exported as an EPCIS 2.0 JSON-LD document."""


from backend.api.ids import to_global_id
from backend.domain.tx import transaction
from backend.enums import TrackingMode
from tests.support import builders
from tests.support.builders import today as utc_today
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.documents import PRODUCE
from tests.support.flows import Quality


async def test_events_of_receipt_production_inspection_and_shipping(quality: Quality, client: Client) -> None:
    part_product = await quality.product()
    part = await quality.released_lot(part_product, 30, lot_number=unique("EP"))
    device_product = await quality.product(TrackingMode.SERIAL)
    device = (await client.call("warehouse", PRODUCE, {"input": {
        "productId": device_product["id"], "warehouseId": quality.warehouse_id,
        "lotNumber": unique("ED"), "manufacturedOn": utc_today().isoformat(), "quantity": 2,
        "serialNumbers": ["E-1", "E-2"], "components": [{"lotId": part["id"], "quantity": 4}],
    }}))["recordProduction"]["lot"]
    customer = await builders.make_customer(quality.sessionmaker, place=None, shelf_life_days=0)
    async with transaction(quality.sessionmaker) as session:
        await builders.shipped(session, customer.id, [(part_product["pk"], 3)])

    headers = {"authorization": f"Bearer {await client.token('qa')}"}
    response = await client.http.get(f"/epcis/lots/{part['id']}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    events = document["epcisBody"]["eventList"]
    assert [(e["type"], e["bizStep"]) for e in events] == [
        ("ObjectEvent", "receiving"), ("ObjectEvent", "inspecting"),
        ("TransformationEvent", "commissioning"), ("ObjectEvent", "shipping")]
    part_class = f"https://id.gs1.org/01/{part_product['gtin']}/10/{part['lotNumber']}"
    assert events[0]["quantityList"] == [{"epcClass": part_class, "quantity": 30}]
    assert events[0]["sourceList"][0]["type"] == "owning_party"
    assert events[2]["inputQuantityList"] == [{"epcClass": part_class, "quantity": 4}]
    assert events[3]["quantityList"] == [{"epcClass": part_class, "quantity": 3}]
    assert events[3]["destinationList"][0]["destination"].endswith(customer.code)
    assert all(e["eventTime"].endswith("Z") and e["eventTimeZoneOffset"] == "+00:00"
               for e in events)

    produced = (await client.http.get(f"/epcis/lots/{device['id']}", headers=headers)).json()
    (transformation,) = [e for e in produced["epcisBody"]["eventList"]
                         if e["type"] == "TransformationEvent"]
    assert transformation["outputQuantityList"][0]["quantity"] == 2


async def test_export_is_for_staff_and_known_lots(quality: Quality, client: Client) -> None:
    lot = await quality.receive(await quality.product(), 1)
    partner = {"authorization": f"Bearer {await client.token('partner-a')}"}
    assert (await client.http.get(f"/epcis/lots/{lot['id']}", headers=partner)).status_code == 403
    assert (await client.http.get(f"/epcis/lots/{lot['id']}")).status_code == 401
    staff = {"authorization": f"Bearer {await client.token('sales')}"}
    missing = to_global_id("Lot", 10**15)
    assert (await client.http.get(f"/epcis/lots/{missing}", headers=staff)).status_code == 404
    assert (await client.http.get("/epcis/lots/nonsense", headers=staff)).status_code == 404
