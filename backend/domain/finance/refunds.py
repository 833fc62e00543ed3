"""Refunds out of a customer's credit balance: Dr 1200 Receivables / Cr the bank account."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import CustomerRefund
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance import ledger, settings
from backend.domain.finance.balances import credit_balance
from backend.domain.rules.money import ZERO, is_whole_cents
from backend.domain.sales.order_lookup import customer_in_scope
from backend.domain.trust import audit
from backend.enums import AuditAction


async def refund_credit(
    session: AsyncSession, *, actor: Actor, customer_id: int, amount: Decimal, paid_on: date,
    reference: str,
) -> CustomerRefund:
    problems = []
    if not (is_whole_cents(amount) and amount > ZERO):
        problems.append(Problem(ErrorCode.INVALID, "The amount is positive, in whole cents.",
                                ("input", "amount")))
    if paid_on > datetime.now(UTC).date() + timedelta(days=1):
        problems.append(Problem(ErrorCode.INVALID, "A refund is not paid in the future.",
                                ("input", "paidOn")))
    reference = reference.strip()
    if not reference or len(reference) > 100:
        problems.append(Problem(ErrorCode.INVALID, "Give a reference (1 to 100 characters).",
                                ("input", "reference")))
    if problems:
        raise DomainError(problems)
    customer = await customer_in_scope(session, customer_id, actor=actor,
                                       field=("input", "customerId"))
    # One refund of a customer at a time: two cannot both spend the same credit.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                          {"k": f"refund:{customer.id}"})
    available = await credit_balance(session, customer.id)
    if amount > available:
        raise DomainError.single(ErrorCode.REFUND_EXCEEDS_CREDIT,
                                 f"{customer.code} has {available} of credit; {amount} is more.",
                                 ("input", "amount"))
    bank = await settings.default_bank_account(session)
    entry = await ledger.post(
        session, actor=actor, memo=f"Refund to {customer.code}", reference=reference[:64],
        booked_on=paid_on,
        lines=[(ledger.RECEIVABLES, amount, 0),
               (bank.ledger_account if bank else ledger.CASH, 0, amount)],
    )
    refund = CustomerRefund(number=await numbering.next_number(session, "RF"),
                            customer_id=customer.id, amount=amount, paid_on=paid_on,
                            reference=reference, journal_entry_id=entry.id)
    session.add(refund)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CUSTOMER_REFUNDED,
        entity_type="CustomerRefund", entity_id=refund.id,
        changes={**audit.created(number=refund.number, amount=amount, paid_on=paid_on),
                 "credit_balance": (available, available - amount)},
    )
    return refund
