"""Scanning any GS1 code: every AI of the General Specifications as biip reads it, raw with
GS separators and symbology identifiers or parenthesised, Digital Link URIs on any domain,
plain GTINs; refusals name the AI. Then `scan` and `decodeBarcode` resolve what they can."""

from datetime import date

import pytest

from backend.domain.rules.gs1 import BarcodeError, BarcodeSyntax, InvalidGtin, decode
from backend.domain.rules.gtin import make_gtin14
from backend.enums import TrackingMode
from tests.support.client import Client
from tests.support.flows import Quality

GS = "\x1d"
GTIN = "09506000134352"
TODAY = date(2026, 12, 1)


def elements(code: str) -> list[tuple[str, str, str]]:
    return [(e.ai, e.title, e.value) for e in decode(code, today=TODAY).elements]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # identification keys: SSCC, GTIN, content GTIN, GLNs
        ("]C100095060001343500002", [("00", "SSCC", "095060001343500002")]),
        (f"02{GTIN}37120", [("02", "CONTENT", GTIN), ("37", "COUNT", "120")]),
        ("]C14108719990000014", [("410", "SHIP TO LOC", "8719990000014")]),
        # dates, variable-length text, measures with a decimal point, prices, internal AIs
        (f"01{GTIN}11261130{GS}10L1", [("01", "GTIN", GTIN), ("11", "PROD DATE", "261130"),
                                       ("10", "BATCH/LOT", "L1")]),
        (f"01{GTIN}3103000189", [("01", "GTIN", GTIN), ("3103", "NET WEIGHT (kg)", "000189")]),
        (f"01{GTIN}3922995{GS}21S1", [("01", "GTIN", GTIN), ("3922", "PRICE", "995"),
                                      ("21", "SERIAL", "S1")]),
        (f"(01){GTIN}(240)PART-7(99)INTERNAL",
         [("01", "GTIN", GTIN), ("240", "ADDITIONAL ID", "PART-7"),
          ("99", "INTERNAL", "INTERNAL")]),
        (f"01{GTIN}7003261201153010A", [("01", "GTIN", GTIN),
                                        ("7003", "EXPIRY TIME", "2612011530"),
                                        ("10", "BATCH/LOT", "A")]),
        (f"(8004){GTIN}X1", [("8004", "GIAI", f"{GTIN}X1")]),
    ],
)
def test_every_ai_family_comes_back_as_read(code: str, expected: list) -> None:
    assert elements(code) == expected


@pytest.mark.parametrize("prefix", ["", "]d2", "]C1", "]Q3", "]e0", GS, f"]d2{GS}"])
def test_symbology_identifiers_and_gs_separators(prefix: str) -> None:
    decoded = decode(f"{prefix}01{GTIN}10LOT-9{GS}17280700{GS}21SN1", today=TODAY)
    assert decoded.syntax is BarcodeSyntax.ELEMENT_STRING
    assert (decoded.gtin, decoded.lot_number, decoded.serial_number, decoded.expires_on) == (
        GTIN, "LOT-9", "SN1", date(2028, 7, 31))  # DD 00: the month's last day


def test_production_and_expiry_dates_use_gs1_centuries() -> None:
    decoded = decode(f"(01){GTIN}(11)991231(17)280200", today=TODAY)
    assert decoded.produced_on == date(1999, 12, 31)
    assert decoded.expires_on == date(2028, 2, 29)


def test_digital_link_on_any_domain_with_query_ais_and_percent_encoding() -> None:
    uri = (f"https://scan.example.com/products/01/{GTIN}/10/AB%2F1%25/21/S%2A9"
           "?17=280700&11=260115&3103=000189&utm_source=label")
    decoded = decode(uri, today=TODAY)
    assert decoded.syntax is BarcodeSyntax.DIGITAL_LINK
    assert (decoded.gtin, decoded.lot_number, decoded.serial_number) == (GTIN, "AB/1%", "S*9")
    assert (decoded.expires_on, decoded.produced_on) == (date(2028, 7, 31), date(2026, 1, 15))
    assert [e.ai for e in decoded.elements] == ["01", "10", "21", "17", "11", "3103"]
    short = decode("http://id.gs1.org/01/4006381333931", today=TODAY)
    assert short.gtin == "04006381333931"


@pytest.mark.parametrize(
    ("code", "padded"),
    [("40170725", "00000040170725"), ("036000291452", "00036000291452"),
     ("4006381333931", "04006381333931"), (GTIN, GTIN)],
)
def test_plain_gtins_are_padded_to_14(code: str, padded: str) -> None:
    decoded = decode(code, today=TODAY)
    assert decoded.syntax is BarcodeSyntax.PLAIN_GTIN
    assert decoded.gtin == padded and decoded.elements[0].value == padded


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (f"01{GTIN}17281301", "(17) USE BY or EXPIRY 281301 has no month 13."),
        (f"(01){GTIN}(17)270229", "(17) USE BY or EXPIRY 270229 names day 29 of a month with 28"),
        (f"01{GTIN}11260015", "(11) PROD DATE 260015 has no month 00."),
        ("(01)0950600013435", "(01) GTIN must be 14 digits"),
        (f"(01){GTIN}(10){'X' * 21}", "(10) BATCH/LOT is longer than 20 characters."),
        (f"(01){GTIN}(21)", "(21) SERIAL is empty."),
        (f"(01){GTIN}(10)A B", "(10) BATCH/LOT 'A B' holds characters GS1 does not allow."),
        ("]C100095060001343500007", "(00) SSCC 095060001343500007 has a wrong check digit."),
        (f"https://example.com/01/{GTIN}/17/281301", "Not a GS1 Digital Link"),
        ("https://example.com/about", "Not a GS1 Digital Link"),
        ("hello", "No GS1 application identifier at 'hello'."),
        (f"]d1{GTIN}", "]d1 does not announce GS1 data"),
    ],
)
def test_bad_codes_name_the_ai(code: str, message: str) -> None:
    with pytest.raises(BarcodeError) as raised:
        decode(code, today=TODAY)
    assert message in str(raised.value)
    assert not isinstance(raised.value, InvalidGtin)


@pytest.mark.parametrize("code", ["(01)09506000134353", "4006381333932",
                                  "https://id.gs1.org/01/09506000134353/10/A"])
def test_wrong_gtin_check_digits_are_invalid_gtins(code: str) -> None:
    with pytest.raises(InvalidGtin):
        decode(code, today=TODAY)


# ------------------------------------------------------------------ through the API
DECODE = """query($code: String!) { decodeBarcode(code: $code) { syntax gtin sscc
  elements { ai title value }
  scan { gtin syntax product { sku } lotNumber lot { id } serialNumber serial { serialNumber }
         expiresOn manufacturedOn elements { ai } } } }"""
SCAN = """query($code: String!) { scan(code: $code) { gtin syntax product { sku }
  lot { id lotNumber } serial { serialNumber } manufacturedOn expiresOn
  elements { ai title value } } }"""


async def test_digital_link_resolves_lot_and_serial(quality: Quality, client: Client) -> None:
    product = await quality.product(TrackingMode.SERIAL)
    lot = await quality.receive(product, 2, serials=["D/1", "D/2"], lot_number="DL-7")
    uri = f"https://labels.example.org/01/{product['gtin']}/10/DL-7/21/D%2F2?11=261115"
    result = (await client.call("warehouse", SCAN, {"code": uri}))["scan"]
    assert result["syntax"] == "DIGITAL_LINK"
    assert result["lot"] == {"id": lot["id"], "lotNumber": "DL-7"}
    assert result["serial"] == {"serialNumber": "D/2"}
    assert result["manufacturedOn"] == "2026-11-15"
    assert [e["ai"] for e in result["elements"]] == ["01", "10", "21", "11"]


async def test_plain_gtin_finds_the_product(quality: Quality, client: Client) -> None:
    product = await quality.product()
    gtin = product["gtin"]
    short = gtin[1:] if gtin.startswith("0") else gtin  # the EAN-13 a till scanner sends
    decoded = (await client.call("sales", DECODE, {"code": short}))["decodeBarcode"]
    assert decoded["syntax"] == "PLAIN_GTIN" and decoded["gtin"] == gtin
    assert decoded["scan"]["product"] is not None
    assert decoded["scan"]["gtin"] == gtin and decoded["scan"]["lot"] is None
    unknown = (await client.call("sales", DECODE, {"code": "4006381333931"}))["decodeBarcode"]
    assert unknown["gtin"] == "04006381333931" and unknown["scan"]["product"] is None


async def test_decode_keeps_every_element(quality: Quality, client: Client) -> None:
    gtin = make_gtin14("0999999999999")
    code = f"]d201{gtin}11260301{GS}17300200{GS}240X-1{GS}99IN{GS}10Q1"
    decoded = (await client.call("qa", DECODE, {"code": code}))["decodeBarcode"]
    assert decoded["elements"] == [
        {"ai": "01", "title": "GTIN", "value": gtin},
        {"ai": "11", "title": "PROD DATE", "value": "260301"},
        {"ai": "17", "title": "USE BY or EXPIRY", "value": "300200"},
        {"ai": "240", "title": "ADDITIONAL ID", "value": "X-1"},
        {"ai": "99", "title": "INTERNAL", "value": "IN"},
        {"ai": "10", "title": "BATCH/LOT", "value": "Q1"},
    ]
    assert decoded["scan"]["product"] is None
    assert (decoded["scan"]["manufacturedOn"], decoded["scan"]["expiresOn"]) == (
        "2026-03-01", "2030-02-28")
    sscc = (await client.call("qa", DECODE, {"code": "(00)095060001343500002"}))["decodeBarcode"]
    assert (sscc["sscc"], sscc["gtin"], sscc["scan"]) == ("095060001343500002", None, None)


async def test_refusals_carry_the_code_and_name_the_ai(quality: Quality, client: Client) -> None:
    for query, code, expected, words in [
        (SCAN, f"(01){GTIN}(17)281301", "INVALID_BARCODE", "(17) USE BY or EXPIRY"),
        (DECODE, "(01)09506000134353(10)A", "INVALID_GTIN", "(01) GTIN"),
        (DECODE, "]C100095060001343500007", "INVALID_BARCODE", "(00) SSCC"),
        (SCAN, "(00)095060001343500002", "INVALID_BARCODE", "(01)"),
    ]:
        body = await client.body("sales", query, {"code": code})
        error = body["errors"][0]
        assert error["extensions"]["code"] == expected, code
        assert words in error["message"], error["message"]
