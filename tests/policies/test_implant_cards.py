"""IMPLANT_CARD "true": every shipped unit of a matching serial-tracked product gets a signed
IMPLANT_CARD PDF on the shipment (product, UDI, lot, expiry, maker, blanks for the patient),
which the receiving partner can download and anyone can verify."""

from sqlalchemy import select

from backend.db.models import Customer
from backend.domain.finance import settings as finance_settings
from backend.domain.rules.gs1 import udi_string
from backend.enums import DeviceClass, TrackingMode
from tests.policies.support import DEACTIVATE, EFFECTIVE, new_line, set_keys, set_policy
from tests.standards import pdf_reading
from tests.support import builders, signed_pdfs
from tests.support.client import Client
from tests.support.documents import ALLOCATE, SHIP
from tests.support.ids import gid
from tests.support.signer import documents_settled

DOCUMENTS = """query($id: ID!) { node(id: $id) { ... on Shipment { number
  lines { lot { lotNumber expiresOn } serials { serialNumber } }
  documents { id kind title downloadUrl } } } }"""


async def _download(client: Client, url: str, user: str) -> bytes:
    response = await client.http.get(url, headers=await client.headers(user))
    assert response.status_code == 200, response.text
    return response.content


async def test_each_implanted_unit_ships_with_a_signed_card_the_partner_sees(
    client, sessionmaker, engine
) -> None:
    line = new_line()
    wh = await builders.warehouses(sessionmaker)
    implant = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    await set_keys(sessionmaker, implant.id, line=line, device_class=DeviceClass.III)
    # Same line, but lot-tracked: no unit to card.
    accessory = await builders.make_product(sessionmaker)
    await set_keys(sessionmaker, accessory.id, line=line, device_class=DeviceClass.III)
    lot = await builders.make_lot(sessionmaker, implant, warehouse_id=wh["NL-RTM"], quantity=3)
    await builders.make_lot(sessionmaker, accessory, warehouse_id=wh["NL-RTM"], quantity=5)
    policy = await set_policy(client, "IMPLANT_CARD", "true", productLine=line,
                              deviceClass="III", description="Implants carry a card")
    async with sessionmaker() as s, s.begin():
        dist_a = await s.scalar(select(Customer).where(Customer.code == "DIST-A"))
        assert dist_a is not None
        order = await builders.approved(s, dist_a.id, [(implant.id, 2), (accessory.id, 4)])
        company = (await finance_settings.load(s)).company_name
    effective = (await client.call("sales", EFFECTIVE, product=gid("Product", implant.id),
                                   customer=gid("Customer", dist_a.id)))["effectivePolicies"]
    assert {e["kind"]: e["value"] for e in effective}["IMPLANT_CARD"] == "true"

    order_id = gid("SalesOrder", order.id)
    assert (await client.call("sales", ALLOCATE, id=order_id))["allocateSalesOrder"][
        "userErrors"] == []
    shipped = (await client.call("warehouse", SHIP, input={"orderId": order_id}))
    assert shipped["createShipment"]["userErrors"] == []
    shipment_id = shipped["createShipment"]["shipment"]["id"]
    await documents_settled(engine)

    # The partner the shipment went to sees the cards among the shipment's documents.
    node = (await client.call("partner-a", DOCUMENTS, id=shipment_id))["node"]
    cards = [d for d in node["documents"] if d["kind"] == "IMPLANT_CARD"]
    serials = sorted(s["serialNumber"] for ln in node["lines"] for s in ln["serials"])
    assert len(serials) == 2 and len(cards) == 2  # one per unit, none for the accessory
    assert {"CERTIFICATE_OF_CONFORMITY", "PACKING_LIST"} <= {d["kind"] for d in node["documents"]}
    assert sorted(c["title"] for c in cards) == [f"Implant card {implant.sku} {s}"
                                                  for s in serials]

    for card, serial in zip(sorted(cards, key=lambda c: c["title"]), serials, strict=True):
        content = await _download(client, card["downloadUrl"], "partner-a")
        [text] = pdf_reading.text(content)
        flat = " ".join(text.split())
        udi = udi_string(gtin=implant.gtin, expires_on=lot.expires_on,
                         lot_number=lot.lot_number, serial_number=serial)
        for expected in (implant.name, implant.sku, udi, lot.lot_number, serial,
                         str(lot.expires_on), company, "Patient name", "Implant date",
                         node["number"]):
            assert expected in flat, (expected, flat)
        assert "(01)" in udi and "(17)" in udi and "(10)" in udi and "(21)" in udi
        signed_pdfs.assert_archival(content, card["title"])
        await signed_pdfs.assert_verified(client, content, card["id"], "IMPLANT_CARD",
                                          user="partner-a")

    # Another partner sees neither the shipment nor its cards.
    other = await client.body("partner-b", DOCUMENTS, id=shipment_id)
    assert (other.get("data") or {}).get("node") is None
    await client.call("admin", DEACTIVATE, id=policy["id"], reason="Test over")


async def test_no_card_where_the_policy_says_false_or_nothing(
    client, sessionmaker, engine
) -> None:
    line = new_line()
    wh = await builders.warehouses(sessionmaker)
    implant = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL)
    await set_keys(sessionmaker, implant.id, line=line, device_class=DeviceClass.III)
    await builders.make_lot(sessionmaker, implant, warehouse_id=wh["NL-RTM"], quantity=2)
    broad = await set_policy(client, "IMPLANT_CARD", "true", productLine=line)
    # More specific, and "false": it wins.
    narrow = await set_policy(client, "IMPLANT_CARD", "false", productLine=line,
                              deviceClass="III")
    customer = await builders.make_customer(sessionmaker)
    async with sessionmaker() as s, s.begin():
        shipment = await builders.shipped(s, customer.id, [(implant.id, 2)])
    await documents_settled(engine)
    node = (await client.call("sales", DOCUMENTS, id=gid("Shipment", shipment.id)))["node"]
    kinds = [d["kind"] for d in node["documents"]]
    assert "CERTIFICATE_OF_CONFORMITY" in kinds and "IMPLANT_CARD" not in kinds
    for pk in (broad["id"], narrow["id"]):
        await client.call("admin", DEACTIVATE, id=pk, reason="Test over")


async def test_the_demo_sets_shelf_life_for_spain_and_cards_for_cardiac_implants(
    client, sessionmaker
) -> None:
    from backend.db.models import Product

    async with sessionmaker() as s:
        stent = await s.scalar(select(Product).where(Product.sku == "STN-CR3018"))
        clinic = await s.scalar(select(Customer).where(Customer.code == "CLIN-MAD"))
        dist_a = await s.scalar(select(Customer).where(Customer.code == "DIST-A"))
    assert stent is not None and clinic is not None and dist_a is not None

    async def effective(customer: Customer) -> dict[str, tuple[str, dict | None]]:
        rows = (await client.call("sales", EFFECTIVE, product=gid("Product", stent.id),
                                  customer=gid("Customer", customer.id)))["effectivePolicies"]
        return {r["kind"]: (r["value"], r["policy"]) for r in rows}

    spain = await effective(clinic)
    assert spain["MIN_SHELF_LIFE_DAYS"][0] == "180"
    assert spain["MIN_SHELF_LIFE_DAYS"][1]["region"] == "ES"
    assert spain["IMPLANT_CARD"][0] == "true"
    assert spain["IMPLANT_CARD"][1]["productLine"] == "Cardiac"
    netherlands = await effective(dist_a)
    assert netherlands["MIN_SHELF_LIFE_DAYS"] == ("0", None)
