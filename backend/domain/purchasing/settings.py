"""Purchasing tolerances as data (rows of `sales_settings`): how far a receipt may exceed
its PO line, and how far an invoice price may stray from the PO price."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import SalesSetting
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.finance.settings import store
from backend.domain.trust import audit
from backend.enums import AuditAction

OVER_RECEIPT_KEY = "over_receipt_tolerance_percent"
PRICE_KEY = "price_tolerance_percent"
DEFAULTS = {OVER_RECEIPT_KEY: "0", PRICE_KEY: "2"}
HUNDRED = Decimal("100")


@dataclass(frozen=True, slots=True)
class PurchasingSettings:
    currency: str
    over_receipt_tolerance_percent: Decimal
    price_tolerance_percent: Decimal


STORED: Select[Any] = select(  # type: ignore[assignment]
    SalesSetting.key, SalesSetting.value).where(SalesSetting.key.in_(DEFAULTS))


async def load(session: AsyncSession) -> PurchasingSettings:
    return of_rows((await session.execute(STORED)).all())


def of_rows(rows: Sequence[Any]) -> PurchasingSettings:
    v = {**DEFAULTS, **{row[0]: row[1] for row in rows}}
    return PurchasingSettings(currency="EUR",
                              over_receipt_tolerance_percent=Decimal(v[OVER_RECEIPT_KEY]),
                              price_tolerance_percent=Decimal(v[PRICE_KEY]))


def receivable_quantity(ordered: int, tolerance_percent: Decimal) -> int:
    """The most a PO line may receive in total: quantity x (1 + tolerance), whole units."""
    return int(Decimal(ordered) * (HUNDRED + tolerance_percent) // HUNDRED)


async def update(session: AsyncSession, *, actor: Actor,
                 over_receipt_tolerance_percent: Decimal | None,
                 price_tolerance_percent: Decimal | None) -> PurchasingSettings:
    wanted = {OVER_RECEIPT_KEY: over_receipt_tolerance_percent,
              PRICE_KEY: price_tolerance_percent}
    fields = {OVER_RECEIPT_KEY: "overReceiptTolerancePercent",
              PRICE_KEY: "priceTolerancePercent"}
    problems = [
        Problem(ErrorCode.INVALID, "A tolerance is 0 to 100 percent, to two decimals.",
                ("input", fields[key]))
        for key, value in wanted.items()
        if value is not None and not (0 <= value <= HUNDRED
                                      and value == value.quantize(Decimal("0.01")))
    ]
    if problems:
        raise DomainError(problems)
    before = await load(session)
    await store(session, {key: str(value) for key, value in wanted.items() if value is not None})
    after = await load(session)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASING_SETTINGS_UPDATED,
        entity_type="PurchasingSettings", entity_id=None,
        changes=audit.diff(
            {OVER_RECEIPT_KEY: before.over_receipt_tolerance_percent,
             PRICE_KEY: before.price_tolerance_percent},
            {OVER_RECEIPT_KEY: after.over_receipt_tolerance_percent,
             PRICE_KEY: after.price_tolerance_percent}),
    )
    return after
