"""The production part of the demo: work centres ASSY-1 and TEST-1 at DE-LEJ, the
serial-tracked drive unit CMP-DRV-03 with a released lot of 20, PMP-VP300's BOM (v1
superseded, v2 approved) and work orders in every state, made by the domain functions
as the planner, operators and QA would (the demo users' signatures are taken as checked:
the demo password is known, and Argon2 per signature would slow every seed)."""

import asyncio
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    BatchRecord,
    Lot,
    Product,
    Serial,
    Supplier,
    SupplierProduct,
    User,
    UserRole,
    Warehouse,
    WorkOrderOutput,
)
from backend.domain.actor import SYSTEM, Actor
from backend.domain.inventory import receiving
from backend.domain.masterdata import catalog
from backend.domain.production import (
    batch,
    boms,
    issue,
    output,
    release,
    review,
    work_centers,
    work_orders,
)
from backend.domain.quality import inspections, releases
from backend.domain.rules.gtin import make_gtin14
from backend.domain.trust import signatures
from backend.enums import (
    BatchParameterKind,
    BatchRecordStatus,
    DeviceClass,
    InspectionKind,
    InspectionResult,
    TrackingMode,
)
from backend.seed import demo_data as data

PASSWORD = data.PASSWORD
K = BatchParameterKind


async def _passed() -> bool:
    return True


def checked() -> signatures.PasswordCheck:
    return signatures.PasswordCheck(asyncio.ensure_future(_passed()))


async def _actor(session: AsyncSession, username: str) -> Actor:
    user = await session.scalar(select(User).where(User.username == username))
    assert user is not None
    roles = await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor(user.id, frozenset(str(r) for r in roles))


def _steps() -> list[boms.StepSpec]:
    return [
        boms.StepSpec(1, "Housing torque", "Torque the four housing screws crosswise.", 10, [
            boms.ParameterSpec("TQ", "Screw torque", K.NUMERIC, "Nm", Decimal("1.8"),
                               Decimal("2.2"))], requires_verification=True),
        boms.StepSpec(2, "Flow accuracy", "Run the 100 ml/h flow test for 10 minutes.", 20, [
            boms.ParameterSpec("FLOW", "Flow deviation", K.NUMERIC, "%", Decimal("-2"),
                               Decimal("2")),
            boms.ParameterSpec("ALARM", "Occlusion alarm", K.PASS_FAIL)]),
    ]


async def _bom(session: AsyncSession, planner: Actor, qa: Actor, pump: Product,
               parts: dict[str, Product], centers: tuple[int, int], today: date) -> int:
    """Versions 1 (superseded) and 2 (in effect) of the pump; version 1's id."""
    assembly, test = centers
    operations = [boms.OperationSpec(10, "Assemble", assembly, 30, Decimal("45")),
                  boms.OperationSpec(20, "Functional test", test, 15, Decimal("20"))]
    v1 = await boms.create_bom_version(
        session, actor=planner, product_id=pump.id, effective_from=today,
        change_note="First released design", operations=operations, steps=_steps(),
        components=[boms.ComponentSpec(parts["CMP-BRD-01"].id, 1),
                    boms.ComponentSpec(parts["CMP-HSG-02"].id, 1)])
    await boms.approve_bom_version(session, actor=qa, bom_version_id=v1.id, password=PASSWORD,
                                   meaning="BOM version approved for production",
                                   check=checked())
    v1.effective_from = today - timedelta(days=180)  # approved half a year ago
    v2 = await boms.create_bom_version(
        session, actor=planner, product_id=pump.id, effective_from=today,
        change_note="Drive unit as a serialised sub-assembly; housing scrap 2 %",
        operations=operations, steps=_steps(),
        components=[boms.ComponentSpec(parts["CMP-BRD-01"].id, 1),
                    boms.ComponentSpec(parts["CMP-HSG-02"].id, 1, Decimal("2")),
                    boms.ComponentSpec(parts["CMP-DRV-03"].id, 1)])
    await boms.approve_bom_version(session, actor=qa, bom_version_id=v2.id, password=PASSWORD,
                                   meaning="BOM version approved for production",
                                   check=checked())
    return v1.id


async def _drive_unit(session: AsyncSession, warehouse: Warehouse, today: date) -> Product:
    supplier = await session.scalar(select(Supplier).where(Supplier.code == "SUP-ALP"))
    assert supplier is not None
    drive = await catalog.create_product(
        session, actor=SYSTEM, sku="CMP-DRV-03", gtin=make_gtin14(f"{data.GTIN_PREFIX}000090"),
        name="Pump drive unit", device_class=DeviceClass.I, tracking_mode=TrackingMode.SERIAL,
        unit_price=Decimal("120.00"), tax_rate=Decimal("0.2100"), sellable=False)
    drive.product_line = data.PRODUCT_LINES[drive.sku]
    session.add(SupplierProduct(supplier_id=supplier.id, product_id=drive.id))
    await session.flush()
    [lot] = await receiving.receive_goods(
        session, actor=await _actor(session, "warehouse"), supplier_id=supplier.id,
        warehouse_id=warehouse.id, lines=[receiving.ReceiptLine(
            product_id=drive.id, lot_number="DRV-2411", quantity=20,
            manufactured_on=today - timedelta(days=20),
            serial_numbers=[f"DRV-{n:05d}" for n in range(1, 21)])])
    await inspections.record_inspection(
        session, actor=await _actor(session, "inspector"), lot_id=lot.id,
        kind=InspectionKind.INCOMING, result=InspectionResult.PASS, sample_size=3,
        defects_found=0, notes="Motor current and encoder checked on 3 units.")
    await releases.release_lot(session, actor=await _actor(session, "qa"), lot_id=lot.id,
                               password=PASSWORD, meaning="Released for distribution")
    return drive


async def _execute(session: AsyncSession, operator: Actor, inspector: Actor, wo_id: int,
                   torque: str = "2.0") -> None:
    """Issue everything reserved and perform (and verify) the steps."""
    await issue.issue_material(session, actor=operator, work_order_id=wo_id, lines=None)
    comment = None if Decimal(torque) <= Decimal("2.2") else "Thread tight; re-torqued once"
    await batch.record_step(session, actor=operator, work_order_id=wo_id, step_sequence=1,
                            values=[batch.Value("TQ", torque)], comment=comment,
                            password=PASSWORD, meaning="Step performed", check=checked())
    await batch.verify_step(session, actor=inspector, work_order_id=wo_id, step_sequence=1,
                            password=PASSWORD, meaning="Step verified", check=checked())
    await batch.record_step(session, actor=operator, work_order_id=wo_id, step_sequence=2,
                            values=[batch.Value("FLOW", "0.8"), batch.Value("ALARM", "PASS")],
                            comment=None, password=PASSWORD, meaning="Step performed",
                            check=checked())


async def load_production(session: AsyncSession, today: date) -> None:
    planner, qa = await _actor(session, "planner"), await _actor(session, "qa")
    operator, inspector = await _actor(session, "operator"), await _actor(session, "inspector")
    warehouse = await session.scalar(select(Warehouse).where(Warehouse.code == "DE-LEJ"))
    assert warehouse is not None
    assembly = await work_centers.create_work_center(
        session, actor=planner, code="ASSY-1", name="Pump assembly cell",
        warehouse_id=warehouse.id, hours_per_day=Decimal("8"))
    test = await work_centers.create_work_center(
        session, actor=planner, code="TEST-1", name="Functional test bench",
        warehouse_id=warehouse.id, hours_per_day=Decimal("8"))
    drive = await _drive_unit(session, warehouse, today)
    parts = {p.sku: p for p in await session.scalars(select(Product).where(
        Product.sku.in_(["CMP-BRD-01", "CMP-HSG-02", "PMP-VP300"])))}
    parts["CMP-DRV-03"] = drive
    pump = parts["PMP-VP300"]
    first_version = await _bom(session, planner, qa, pump, parts, (assembly.id, test.id), today)

    async def order(quantity: int, due_in: int, version: int | None = None) -> int:
        made = await work_orders.create_work_order(
            session, actor=planner, product_id=pump.id, quantity=quantity,
            due_date=today + timedelta(days=due_in), bom_version_id=version)
        return made.id

    # CLOSED: made, reviewed and its DHR attached; each pump lists its drive unit.
    closed = await order(2, 3)
    await release.release_work_order(session, actor=planner, work_order_id=closed)
    await _execute(session, operator, inspector, closed)
    drives = list(await session.scalars(select(Serial.serial_number).where(
        Serial.product_id == drive.id, Serial.status == "CONSUMED").order_by(
        Serial.serial_number)))
    await output.record_output(
        session, actor=operator, work_order_id=closed, lot_number="VP3-2410", quantity=2,
        units=[output.OutputUnit(f"VP3-2410-{n:03d}", (drives[n - 1],)) for n in (1, 2)])
    await review.review_batch_record(session, actor=qa, work_order_id=closed, approve=True,
                                     comment="Complete; all values within limits.",
                                     password=PASSWORD, meaning="Batch record approved",
                                     check=checked())
    # READY_FOR_REVIEW with an OPEN deviation: the work order that made VP3-2409, to
    # version 1 (board and housing, as its genealogy says).
    ready = await order(6, 5, first_version)
    await release.release_work_order(session, actor=planner, work_order_id=ready)
    await _execute(session, operator, inspector, ready, torque="2.4")
    lot = await session.scalar(select(Lot).where(Lot.lot_number == "VP3-2409"))
    assert lot is not None
    session.add(WorkOrderOutput(lot_id=lot.id, work_order_id=ready, quantity=6,
                                final=True))
    made = await work_orders.locked(session, ready)
    made.completed_quantity = 6
    made.status = made.status.COMPLETED
    await session.flush()
    await batch.refresh_status(session, made)
    record = await session.scalar(select(BatchRecord).where(BatchRecord.work_order_id == ready))
    assert record is not None and record.status == BatchRecordStatus.READY_FOR_REVIEW
    # IN_PROGRESS, RELEASED (one of them late), PLANNED and CANCELLED.
    running = await order(2, 10)
    await release.release_work_order(session, actor=planner, work_order_id=running)
    await issue.issue_material(session, actor=operator, work_order_id=running, lines=None)
    for quantity, due_in in ((3, 21), (6, 0)):  # 6 pumps due today cannot be done today
        await release.release_work_order(session, actor=planner,
                                         work_order_id=await order(quantity, due_in))
    await order(4, 30)
    cancelled = await order(1, 14)
    await work_orders.cancel_work_order(session, actor=planner, work_order_id=cancelled,
                                        reason="Replaced by a larger batch")

