"""Posting to the double-entry journal: every entry balances, or nothing is posted."""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import JournalEntry, JournalLine
from backend.domain.actor import Actor
from backend.domain.finance.periods import ensure_open

# The chart of accounts the sales flow posts to (seeded with the demo data and by admins).
CASH = "1100"
RECEIVABLES = "1200"
TAX_PAYABLE = "2200"
REVENUE = "4000"
BANK_CHARGES = "6800"
PAYMENT_DIFFERENCES = "6900"
# stock valuation and payables
INVENTORY = "1300"
INPUT_TAX = "1400"
PAYABLES = "2100"
GOODS_RECEIVED_NOT_INVOICED = "2150"
COST_OF_SALES = "5000"
PURCHASE_PRICE_VARIANCE = "5100"
INVENTORY_WRITE_OFFS = "5900"

Line = tuple[str, Decimal | int, Decimal | int]


async def post(
    session: AsyncSession,
    *,
    actor: Actor,
    memo: str,
    reference: str,
    lines: Sequence[Line],
    booked_on: date | None = None,
) -> JournalEntry:
    """One balanced entry of (account, debit, credit) lines; lines of zero are left out.

    `booked_on` (default today, UTC) must fall in an OPEN month: else PERIOD_CLOSED."""
    booked_on = booked_on or datetime.now(UTC).date()
    await ensure_open(session, booked_on)
    kept = [(account, Decimal(debit), Decimal(credit)) for account, debit, credit in lines
            if debit or credit]
    debits = sum((debit for _, debit, _ in kept), Decimal(0))
    credits = sum((credit for _, _, credit in kept), Decimal(0))
    if debits != credits or not kept:
        raise ValueError(f"unbalanced journal entry {memo!r}: {debits} != {credits}")
    entry = JournalEntry(memo=memo, reference=reference, actor_id=actor.user_id,
                         booked_on=booked_on)
    session.add(entry)
    await session.flush()
    session.add_all(
        JournalLine(entry_id=entry.id, account_code=account, debit=debit, credit=credit)
        for account, debit, credit in kept
    )
    await session.flush()
    return entry
