"""The quality loop in the demo set, made through the domain functions after the rest of the
demo data: a return's hold and open nonconformance, an ON_HOLD lot with its hold and
nonconformance, a CAPA with one action done, an EXPIRED and an alerted lot, an overdue
recall notice (HOSP-BER, demo recall), a retained sample with a pull, an inspection plan
on CMP-HSG-02."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    CapaAction,
    Customer,
    Lot,
    Product,
    RecallNotice,
    Shipment,
    ShipmentLine,
    Supplier,
    User,
    UserRole,
    Warehouse,
)
from backend.domain.actor import Actor
from backend.domain.fulfilment import returns
from backend.domain.inventory import expiry, receiving
from backend.domain.inventory.lot_status import change_lot_status
from backend.domain.quality import capa, nonconformance, plans, samples
from backend.domain.quality.recall_closure import due_at
from backend.enums import (
    AuditAction,
    CapaActionKind,
    InspectionCharacteristicKind,
    InspectionKind,
    LotStatus,
    NonconformanceSeverity,
    NonconformanceSource,
    RecallClass,
)


async def _actor(session: AsyncSession, username: str) -> Actor:
    user = await session.scalar(select(User).where(User.username == username))
    assert user is not None
    roles = await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor.of(user.id, [str(r) for r in roles], user.customer_id)


async def _lot(session: AsyncSession, lot_number: str) -> Lot:
    lot = await session.scalar(select(Lot).where(Lot.lot_number == lot_number))
    assert lot is not None, lot_number
    return lot


async def load_quality_loop(session: AsyncSession) -> None:
    qa, warehouse = await _actor(session, "qa"), await _actor(session, "warehouse")
    today = datetime.now(UTC).date()

    housing = await session.scalar(select(Product).where(Product.sku == "CMP-HSG-02"))
    assert housing is not None
    await plans.set_plan(session, actor=qa, product_id=housing.id, kind=InspectionKind.INCOMING,
                         sample_size=5, characteristics=[
        plans.Characteristic("BORE", "Bore diameter", InspectionCharacteristicKind.MEASURED,
                             "mm", Decimal("11.95"), Decimal("12.05")),
        plans.Characteristic("SEAL", "Seal seat free of burrs",
                             InspectionCharacteristicKind.PASS_FAIL),
    ])

    # A customer return: only the returned units are held, under an open nonconformance.
    dist_b = await session.scalar(select(Customer.id).where(Customer.code == "DIST-B"))
    cannula = await _lot(session, "CAN-2409")
    shipment_id = await session.scalar(
        select(Shipment.id).join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .where(Shipment.customer_id == dist_b, ShipmentLine.lot_id == cannula.id).limit(1)
    )
    if shipment_id is not None:
        await returns.return_goods(
            session, actor=warehouse, shipment_id=shipment_id,
            lines=[returns.ReturnLine(lot_id=cannula.id, quantity=20)],
            reason="Kinked cannulas found in two boxes",
        )

    # The ON_HOLD defibrillator lot: its hold and the nonconformance behind it, and a CAPA.
    aed = await _lot(session, "AED-2407")
    nc = await nonconformance.open_nonconformance(
        session, actor=qa, source=NonconformanceSource.PRODUCTION,
        severity=NonconformanceSeverity.MAJOR, title="Battery self-test fails intermittently",
        description="Final test bench logged 3 self-test failures in 40 cycles.", lot_id=aed.id,
    )
    await nonconformance.add_note(session, actor=qa, nonconformance_id=nc.id,
                                  text="Supplier of battery packs informed; awaiting 8D report.")
    owner = await session.scalar(select(User.id).where(User.username == "warehouse"))
    plan = await capa.create_capa(
        session, actor=qa, title="Battery pack incoming control",
        problem_statement="Battery packs with low capacity reach final assembly.",
        nonconformance_ids=[nc.id], owner_id=qa.user_id, due_on=today + timedelta(days=45),
        actions=[
            capa.ActionRequest(CapaActionKind.CORRECTIVE, "Quarantine and test all packs in "
                               "stock", owner, today + timedelta(days=7)),
            capa.ActionRequest(CapaActionKind.PREVENTIVE, "Add capacity test to the incoming "
                               "inspection plan", qa.user_id, today + timedelta(days=30)),
        ],
    )
    first = min(a.id for a in await capa_actions(session, plan.id))
    await capa.complete_action(session, actor=warehouse, capa_id=plan.id, action_id=first,
                               evidence="212 packs tested; 9 below spec scrapped.")

    # An expired lot and alerts for lots expiring within the window.
    supplier = await session.scalar(select(Supplier.id).where(Supplier.code == "SUP-ALP"))
    lyon = await session.scalar(select(Warehouse.id).where(Warehouse.code == "FR-LYS"))
    can = await session.scalar(select(Product.id).where(Product.sku == "CAN-IV20G"))
    [old] = await receiving.receive_goods(
        session, actor=warehouse, supplier_id=supplier, warehouse_id=lyon,
        reference="GRN SUP-ALP returned consignment", lines=[receiving.ReceiptLine(
            product_id=can, lot_number="CAN-2305", quantity=150,
            manufactured_on=today - timedelta(days=700), expires_on=today + timedelta(days=1))],
    )
    # Time passes (rows: the domain never receives an expired lot): it expired yesterday.
    old.expires_on = today - timedelta(days=1)
    await session.flush()
    await change_lot_status(session, old, LotStatus.EXPIRED, actor=qa,
                            action=AuditAction.LOT_EXPIRED, reason=f"expired on {old.expires_on}")
    await expiry.raise_alerts(session, today, expiry.ALERT_WINDOW_DAYS)

    # The demo recall's notices are due 3 days (class II) after notification: HOSP-BER's is
    # overdue (the demo recall is written as rows, so are its due dates).
    notices = list(await session.scalars(select(RecallNotice).where(RecallNotice.due_at.is_(None))))
    for notice in notices:
        notice.due_at = due_at(notice.notified_at, RecallClass.II, None)

    # A retained sample, part of it pulled for a complaint investigation.
    suture = await _lot(session, "PGA-2402")
    rotterdam = await session.scalar(select(Warehouse.id).where(Warehouse.code == "NL-RTM"))
    sample = await samples.retain_sample(
        session, actor=qa, lot_id=suture.id, warehouse_id=rotterdam, quantity=10,
        location="Retention room B, shelf 3")
    await samples.pull_sample(session, actor=qa, sample_id=sample.id, quantity=2,
                              reason="Tensile test for complaint CMP-0051")
    await session.flush()


async def capa_actions(session: AsyncSession, capa_id: int) -> list[CapaAction]:
    return list(await session.scalars(select(CapaAction).where(CapaAction.capa_id == capa_id)))
