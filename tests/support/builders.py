"""Test data of the tests' own, beside the demo data, made through the domain functions.

Each builder runs the same domain functions the API runs (so audit, outbox and every
ledger invariant hold) as a demo user of the right role. Builders taking `sessions`
commit their own transaction; those taking a `session` work inside the caller's.
Only what the domain cannot make on purpose is written as rows (`genealogy_chain`:
deep and cyclic genealogy).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import (
    Customer,
    Lot,
    LotComponent,
    Product,
    Recall,
    SalesOrder,
    Shipment,
    Supplier,
    SupplierProduct,
    TransitLane,
    User,
    UserRole,
    Warehouse,
)
from backend.domain.actor import SYSTEM, Actor
from backend.domain.fulfilment import shipping
from backend.domain.inventory import opening_stock, production, receiving, stock
from backend.domain.masterdata import catalog
from backend.domain.masterdata import parties as masterdata
from backend.domain.quality import inspections, recalls, releases
from backend.domain.rules.gtin import make_gtin14
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import allocation, approvals, licences, order_status, orders
from backend.domain.tx import transaction
from backend.enums import (
    CustomerKind,
    DeviceClass,
    InspectionKind,
    InspectionResult,
    LotStatus,
    OrderStatus,
    RecallClass,
    Replenishment,
    Role,
    StockMoveKind,
    TrackingMode,
)
from tests.support.client import DEMO_PASSWORD
from tests.support.ids import gid

Sessions = async_sessionmaker[AsyncSession]
Lines = Sequence[tuple[int, int]]  # (product id, quantity)

# Near Utrecht (nearest: Rotterdam) and Munich (nearest: Leipzig), as in the demo set.
UTRECHT = ("NL", 52.0907, 5.1214)
MUNICH = ("DE-SOUTH", 48.1417, 11.5080)
# The demo supplier qualified for everything: new products join its approved list.
TEST_SUPPLIER = "SUP-ALP"


def tag() -> str:
    return secrets.token_hex(3).upper()


def unique(prefix: str) -> str:
    return f"{prefix}-{tag()}"


def today() -> date:
    return datetime.now(UTC).date()


def new_gtin() -> str:
    return make_gtin14("08" + "".join(secrets.choice("0123456789") for _ in range(11)))


async def demo_actor(session: AsyncSession, username: str) -> Actor:
    """A demo user as the API would see it: id, roles and partner binding."""
    user = await session.scalar(select(User).where(User.username == username))
    assert user is not None, f"no demo user {username!r}"
    roles = await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    return Actor(user.id, frozenset(str(r) for r in roles), user.customer_id)


async def warehouses(sessions: Sessions) -> dict[str, int]:
    async with sessions() as s:
        return {w.code: w.id for w in await s.scalars(select(Warehouse))}


async def _serve_region(s: AsyncSession, region: str) -> None:
    """A test's own region is served as DE-EAST is: customers need a region a lane serves."""
    if await s.scalar(select(TransitLane.id).where(TransitLane.region == region).limit(1)):
        return
    for lane in (await s.scalars(select(TransitLane).where(TransitLane.region == "DE-EAST"))).all():
        s.add(TransitLane(warehouse_id=lane.warehouse_id, region=region,
                          transit_days=lane.transit_days, carrier=lane.carrier))
    await s.flush()


async def make_customer(
    sessions: Sessions,
    *,
    place: tuple[str, float, float] | None = UTRECHT,
    credit_limit: str = "1000000.00",
    shelf_life_days: int = 30,
    contract_prices: dict[int, str] | None = None,
    kind: CustomerKind = CustomerKind.HOSPITAL,
    licensed: bool = True,
) -> Customer:
    """A new customer; `contract_prices` (product id -> price) on a price list of its own.
    Licensed for every device class, as the demo customers are, unless `licensed` is False."""
    region, lat, lon = place if place is not None else ("DE-EAST", None, None)
    code = f"T-{tag()}"
    async with transaction(sessions) as s:
        await _serve_region(s, region)
        customer = await masterdata.create_customer(
            s, actor=SYSTEM, code=code, name=f"Test customer {code}", kind=kind,
            region=region, latitude=lat, longitude=lon, credit_limit=Decimal(credit_limit),
            min_remaining_shelf_life_days=shelf_life_days, payment_terms_days=30,
        )
        if licensed:
            await licences.add_customer_licence(
                s, actor=SYSTEM, customer_id=customer.id, number=f"LIC-{code}",
                issuer="Test authority", device_classes=list(DeviceClass),
                valid_from=today() - timedelta(days=1), valid_until=today() + timedelta(days=365),
            )
        if contract_prices:
            skus = dict((await s.execute(select(Product.id, Product.sku).where(
                Product.id.in_(contract_prices)))).all())
            for product_id, price in contract_prices.items():
                item = await masterdata.set_list_price(
                    s, actor=SYSTEM, price_list_code=f"PL-{code}", sku=skus[product_id],
                    unit_price=Decimal(price), price_list_name=f"Contract {code}",
                )
            # No domain function binds a price list to a customer (the importer writes it).
            customer.price_list_id = item.price_list_id
    return customer


async def make_product(
    sessions: Sessions,
    *,
    tracking: TrackingMode = TrackingMode.LOT,
    price: str = "100.00",
    tax_rate: str = "0.21",
    replenishment: Replenishment = Replenishment.PURCHASE,
    sellable: bool = True,
    shelf_life_days: int | None = 730,
) -> Product:
    async with transaction(sessions) as s:
        product = await catalog.create_product(
            s, actor=SYSTEM, sku=f"T-{tag()}", gtin=new_gtin(), name=f"Test device {tag()}",
            device_class=DeviceClass.IIA, tracking_mode=tracking, unit_price=Decimal(price),
            tax_rate=Decimal(tax_rate), shelf_life_days=shelf_life_days,
            replenishment=replenishment, sellable=sellable,
        )
        # Tests receive new products from the demo's qualified supplier: put them on its list.
        supplier_id = await s.scalar(select(Supplier.id).where(Supplier.code == TEST_SUPPLIER))
        if supplier_id is not None:
            s.add(SupplierProduct(supplier_id=supplier_id, product_id=product.id))
        return product


async def product_ref(sessions: Sessions, **options: object) -> dict:
    """A new product as the API tests refer to it: global id, GTIN and primary key."""
    product = await make_product(sessions, **options)
    return {"id": gid("Product", product.id), "gtin": product.gtin, "pk": product.id}


async def make_lot(
    sessions: Sessions,
    product: Product,
    *,
    warehouse_id: int,
    quantity: int,
    expires_in_days: int = 365,
    status: LotStatus = LotStatus.RELEASED,
) -> Lot:
    """A purchased lot received into a warehouse (with a serial per unit if serialised) and,
    unless asked otherwise, inspected and released by QA, as the quality flow does it."""
    lot_number = f"L-{tag()}"
    async with transaction(sessions) as s:
        supplier_id = await s.scalar(select(Supplier.id).where(Supplier.code == TEST_SUPPLIER))
        [lot] = await receiving.receive_goods(
            s,
            actor=await demo_actor(s, "warehouse"),
            supplier_id=supplier_id,
            warehouse_id=warehouse_id,
            lines=[
                receiving.ReceiptLine(
                    product_id=product.id,
                    lot_number=lot_number,
                    quantity=quantity,
                    manufactured_on=today() - timedelta(days=10),
                    expires_on=today() + timedelta(days=expires_in_days),
                    serial_numbers=[f"{lot_number}-{n:03d}" for n in range(1, quantity + 1)]
                    if product.tracking_mode == TrackingMode.SERIAL
                    else None,
                )
            ],
        )
        if status == LotStatus.RELEASED:
            await release(s, lot.id, kind=InspectionKind.INCOMING)
    return lot


async def release(session: AsyncSession, lot_id: int, *, kind: InspectionKind) -> Lot:
    """Pass the lot's inspection (as the inspector) and release it (as QA, signed)."""
    await inspections.record_inspection(
        session, actor=await demo_actor(session, "inspector"), lot_id=lot_id, kind=kind,
        result=InspectionResult.PASS, sample_size=1, defects_found=0,
    )
    return await releases.release_lot(
        session, actor=await demo_actor(session, "qa"), lot_id=lot_id,
        password=DEMO_PASSWORD, meaning="Released for distribution",
    )


async def produced(
    session: AsyncSession,
    product: Product,
    *,
    warehouse_id: int,
    quantity: int,
    components: Lines,
    release_it: bool = True,
) -> Lot:
    """A lot made (by `warehouse`) from (component lot id, quantity) pairs, a serial per
    unit if serialised; unless told otherwise it passes its FINAL inspection and is released."""
    lot_number = f"P-{tag()}"
    lot = await production.record_production(
        session, actor=await demo_actor(session, "warehouse"), product_id=product.id,
        warehouse_id=warehouse_id, lot_number=lot_number, manufactured_on=today(),
        quantity=quantity,
        components=[production.ComponentUse(lot_id, used) for lot_id, used in components],
        serial_numbers=[f"{lot_number}-{n:03d}" for n in range(1, quantity + 1)]
        if product.tracking_mode == TrackingMode.SERIAL
        else None,
    )
    if release_it:
        await release(session, lot.id, kind=InspectionKind.FINAL)
    return lot


async def recalled(session: AsyncSession, lot_ids: Sequence[int]) -> Recall:
    """A class II recall of the lots (and all made from them), signed by QA."""
    return await recalls.initiate_recall(
        session, actor=await demo_actor(session, "qa"), lot_ids=list(lot_ids),
        reason="Test recall", recall_class=RecallClass.II, password=DEMO_PASSWORD,
        meaning="Recall initiated",
    )


async def approved(session: AsyncSession, customer_id: int, lines: Lines) -> SalesOrder:
    """An order at list prices, created and submitted by `sales`; no rule stops it."""
    sales = await demo_actor(session, "sales")
    order = await orders.create_sales_order(
        session, actor=sales, customer_id=customer_id,
        lines=[LineRequest(product_id, quantity) for product_id, quantity in lines],
    )
    await approvals.submit_sales_order(session, actor=sales, order_id=order.id)
    assert order.status == OrderStatus.APPROVED, order.status
    return order


async def allocated(session: AsyncSession, customer_id: int, lines: Lines) -> SalesOrder:
    """An approved order with its stock reserved (nearest warehouse, earliest expiry)."""
    order = await approved(session, customer_id, lines)
    await allocation.allocate_sales_order(
        session, actor=await demo_actor(session, "sales"), order_id=order.id
    )
    assert order.status == OrderStatus.ALLOCATED, order.status
    return order


async def shipped(session: AsyncSession, customer_id: int, lines: Lines) -> Shipment:
    """An allocated order shipped whole by `warehouse`."""
    order = await allocated(session, customer_id, lines)
    return await shipping.create_shipment(
        session, actor=await demo_actor(session, "warehouse"), order_id=order.id
    )


async def genealogy_chain(session: AsyncSession, product_id: int, depth: int) -> list[Lot]:
    """`depth + 1` lots, each made from the one before it (rows only: no stock).

    Rows, not production: 200 levels of production would be slow, and tests also close
    such a chain into a cycle, which the domain never makes."""
    lots = [Lot(product_id=product_id, lot_number=f"G{tag()}-{i}", status=LotStatus.QUARANTINE)
            for i in range(depth + 1)]
    session.add_all(lots)
    await session.flush()
    session.add_all(LotComponent(lot_id=b.id, component_lot_id=a.id, quantity=1)
                    for a, b in zip(lots, lots[1:], strict=False))
    await session.flush()
    return lots


# Live updates: a lot whose stock the tests change, and orders whose status they change.


@dataclass(frozen=True)
class StockItem:
    product_id: int
    lot_id: int
    warehouse_id: int

    @property
    def product_gid(self) -> str:
        return gid("Product", self.product_id)


async def stock_item(sessions: Sessions) -> StockItem:
    """A new lot of a new product, with no stock yet, at the first demo warehouse."""
    async with transaction(sessions) as s:
        product = await catalog.create_product(
            s, actor=SYSTEM, sku=f"LIVE-{tag()}", gtin=new_gtin(), name="Live test device",
            device_class=DeviceClass.I, tracking_mode=TrackingMode.LOT,
            unit_price=Decimal("1.00"), tax_rate=Decimal("0"),
        )
        lot = await opening_stock.create_lot(
            s, actor=SYSTEM, sku=product.sku, lot_number=f"L-{tag()}",
        )
        warehouse_id = await s.scalar(select(Warehouse.id).order_by(Warehouse.id).limit(1))
        return StockItem(product_id=product.id, lot_id=lot.id, warehouse_id=warehouse_id)


async def move(sessions: Sessions, item: StockItem, quantity: int) -> None:
    """One committed stock change of the item (a receipt, or an adjustment out)."""
    async with transaction(sessions) as session:
        await stock.post_move(
            session,
            kind=StockMoveKind.RECEIPT if quantity > 0 else StockMoveKind.ADJUSTMENT,
            product_id=item.product_id,
            lot_id=item.lot_id,
            warehouse_id=item.warehouse_id,
            quantity=quantity,
            actor_id=None,
            reference="live-updates test",
        )


async def draft_order(sessions: Sessions, customer_code: str) -> int:
    """A new draft order of a demo customer, of one unit of a demo product."""
    async with transaction(sessions) as s:
        customer_id = await s.scalar(select(Customer.id).where(Customer.code == customer_code))
        product_id = await s.scalar(
            select(Product.id).where(Product.sellable).order_by(Product.id).limit(1)
        )
        order = await orders.create_sales_order(
            s, actor=await demo_actor(s, "sales"), customer_id=customer_id,
            lines=[LineRequest(product_id, 1)],
        )
        return order.id


async def set_status(sessions: Sessions, order_id: int, target: OrderStatus) -> None:
    async with transaction(sessions) as s:
        order = await s.get_one(SalesOrder, order_id)
        await order_status.change_status(s, order, target, actor=SYSTEM)


async def staff_user(sessions: Sessions, *roles: Role) -> str:
    """A new user holding these roles, with the demo password; its username."""
    name = f"u-{tag()}"
    async with transaction(sessions) as s:
        qa = await s.scalar(select(User).where(User.username == "qa"))
        assert qa is not None
        user = User(username=name, display_name=f"Test {name}", password_hash=qa.password_hash)
        s.add(user)
        await s.flush()
        s.add_all(UserRole(user_id=user.id, role=role) for role in roles)
    return name
