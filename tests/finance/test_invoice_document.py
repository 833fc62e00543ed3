"""The invoice PDF and its lines as DIST-B (reverse charge, German VAT number) receives them."""

import re

from sqlalchemy import select

from backend.db.models import Customer, Invoice
from backend.domain.finance import corrections, settings
from backend.enums import TrackingMode
from tests.support import builders
from tests.support.client import Client
from tests.support.finance import Desk
from tests.support.ids import gid

REVERSE_CHARGE = "Intra-Community supply, VAT reverse charge"
# A string shown with Tj, its escapes undone.
SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")


def pdf_text(content: bytes) -> str:
    """The text an uncompressed PDF shows, its wrapped lines joined by spaces."""
    shown = (re.sub(rb"\\(.)", rb"\1", m.group(1)) for m in SHOWN.finditer(content))
    return " ".join(b.decode("latin-1") for b in shown)


ISSUE = """mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) {
  invoice { number customerVatNumber
    lines { quantity taxRate lots { lotNumber } serials { serialNumber } }
    taxSummary { taxRate netAmount taxAmount legalNote } documents { id kind } }
  userErrors { code message } } }"""


async def test_the_pdf_names_seller_buyer_serials_and_the_reverse_charge(
    client: Client, sessionmaker, demo_data
) -> None:
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, tracking=TrackingMode.SERIAL,
                                          price="250.00")
    lot = await builders.make_lot(sessionmaker, product, warehouse_id=wh["DE-LEJ"], quantity=3)
    async with sessionmaker() as s, s.begin():
        desk = await Desk.open(s)
        dist_b = await s.scalar(select(Customer).where(Customer.code == "DIST-B"))
        assert dist_b is not None and dist_b.vat_number
        order = await desk.order(dist_b.id, [(product.id, 2)])
        await desk.ship(order)
        conf = await settings.load(s)
    issued = (await client.call("finance", ISSUE, input={
        "orderId": gid("SalesOrder", order.id)}))["issueInvoice"]
    try:
        await check(client, issued, dist_b, lot.lot_number, conf)
    finally:
        # DIST-B's receivables stay as the demo made them for the tests after this one.
        async with sessionmaker() as s, s.begin():
            number = issued["invoice"]["number"]
            invoice_id = await s.scalar(select(Invoice.id).where(Invoice.number == number))
            assert invoice_id is not None
            await corrections.void_invoice(s, actor=await builders.demo_actor(s, "finance"),
                                           invoice_id=invoice_id, reason="Test invoice")


async def check(client: Client, issued: dict, dist_b: Customer, lot_number: str,
                conf: settings.FinanceSettings) -> None:
    assert issued["userErrors"] == []
    invoice = issued["invoice"]
    assert invoice["customerVatNumber"] == dist_b.vat_number
    [line] = invoice["lines"]
    serials = [s["serialNumber"] for s in line["serials"]]
    assert len(serials) == 2 and all(n.startswith(lot_number) for n in serials)
    assert [x["lotNumber"] for x in line["lots"]] == [lot_number]
    [summary] = invoice["taxSummary"]
    note = summary.pop("legalNote")
    assert summary == {"taxRate": "0.0000", "netAmount": "500.00", "taxAmount": "0.00"}
    assert note.startswith(REVERSE_CHARGE)

    [document] = [d for d in invoice["documents"] if d["kind"] == "INVOICE"]
    pdf = await client.http.get(f"/documents/{document['id']}/content",
                                headers=await client.headers("partner-b"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    for words in (conf.company_name, conf.company_address,
                  f"VAT number {conf.company_vat_number}",
                  f"Customer VAT number: {dist_b.vat_number}", dist_b.name,
                  "Serials: " + ", ".join(sorted(serials)), note):
        assert words in text, words
