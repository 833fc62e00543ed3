"""Root reads of configuration policies: the list and the effective values of a sale.
Rows, never graph objects."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from backend.api.errors import ApiError, ApiErrorCode
from backend.db import models as m
from backend.domain.policies import resolve
from backend.enums import ConfigPolicyKind
from backend.resolvers.context import Context

policies_t = m.ConfigPolicy.__table__


async def policies(context: Context, kind: ConfigPolicyKind | None,
                   include_inactive: bool) -> Sequence[Any]:
    stmt = select(policies_t).order_by(policies_t.c.kind, policies_t.c.id)
    if kind is not None:
        stmt = stmt.where(policies_t.c.kind == kind)
    if not include_inactive:
        stmt = stmt.where(policies_t.c.active)
    return await context.loaders.rows(stmt)


async def effective(context: Context, product_id: int,
                    customer_id: int) -> list[tuple[ConfigPolicyKind, str, Any]]:
    """(kind, value, deciding row or None) for every kind, in the kinds' order."""
    product = await context.loaders.product_by_id.load(product_id)
    if product is None:
        raise ApiError("No such product.", code=ApiErrorCode.NOT_FOUND)
    customer = await context.loaders.customer_by_id.load(customer_id)
    if customer is None:
        raise ApiError("No such customer.", code=ApiErrorCode.NOT_FOUND)
    rows = {r.id: r for r in await context.loaders.rows(
        select(policies_t).where(policies_t.c.active))}
    active = resolve.of_rows(
        resolve.ActivePolicy(r.id, ConfigPolicyKind(r.kind), r.product_line,
                             None if r.device_class is None else str(r.device_class),
                             r.region, r.value) for r in rows.values())
    sale = resolve.subject(product.product_line, product.device_class, customer.region)
    out = []
    for kind in ConfigPolicyKind:
        decision = active.decide(kind, sale)
        out.append((kind, decision.value,
                    None if decision.policy is None else rows[decision.policy.id]))
    return out
