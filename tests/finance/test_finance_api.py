"""The finance desk over GraphQL and HTTP: roles, partners, ids, PDFs, audit, live."""

import json
import secrets
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import Customer
from backend.domain.finance import invoicing
from tests.support import builders
from tests.support.client import Client, codes
from tests.support.finance import Desk, Entry, camt053
from tests.support.ids import gid
from tests.support.server import LiveServer
from tests.support.ws import caught_up, ws_connect

D = Decimal
INVOICE_FIELDS = """id number status total balance creditedAmount writtenOffAmount currency
  policy shipToCountry customerVatNumber
  lines { id lineNumber quantity taxRate netAmount taxAmount lots { lotNumber } }
  taxSummary { taxRate netAmount taxAmount legalNote }
  shipments { number } documents { id kind }"""
ISSUE = f"""mutation($input: IssueInvoiceInput!) {{ issueInvoice(input: $input) {{
  invoice {{ {INVOICE_FIELDS} order {{ status invoicedAmount lines {{ invoicedQuantity }} }} }}
  userErrors {{ field code message }} }} }}"""
VOID = """mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) {
  invoice { id status balance voidReason } userErrors { field code message } } }"""
STATEMENT = """query($c: ID, $f: Date!, $t: Date!) { customerStatement(customerId: $c, from: $f,
  to: $t) { customer { code } openingBalance closingBalance overdueAmount pdfUrl
  lines { kind reference debit credit balance } } }"""
INVOICE_CHANGED = "subscription { invoiceChanged { from to invoice { number } } }"


async def dist_a_delivery(sessionmaker, stock) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """An order of DIST-A (partner-a's customer) with two delivered shipments, committed."""
    async with sessionmaker() as s, s.begin():
        desk = await Desk.open(s)
        dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        order = await desk.order(dist_a, [(stock.product.id, 5)])
        first = await desk.ship(order, {1: 2})
        second = await desk.ship(order, {1: 3})
        return order.id, [first.id, second.id]


async def test_the_desk_over_the_graph(client: Client, sessionmaker, stock) -> None:
    order_id, shipments = await dist_a_delivery(sessionmaker, stock)
    bad = (await client.call("finance", ISSUE, input={
        "orderId": gid("SalesOrder", order_id), "shipmentIds": ["nope"]}))["issueInvoice"]
    assert bad["userErrors"][0]["code"] == "INVALID"
    assert bad["userErrors"][0]["field"] == ["input", "shipmentIds", "0"]
    denied = await client.body("sales", ISSUE, input={"orderId": gid("SalesOrder", order_id)})
    assert codes(denied) == ["FORBIDDEN"]

    issued = (await client.call("finance", ISSUE, input={
        "orderId": gid("SalesOrder", order_id),
        "shipmentIds": [gid("Shipment", shipments[0])]}))["issueInvoice"]
    assert issued["userErrors"] == []
    invoice = issued["invoice"]
    assert invoice["status"] == "OPEN" and invoice["policy"] == "PER_SHIPMENT"
    assert [line["quantity"] for line in invoice["lines"]] == [2]
    assert invoice["lines"][0]["lots"] and invoice["taxSummary"][0]["taxRate"] == "0.2100"
    assert [d["kind"] for d in invoice["documents"]] == ["INVOICE"]
    assert invoice["order"]["lines"][0]["invoicedQuantity"] == 2
    assert D(invoice["order"]["invoicedAmount"]) == D(invoice["total"])

    # Partners download their own invoice PDF only.
    url = f"/documents/{invoice['documents'][0]['id']}/content"
    own = await client.http.get(url, headers=await client.headers("partner-a"))
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    other = await client.http.get(url, headers=await client.headers("partner-b"))
    assert other.status_code == 404

    # Void with a reason: audited with before and after.
    empty = (await client.call("finance", VOID, input={"invoiceId": invoice["id"],
                                                       "reason": ""}))["voidInvoice"]
    assert [e["code"] for e in empty["userErrors"]] == ["INVALID"]
    voided = (await client.call("finance", VOID, input={
        "invoiceId": invoice["id"], "reason": "Issued to the wrong entity"}))["voidInvoice"]
    assert voided["invoice"]["status"] == "VOID" and voided["invoice"]["balance"] == "0.00"
    trail = await client.call("admin", """query($id: ID) { auditTrail(first: 5, entityId: $id)
        { edges { node { action reason changes { field before after } } } } }""",
                              id=invoice["id"])
    events = {e["node"]["action"]: e["node"] for e in trail["auditTrail"]["edges"]}
    assert events["invoice.voided"]["reason"] == "Issued to the wrong entity"
    assert {"field": "status", "before": '"OPEN"', "after": '"VOID"'} in \
        events["invoice.voided"]["changes"]
    again = (await client.call("finance", VOID, input={"invoiceId": invoice["id"],
                                                       "reason": "x"}))["voidInvoice"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]


@pytest.mark.parametrize("query", [
    "{ arAgeing { total { total } } }",
    "{ bankStatements { totalCount } }",
    "{ taxRules { id } }",
    "{ accountingPeriods(year: 2026) { status } }",
    "{ journalEntries { totalCount } }",
    "{ financeSettings { currency } }",
])
async def test_partners_see_no_desk(client: Client, query: str) -> None:
    assert codes(await client.body("partner-a", query)) == ["FORBIDDEN"]


async def test_a_partner_gets_its_own_statement_and_pdf_only(client: Client, sessionmaker,
                                                             demo_data) -> None:
    today = builders.today()
    variables = {"f": today.replace(day=1).isoformat(), "t": today.isoformat()}
    own = (await client.call("partner-a", STATEMENT, variables))["customerStatement"]
    assert own["customer"]["code"] == "DIST-A"
    async with sessionmaker() as s:
        dist_b = await s.scalar(select(Customer.id).where(Customer.code == "DIST-B"))
    other = await client.call("partner-a", STATEMENT, {**variables, "c": gid("Customer", dist_b)})
    assert other["customerStatement"] is None
    pdf = await client.http.get(own["pdfUrl"], headers=await client.headers("partner-a"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    staff = (await client.call("finance", STATEMENT, {**variables, "c": gid("Customer", dist_b)}
                               ))["customerStatement"]
    foreign = await client.http.get(staff["pdfUrl"], headers=await client.headers("partner-a"))
    assert foreign.status_code == 404
    bad = await client.body("finance", STATEMENT, {"f": variables["t"], "t": variables["f"],
                                                   "c": gid("Customer", dist_b)})
    if variables["f"] != variables["t"]:
        assert codes(bad) == ["BAD_USER_INPUT"]


async def test_a_statement_file_is_uploaded_and_imported_once(client: Client, demo_data,
                                                              sessionmaker) -> None:
    async with sessionmaker() as s, s.begin():
        await Desk.open(s)
    content = camt053([Entry("12.34", reference="unknown"),
                       Entry("1.50", credit=False, reference="fee")],
                      statement_id="API-" + secrets.token_hex(4))
    query = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
        alreadyImported statement { id bankStatementId matchedCount unmatchedCount
        lines { lineNumber status direction amount } } userErrors { code field message } } }"""
    headers = {**await client.headers("finance"), "apollo-require-preflight": "true"}

    async def upload() -> dict:
        response = await client.http.post("/graphql", data={
            "operations": json.dumps({"query": query, "variables": {
                "input": {"file": None, "format": "CAMT053"}}}),
            "map": json.dumps({"0": ["variables.input.file"]}),
        }, files={"0": ("statement.xml", content, "application/xml")}, headers=headers)
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]["importBankStatement"]

    first = await upload()
    assert first["userErrors"] == [] and not first["alreadyImported"]
    assert first["statement"]["unmatchedCount"] == 2
    assert [li["direction"] for li in first["statement"]["lines"]] == ["CREDIT", "DEBIT"]
    second = await upload()
    assert second["alreadyImported"] and second["statement"]["id"] == first["statement"]["id"]


async def test_invoice_status_changes_are_pushed_to_the_owner(
    live_server: LiveServer, client: Client, sessionmaker, engine, stock
) -> None:
    server = live_server
    assert server.app.state.outbox_listener.connected.is_set()
    order_id, shipments = await dist_a_delivery(sessionmaker, stock)
    await caught_up(server.app, engine)
    async with (ws_connect(server.ws_url, await client.token("partner-a")) as partner_a,
                ws_connect(server.ws_url, await client.token("partner-b")) as partner_b):
        await partner_a.subscribe(INVOICE_CHANGED)
        await partner_b.subscribe(INVOICE_CHANGED)
        async with sessionmaker() as s, s.begin():
            finance = await builders.demo_actor(s, "finance")
            invoice = await invoicing.issue_invoice(s, actor=finance, order_id=order_id)
            number = invoice.number
        [change] = [d["invoiceChanged"] for d in await partner_a.collect(1)]
        assert change == {"from": None, "to": "OPEN", "invoice": {"number": number}}
        assert await partner_b.silent(0.5)
