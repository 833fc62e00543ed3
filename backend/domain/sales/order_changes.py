"""What draft edits and amendments share: the header fields a change may set, checked."""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product, SalesOrder, TransitLane
from backend.domain.errors import ErrorCode, Problem
from backend.domain.sales.orders import header_problems
from backend.domain.sales.versions import SHIP_TO_FIELDS

COUNTRY = re.compile(r"^[A-Z]{2}$")
# The header fields a change may carry; absent keys are kept.
HEADER_FIELDS = ("customer_reference", "requested_delivery_date", "ship_to")


async def ship_to_problems(
    session: AsyncSession, ship_to: Mapping[str, Any] | None, at: Sequence[str]
) -> list[Problem]:
    if ship_to is None:
        return []
    problems = [
        Problem(ErrorCode.INVALID, f"The ship-to {name} is blank.", (*at, name))
        for name in SHIP_TO_FIELDS
        if not str(ship_to.get(name) or "").strip() or len(str(ship_to.get(name))) > 200
    ]
    country = str(ship_to.get("country") or "")
    if country and not COUNTRY.match(country):
        problems.append(Problem(ErrorCode.INVALID,
                                "The ship-to country is an ISO 3166-1 alpha-2 code (e.g. DE).",
                                (*at, "country")))
    region = str(ship_to.get("region") or "").strip()
    if region:
        known = await session.scalar(
            select(TransitLane.id).where(TransitLane.region == region).limit(1))
        if known is None:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"No transit lane delivers to region {region}.",
                                    (*at, "region")))
    return problems


async def header_change_problems(
    session: AsyncSession, header: Mapping[str, Any]
) -> list[Problem]:
    problems = header_problems(header.get("customer_reference"),
                               header.get("requested_delivery_date"))
    problems.extend(await ship_to_problems(session, header.get("ship_to"),
                                           ("input", "shipTo")))
    return problems


def apply_header(order: SalesOrder, header: Mapping[str, Any]) -> None:
    for name in HEADER_FIELDS:
        if name in header:
            value = header[name]
            setattr(order, name, dict(value) if name == "ship_to" and value else value)


async def skus_of(session: AsyncSession, product_ids: set[int]) -> dict[int, str]:
    if not product_ids:
        return {}
    return dict((await session.execute(
        select(Product.id, Product.sku).where(Product.id.in_(product_ids)))).all())
