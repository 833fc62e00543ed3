"""Benchmark releasing a work order onto a busy finite-capacity schedule.

    python bench/schedule.py [--scale 10] [--runs 50] [--orders 1000] [--centers 20]
                             [--reuse-db URL] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the server
named by DATABASE_URL), migrates it and loads the demo set and `seed --scale N`, unless
--reuse-db names a loaded database. Then adds `--centers` work centres at DE-LEJ, one
product per work centre with an approved two-operation BOM (its own centre, then the next
one) over one well-stocked component, and `--orders` RELEASED work orders spread over
them (written in bulk, then scheduled once). Each run releases one more PLANNED work
order through `release_work_order`: FEFO reservation, batch record, and the whole
schedule recomputed; the run is rolled back, so every run sees the same schedule.

Prints p50 / p95 (ms) and SQL statements per release. Target: p50 < 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deep_query import load_data, provision_database  # noqa: E402 - shared database set-up

from backend.db import migrate  # noqa: E402
from backend.db.engine import create_engine, create_sessionmaker  # noqa: E402
from backend.db.models import (  # noqa: E402
    BomComponent,
    BomVersion,
    CapacityBooking,
    RoutingOperation,
    Supplier,
    SupplierProduct,
    User,
    UserRole,
    Warehouse,
    WorkCenter,
    WorkOrder,
    WorkOrderComponent,
)
from backend.domain.actor import SYSTEM, Actor  # noqa: E402
from backend.domain.inventory import receiving  # noqa: E402
from backend.domain.masterdata import catalog  # noqa: E402
from backend.domain.production import release, schedule, work_orders  # noqa: E402
from backend.domain.quality import inspections, releases  # noqa: E402
from backend.domain.rules.gtin import make_gtin14  # noqa: E402
from backend.enums import (  # noqa: E402
    BomVersionStatus,
    DeviceClass,
    InspectionKind,
    InspectionResult,
    Replenishment,
    TrackingMode,
    WorkOrderStatus,
)


async def prepare(url: str, orders: int, centers: int) -> tuple[int, int]:
    """The busy schedule; (product id, planned work order id) to release in the runs."""
    engine = create_engine(url, pool_size=2)
    sessions = create_sessionmaker(engine)
    today = datetime.now(UTC).date()
    try:
        async with sessions() as s, s.begin():
            warehouse = await s.scalar(select(Warehouse.id).where(Warehouse.code == "DE-LEJ"))
            component = await catalog.create_product(
                s, actor=SYSTEM, sku="BENCH-CMP", gtin=make_gtin14("0871999900001"),
                name="Bench component", device_class=DeviceClass.I,
                tracking_mode=TrackingMode.LOT, unit_price=Decimal("1.00"),
                tax_rate=Decimal("0.21"))
            ids = await _centers_and_boms(s, warehouse, component.id, centers, today)
            component_id = component.id
        async with sessions() as s, s.begin():
            await _stock(s, component_id, warehouse, today)
        async with sessions() as s, s.begin():
            await _released_orders(s, ids, warehouse, orders, today)
            await schedule.reschedule(s)
            planned = await work_orders.create_work_order(
                s, actor=SYSTEM, product_id=ids[0][0], quantity=5,
                due_date=today + timedelta(days=3))
            bookings = await s.scalar(select(func.count()).select_from(CapacityBooking))
            print(f"{orders} released work orders on {centers} work centres: "
                  f"{bookings} bookings")
            return ids[0][0], planned.id
    finally:
        await engine.dispose()


async def _actor(s: Any, username: str) -> Actor:
    user = await s.scalar(select(User).where(User.username == username))
    roles = await s.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor.of(user.id, [str(r) for r in roles], None)


async def _stock(s: Any, product_id: int, warehouse: int, today: date) -> None:
    """A released lot of the component, received, inspected and released as QA does."""
    supplier = await s.scalar(select(Supplier.id).where(Supplier.code == "SUP-ALP"))
    s.add(SupplierProduct(supplier_id=supplier, product_id=product_id))
    await s.flush()
    [lot] = await receiving.receive_goods(
        s, actor=await _actor(s, "warehouse"), supplier_id=supplier, warehouse_id=warehouse,
        lines=[receiving.ReceiptLine(product_id=product_id, lot_number="BENCH-LOT",
                                     quantity=10_000_000, manufactured_on=today,
                                     expires_on=today + timedelta(days=3650))])
    await inspections.record_inspection(
        s, actor=await _actor(s, "inspector"), lot_id=lot.id, kind=InspectionKind.INCOMING,
        result=InspectionResult.PASS, sample_size=1, defects_found=0)
    await releases.release_lot(s, actor=await _actor(s, "qa"), lot_id=lot.id,
                               password="demo1234", meaning="Released for distribution")


async def _centers_and_boms(s: Any, warehouse: int, component: int, centers: int,
                            today: date) -> list[tuple[int, int]]:
    """(product id, BOM version id) per work centre."""
    center_ids = list((await s.execute(insert(WorkCenter).returning(WorkCenter.id), [
        {"code": f"BENCH-{n:02d}", "name": f"Bench cell {n}", "warehouse_id": warehouse,
         "hours_per_day": Decimal("16"), "active": True} for n in range(centers)])).scalars())
    made = []
    for n, center in enumerate(center_ids):
        product = await catalog.create_product(
            s, actor=SYSTEM, sku=f"BENCH-{n:02d}", gtin=make_gtin14(f"08719999{n + 10:05d}"),
            name=f"Bench assembly {n}", device_class=DeviceClass.I,
            tracking_mode=TrackingMode.LOT, unit_price=Decimal("10.00"),
            tax_rate=Decimal("0.21"), replenishment=Replenishment.PRODUCTION)
        version = BomVersion(product_id=product.id, version=1, status=BomVersionStatus.APPROVED,
                             effective_from=today)
        s.add(version)
        await s.flush()
        s.add(BomComponent(bom_version_id=version.id, line_number=1, product_id=component,
                           quantity_per=1, scrap_percent=Decimal("0")))
        s.add_all([RoutingOperation(bom_version_id=version.id, sequence=10, name="Assemble",
                                    work_center_id=center, setup_minutes=20,
                                    run_minutes_per_unit=Decimal("3")),
                   RoutingOperation(bom_version_id=version.id, sequence=20, name="Test",
                                    work_center_id=center_ids[(n + 1) % centers],
                                    setup_minutes=10, run_minutes_per_unit=Decimal("1.5"))])
        made.append((product.id, version.id))
    await s.flush()
    return made


async def _released_orders(s: Any, ids: list[tuple[int, int]], warehouse: int, orders: int,
                           today: date) -> None:
    now = datetime.now(UTC)
    rows = [{"number": f"WO-BENCH-{n:06d}", "product_id": ids[n % len(ids)][0],
             "bom_version_id": ids[n % len(ids)][1], "warehouse_id": warehouse,
             "quantity": 5 + n % 20, "completed_quantity": 0,
             "status": WorkOrderStatus.RELEASED.value,
             "due_date": today + timedelta(days=1 + n % 60),
             "released_at": now - timedelta(minutes=orders - n)} for n in range(orders)]
    made = list((await s.execute(insert(WorkOrder).returning(WorkOrder.id, WorkOrder.quantity),
                                 rows)).all())
    component = await s.scalar(select(BomComponent.product_id).where(
        BomComponent.bom_version_id == ids[0][1]))
    await s.execute(insert(WorkOrderComponent), [
        {"work_order_id": pk, "line_number": 1, "product_id": component,
         "required_quantity": q, "issued_quantity": 0} for pk, q in made])


async def run(url: str, runs: int, work_order_id: int) -> dict[str, Any]:
    engine = create_engine(url, pool_size=2)
    statements = {"n": 0}

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def count(*_args: Any) -> None:
        statements["n"] += 1

    sessions = create_sessionmaker(engine)
    timings, counts = [], []
    try:
        for _ in range(runs):
            async with sessions() as session:
                transaction = await session.begin()
                statements["n"] = 0
                started = time.perf_counter()
                await release.release_work_order(session, actor=SYSTEM,
                                                 work_order_id=work_order_id)
                await session.flush()
                timings.append((time.perf_counter() - started) * 1000)
                counts.append(statements["n"])
                await transaction.rollback()
    finally:
        await engine.dispose()
    timings.sort()
    return {"runs": runs, "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
            "sql_statements": int(statistics.median(counts))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--centers", type=int, default=20)
    parser.add_argument("--reuse-db", help="a loaded database (postgresql+asyncpg:// URL)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.reuse_db:
            url = args.reuse_db
            migrate.upgrade(url)
        else:
            url = provision_database(stack)
            migrate.upgrade(url)
            started = time.perf_counter()
            asyncio.run(load_data(url, args.scale))
            print(f"loaded demo + scale {args.scale:g} in {time.perf_counter() - started:.0f} s")
        _, planned = asyncio.run(prepare(url, args.orders, args.centers))
        figures = asyncio.run(run(url, args.runs, planned))
    for name, value in figures.items():
        print(f"{name:>16}: {value}")
    print("target p50 < 300 ms:", "met" if figures["p50_ms"] < 300 else "NOT met")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
