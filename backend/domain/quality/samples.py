"""Retained samples: units taken out of saleable stock (a SAMPLE move) into a register with
their location and how long they are kept; pulled with a reason, never beyond what remains."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Lot,
    RetainedSample,
    RetainedSamplePull,
    RetainedSampleSerial,
    Serial,
    Warehouse,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.inventory import held, stock
from backend.domain.quality.nonconformance import text_of
from backend.domain.trust import audit
from backend.enums import AuditAction, SerialStatus, StockMoveKind

RETAIN_PAST_EXPIRY = timedelta(days=365)


async def retain_sample(
    session: AsyncSession, *, actor: Actor, lot_id: int | None, warehouse_id: int | None,
    quantity: int, location: str, retain_until: date | None = None,
    serial_numbers: Sequence[str] | None = None,
) -> RetainedSample:
    if quantity <= 0:
        raise DomainError.single(ErrorCode.INVALID, "Retain at least one unit.",
                                 ("input", "quantity"))
    location = text_of(location, ("input", "location"), "a location", 200)
    lot = await lookup.get(session, Lot, lot_id, field=("input", "lotId"), lock=True)
    warehouse = await lookup.get(session, Warehouse, warehouse_id, field=("input", "warehouseId"))
    if retain_until is None:
        if lot.expires_on is None:
            raise DomainError.single(ErrorCode.INVALID, "Lot has no expiry: say how long the "
                                     "sample is kept.", ("input", "retainUntil"))
        retain_until = lot.expires_on + RETAIN_PAST_EXPIRY
    numbers = [n.strip() for n in serial_numbers or [] if n.strip()]
    serials: list[Serial] = []
    if numbers:
        serials = list(await session.scalars(
            select(Serial).where(Serial.lot_id == lot.id, Serial.serial_number.in_(numbers),
                                 Serial.warehouse_id == warehouse.id,
                                 Serial.status == SerialStatus.IN_STOCK,
                                 Serial.allocation_id.is_(None), held.not_held())
            .with_for_update()
        ))
        if len(serials) != quantity or len(set(numbers)) != quantity:
            raise DomainError.single(ErrorCode.SERIAL_MISMATCH,
                                     f"Give {quantity} free serials of this lot in that "
                                     "warehouse.", ("input", "serialNumbers"))
    sample = RetainedSample(
        number=await numbering.next_number(session, "RS"), lot_id=lot.id,
        warehouse_id=warehouse.id, location=location, quantity=quantity,
        remaining_quantity=quantity, retain_until=retain_until, taken_by_id=actor.user_id,
    )
    session.add(sample)
    await session.flush()
    move: dict[str, Any] = dict(kind=StockMoveKind.SAMPLE, product_id=lot.product_id, lot_id=lot.id,
                warehouse_id=warehouse.id, actor_id=actor.user_id, reference=sample.number)
    if serials:
        for serial in serials:
            await stock.post_move(session, **move, quantity=-1,
                                  serial_id=serial.id)
            serial.status, serial.warehouse_id = SerialStatus.SCRAPPED, None
        session.add_all(RetainedSampleSerial(sample_id=sample.id, serial_id=s.id)
                        for s in serials)
    else:
        await stock.post_move(session, **move, quantity=-quantity)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SAMPLE_RETAINED,
        entity_type="RetainedSample", entity_id=sample.id,
        changes=audit.created(number=sample.number, lot_id=lot.id, warehouse_id=warehouse.id,
                              quantity=quantity, location=location, retain_until=retain_until),
    )
    return sample


async def pull_sample(
    session: AsyncSession, *, actor: Actor, sample_id: int | None, quantity: int, reason: str
) -> RetainedSample:
    sample = await lookup.get(session, RetainedSample, sample_id, field=("input", "sampleId"),
                              lock=True)
    reason = text_of(reason, ("input", "reason"), "a reason")
    if not 0 < quantity <= sample.remaining_quantity:
        raise DomainError.single(
            ErrorCode.INVALID,
            f"Between 1 and {sample.remaining_quantity} units of {sample.number} remain.",
            ("input", "quantity"),
        )
    before = sample.remaining_quantity
    sample.remaining_quantity -= quantity
    session.add(RetainedSamplePull(sample_id=sample.id, quantity=quantity, reason=reason,
                                   pulled_by_id=actor.user_id))
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.SAMPLE_PULLED,
        entity_type="RetainedSample", entity_id=sample.id, reason=reason,
        changes={"remaining_quantity": (before, sample.remaining_quantity)},
    )
    return sample
