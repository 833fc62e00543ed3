"""Quotes: prices offered until a validity date, converted into an order at those prices."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, Quote, QuoteLine, SalesOrder
from backend.domain import access, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.rules import pricing
from backend.domain.rules.money import totals
from backend.domain.sales.orders import check_header, customer_in_scope, price_lines, write_order
from backend.domain.trust import audit
from backend.enums import AuditAction, QuoteStatus

MAX_VALIDITY = timedelta(days=366)
# Never stored: an open quote past its validity date reads as expired.
EXPIRED = "EXPIRED"


def effective_status(status: QuoteStatus | str, valid_until: date, today: date) -> str:
    """What a quote is now: OPEN, EXPIRED (open but past `valid_until`), CONVERTED or CANCELLED."""
    if status == QuoteStatus.OPEN and valid_until < today:
        return EXPIRED
    return QuoteStatus(status).value


async def create_quote(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    valid_until: date,
    lines: Sequence[pricing.LineRequest],
    customer_reference: str | None = None,
) -> Quote:
    customer = await customer_in_scope(
        session, customer_id, actor=actor, field=("input", "customerId")
    )
    today = datetime.now(UTC).date()
    if not today <= valid_until <= today + MAX_VALIDITY:
        raise DomainError.single(
            ErrorCode.INVALID,
            "A quote is valid from today for at most a year.",
            ("input", "validUntil"),
        )
    check_header(customer_reference, None)
    priced = await price_lines(session, customer, lines, actor=actor)
    sums = totals((line.line_total, line.tax_rate) for line in priced)
    quote = Quote(
        number=await numbering.next_number(session, "QT"),
        customer_id=customer.id,
        status=QuoteStatus.OPEN,
        valid_until=valid_until,
        customer_reference=customer_reference,
        subtotal=sums.subtotal,
        tax_total=sums.tax_total,
        total=sums.total,
        created_by_id=actor.user_id,
    )
    session.add(quote)
    await session.flush()
    session.add_all(
        QuoteLine(
            quote_id=quote.id,
            line_number=number,
            product_id=line.product_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            list_price=line.list_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
            line_total=line.line_total,
        )
        for number, line in enumerate(priced, start=1)
    )
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.QUOTE_CREATED,
        entity_type="Quote",
        entity_id=quote.id,
        changes=audit.created(
            number=quote.number,
            customer_id=customer.id,
            total=quote.total,
            valid_until=valid_until,
        ),
    )
    return quote


async def convert_quote(session: AsyncSession, *, actor: Actor, quote_id: int) -> SalesOrder:
    """A DRAFT order with the quote's lines and prices, while the quote is open and valid."""
    quote = await session.scalar(select(Quote).where(Quote.id == quote_id).with_for_update())
    access.ensure_owner(actor, quote, "quote", ("input", "quoteId"))
    assert quote is not None
    status = effective_status(quote.status, quote.valid_until, datetime.now(UTC).date())
    if status == EXPIRED:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Quote {quote.number} expired on {quote.valid_until}; ask for a new quote.",
            ("input", "quoteId"),
        )
    if status != QuoteStatus.OPEN:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Quote {quote.number} is {status}.",
            ("input", "quoteId"),
        )
    customer = await session.get_one(Customer, quote.customer_id)
    lines = [
        pricing.PricedLine(
            product_id=line.product_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            list_price=line.list_price,
            discount_percent=line.discount_percent,
            tax_rate=line.tax_rate,
            line_total=line.line_total,
        )
        for line in await session.scalars(
            select(QuoteLine).where(QuoteLine.quote_id == quote.id).order_by(QuoteLine.line_number)
        )
    ]
    order = await write_order(
        session,
        actor=actor,
        customer=customer,
        lines=lines,
        customer_reference=quote.customer_reference,
        requested_delivery_date=None,
        source=quote.number,
    )
    quote.status, quote.order_id = QuoteStatus.CONVERTED, order.id
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.QUOTE_CONVERTED,
        entity_type="Quote",
        entity_id=quote.id,
        changes={
            "status": (QuoteStatus.OPEN, QuoteStatus.CONVERTED),
            "order": (None, order.number),
        },
    )
    return order
