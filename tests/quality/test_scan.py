"""Scanning GS1 labels resolves product, lot and serial under the caller's visibility."""

from datetime import date

from backend.domain.rules.gtin import make_gtin14
from backend.enums import TrackingMode
from tests.support.client import Client
from tests.support.flows import Quality

SCAN = """query($code: String!) { scan(code: $code) { gtin product { sku } lotNumber lot { id }
  serialNumber serial { serialNumber udi } expiresOn } }"""
GS = "\x1d"


async def test_udi_of_a_serial_scans_back_to_it(quality: Quality, client: Client) -> None:
    product = await quality.product(TrackingMode.SERIAL)
    lot = await quality.receive(product, 2, serials=["U-100", "U-101"], lot_number="SCAN-1")
    udi = next(e["node"]["udi"] for e in lot["serials"]["edges"]
               if e["node"]["serialNumber"] == "U-101")
    result = (await client.call("sales", SCAN, {"code": udi}))["scan"]
    assert result["lot"] == {"id": lot["id"]}
    assert result["serial"] == {"serialNumber": "U-101", "udi": udi}
    assert result["expiresOn"] == lot["expiresOn"]

    expiry = date.fromisoformat(lot["expiresOn"]).strftime("%y%m%d")
    raw = f"]d201{product['gtin']}17{expiry}10SCAN-1{GS}21U-100"
    result = (await client.call("warehouse", SCAN, {"code": raw}))["scan"]
    assert (result["lotNumber"], result["serialNumber"]) == ("SCAN-1", "U-100")
    assert result["lot"] == {"id": lot["id"]} and result["serial"]["serialNumber"] == "U-100"


async def test_unknown_product_still_reads_the_code(quality: Quality, client: Client) -> None:
    gtin = make_gtin14("0999999999999")
    result = (await client.call("sales", SCAN, {"code": f"(01){gtin}(17)300200(10)ZZ"}))["scan"]
    assert result == {"gtin": gtin, "product": None, "lotNumber": "ZZ", "lot": None,
                      "serialNumber": None, "serial": None, "expiresOn": "2030-02-28"}


async def test_bad_codes_are_refused_with_a_code(quality: Quality, client: Client) -> None:
    for code, expected in [
        ("(01)09506000134353(10)A1", "INVALID_GTIN"),
        ("(01)0950600013435", "INVALID_BARCODE"),
        ("(01)09506000134352(17)281301", "INVALID_BARCODE"),
        ("]d20109506000134352172807", "INVALID_BARCODE"),
    ]:
        body = await client.body("sales", SCAN, {"code": code})
        assert body["errors"][0]["extensions"]["code"] == expected, code
        assert body["data"] is None or body["data"]["scan"] is None


async def test_partner_scans_do_not_reveal_lots_it_did_not_receive(quality: Quality, client: Client) -> None:
    product = await quality.product()
    lot = await quality.receive(product, 1, lot_number="HIDDEN-1")
    code = f"(01){product['gtin']}(10)HIDDEN-1"
    result = (await client.call("partner-a", SCAN, {"code": code}))["scan"]
    assert result["product"] is not None and result["lot"] is None
    staff = (await client.call("qa", SCAN, {"code": f"(01){product['gtin']}(10)HIDDEN-1"}))["scan"]
    assert staff["lot"] == {"id": lot["id"]}
