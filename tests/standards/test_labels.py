"""GS1 labels and SSCC cartons: what a scanner reads off the printed PDF equals the record
(`Serial.udi`, the carton's SSCC), with the right symbology identifier; bad requests are
refused with nothing written."""

from sqlalchemy import func, select

from backend.db.models import Customer, Document
from backend.domain.rules.gtin import gtin_check_digit
from backend.enums import DocumentKind, TrackingMode
from tests.standards import pdf_reading
from tests.support import builders
from tests.support.builders import unique
from tests.support.client import Client
from tests.support.flows import Quality, allocated_order
from tests.support.ids import pk

PRINT = """mutation($input: PrintLabelsInput!) { printLabels(input: $input) {
  document { id kind title downloadUrl signature { level } }
  userErrors { code field message } } }"""
LOT = """query($id: ID!) { node(id: $id) { ... on Lot { lotNumber
  documents { id kind title }
  serials(first: 50) { edges { node { id serialNumber udi status } } } } } }"""
SHIP = """mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  shipment { id number cartons { sscc sequence shipment { number } } }
  userErrors { code field message } } }"""
CARTON = "query($sscc: String!) { carton(sscc: $sscc) { sscc sequence shipment { number } } }"
DECODE = """query($code: String!) { decodeBarcode(code: $code) {
  syntax sscc carton { sscc sequence shipment { number } } } }"""


async def _download(client: Client, url: str, user: str = "warehouse") -> bytes:
    response = await client.http.get(url, headers=await client.headers(user))
    assert response.status_code == 200, response.text
    return response.content


async def _serial_lot(client: Client, sessionmaker, lot_number: str | None = None,
                      serials: list[str] | None = None) -> dict:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product(TrackingMode.SERIAL)
    serials = serials or [unique("S") for _ in range(3)]
    lot = await quality.released_lot(product, len(serials), serials=serials,
                                     lot_number=lot_number or unique("L"))
    return (await client.call("warehouse", LOT, id=lot["id"]))["node"] | {"id": lot["id"]}


async def _label_documents(sessionmaker) -> int:
    async with sessionmaker() as session:
        return await session.scalar(
            select(func.count()).where(Document.kind == DocumentKind.LABEL)) or 0


async def test_lot_labels_read_as_gs1_datamatrix_carrying_each_serials_udi(
    client: Client, sessionmaker
) -> None:
    lot = await _serial_lot(client, sessionmaker)
    udis = sorted(edge["node"]["udi"] for edge in lot["serials"]["edges"])

    printed = (await client.call("qa", PRINT, input={"lotId": lot["id"], "copies": 2}))
    payload = printed["printLabels"]
    assert payload["userErrors"] == []
    document = payload["document"]
    assert (document["kind"], document["title"]) == ("LABEL", f"Labels {lot['lotNumber']}")
    assert document["signature"]["level"] == "B-B"
    content = await _download(client, document["downloadUrl"])

    read = pdf_reading.symbols(content)
    assert len(read) == 2 * len(udis)  # one page per label and copy
    assert all(len(page) == 1 and page[0][0] == "]d2" for page in read)  # FNC1 first
    assert sorted({page[0][1] for page in read}) == udis
    # The human-readable text under the symbol names each element.
    texts = pdf_reading.text(content)
    assert all(f"(21){udi.split('(21)')[1]}" in texts[2 * n]
               for n, udi in enumerate(sorted(udis)))
    after = (await client.call("warehouse", LOT, id=lot["id"]))["node"]["documents"]
    assert {"id": document["id"], "kind": "LABEL", "title": document["title"]} in after


async def test_gs1_128_labels_split_a_long_udi_over_symbols_of_at_most_48_characters(
    client: Client, sessionmaker
) -> None:
    serial = unique("SERIALNUMBER")
    lot = await _serial_lot(client, sessionmaker, lot_number=unique("LOTNUMBERLONG"),
                            serials=[serial])
    node = lot["serials"]["edges"][0]["node"]
    assert len(node["udi"]) > 48 + 8

    printed = await client.call("warehouse", PRINT, input={
        "serialIds": [node["id"]], "symbology": "GS1_128"})
    assert printed["printLabels"]["userErrors"] == []
    content = await _download(client, printed["printLabels"]["document"]["downloadUrl"])
    [page] = pdf_reading.symbols(content)
    assert len(page) >= 2 and {ident for ident, _ in page} == {"]C1"}
    assert "".join(text for _, text in page) == node["udi"]
    # Each symbol within the 48 data characters of GS1-128 (FNC1 separators count).
    assert all(len(text.replace("(", "").replace(")", "")) <= 48 for _, text in page)


async def _shipped(client: Client, sessionmaker, cartons: int | None, customer_id: int) -> dict:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    await quality.released_lot(product, 10)
    order = await allocated_order(client, customer_id, [(pk(product["id"]), 4)])
    data = await client.call("warehouse", SHIP, input={
        "orderId": order["id"], **({"cartonCount": cartons} if cartons is not None else {})})
    assert data["createShipment"]["userErrors"] == [], data
    return data["createShipment"]["shipment"]


def _valid_sscc(sscc: str) -> bool:
    return len(sscc) == 18 and sscc.isdigit() and gtin_check_digit(sscc[:-1]) == int(sscc[-1])


async def test_each_carton_gets_a_fresh_sscc_and_a_gs1_128_label_with_ship_to_and_number(
    client: Client, sessionmaker
) -> None:
    customer = await builders.make_customer(sessionmaker, shelf_life_days=0)
    shipment = await _shipped(client, sessionmaker, 3, customer.id)
    cartons = shipment["cartons"]
    assert [c["sequence"] for c in cartons] == [1, 2, 3]
    ssccs = [c["sscc"] for c in cartons]
    assert all(_valid_sscc(s) and s[1:8] == "8719990" for s in ssccs)
    single = await _shipped(client, sessionmaker, None, customer.id)
    assert len(single["cartons"]) == 1  # the default
    assert len(set(ssccs + [single["cartons"][0]["sscc"]])) == 4  # never reused

    printed = await client.call("warehouse", PRINT, input={"shipmentId": shipment["id"]})
    document = printed["printLabels"]["document"]
    assert document["title"] == f"Labels {shipment['number']}"
    content = await _download(client, document["downloadUrl"])
    assert pdf_reading.symbols(content) == [[("]C1", f"(00){s}")] for s in ssccs]
    for n, page in enumerate(pdf_reading.text(content), start=1):
        assert customer.name in page and shipment["number"] in page
        assert f"Carton {n} of 3" in page

    found = await client.call("warehouse", CARTON, sscc=ssccs[1])
    assert found["carton"] == {"sscc": ssccs[1], "sequence": 2,
                               "shipment": {"number": shipment["number"]}}
    decoded = await client.call("warehouse", DECODE, code=f"(00){ssccs[2]}")
    assert decoded["decodeBarcode"]["sscc"] == ssccs[2]
    assert decoded["decodeBarcode"]["carton"]["sequence"] == 3


async def test_a_partner_finds_only_its_own_cartons(client: Client, sessionmaker) -> None:
    async with sessionmaker() as session:
        dist_a = await session.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
    own = (await _shipped(client, sessionmaker, 1, dist_a))["cartons"][0]["sscc"]
    other_customer = await builders.make_customer(sessionmaker, shelf_life_days=0)
    other = (await _shipped(client, sessionmaker, 1, other_customer.id))["cartons"][0]["sscc"]

    assert (await client.call("partner-a", CARTON, sscc=own))["carton"]["sscc"] == own
    assert (await client.call("partner-a", CARTON, sscc=other))["carton"] is None
    decoded = await client.call("partner-a", DECODE, code=f"(00){other}")
    assert decoded["decodeBarcode"]["carton"] is None


async def test_bad_label_requests_are_refused_and_write_nothing(
    client: Client, sessionmaker
) -> None:
    lot = await _serial_lot(client, sessionmaker)
    customer = await builders.make_customer(sessionmaker, shelf_life_days=0)
    shipment = await _shipped(client, sessionmaker, 1, customer.id)
    serial = lot["serials"]["edges"][0]["node"]["id"]
    before = await _label_documents(sessionmaker)
    for bad, field in [
        ({}, ["input"]),
        ({"lotId": lot["id"], "serialIds": [serial]}, ["input"]),
        ({"lotId": lot["id"], "shipmentId": shipment["id"]}, ["input"]),
        ({"lotId": lot["id"], "copies": 0}, ["input", "copies"]),
        ({"lotId": lot["id"], "copies": 51}, ["input", "copies"]),
        ({"shipmentId": shipment["id"], "symbology": "GS1_DATAMATRIX"}, ["input", "symbology"]),
    ]:
        errors = (await client.call("warehouse", PRINT, input=bad))["printLabels"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID", field)], bad
    assert await _label_documents(sessionmaker) == before

    refused = await client.body("partner-a", PRINT, input={"lotId": lot["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = await client.body("sales", PRINT, input={"lotId": lot["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _label_documents(sessionmaker) == before


async def test_carton_count_below_one_and_a_bad_sscc_check_digit_are_refused(
    client: Client, sessionmaker
) -> None:
    quality = await Quality.at_demo_site(client, sessionmaker)
    product = await quality.product()
    await quality.released_lot(product, 5)
    customer = await builders.make_customer(sessionmaker, shelf_life_days=0)
    order = await allocated_order(client, customer.id, [(pk(product["id"]), 1)])
    refused = await client.call("warehouse", SHIP, input={"orderId": order["id"],
                                                          "cartonCount": 0})
    errors = refused["createShipment"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "cartonCount"])]

    shipment = await _shipped(client, sessionmaker, 1, customer.id)
    sscc = shipment["cartons"][0]["sscc"]
    wrong = sscc[:-1] + str((int(sscc[-1]) + 1) % 10)
    for query, variables in ((CARTON, {"sscc": wrong}), (DECODE, {"code": f"(00){wrong}"})):
        body = await client.body("warehouse", query, variables)
        [error] = body["errors"]
        assert error["extensions"]["code"] == "INVALID_BARCODE"
        assert "(00)" in error["message"]
