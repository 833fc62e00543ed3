"""What a person does with a statement line: match it to invoices (partly, several),
unmatch it (the payment is reversed), or post it to an account (fees: 6800)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Account,
    BankAccount,
    BankStatement,
    BankStatementLine,
    Invoice,
    JournalLine,
    Payment,
    PaymentApplication,
)
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.finance import ledger
from backend.domain.finance.bank import post_payment
from backend.domain.finance.corrections import _reason
from backend.domain.finance.invoice_state import OPEN, resettle
from backend.domain.trust import audit
from backend.enums import AuditAction, BankStatementLineStatus

LINE = ("input", "lineId")
UNSETTLED = (BankStatementLineStatus.UNMATCHED, BankStatementLineStatus.PROPOSED)


async def line_for_update(session: AsyncSession, line_id: int
                          ) -> tuple[BankStatementLine, BankAccount]:
    line = await session.scalar(select(BankStatementLine).where(BankStatementLine.id == line_id)
                                .with_for_update())
    if line is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such statement line.", LINE)
    statement = await session.get_one(BankStatement, line.statement_id)
    return line, await session.get_one(BankAccount, statement.bank_account_id)


async def match_line(session: AsyncSession, *, actor: Actor, line_id: int,
                     invoice_ids: Sequence[int]) -> BankStatementLine:
    line, account = await line_for_update(session, line_id)
    if line.status not in UNSETTLED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Line {line.line_number} is {line.status}; unmatch it first.",
                                 LINE)
    if line.direction != "CREDIT":
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "A debit is posted to an account, not matched to invoices.", LINE)
    if not invoice_ids:
        raise DomainError.single(ErrorCode.INVALID, "Choose at least one invoice.",
                                 ("input", "invoiceIds"))
    invoices = list(await session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))))
    found = {i.id for i in invoices}
    for n, pk in enumerate(invoice_ids):
        if pk not in found:
            raise DomainError.single(ErrorCode.NOT_FOUND, "No such invoice.",
                                     ("input", "invoiceIds", str(n)))
    if len({i.customer_id for i in invoices}) != 1:
        raise DomainError.single(ErrorCode.INVALID, "Match invoices of one customer.",
                                 ("input", "invoiceIds"))
    closed = [i.number for i in invoices if i.status not in OPEN]
    if closed:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "Not open for payment: " + ", ".join(closed) + ".",
                                 ("input", "invoiceIds"))
    before = line.status
    await post_payment(session, line, account, invoices[0].customer_id, list(found),
                       reference=", ".join(sorted(i.number for i in invoices)), actor=actor)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.BANK_LINE_MATCHED,
        entity_type="BankStatementLine", entity_id=line.id,
        changes={"status": (before, line.status), "payment_id": (None, line.payment_id),
                 "invoices": (None, sorted(i.number for i in invoices))},
    )
    return line


async def unmatch_line(session: AsyncSession, *, actor: Actor, line_id: int, reason: str
                       ) -> BankStatementLine:
    """Reverses the line's payment (Dr 1200 / Cr bank) or posting, back to UNMATCHED."""
    reason = _reason(reason)
    line, account = await line_for_update(session, line_id)
    before = line.status
    if line.status == BankStatementLineStatus.MATCHED and line.payment_id is not None:
        await _reverse_payment(session, line, account, actor=actor)
    elif line.status == BankStatementLineStatus.POSTED and line.journal_entry_id is not None:
        posted = list(await session.scalars(select(JournalLine).where(
            JournalLine.entry_id == line.journal_entry_id)))
        await ledger.post(session, actor=actor, memo=f"Reversal of bank line {line.line_number}",
                          reference=(line.bank_reference or f"BANK-{line.id}")[:64],
                          lines=[(p.account_code, Decimal(p.credit), Decimal(p.debit))
                                 for p in posted])
    else:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Line {line.line_number} is {line.status}; nothing to undo.",
                                 LINE)
    old_payment = line.payment_id
    line.status, line.payment_id, line.journal_entry_id = (
        BankStatementLineStatus.UNMATCHED, None, None)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.BANK_LINE_UNMATCHED,
        entity_type="BankStatementLine", entity_id=line.id, reason=reason,
        changes={"status": (before, line.status), "payment_id": (old_payment, None)},
    )
    return line


async def _reverse_payment(session: AsyncSession, line: BankStatementLine,
                           account: BankAccount, *, actor: Actor) -> None:
    payment = await session.get_one(Payment, line.payment_id, with_for_update=True)
    applications = list(await session.scalars(select(PaymentApplication).where(
        PaymentApplication.payment_id == payment.id)))
    entry = await ledger.post(
        session, actor=actor, memo=f"Reversal of payment {payment.reference}",
        reference=payment.reference[:64],
        lines=[(ledger.RECEIVABLES, payment.amount, 0),
               (account.ledger_account, 0, payment.amount)],
    )
    payment.reversed_at, payment.reversal_entry_id = datetime.now(UTC), entry.id
    for application in applications:
        invoice = await session.get_one(Invoice, application.invoice_id, with_for_update=True)
        invoice.amount_paid -= application.amount
        await resettle(session, invoice, actor=actor)
    await session.flush()


async def post_line(session: AsyncSession, *, actor: Actor, line_id: int, account_code: str,
                    memo: str) -> BankStatementLine:
    memo = memo.strip()
    if not memo or len(memo) > 300:
        raise DomainError.single(ErrorCode.INVALID, "Give a memo (1 to 300 characters).",
                                 ("input", "memo"))
    line, account = await line_for_update(session, line_id)
    if line.status not in UNSETTLED:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Line {line.line_number} is {line.status}.", LINE)
    if await session.get(Account, account_code) is None or account_code == account.ledger_account:
        raise DomainError.single(ErrorCode.INVALID, f"No account {account_code} to post to.",
                                 ("input", "accountCode"))
    bank = account.ledger_account
    lines: list[ledger.Line] = ([(account_code, line.amount, 0), (bank, 0, line.amount)]
             if line.direction == "DEBIT" else
             [(bank, line.amount, 0), (account_code, 0, line.amount)])
    entry = await ledger.post(session, actor=actor, memo=memo,
                              reference=(line.bank_reference or f"BANK-{line.id}")[:64],
                              booked_on=line.booking_date, lines=lines)
    before = line.status
    line.status, line.journal_entry_id, line.proposals = (
        BankStatementLineStatus.POSTED, entry.id, [])
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.BANK_LINE_POSTED,
        entity_type="BankStatementLine", entity_id=line.id,
        changes={"status": (before, line.status), "account": (None, account_code),
                 "amount": (None, line.amount)},
    )
    return line
