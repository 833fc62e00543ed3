"""Each desk action leaves an audit event with the before and after values a reviewer reads."""

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.models import AuditEvent, BankStatementLine, InvoiceLine
from backend.domain.finance import (
    bank,
    bank_matching,
    corrections,
    credit_notes,
    payments,
    periods,
    refunds,
    taxes,
)
from backend.domain.finance.credit_notes import CreditRequest
from backend.enums import AuditAction, BankStatementFormat, CustomerTaxStatus
from tests.support import builders
from tests.support.finance import Desk, Entry, camt053, customer

D = Decimal


async def event(s, action: AuditAction, entity_type: str, entity_id: int | None
                ) -> dict[str, Any]:
    """The changes of the latest event of that action on that entity, once committed (the
    chain appends events at commit)."""
    await s.commit()
    found = await s.scalar(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_type == entity_type,
        AuditEvent.entity_id == entity_id).order_by(AuditEvent.id.desc()).limit(1))
    assert found is not None, (action, entity_type, entity_id)
    return found.changes


async def test_issue_credit_payment_refund_and_write_off_record_before_and_after(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        # 10 x 10.01 at 21 %: 100.10 + 21.02 = 121.12.
        order = await desk.order(buyer, [(stock.product.id, 10)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        assert invoice.total == D("121.12")
        issued = await event(s, AuditAction.INVOICE_ISSUED, "Invoice", invoice.id)
        assert issued["status"] == [None, "OPEN"] and issued["total"] == [None, "121.12"]
        assert issued["number"] == [None, invoice.number]

        # 2 units back: 20.02 + 4.20 = 24.22 off the balance.
        line = await s.scalar(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))
        assert line is not None
        note = await credit_notes.issue_credit_note(
            s, actor=desk.finance, invoice_id=invoice.id, reason="Two damaged",
            lines=[CreditRequest(line.id, quantity=2)])
        credited = await event(s, AuditAction.CREDIT_NOTE_ISSUED, "CreditNote", note.id)
        assert credited["invoice_balance"] == ["121.12", "96.90"]
        assert credited["total"] == [None, "24.22"]
        assert credited["invoice_status"] == ["OPEN", "OPEN"]

        # The rest and 10.00 more: the invoice is PAID, 10.00 stays as credit.
        paid = await payments.record_payment(
            s, actor=desk.finance, customer_id=buyer, amount=D("106.90"),
            received_on=builders.today(), reference="Transfer", invoice_ids=[invoice.id])
        payment = await event(s, AuditAction.PAYMENT_RECORDED, "Payment", paid.payment.id)
        assert payment["amount"] == [None, "106.90"]
        assert payment["unapplied"] == [None, "10.00"]
        assert payment["invoice_status"] == [{invoice.number: "OPEN"}, {invoice.number: "PAID"}]
        assert payment["invoice_paid"] == [{invoice.number: "0.00"},
                                           {invoice.number: "96.90"}]

        refund = await refunds.refund_credit(s, actor=desk.finance, customer_id=buyer,
                                             amount=D("10.00"), paid_on=builders.today(),
                                             reference="Refund overpayment")
        refunded = await event(s, AuditAction.CUSTOMER_REFUNDED, "CustomerRefund", refund.id)
        assert refunded["credit_balance"] == ["10.00", "0.00"]
        assert refunded["amount"] == [None, "10.00"]

        # A second invoice paid 3.00 short: the rest is written off.
        second = await desk.order(buyer, [(stock.other.id, 1)])  # 33.33 + 7.00
        await desk.ship(second)
        short = await desk.invoice(second)
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=short.total - D("3.00"),
                                      received_on=builders.today(), reference="Short",
                                      invoice_ids=[short.id])
        await corrections.write_off_invoice(s, actor=desk.finance, invoice_id=short.id,
                                            reason="Bank charges deducted")
        written = await event(s, AuditAction.INVOICE_WRITTEN_OFF, "Invoice", short.id)
        assert written["status"] == ["PARTIALLY_PAID", "PAID"]
        assert written["written_off_amount"] == [0, "3.00"]
        assert written["balance"] == ["3.00", 0]


async def test_tax_rule_change_period_close_and_bank_match_record_before_and_after(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        category = "T_AUDIT_" + secrets.token_hex(2).upper()
        start = builders.today() - timedelta(days=10)
        rule = await taxes.set_tax_rule(
            s, actor=desk.finance, country="NL", tax_category=category,
            customer_tax_status=CustomerTaxStatus.STANDARD, rate=D("0.2100"), legal_note=None,
            valid_from=start, valid_to=None)
        created = await event(s, AuditAction.TAX_RULE_SET, "TaxRule", rule.id)
        assert created["rate"] == [None, "0.2100"] and created["country"] == [None, "NL"]
        await taxes.set_tax_rule(
            s, actor=desk.finance, country="NL", tax_category=category,
            customer_tax_status=CustomerTaxStatus.STANDARD, rate=D("0.0900"),
            legal_note="Reduced rate", valid_from=start, valid_to=None)
        changed = await event(s, AuditAction.TAX_RULE_SET, "TaxRule", rule.id)
        assert changed == {"rate": ["0.2100", "0.0900"], "legal_note": [None, "Reduced rate"]}

        # An ended month long before any demo posting, opened again at once.
        period = await periods.close_period(s, actor=desk.finance, year=2019, month=5)
        assert period.status == "CLOSED"
        closed = await event(s, AuditAction.ACCOUNTING_PERIOD_CLOSED, "AccountingPeriod",
                             periods.period_id(2019, 5))
        assert closed["status"] == ["OPEN", "CLOSED"]
        await periods.reopen_period(s, actor=desk.finance, year=2019, month=5,
                                    reason="Closed by the audit test only")
        reopened = await event(s, AuditAction.ACCOUNTING_PERIOD_REOPENED, "AccountingPeriod",
                               periods.period_id(2019, 5))
        assert reopened["status"] == ["CLOSED", "OPEN"]

        order = await desk.order(buyer, [(stock.product.id, 3)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        # A part payment naming nothing: UNMATCHED until the clerk matches it by hand.
        result = await bank.import_statement(
            s, actor=desk.finance, file_name="audit.xml", format=BankStatementFormat.CAMT053,
            content=camt053([Entry("7.01", reference="see remittance advice")],
                            statement_id="AUDIT-" + secrets.token_hex(4)))
        line = await s.scalar(select(BankStatementLine).where(
            BankStatementLine.statement_id == result.statement.id))
        assert line is not None and line.status == "UNMATCHED"
        await bank_matching.match_line(s, actor=desk.finance, line_id=line.id,
                                       invoice_ids=[invoice.id])
        matched = await event(s, AuditAction.BANK_LINE_MATCHED, "BankStatementLine", line.id)
        assert matched["status"] == ["UNMATCHED", "MATCHED"]
        assert matched["payment_id"] == [None, line.payment_id] and line.payment_id
