"""Supplier invoices: the three-way match against PO lines and receipts, holds released by
BUYER or FINANCE with a reason, payments never above the open balance, and AP ageing."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import AuditEvent, JournalEntry, SupplierInvoice
from tests.purchasing.test_purchase_orders import ACTIONS, CREATE, PRICE, qualified_supplier
from tests.support.builders import today, unique
from tests.support.client import Client
from tests.support.flows import Quality

D = Decimal
ERRORS = "userErrors { field message code }"
INVOICE = """id number status matchStatus supplierInvoiceNumber invoiceDate dueOn subtotal
  taxAmount total amountPaid balance decisionReason decidedBy { username }
  purchaseOrders { number }
  lines { quantity unitPrice netAmount orderedQuantity receivedQuantity poUnitPrice
          priceVariance issues purchaseOrderLine { invoicedQuantity } }
  journalEntry { memo lines { account debit credit } }"""
RECORD = f"""mutation($input: RecordSupplierInvoiceInput!) {{ recordSupplierInvoice(input: $input)
  {{ supplierInvoice {{ {INVOICE} }} {ERRORS} }} }}"""
RELEASE = f"""mutation($input: ReleaseSupplierInvoiceHoldInput!) {{
  releaseSupplierInvoiceHold(input: $input) {{ supplierInvoice {{ {INVOICE} }} {ERRORS} }} }}"""
PAY = f"""mutation($input: RecordSupplierPaymentInput!) {{ recordSupplierPayment(input: $input) {{
  payment {{ amount paidOn reference applications {{ amount supplierInvoice {{ number }} }}
             journalEntry {{ lines {{ account debit credit }} }} }}
  supplierInvoices {{ number status amountPaid balance }} {ERRORS} }} }}"""
LIST = """query($s: ID) { supplierInvoices(supplierId: $s) { totalCount
  edges { node { number status supplierInvoiceNumber } } } }"""
AGEING = """query($s: ID, $asOf: Date) { apAgeing(supplierId: $s, asOf: $asOf) { asOf
  rows { supplier { code payableBalance } buckets { current days1To30 days31To60 total } }
  total { total } } }"""
RECEIVE = """mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) {
  lots { id unitCost } receipt { id journalEntry { memo } } userErrors { code message } } }"""
RECEIPT_ENTRY = """query($id: ID!) { node(id: $id) { ... on GoodsReceipt {
  journalEntry { lines { account debit credit } } } } }"""


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


def lines_of(entry: dict) -> list[tuple[str, str, str]]:
    return sorted((x["account"], x["debit"], x["credit"]) for x in entry["lines"])


async def received_order(client: Client, quality: Quality, *, ordered: int, received: int,
                         price: str = "10.00") -> tuple[str, str, str]:
    """(supplier id, PO line id, product id) of a sent PO with `received` units in."""
    product = await quality.product()
    supplier = await qualified_supplier(client, [product["id"]])
    await client.call("buyer", PRICE, input={"supplierId": supplier, "productId": product["id"],
                                             "unitPrice": price, "leadTimeDays": 5})
    order = (await client.call("buyer", CREATE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "lines": [{"productId": product["id"], "quantity": ordered}]}))["createPurchaseOrder"][
        "purchaseOrder"]
    for action in ("submitPurchaseOrder", "sendPurchaseOrder"):
        done = (await client.call("buyer", ACTIONS[action], input={
            "purchaseOrderId": order["id"]}))[action]
        assert done["userErrors"] == [], done
    line = (await client.call("buyer", f"""{{ purchaseOrder(number: "{order['number']}") {{
        lines {{ id }} }} }}"""))["purchaseOrder"]["lines"][0]["id"]
    got = (await client.call("warehouse", RECEIVE, input={
        "supplierId": supplier, "warehouseId": quality.warehouse_id,
        "purchaseOrderId": order["id"],
        "lines": [{"productId": product["id"], "lotNumber": unique("PL"), "quantity": received,
                   "purchaseOrderLineId": line}]}))["receiveGoods"]
    assert got["userErrors"] == [], got
    assert got["lots"][0]["unitCost"] == price  # the lot costs the PO price
    assert got["receipt"]["journalEntry"] is None  # FINANCE reads the ledger
    entry = (await client.call("finance", RECEIPT_ENTRY, id=got["receipt"]["id"]))["node"][
        "journalEntry"]
    value = f"{D(price) * received:.2f}"
    assert lines_of(entry) == [("1300", value, "0.00"), ("2150", "0.00", value)]
    return supplier, line, product["id"]


def request(supplier: str, line: str, quantity: int, price: str, tax: str, total: str,
            **more: object) -> dict:
    return {"supplierId": supplier, "supplierInvoiceNumber": unique("SI"),
            "invoiceDate": today().isoformat(), "taxAmount": tax, "total": total,
            "lines": [{"purchaseOrderLineId": line, "quantity": quantity, "unitPrice": price}],
            **more}


async def count(sessionmaker: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_matched_invoice_is_open_and_posted_with_its_due_date(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    supplier, line, _ = await received_order(client, quality, ordered=10, received=10)
    # 10.15 is within 2 % of the PO price 10.00: matched, the 1.50 goes to 5100
    made = (await client.call("finance", RECORD, input=request(
        supplier, line, 10, "10.15", "21.32", "122.82")))["recordSupplierInvoice"]
    assert made["userErrors"] == []
    invoice = made["supplierInvoice"]
    assert (invoice["status"], invoice["matchStatus"]) == ("OPEN", "MATCHED")
    assert invoice["number"].startswith(f"AP-{today().year}-")
    assert invoice["dueOn"] == (today() + timedelta(days=30)).isoformat()
    assert (invoice["subtotal"], invoice["total"], invoice["balance"]) == (
        "101.50", "122.82", "122.82")
    [row] = invoice["lines"]
    assert (row["receivedQuantity"], row["poUnitPrice"], row["priceVariance"], row["issues"]) \
        == (10, "10.00", "1.50", [])
    assert row["purchaseOrderLine"]["invoicedQuantity"] == 10
    assert lines_of(invoice["journalEntry"]) == [
        ("1400", "21.32", "0.00"), ("2100", "0.00", "122.82"), ("2150", "100.00", "0.00"),
        ("5100", "1.50", "0.00")]
    # the buyer sees the invoice, not its journal entry
    listed = (await client.call("buyer", LIST, s=supplier))["supplierInvoices"]
    assert [e["node"]["status"] for e in listed["edges"]] == ["OPEN"]

    # refused requests write nothing
    entries, invoices = await count(sessionmaker, JournalEntry), await count(
        sessionmaker, SupplierInvoice)
    again = (await client.call("finance", RECORD, input={
        **request(supplier, line, 1, "10.00", "0", "10.00"),
        "supplierInvoiceNumber": invoice["supplierInvoiceNumber"]}))["recordSupplierInvoice"]
    assert codes(again) == [("DUPLICATE", ["input", "supplierInvoiceNumber"])]
    wrong = (await client.call("finance", RECORD, input=request(
        supplier, line, 1, "10.00", "2.10", "12.00")))["recordSupplierInvoice"]
    assert codes(wrong) == [("INVALID", ["input", "total"])]
    zero = (await client.call("finance", RECORD, input=request(
        supplier, line, 0, "10.00", "0", "0.00")))["recordSupplierInvoice"]
    assert ("INVALID", ["input", "lines", "0", "quantity"]) in codes(zero)
    for user in ("buyer", "sales", "warehouse", "partner-a"):
        body = await client.body(user, RECORD, input=request(supplier, line, 1, "10.00", "0",
                                                             "10.00"))
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
    assert (await count(sessionmaker, JournalEntry), await count(
        sessionmaker, SupplierInvoice)) == (entries, invoices)


async def test_a_mismatch_waits_on_hold_until_released_with_its_variance(
    client: Client, quality: Quality, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    supplier, line, _ = await received_order(client, quality, ordered=10, received=8)
    entries = await count(sessionmaker, JournalEntry)
    # 10 invoiced of 8 received, at 10.50 (5 % above the PO price)
    held = (await client.call("finance", RECORD, input=request(
        supplier, line, 10, "10.50", "22.05", "127.05")))["recordSupplierInvoice"][
        "supplierInvoice"]
    assert (held["status"], held["matchStatus"], held["journalEntry"]) == (
        "ON_HOLD", "MISMATCH", None)
    [row] = held["lines"]
    assert row["issues"] == ["PRICE_VARIANCE", "QUANTITY_NOT_RECEIVED"]
    assert (row["receivedQuantity"], row["priceVariance"]) == (8, "5.00")
    assert row["purchaseOrderLine"]["invoicedQuantity"] == 0
    assert await count(sessionmaker, JournalEntry) == entries  # nothing posted

    release = {"supplierInvoiceId": held["id"], "approve": True, "reason": " "}
    blank = (await client.call("buyer", RELEASE, input=release))["releaseSupplierInvoiceHold"]
    assert codes(blank) == [("INVALID", ["input", "reason"])]
    for user in ("warehouse", "sales"):
        body = await client.body(user, RELEASE, input=release)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
    paid_early = (await client.call("finance", PAY, input={
        "supplierId": supplier, "amount": "1.00", "paidOn": today().isoformat(),
        "reference": "too early"}))["recordSupplierPayment"]
    assert codes(paid_early) == [("INVALID", ["input", "amount"])]  # nothing open yet

    released = (await client.call("buyer", RELEASE, input={
        **release, "reason": "Price rise agreed by phone; the rest follows next week"}))[
        "releaseSupplierInvoiceHold"]
    assert released["userErrors"] == []
    invoice = released["supplierInvoice"]
    assert (invoice["status"], invoice["matchStatus"], invoice["decidedBy"]) == (
        "OPEN", "APPROVED_WITH_VARIANCE", {"username": "buyer"})
    assert invoice["journalEntry"] is None  # the buyer does not read the ledger
    entry = (await client.call("finance", f"""{{ node(id: "{held['id']}") {{
        ... on SupplierInvoice {{ journalEntry {{ lines {{ account debit credit }} }} }} }} }}"""
                               ))["node"]["journalEntry"]
    # Dr 2150 at PO price, Dr 5100 the variance, Dr 1400 tax / Cr 2100 the total
    assert lines_of(entry) == [("1400", "22.05", "0.00"), ("2100", "0.00", "127.05"),
                               ("2150", "100.00", "0.00"), ("5100", "5.00", "0.00")]
    twice = (await client.call("finance", RELEASE, input={**release, "reason": "again"}))[
        "releaseSupplierInvoiceHold"]
    assert codes(twice) == [("INVALID_TRANSITION", ["input", "supplierInvoiceId"])]
    async with sessionmaker() as session:
        changes = (await session.scalars(select(AuditEvent.changes).where(
            AuditEvent.entity_type == "SupplierInvoice").order_by(AuditEvent.id.desc())
            .limit(1))).one()
    assert changes["status"] == ["ON_HOLD", "OPEN"]


async def test_a_rejected_hold_posts_nothing(client: Client, quality: Quality,
                                             sessionmaker: async_sessionmaker[AsyncSession]
                                             ) -> None:
    supplier, line, _ = await received_order(client, quality, ordered=5, received=5)
    held = (await client.call("finance", RECORD, input=request(
        supplier, line, 5, "12.00", "0", "60.00")))["recordSupplierInvoice"]["supplierInvoice"]
    entries = await count(sessionmaker, JournalEntry)
    rejected = (await client.call("finance", RELEASE, input={
        "supplierInvoiceId": held["id"], "approve": False, "reason": "Not our agreed price"}))[
        "releaseSupplierInvoiceHold"]["supplierInvoice"]
    assert (rejected["status"], rejected["journalEntry"]) == ("REJECTED", None)
    assert await count(sessionmaker, JournalEntry) == entries


async def test_payments_settle_invoices_oldest_first_and_never_above_the_balance(
    client: Client, quality: Quality
) -> None:
    supplier, line, _ = await received_order(client, quality, ordered=20, received=20)
    old = (await client.call("finance", RECORD, input=request(
        supplier, line, 10, "10.00", "0", "100.00",
        invoiceDate=(today() - timedelta(days=45)).isoformat())))["recordSupplierInvoice"][
        "supplierInvoice"]
    new = (await client.call("finance", RECORD, input=request(
        supplier, line, 10, "10.00", "21.00", "121.00")))["recordSupplierInvoice"][
        "supplierInvoice"]
    assert old["dueOn"] == (today() - timedelta(days=15)).isoformat()
    ageing = (await client.call("buyer", AGEING, s=supplier))["apAgeing"]
    [row] = ageing["rows"]
    assert row["buckets"] == {"current": "121.00", "days1To30": "100.00", "days31To60": "0.00",
                              "total": "221.00"}
    assert row["supplier"]["payableBalance"] == "221.00"
    before = (await client.call("finance", AGEING, s=supplier,
                                asOf=(today() - timedelta(days=1)).isoformat()))["apAgeing"]
    assert [r["buckets"]["total"] for r in before["rows"]] == ["100.00"]

    pay = {"supplierId": supplier, "paidOn": today().isoformat(), "reference": "SEPA 1"}
    above = (await client.call("finance", PAY, input={**pay, "amount": "221.01"}))[
        "recordSupplierPayment"]
    assert codes(above) == [("INVALID", ["input", "amount"])]
    part = (await client.call("finance", PAY, input={**pay, "amount": "150.00"}))[
        "recordSupplierPayment"]
    assert part["userErrors"] == []
    assert [(i["number"], i["status"], i["balance"]) for i in part["supplierInvoices"]] == [
        (old["number"], "PAID", "0.00"), (new["number"], "PARTIALLY_PAID", "71.00")]
    assert lines_of(part["payment"]["journalEntry"]) == [("1100", "0.00", "150.00"),
                                                         ("2100", "150.00", "0.00")]
    body = await client.body("buyer", PAY, input={**pay, "amount": "1.00"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    rest = (await client.call("finance", PAY, input={**pay, "amount": "71.00",
                                                     "reference": "SEPA 2"}))[
        "recordSupplierPayment"]
    assert [i["status"] for i in rest["supplierInvoices"]] == ["PAID"]
    assert (await client.call("finance", AGEING, s=supplier))["apAgeing"]["rows"] == []
    body = await client.body("partner-a", AGEING)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
