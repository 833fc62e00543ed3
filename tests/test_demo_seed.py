"""The demo data set (DESIGN.md, "Demo data"): what someone trying a fresh install sees."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.passwords import verify_password
from backend.db.embedded import to_async_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.db.models import (
    AuditEvent,
    Customer,
    Document,
    DocumentBlob,
    Inspection,
    Lot,
    LotComponent,
    Product,
    Recall,
    RecallLot,
    RecallNotice,
    RecallShipment,
    Release,
    SalesOrder,
    Shipment,
    ShipmentLine,
    Signature,
    StockBalance,
    StockMove,
    User,
    UserRole,
)
from backend.domain.quality.releases import lot_record
from backend.domain.rules.gtin import is_valid_gtin14
from backend.domain.trust.audit_verify import verify_chain
from backend.domain.trust.signatures import record_hash
from backend.enums import (
    DocumentKind,
    InspectionResult,
    LotStatus,
    OrderStatus,
    Role,
    StockMoveKind,
)
from backend.seed.demo import load_demo
from backend.seed.invariants import check_invariants
from tests.support.database import fresh_database

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(scope="module")
async def sessionmaker(postgres_url: str) -> AsyncIterator[Sessions]:
    """A database of its own: these tests describe a fresh install, untouched by other tests."""
    async with fresh_database(postgres_url, "erp_demo") as url:
        engine = create_engine(to_async_url(url), pool_size=2)
        try:
            yield create_sessionmaker(engine)
        finally:
            await engine.dispose()


@pytest.fixture(scope="module")
async def demo_data(sessionmaker: Sessions) -> None:
    await load_demo(sessionmaker)

EXPECTED_USERS = {
    "admin": Role.ADMIN,
    "sales": Role.SALES,
    "manager": Role.SALES_MANAGER,
    "warehouse": Role.WAREHOUSE,
    "inspector": Role.QA_INSPECTOR,
    "qa": Role.QA_MANAGER,
    "finance": Role.FINANCE,
    "partner-a": Role.PARTNER,
    "partner-b": Role.PARTNER,
}


async def test_the_nine_demo_users_have_their_roles_and_password_demo1234(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        users = {u.username: u for u in await s.scalars(
            select(User).where(User.username.in_(EXPECTED_USERS)))}
        roles = (await s.execute(select(User.username, UserRole.role).join(
            UserRole, UserRole.user_id == User.id).where(User.username.in_(EXPECTED_USERS)))).all()
    assert set(users) == set(EXPECTED_USERS)
    assert {(name, role) for name, role in roles} == set(EXPECTED_USERS.items())
    assert all(u.display_name and u.is_active for u in users.values())
    for password_hash in {u.password_hash for u in users.values()}:
        assert verify_password(password_hash, "demo1234")
        assert not verify_password(password_hash, "demo12345")


async def test_partner_users_are_bound_to_their_distributors(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        bound = dict((await s.execute(
            select(User.username, Customer.code).join(Customer, Customer.id == User.customer_id)
        )).all())
    assert bound == {"partner-a": "DIST-A", "partner-b": "DIST-B"}


async def test_lots_exist_in_every_status(sessionmaker: Sessions, demo_data: None) -> None:
    async with sessionmaker() as s:
        statuses = set(await s.scalars(select(Lot.status).distinct()))
    assert statuses >= set(LotStatus)


async def test_orders_exist_in_every_status(sessionmaker: Sessions, demo_data: None) -> None:
    async with sessionmaker() as s:
        statuses = set(await s.scalars(select(SalesOrder.status).distinct()))
        numbers = list(await s.scalars(select(SalesOrder.number)))
    assert statuses >= set(OrderStatus)
    assert all(n.startswith("SO-") and len(n.rsplit("-", 1)[1]) == 6 for n in numbers)


async def test_several_orders_were_shipped_to_each_distributor(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        per_customer = dict((await s.execute(
            select(Customer.code, func.count(func.distinct(Shipment.order_id)))
            .join(Shipment, Shipment.customer_id == Customer.id)
            .where(Shipment.shipped_at.is_not(None))
            .group_by(Customer.code)
        )).all())
    assert per_customer.get("DIST-A", 0) >= 2
    assert per_customer.get("DIST-B", 0) >= 2


async def test_a_production_lot_is_made_from_purchased_component_lots(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        components = (await s.execute(select(LotComponent))).scalars().all()
        by_lot: dict[int, list[LotComponent]] = {}
        for c in components:
            by_lot.setdefault(c.lot_id, []).append(c)
        made = [lot_id for lot_id, parts in by_lot.items() if len(parts) >= 2]
        assert made, "no lot made from two component lots"
        lot_id = made[0]
        parts = by_lot[lot_id]
        sources = (await s.scalars(
            select(Lot).where(Lot.id.in_([p.component_lot_id for p in parts])))).all()
        kinds = set(await s.scalars(select(StockMove.kind).where(StockMove.lot_id == lot_id)))
        consumed = dict((await s.execute(
            select(StockMove.lot_id, func.sum(StockMove.quantity))
            .where(StockMove.kind == StockMoveKind.CONSUMPTION,
                   StockMove.lot_id.in_([p.component_lot_id for p in parts]))
            .group_by(StockMove.lot_id))).all())
    assert all(src.supplier_id is not None for src in sources)
    assert StockMoveKind.PRODUCTION in kinds
    assert all(consumed.get(p.component_lot_id, 0) <= -p.quantity for p in parts)


async def test_every_product_has_a_valid_gtin14(sessionmaker: Sessions, demo_data: None) -> None:
    async with sessionmaker() as s:
        products = (await s.scalars(select(Product))).all()
    assert len(products) >= 8
    assert all(is_valid_gtin14(p.gtin) for p in products), [p.gtin for p in products]
    assert {p.tracking_mode.value for p in products} == {"LOT", "SERIAL"}


async def test_the_data_set_obeys_every_invariant(sessionmaker: Sessions, demo_data: None) -> None:
    async with sessionmaker() as s:
        assert await check_invariants(s) == []


async def test_released_lots_carry_a_signed_release_by_someone_else_and_a_certificate(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        rows = (await s.execute(
            select(Lot, Release, Signature, Document)
            .join(Release, Release.lot_id == Lot.id)
            .join(Signature, Signature.id == Release.signature_id)
            .join(Document, Document.id == Release.certificate_id)
            .where(Lot.status == LotStatus.RELEASED))).all()
        released = await s.scalar(select(func.count()).where(Lot.status == LotStatus.RELEASED))
        assert len(rows) == released > 0
        for lot, _release, signature, certificate in rows:
            passed = (await s.scalars(select(Inspection).where(
                Inspection.lot_id == lot.id, Inspection.result == InspectionResult.PASS))).all()
            assert passed and all(i.inspector_id != signature.signer_id for i in passed)
            assert signature.meaning == "Released for distribution"
            assert (signature.record_type, signature.record_id) == ("lot", lot.id)
            # The seed signs the record the domain verifies.
            gtin = await s.scalar(select(Product.gtin).where(Product.id == lot.product_id))
            assert signature.record_hash == record_hash(lot_record(lot, gtin))
            assert certificate.kind is DocumentKind.RELEASE_CERTIFICATE
            blob = await s.scalar(select(DocumentBlob.data).where(
                DocumentBlob.sha256 == certificate.sha256))
            assert blob.startswith(b"%PDF-")
            assert hashlib.sha256(blob).hexdigest() == certificate.sha256


async def test_the_recalled_lot_reached_customers_who_each_got_a_notice(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async with sessionmaker() as s:
        recall = await s.scalar(select(Recall).order_by(Recall.id).limit(1))
        assert recall is not None
        lot = await s.scalar(select(Lot).join(RecallLot, RecallLot.lot_id == Lot.id).where(
            RecallLot.recall_id == recall.id, RecallLot.is_root))
        assert lot is not None and lot.status is LotStatus.RECALLED
        received = set(await s.scalars(
            select(Shipment.customer_id).join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
            .where(ShipmentLine.lot_id == lot.id)))
        listed = set(await s.scalars(
            select(Shipment.customer_id)
            .join(RecallShipment, RecallShipment.shipment_id == Shipment.id)
            .where(RecallShipment.recall_id == recall.id)))
        notices = (await s.scalars(
            select(RecallNotice).where(RecallNotice.recall_id == recall.id))).all()
    assert len(received) >= 2 and listed == received
    assert {n.customer_id for n in notices} == received
    assert any(n.acknowledged_at for n in notices) and not all(n.acknowledged_at for n in notices)


async def test_some_released_stock_expires_soon_and_some_is_long_dated(
    sessionmaker: Sessions, demo_data: None
) -> None:
    today = datetime.now(UTC).date()
    async with sessionmaker() as s:
        expiries = list(await s.scalars(
            select(Lot.expires_on).join(StockBalance, StockBalance.lot_id == Lot.id)
            .where(Lot.status == LotStatus.RELEASED, StockBalance.on_hand > 0,
                   Lot.expires_on.is_not(None))))
    assert any(today < e <= today + timedelta(days=60) for e in expiries)
    assert any(e > today + timedelta(days=365) for e in expiries)


async def test_the_audit_chain_verifies(sessionmaker: Sessions, demo_data: None) -> None:
    async with sessionmaker() as s:
        events = (await s.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
        report = await verify_chain(s)  # what `erp audit verify` runs
    assert any(e.action == "seed.demo" for e in events)
    assert report.intact and report.checked == len(events), report


async def test_loading_the_demo_again_changes_nothing(
    sessionmaker: Sessions, demo_data: None
) -> None:
    async def counts() -> tuple[int | None, ...]:
        async with sessionmaker() as s:
            return tuple([await s.scalar(select(func.count()).select_from(model))
                          for model in (User, Lot, StockMove, SalesOrder, AuditEvent)])

    before = await counts()
    await load_demo(sessionmaker)
    assert await counts() == before
