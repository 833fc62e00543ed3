"""Bad input on the finance desk: each refused request over the graph answers its code, and none of
them writes anything (no journal entry, document, payment, audit event or outbox event)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from backend.db import models as m
from backend.domain.finance import payments
from tests.support import builders
from tests.support.client import Client, codes
from tests.support.finance import Desk, customer
from tests.support.ids import gid
from tests.support.signer import documents_settled

D = Decimal
WRITTEN = (m.JournalEntry, m.JournalLine, m.Invoice, m.CreditNote, m.CustomerRefund, m.Payment,
           m.PaymentApplication, m.TaxRule, m.AccountingPeriod, m.BankStatementLine,
           m.Document, m.AuditEvent, m.OutboxEvent)
SETTINGS = "{ financeSettings { defaultInvoicingPolicy writeOffThreshold } }"


def mutation(name: str, payload: str) -> str:
    return (f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) "
            f"{{ {payload} userErrors {{ field code message }} }} }}")


async def counts(sessionmaker) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with sessionmaker() as s:
        return {model.__tablename__: await s.scalar(select(func.count()).select_from(model))
                for model in WRITTEN}


async def test_refused_requests_answer_their_code_and_write_nothing(
    client: Client, sessionmaker, engine, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s, s.begin():
        desk = await Desk.open(s)
        orders = [await desk.order(buyer, [(stock.product.id, n)]) for n in (2, 3)]
        for order in orders:
            await desk.ship(order)
        open_invoice, paid = [await desk.invoice(order) for order in orders]
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=paid.total, received_on=builders.today(),
                                      reference="paid in full", invoice_ids=[paid.id])
        line = await s.scalar(select(m.InvoiceLine.id).where(
            m.InvoiceLine.invoice_id == open_invoice.id))
        matched = await s.scalar(select(m.BankStatementLine.id).where(
            m.BankStatementLine.status == "MATCHED").limit(1))
    assert matched is not None, "the demo statement has a matched line"
    inv, paid_id, line_id = gid("Invoice", open_invoice.id), gid("Invoice", paid.id), \
        gid("InvoiceLine", line)
    today = datetime.now(UTC).date()
    settings_before = await client.call("finance", SETTINGS)
    # Documents of shipments made so far are written after their commit: finish them first.
    await documents_settled(engine)
    before = await counts(sessionmaker)

    refusals = [
        ("voidInvoice", "invoice { id }", {"invoiceId": paid_id, "reason": "late"},
         "INVOICE_HAS_PAYMENTS"),
        ("voidInvoice", "invoice { id }", {"invoiceId": inv, "reason": "  "}, "INVALID"),
        ("writeOffInvoice", "invoice { id }", {"invoiceId": paid_id, "reason": "rest"},
         "INVALID_TRANSITION"),
        ("writeOffInvoice", "invoice { id }", {"invoiceId": inv, "reason": ""}, "INVALID"),
        ("issueCreditNote", "creditNote { id }", {"invoiceId": inv, "reason": "",
                                                  "lines": [{"invoiceLineId": line_id,
                                                             "quantity": 1}]}, "INVALID"),
        ("issueCreditNote", "creditNote { id }", {
            "invoiceId": inv, "reason": "both", "lines": [
                {"invoiceLineId": line_id, "quantity": 1, "netAmount": "1.00"}]}, "INVALID"),
        ("issueCreditNote", "creditNote { id }", {
            "invoiceId": inv, "reason": "neither", "lines": [{"invoiceLineId": line_id}]},
         "INVALID"),
        ("issueCreditNote", "creditNote { id }", {
            "invoiceId": inv, "reason": "cents", "lines": [
                {"invoiceLineId": line_id, "netAmount": "1.001"}]}, "INVALID"),
        ("issueCreditNote", "creditNote { id }", {
            "invoiceId": inv, "reason": "too much", "lines": [
                {"invoiceLineId": line_id, "quantity": 3}]}, "CREDIT_EXCEEDS_INVOICE"),
        ("recordPayment", "payment { id }", {
            "customerId": gid("Customer", buyer), "amount": "1.001",
            "receivedOn": str(today), "reference": "cents"}, "INVALID"),
        ("refundCustomerCredit", "refund { id }", {
            "customerId": gid("Customer", buyer), "amount": "0.005", "paidOn": str(today),
            "reference": "cents"}, "INVALID"),
        ("refundCustomerCredit", "refund { id }", {
            "customerId": gid("Customer", buyer), "amount": "1.00", "paidOn": str(today),
            "reference": "no credit"}, "REFUND_EXCEEDS_CREDIT"),
        ("updateFinanceSettings", "settings { writeOffThreshold }",
         {"writeOffThreshold": "7.505"}, "INVALID"),
        ("setTaxRule", "taxRule { id }", {
            "country": "AT", "taxCategory": "STANDARD", "customerTaxStatus": "STANDARD",
            "rate": "1.5", "validFrom": str(today)}, "INVALID"),
        ("setTaxRule", "taxRule { id }", {
            "country": "Austria", "taxCategory": "STANDARD", "customerTaxStatus": "STANDARD",
            "rate": "0.2", "validFrom": str(today)}, "INVALID"),
        ("closeAccountingPeriod", "period { status }",
         {"year": today.year, "month": today.month}, "INVALID"),
        ("exportGeneralLedger", "entryCount", {
            "from": str(today), "to": str(today - timedelta(days=1)), "format": "CSV"},
         "INVALID"),
        ("unmatchBankStatementLine", "line { status }", {
            "lineId": gid("BankStatementLine", matched), "reason": " "}, "INVALID"),
        ("matchBankStatementLine", "line { status }", {
            "lineId": gid("BankStatementLine", matched), "invoiceIds": [inv]},
         "INVALID_TRANSITION"),
    ]
    for name, payload, variables, code in refusals:
        answer = await client.body("finance", mutation(name, payload), input=variables)
        assert "errors" not in answer, (name, answer)
        errors = answer["data"][name]["userErrors"]
        assert [e["code"] for e in errors][:1] == [code], (name, variables, errors)
        assert errors[0]["message"], name
        if name == "exportGeneralLedger":  # a mutation's input: INVALID at its path
            assert errors[0]["field"] == ["input", "from"], errors

    statement = await client.body("finance", """query($c: ID, $f: Date!, $t: Date!) {
        customerStatement(customerId: $c, from: $f, to: $t) { closingBalance } }""",
                                  c=gid("Customer", buyer), f=str(today),
                                  t=str(today - timedelta(days=1)))
    assert codes(statement) == ["BAD_USER_INPUT"], statement  # a query argument
    assert statement["errors"][0]["message"] == "`from` comes before `to`."
    assert await counts(sessionmaker) == before
    assert await client.call("finance", SETTINGS) == settings_before
