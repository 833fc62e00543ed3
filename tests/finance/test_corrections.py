"""Void, credit notes, refunds and write-offs: each corrects with a trail and an entry."""

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from backend.db.models import InvoiceLine, JournalLine, SalesSetting
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import balances, corrections, credit_notes, payments, refunds
from backend.domain.finance.credit_notes import CreditRequest
from backend.enums import InvoiceStatus
from backend.seed.invariants import check_invariants
from tests.support import builders
from tests.support.finance import Desk, customer

D = Decimal


async def refused(code: ErrorCode, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        await call
    assert caught.value.problems[0].code == code, caught.value.problems


async def entry_lines(s, entry_id: int) -> set[tuple[str, Decimal, Decimal]]:  # type: ignore[no-untyped-def]
    return {(p.account_code, p.debit, p.credit) for p in await s.scalars(
        select(JournalLine).where(JournalLine.entry_id == entry_id))}


async def test_a_void_reverses_the_invoice_and_its_shipments_are_invoiced_again(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 3)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        await refused(ErrorCode.INVALID, corrections.void_invoice(
            s, actor=desk.finance, invoice_id=invoice.id, reason="  "))
        voided = await corrections.void_invoice(s, actor=desk.finance, invoice_id=invoice.id,
                                                reason="Wrong ship-to address")
        assert voided.status == InvoiceStatus.VOID and voided.void_reason
        assert await entry_lines(s, voided.void_entry_id) == {
            ("4000", invoice.subtotal, 0), ("2200", invoice.tax_total, 0),
            ("1200", 0, invoice.total)}
        assert await balances.receivable_balance(s, buyer) == 0
        await refused(ErrorCode.INVALID_TRANSITION, corrections.void_invoice(
            s, actor=desk.finance, invoice_id=invoice.id, reason="again"))
        again = await desk.invoice(order)
        assert again.number != invoice.number and again.total == invoice.total
        # Paid: it is credited, not voided.
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=D("1.00"), received_on=builders.today(),
                                      reference="part")
        await refused(ErrorCode.INVOICE_HAS_PAYMENTS, corrections.void_invoice(
            s, actor=desk.finance, invoice_id=again.id, reason="too late"))
        assert await check_invariants(s) == []
        await s.rollback()


async def test_credit_notes_reduce_the_balance_and_on_a_paid_invoice_become_credit(
    sessionmaker, stock
) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 3), (stock.other.id, 2)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        line1, line2 = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id).order_by(InvoiceLine.line_number)))

        def issue(*requests: CreditRequest, reason: str = "Damaged in transit"):  # type: ignore[no-untyped-def]
            return credit_notes.issue_credit_note(s, actor=desk.finance, invoice_id=invoice.id,
                                                  reason=reason, lines=list(requests))

        await refused(ErrorCode.INVALID, issue(CreditRequest(line1.id, 1, D("1.00"))))
        await refused(ErrorCode.INVALID, issue(CreditRequest(line1.id)))
        await refused(ErrorCode.INVALID, issue(CreditRequest(line1.id, net_amount=D("1.001"))))
        await refused(ErrorCode.CREDIT_EXCEEDS_INVOICE, issue(CreditRequest(line1.id, 4)))
        await refused(ErrorCode.CREDIT_EXCEEDS_INVOICE,
                      issue(CreditRequest(line2.id, net_amount=D("66.67"))))

        # One unit back (10.01 + 21 %) and a price reduction of 5.00 on line 2.
        note = await issue(CreditRequest(line1.id, 1), CreditRequest(line2.id, net_amount=D("5")))
        assert (note.subtotal, note.tax_total) == (D("15.01"), D("2.10") + D("1.05"))
        assert note.applied_to_invoice == note.total
        assert await entry_lines(s, note.journal_entry_id) == {
            ("4000", note.subtotal, 0), ("2200", note.tax_total, 0), ("1200", 0, note.total)}
        assert invoice.credited_amount == note.total
        open_balance = invoice.total - note.total
        assert await balances.receivable_balance(s, buyer) == open_balance
        await refused(ErrorCode.CREDIT_EXCEEDS_INVOICE, issue(CreditRequest(line1.id, 3)))

        # Paid in full, then a credit: it becomes the customer's credit balance.
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=open_balance, received_on=builders.today(),
                                      reference="wire 1")
        assert invoice.status == InvoiceStatus.PAID
        late = await issue(CreditRequest(line1.id, 2), reason="Returned")
        assert late.applied_to_invoice == 0
        assert await balances.credit_balance(s, buyer) == late.total
        assert await balances.receivable_balance(s, buyer) == -late.total

        # Refund it, never above it: Dr 1200 / Cr 1100.
        await refused(ErrorCode.REFUND_EXCEEDS_CREDIT, refunds.refund_credit(
            s, actor=desk.finance, customer_id=buyer, amount=late.total + D("0.01"),
            paid_on=builders.today(), reference="refund"))
        refund = await refunds.refund_credit(s, actor=desk.finance, customer_id=buyer,
                                             amount=late.total, paid_on=builders.today(),
                                             reference="SEPA refund 1")
        assert await entry_lines(s, refund.journal_entry_id) == {
            ("1200", late.total, 0), ("1100", 0, late.total)}
        assert await balances.credit_balance(s, buyer) == 0
        assert await balances.receivable_balance(s, buyer) == 0
        assert await check_invariants(s) == []
        await s.rollback()


async def test_credited_by_credits_alone(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        order = await desk.order(buyer, [(stock.product.id, 3)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        [line] = list(await s.scalars(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id)))
        await credit_notes.issue_credit_note(s, actor=desk.finance, invoice_id=invoice.id,
                                             reason="Not wanted",
                                             lines=[CreditRequest(line.id, 3)])
        assert invoice.status == InvoiceStatus.CREDITED and invoice.credited_amount == invoice.total
        assert await check_invariants(s) == []
        await s.rollback()


async def test_a_small_rest_is_written_off_up_to_the_threshold(sessionmaker, stock) -> None:
    buyer = await customer(sessionmaker)
    async with sessionmaker() as s:
        desk = await Desk.open(s)
        await s.execute(update(SalesSetting).where(SalesSetting.key == "write_off_threshold")
                        .values(value="5.00"))
        order = await desk.order(buyer, [(stock.product.id, 3)])
        await desk.ship(order)
        invoice = await desk.invoice(order)
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=invoice.total - D("5.01"),
                                      received_on=builders.today(), reference="short paid")

        def write_off(reason: str = "Bank fee deducted by the customer"):  # type: ignore[no-untyped-def]
            return corrections.write_off_invoice(s, actor=desk.finance, invoice_id=invoice.id,
                                                 reason=reason)

        await refused(ErrorCode.WRITE_OFF_ABOVE_THRESHOLD, write_off())
        await payments.record_payment(s, actor=desk.finance, customer_id=buyer,
                                      amount=D("0.01"), received_on=builders.today(),
                                      reference="top up")
        await refused(ErrorCode.INVALID, write_off(""))
        written = await write_off()
        assert written.status == InvoiceStatus.PAID and written.written_off_amount == D("5.00")
        assert await entry_lines(s, written.write_off_entry_id) == {
            ("6900", D("5.00"), 0), ("1200", 0, D("5.00"))}
        await refused(ErrorCode.INVALID_TRANSITION, write_off())
        assert await balances.receivable_balance(s, buyer) == 0
        assert await check_invariants(s) == []
        await s.rollback()
