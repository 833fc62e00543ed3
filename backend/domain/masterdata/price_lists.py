"""Price lists: their currency and validity, and the prices they hold."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import PriceList, PriceListItem, Product
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.masterdata import checks, events
from backend.domain.trust import audit
from backend.enums import AuditAction


@dataclass(frozen=True)
class Price:
    product_id: int
    # None takes the product off the list.
    unit_price: Decimal | None


def currency_problem(currency: str) -> Problem | None:
    if len(currency) == 3 and pycountry.currencies.get(alpha_3=currency.upper()) is not None:
        return None
    return Problem(ErrorCode.INVALID, f"{currency!r} is not an ISO 4217 currency code.",
                   ("input", "currency"))


def validity_problem(valid_from: date | None, valid_to: date | None) -> Problem | None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        return Problem(ErrorCode.INVALID, "A price list cannot end before it starts.",
                       ("input", "validTo"))
    return None


def _snapshot(p: PriceList) -> dict[str, Any]:
    return {"code": p.code, "name": p.name, "currency": p.currency, "valid_from": p.valid_from,
            "valid_to": p.valid_to, "is_default": p.is_default}


async def create_price_list(
    session: AsyncSession, *, actor: Actor, code: str, name: str, currency: str = "EUR",
    valid_from: date | None = None, valid_to: date | None = None,
) -> PriceList:
    checks.refuse([*checks.code_problems(code, name), currency_problem(currency),
                   validity_problem(valid_from, valid_to)])
    if await session.scalar(select(PriceList.id).where(PriceList.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Price list {code} exists.",
                                 ("input", "code"))
    price_list = PriceList(code=code.strip(), name=name.strip(), currency=currency.upper(),
                           valid_from=valid_from, valid_to=valid_to, is_default=False)
    session.add(price_list)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.PRICE_LIST_CREATED,
                       entity_type="PriceList", entity_id=price_list.id,
                       changes=audit.created(**_snapshot(price_list)))
    await events.changed(session, "PriceList", price_list.id, ["created"])
    return price_list


async def _locked(session: AsyncSession, price_list_id: int) -> PriceList:
    price_list = await session.get(PriceList, price_list_id, with_for_update=True)
    if price_list is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such price list.",
                                 ("input", "priceListId"))
    return price_list


async def update_price_list(
    session: AsyncSession, *, actor: Actor, price_list_id: int, name: str | None = None,
    valid_from: date | None = None, valid_to: date | None = None, reason: str | None = None,
) -> PriceList:
    """Name and validity; the dates given replace the stored ones, the others stay."""
    price_list = await _locked(session, price_list_id)
    start = price_list.valid_from if valid_from is None else valid_from
    end = price_list.valid_to if valid_to is None else valid_to
    checks.refuse([*([] if name is None else checks.name_problems(name)),
                   validity_problem(start, end)])
    before = _snapshot(price_list)
    if name is not None:
        price_list.name = name.strip()
    price_list.valid_from, price_list.valid_to = start, end
    await session.flush()
    diff = audit.diff(before, _snapshot(price_list))
    if diff:
        await audit.record(session, actor_id=actor.user_id,
                           action=AuditAction.PRICE_LIST_UPDATED, entity_type="PriceList",
                           entity_id=price_list.id, reason=reason, changes=diff)
        await events.changed(session, "PriceList", price_list.id, diff)
    return price_list


async def set_prices(
    session: AsyncSession, *, actor: Actor, price_list_id: int, prices: Sequence[Price],
    reason: str | None = None,
) -> PriceList:
    """Set or remove (None) each product's price; all or nothing."""
    price_list = await _locked(session, price_list_id)
    problems: list[Problem | None] = []
    seen: set[int] = set()
    for i, price in enumerate(prices):
        at = ("input", "prices", str(i))
        if price.product_id in seen:
            problems.append(Problem(ErrorCode.INVALID, "A product is given twice.",
                                    (*at, "productId")))
        seen.add(price.product_id)
        if price.unit_price is not None:
            problems.append(checks.price_problem(price.unit_price, (*at, "unitPrice")))
    products = dict((await session.execute(
        select(Product.id, Product.sku).where(Product.id.in_(seen)))).all())
    problems += [Problem(ErrorCode.NOT_FOUND, "No such product.",
                         ("input", "prices", str(i), "productId"))
                 for i, price in enumerate(prices) if price.product_id not in products]
    checks.refuse(problems)
    current = dict((await session.execute(
        select(PriceListItem.product_id, PriceListItem.unit_price).where(
            PriceListItem.price_list_id == price_list.id,
            PriceListItem.product_id.in_(seen)))).all())
    changes: dict[str, tuple[Any, Any]] = {}
    for price in prices:
        before, after = current.get(price.product_id), price.unit_price
        if before == after:
            continue
        changes[products[price.product_id]] = (before, after)
        if after is None:
            await session.execute(delete(PriceListItem).where(
                PriceListItem.price_list_id == price_list.id,
                PriceListItem.product_id == price.product_id))
        elif before is None:
            session.add(PriceListItem(price_list_id=price_list.id,
                                      product_id=price.product_id, unit_price=after))
        else:
            item = await session.get(PriceListItem, (price_list.id, price.product_id))
            assert item is not None
            item.unit_price = after
    await session.flush()
    if changes:
        # Keyed by SKU: the trail reads as "PMP-100: 12.00 -> 11.50".
        await audit.record(session, actor_id=actor.user_id, action=AuditAction.PRICE_SET,
                           entity_type="PriceList", entity_id=price_list.id, reason=reason,
                           changes=changes)
        await events.changed(session, "PriceList", price_list.id, ["prices"])
    return price_list
