"""Warehouses and the transit lanes that say how fast they reach each region."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer, TransitLane, Warehouse
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.masterdata import checks, events
from backend.domain.trust import audit
from backend.enums import AuditAction

MAX_TRANSIT_DAYS = 60


@dataclass(frozen=True)
class Lane:
    region: str
    transit_days: int
    carrier: str | None = None


def _lane_problems(lanes: Sequence[Lane], *, required: bool) -> list[Problem | None]:
    problems: list[Problem | None] = []
    if required and not lanes:
        problems.append(Problem(ErrorCode.INVALID, "A warehouse serves at least one region.",
                                ("input", "transitLanes")))
    seen: set[str] = set()
    for i, lane in enumerate(lanes):
        at = ("input", "transitLanes", str(i))
        region = lane.region.strip()
        if not region or len(region) > 64 or region in seen:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"Region {region!r} is given twice." if region in seen
                                    else "A region has 1 to 64 characters.", (*at, "region")))
        seen.add(region)
        if not 1 <= lane.transit_days <= MAX_TRANSIT_DAYS:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"Transit takes 1 to {MAX_TRANSIT_DAYS} days.",
                                    (*at, "transitDays")))
        if lane.carrier is not None and len(lane.carrier) > 64:
            problems.append(Problem(ErrorCode.INVALID, "A carrier has at most 64 characters.",
                                    (*at, "carrier")))
    return problems


def _address_problem(address: str | None) -> Problem | None:
    if address is not None and len(address) > 500:
        return Problem(ErrorCode.INVALID, "An address has at most 500 characters.",
                       ("input", "address"))
    return None


async def _gln_taken(session: AsyncSession, gln: str, warehouse_id: int | None) -> None:
    owner = await session.scalar(select(Warehouse.id).where(Warehouse.gln == gln))
    if owner is not None and owner != warehouse_id:
        raise DomainError.single(ErrorCode.DUPLICATE, f"GLN {gln} names another warehouse.",
                                 ("input", "gln"))


async def _lanes(session: AsyncSession, warehouse_id: int) -> list[dict[str, Any]]:
    rows = await session.scalars(select(TransitLane).where(
        TransitLane.warehouse_id == warehouse_id).order_by(TransitLane.region))
    return [{"region": r.region, "transit_days": r.transit_days, "carrier": r.carrier}
            for r in rows]


async def _replace_lanes(session: AsyncSession, warehouse_id: int,
                         lanes: Sequence[Lane]) -> list[dict[str, Any]]:
    await session.execute(delete(TransitLane).where(TransitLane.warehouse_id == warehouse_id))
    session.add_all(TransitLane(warehouse_id=warehouse_id, region=lane.region.strip(),
                                transit_days=lane.transit_days,
                                carrier=(lane.carrier or "").strip() or None) for lane in lanes)
    await session.flush()
    return await _lanes(session, warehouse_id)


async def create_warehouse(
    session: AsyncSession, *, actor: Actor, code: str, name: str, region: str,
    latitude: float, longitude: float, lanes: Sequence[Lane], gln: str | None = None,
    address: str | None = None,
) -> Warehouse:
    checks.refuse([
        *checks.code_problems(code, name),
        None if region.strip() and len(region) <= 64 else Problem(
            ErrorCode.INVALID, "A region has 1 to 64 characters.", ("input", "region")),
        *checks.coordinate_problems(latitude, longitude, required=True),
        None if gln is None else checks.gln_problem(gln, ("input", "gln")),
        _address_problem(address),
        *_lane_problems(lanes, required=True),
    ])
    if await session.scalar(select(Warehouse.id).where(Warehouse.code == code)) is not None:
        raise DomainError.single(ErrorCode.DUPLICATE, f"Warehouse {code} exists.",
                                 ("input", "code"))
    if gln is not None:
        await _gln_taken(session, gln, None)
    warehouse = Warehouse(code=code.strip(), name=name.strip(), region=region.strip(),
                          latitude=latitude, longitude=longitude, gln=gln,
                          address=(address or "").strip() or None, active=True)
    session.add(warehouse)
    await session.flush()
    lanes_after = await _replace_lanes(session, warehouse.id, lanes)
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.WAREHOUSE_CREATED,
        entity_type="Warehouse", entity_id=warehouse.id,
        changes=audit.created(**_snapshot(warehouse), transit_lanes=lanes_after),
    )
    await events.changed(session, "Warehouse", warehouse.id, ["created"])
    return warehouse


async def update_warehouse(
    session: AsyncSession, *, actor: Actor, warehouse_id: int, name: str | None = None,
    gln: str | None = None, address: str | None = None, lanes: Sequence[Lane] | None = None,
    active: bool | None = None, reason: str | None = None,
) -> Warehouse:
    warehouse = await session.get(Warehouse, warehouse_id, with_for_update=True)
    if warehouse is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such warehouse.",
                                 ("input", "warehouseId"))
    checks.refuse([
        *([] if name is None else checks.name_problems(name)),
        None if not gln else checks.gln_problem(gln, ("input", "gln")),
        _address_problem(address),
        *([] if lanes is None else _lane_problems(lanes, required=True)),
        None if lanes is None else await _orphaned_region(session, warehouse.id, lanes),
    ])
    if gln:
        await _gln_taken(session, gln, warehouse.id)
    before = _snapshot(warehouse)
    lanes_before = await _lanes(session, warehouse.id)
    if name is not None:
        warehouse.name = name.strip()
    if gln is not None:
        warehouse.gln = gln or None  # "" clears it
    if address is not None:
        warehouse.address = address.strip() or None
    if active is not None:
        warehouse.active = active
    await session.flush()
    diff = audit.diff(before, _snapshot(warehouse))
    if lanes is not None:
        diff.update(audit.diff({"transit_lanes": lanes_before},
                               {"transit_lanes": await _replace_lanes(session, warehouse.id,
                                                                      lanes)}))
    if diff:
        await audit.record(session, actor_id=actor.user_id, action=AuditAction.WAREHOUSE_UPDATED,
                           entity_type="Warehouse", entity_id=warehouse.id, reason=reason,
                           changes=diff)
        await events.changed(session, "Warehouse", warehouse.id, diff)
    return warehouse


async def _orphaned_region(session: AsyncSession, warehouse_id: int,
                           lanes: Sequence[Lane]) -> Problem | None:
    """Dropping the last lane to a region would leave its customers without a promise date."""
    kept = {lane.region.strip() for lane in lanes}
    others = set(await session.scalars(select(TransitLane.region).where(
        TransitLane.warehouse_id != warehouse_id)))
    stranded = await session.scalar(select(Customer.region).where(
        Customer.region.is_not(None), Customer.region.not_in(kept | others)).limit(1))
    if stranded is None:
        return None
    return Problem(ErrorCode.INVALID, f"Customers in region {stranded!r} would have no "
                   "warehouse delivering to them.", ("input", "transitLanes"))


def _snapshot(w: Warehouse) -> dict[str, Any]:
    return {"code": w.code, "name": w.name, "region": w.region, "latitude": w.latitude,
            "longitude": w.longitude, "gln": w.gln, "address": w.address, "active": w.active}
