"""Orders under change control in the demo set, made through the domain functions
after the rest of the demo data: lead times, licences (CLIN-DRS with an expired licence and
one for IIA about to end), the licence requirement, the IMPLANT_TENDER chain with an order
waiting at level 2, an ended delegation, and orders with three versions, a short-close (a line
closed at what shipped, one cancelled), a cancelled line, a resubmission and a late promise."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Allocation, Customer, Product, SalesOrder, User, UserRole
from backend.domain.actor import SYSTEM, Actor
from backend.domain.fulfilment import shipping
from backend.domain.fulfilment.shipment_picks import ShipLine
from backend.domain.masterdata import parties
from backend.domain.rules.approval_rules import Conditions
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import (
    allocation,
    amendments,
    approval_chains,
    approvals,
    delegation,
    licences,
    orders,
    short_close,
)
from backend.domain.sales.order_lookup import order_lines
from backend.enums import CustomerKind, DeviceClass, Replenishment, Role

PASSWORD = "demo1234"  # the demo users' password (demo_data.py)
ALL_CLASSES = [DeviceClass.I, DeviceClass.IIA, DeviceClass.IIB, DeviceClass.III]
REQUIRED = [DeviceClass.IIA, DeviceClass.IIB, DeviceClass.III]


async def _actor(session: AsyncSession, username: str) -> Actor:
    user = await session.scalar(select(User).where(User.username == username))
    assert user is not None, username
    roles = await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor.of(user.id, [str(r) for r in roles], user.customer_id)


async def _ids(session: AsyncSession) -> tuple[dict[str, int], dict[str, int]]:
    customers = dict((await session.execute(select(Customer.code, Customer.id))).all())
    products = dict((await session.execute(select(Product.sku, Product.id))).all())
    return customers, products


async def load_change_control(session: AsyncSession) -> None:
    today = datetime.now(UTC).date()
    sales, manager = await _actor(session, "sales"), await _actor(session, "manager")
    finance = await _actor(session, "finance")
    admin, qa = await _actor(session, "admin"), await _actor(session, "qa")
    await _lead_times(session)

    # Licences: every customer for every class; the requirement: IIA, IIB, III everywhere.
    customers, products = await _ids(session)
    for code, customer_id in sorted(customers.items()):
        await licences.add_customer_licence(
            session, actor=qa, customer_id=customer_id, number=f"LIC-{code}",
            issuer="National competent authority", device_classes=ALL_CLASSES,
            valid_from=today - timedelta(days=365), valid_until=today + timedelta(days=730))
    # The system sets the opening credit limit (a finance decision, not the admin's).
    drs = await parties.create_customer(
        session, actor=SYSTEM, code="CLIN-DRS", name="Praxisklinik Elbaue",
        kind=CustomerKind.CLINIC, region="DE-EAST", address="Elbufer 3, 01067 Dresden, DE",
        latitude=51.0504, longitude=13.7373, credit_limit=Decimal("20000.00"),
        min_remaining_shelf_life_days=60, payment_terms_days=30)
    await licences.add_customer_licence(
        session, actor=qa, customer_id=drs.id, number="SN-DD-2024-118",
        issuer="Landesdirektion Sachsen", device_classes=REQUIRED,
        valid_from=today - timedelta(days=395), valid_until=today - timedelta(days=30))
    await licences.add_customer_licence(
        session, actor=qa, customer_id=drs.id, number="SN-DD-2026-031",
        issuer="Landesdirektion Sachsen", device_classes=[DeviceClass.IIA],
        valid_from=today - timedelta(days=30), valid_until=today + timedelta(days=25))
    await licences.set_licence_requirement(
        session, actor=admin, requirement_id=None, region=None, customer_kind=None,
        device_classes=REQUIRED, active=True)

    # The implant tender chain: sales manager, then finance and QA together.
    await approval_chains.create_rule(
        session, actor=admin, code="IMPLANT_TENDER",
        description="Class III implants for Italian tenders of 20,000 or more",
        conditions=Conditions(min_order_total=Decimal("20000"), device_classes=("III",),
                              customer_regions=("IT",)),
        levels=[[Role.SALES_MANAGER], [Role.FINANCE, Role.QA_MANAGER]])
    tender = await _submitted(session, sales, customers["HOSP-MIL"],
                              [LineRequest(products["STN-CR3018"], 35)], "TENDER-IT-2026-07")
    await approvals.decide_approval(session, actor=manager, order_id=tender.id, approve=True,
                                    password=PASSWORD, meaning="Approved",
                                    comment="Tender price confirmed")

    # An ended delegation: the sales manager's approvals to finance, for a week.
    finance_id = finance.user_id or 0
    made = await delegation.delegate_approvals(
        session, actor=manager, delegate_id=finance_id, roles=[Role.SALES_MANAGER],
        valid_from=today, valid_until=today + timedelta(days=7))
    await delegation.end_delegation(session, actor=manager, delegation_id=made.id)

    await _versions(session, sales, customers, products, today)
    await _resubmission(session, sales, manager, customers, products)
    await _short_close(session, sales, customers, products)


async def _lead_times(session: AsyncSession) -> None:
    """Bought 14-28 days, made 21-35, spread by catalogue order."""
    sellable = list(await session.scalars(
        select(Product).where(Product.sellable).order_by(Product.sku)))
    for i, product in enumerate(sellable):
        base = 21 if product.replenishment == Replenishment.PRODUCTION else 14
        product.lead_time_days = base + (i * 5) % 15
    await session.flush()


async def _submitted(
    session: AsyncSession, actor: Actor, customer_id: int, lines: list[LineRequest],
    reference: str,
) -> SalesOrder:
    order = await orders.create_sales_order(
        session, actor=actor, customer_id=customer_id, lines=lines, customer_reference=reference)
    return await approvals.submit_sales_order(session, actor=actor, order_id=order.id)


async def _versions(session: AsyncSession, sales: Actor, customers: dict[str, int],
                    products: dict[str, int], today: date) -> None:
    # Three versions: a quantity cut, then a new delivery date (with a late promise).
    order = await _submitted(session, sales, customers["DIST-A"],
                             [LineRequest(products["CAN-IV20G"], 10)], "PO-NM-7781")
    await allocation.allocate_sales_order(session, actor=sales, order_id=order.id)
    [line] = await order_lines(session, order.id)
    await amendments.amend_sales_order(
        session, actor=sales, order_id=order.id, expected_version=1,
        reason="Customer reduced the call-off",
        lines=[amendments.LineChange(line_id=line.id, quantity=6)])
    await amendments.amend_sales_order(
        session, actor=sales, order_id=order.id, expected_version=2,
        reason="Customer asked for an earlier delivery",
        header={"requested_delivery_date": today + timedelta(days=1)})


async def _resubmission(session: AsyncSession, sales: Actor, manager: Actor,
                        customers: dict[str, int], products: dict[str, int]) -> None:
    order = await _submitted(
        session, sales, customers["HOSP-BER"],
        [LineRequest(products["CAN-IV20G"], 20, discount_percent=Decimal("18"))], "KS-44120")
    await approvals.decide_approval(session, actor=manager, order_id=order.id, approve=False,
                                    password=PASSWORD, meaning="Rejected",
                                    comment="18 % is above the hospital framework")
    [line] = await order_lines(session, order.id)
    await amendments.amend_sales_order(
        session, actor=sales, order_id=order.id, expected_version=1,
        reason="Discount brought to the framework's 10 %",
        lines=[amendments.LineChange(line_id=line.id, discount_percent=Decimal("10"))])


async def _short_close(session: AsyncSession, sales: Actor, customers: dict[str, int],
                       products: dict[str, int]) -> None:
    # A cancelled line: cut to 0 by an amendment.
    order = await _submitted(session, sales, customers["HOSP-MRS"],
                             [LineRequest(products["CAN-IV20G"], 4),
                              LineRequest(products["DRS-WD1010"], 5)], "HVP-2026-311")
    first, second = await order_lines(session, order.id)
    await amendments.amend_sales_order(
        session, actor=sales, order_id=order.id, expected_version=1,
        reason="Dressings now come from the hospital's framework supplier",
        lines=[amendments.LineChange(line_id=second.id, quantity=0)])
    # A short-close: 3 of 5 cannulas ship, the customer needs no more; the dressings, not
    # shipped at all, are cancelled with them. The cannula line closes at 3, the order SHIPPED.
    warehouse = await _actor(session, "warehouse")
    closing = await _submitted(session, sales, customers["DIST-A"],
                               [LineRequest(products["CAN-IV20G"], 5),
                                LineRequest(products["DRS-WD1010"], 2)], "PO-NM-7802")
    await allocation.allocate_sales_order(session, actor=sales, order_id=closing.id)
    cannulas, _ = await order_lines(session, closing.id)
    reserved = await session.scalar(
        select(Allocation).where(Allocation.order_line_id == cannulas.id)
        .order_by(Allocation.quantity.desc(), Allocation.id).limit(1))
    assert reserved is not None and reserved.quantity > 3
    await shipping.create_shipment(
        session, actor=warehouse, order_id=closing.id, warehouse_id=reserved.warehouse_id,
        lines=[ShipLine(lot_id=reserved.lot_id, quantity=3)])
    await short_close.short_close_sales_order(
        session, actor=sales, order_id=closing.id,
        reason="The customer sourced the rest elsewhere; nothing more will ship")
