"""Desk actions need FINANCE: other staff and partners are refused, and nothing is written."""

import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.models import (
    AuditEvent,
    BankStatementLine,
    Customer,
    Invoice,
    InvoiceLine,
    JournalEntry,
    Payment,
)
from backend.domain.finance import bank, corrections
from backend.enums import BankStatementFormat, InvoiceStatus
from tests.support import builders
from tests.support.client import Client, codes
from tests.support.finance import Desk, Entry, camt053
from tests.support.ids import gid
from tests.support.signer import documents_settled


@dataclass
class Targets:
    customer: str
    invoice: str
    invoice_pk: int
    invoice_line: str
    bank_line: str


@pytest.fixture(scope="module")
async def targets(sessionmaker, demo_data) -> AsyncIterator[Targets]:
    """An open invoice of DIST-A (partner-a's own customer, so the partner is refused for
    the role, not for the row) and an unmatched bank line, both committed."""
    wh = await builders.warehouses(sessionmaker)
    product = await builders.make_product(sessionmaker, price="10.00")
    await builders.make_lot(sessionmaker, product, warehouse_id=wh["NL-RTM"], quantity=10)
    async with sessionmaker() as s, s.begin():
        desk = await Desk.open(s)
        dist_a = await s.scalar(select(Customer.id).where(Customer.code == "DIST-A"))
        assert dist_a is not None
        order = await desk.order(dist_a, [(product.id, 2)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        invoice_line = await s.scalar(select(InvoiceLine.id).where(
            InvoiceLine.invoice_id == invoice.id))
        result = await bank.import_statement(
            s, actor=desk.finance, file_name="roles.xml", format=BankStatementFormat.CAMT053,
            content=camt053([Entry("7.77", reference="nothing known")],
                            statement_id="ROLES-" + secrets.token_hex(4)))
        bank_line = await s.scalar(select(BankStatementLine.id).where(
            BankStatementLine.statement_id == result.statement.id))
        assert bank_line is not None and invoice_line is not None
        targets = Targets(gid("Customer", dist_a), gid("Invoice", invoice.id), invoice.id,
                          gid("InvoiceLine", invoice_line), gid("BankStatementLine", bank_line))
    yield targets
    # DIST-A's receivables stay as the demo made them for the tests after these.
    async with sessionmaker() as s, s.begin():
        await corrections.void_invoice(s, actor=await builders.demo_actor(s, "finance"),
                                       invoice_id=targets.invoice_pk, reason="Test invoice")


PAYLOAD = "userErrors { code }"
MUTATIONS: dict[str, tuple[str, Any]] = {
    "void": ("mutation($i: VoidInvoiceInput!) { voidInvoice(input: $i) { " + PAYLOAD + " } }",
             lambda t: {"invoiceId": t.invoice, "reason": "Wrong entity"}),
    "credit note": (
        "mutation($i: IssueCreditNoteInput!) { issueCreditNote(input: $i) { " + PAYLOAD + " } }",
        lambda t: {"invoiceId": t.invoice, "reason": "Damaged",
                   "lines": [{"invoiceLineId": t.invoice_line, "quantity": 1}]}),
    "payment": (
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { " + PAYLOAD + " } }",
        lambda t: {"customerId": t.customer, "amount": "1.00",
                   "receivedOn": builders.today().isoformat(), "reference": "roles"}),
    "refund": (
        "mutation($i: RefundCustomerCreditInput!) { refundCustomerCredit(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"customerId": t.customer, "amount": "1.00",
                   "paidOn": builders.today().isoformat(), "reference": "roles"}),
    "write-off": (
        "mutation($i: WriteOffInvoiceInput!) { writeOffInvoice(input: $i) { " + PAYLOAD + " } }",
        lambda t: {"invoiceId": t.invoice, "reason": "Small rest"}),
    "tax rule create": (
        "mutation($i: SetTaxRuleInput!) { setTaxRule(input: $i) { " + PAYLOAD + " } }",
        lambda t: {"taxCategory": "T_ROLES_" + secrets.token_hex(3).upper(),
                   "customerTaxStatus": "STANDARD", "rate": "0.2100", "country": "NL",
                   "validFrom": builders.today().isoformat()}),
    "tax rule update": (
        "mutation($i: SetTaxRuleInput!) { setTaxRule(input: $i) { " + PAYLOAD + " } }",
        lambda t: {"taxCategory": "STANDARD", "customerTaxStatus": "STANDARD", "rate": "0.5000",
                   "country": "NL", "validFrom": "2020-01-01"}),
    "period close": (
        "mutation($i: CloseAccountingPeriodInput!) { closeAccountingPeriod(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"year": 2021, "month": 3}),
    "period reopen": (
        "mutation($i: ReopenAccountingPeriodInput!) { reopenAccountingPeriod(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"year": 2021, "month": 3, "reason": "Late invoice"}),
    "GL export": (
        "mutation($i: ExportGeneralLedgerInput!) { exportGeneralLedger(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"from": "2026-01-01", "to": builders.today().isoformat(), "format": "CSV"}),
    "match": (
        "mutation($i: MatchBankStatementLineInput!) { matchBankStatementLine(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"lineId": t.bank_line, "invoiceIds": [t.invoice]}),
    "unmatch": (
        "mutation($i: UnmatchBankStatementLineInput!) { unmatchBankStatementLine(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"lineId": t.bank_line, "reason": "Wrong customer"}),
    "post to account": (
        "mutation($i: PostBankStatementLineInput!) { postBankStatementLine(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"lineId": t.bank_line, "accountCode": "6800", "memo": "Fees"}),
    "settings": (
        "mutation($i: UpdateFinanceSettingsInput!) { updateFinanceSettings(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"writeOffThreshold": "99.00", "defaultInvoicingPolicy": "PER_ORDER"}),
    "customer terms": (
        "mutation($i: SetCustomerFinanceTermsInput!) { setCustomerFinanceTerms(input: $i) { "
        + PAYLOAD + " } }",
        lambda t: {"customerId": t.customer, "paymentTermsDays": 1}),
}


async def written(sessionmaker) -> tuple[Any, ...]:
    async with sessionmaker() as s:
        return (await s.scalar(select(func.max(AuditEvent.id))),
                await s.scalar(select(func.count()).select_from(JournalEntry)),
                await s.scalar(select(func.count()).select_from(Payment)))


@pytest.mark.parametrize("user", ["sales", "warehouse", "buyer", "partner-a"])
@pytest.mark.parametrize("action", list(MUTATIONS))
async def test_desk_mutations_are_forbidden_without_finance(
    client: Client, sessionmaker, engine, targets: Targets, action: str, user: str
) -> None:
    query, variables = MUTATIONS[action]
    await documents_settled(engine)  # documents signed after earlier commits audit too
    before = await written(sessionmaker)
    body = await client.body(user, query, {"i": variables(targets)})
    assert codes(body) == ["FORBIDDEN"], body
    assert (body.get("data") or {}) in ({}, None) or all(
        v is None for v in body["data"].values())
    assert await written(sessionmaker) == before
    async with sessionmaker() as s:
        invoice = await s.get_one(Invoice, targets.invoice_pk)
        assert invoice.status == InvoiceStatus.OPEN and invoice.credited_amount == 0


async def test_the_same_calls_pass_the_role_check_for_finance(
    client: Client, targets: Targets
) -> None:
    """The refusals above are the role's: finance gets past the check (a user error at most)."""
    for action in ("GL export", "unmatch"):
        query, variables = MUTATIONS[action]
        body = await client.body("finance", query, {"i": variables(targets)})
        assert codes(body) == [], (action, body)


async def test_a_statement_import_is_forbidden_without_finance(
    client: Client, sessionmaker, demo_data
) -> None:
    content = camt053([Entry("3.21", reference="roles")],
                      statement_id="ROLES-UP-" + secrets.token_hex(4))
    query = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input)
        { alreadyImported userErrors { code } } }"""
    for user in ("sales", "warehouse", "partner-a"):
        before = await written(sessionmaker)
        headers = {**await client.headers(user), "apollo-require-preflight": "true"}
        response = await client.http.post("/graphql", data={
            "operations": json.dumps({"query": query, "variables": {
                "input": {"file": None, "format": "CAMT053"}}}),
            "map": json.dumps({"0": ["variables.input.file"]}),
        }, files={"0": ("statement.xml", content, "application/xml")}, headers=headers)
        assert codes(response.json()) == ["FORBIDDEN"], (user, response.json())
        assert await written(sessionmaker) == before
