"""The change-control part of a fresh demo set: each item is there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.embedded import to_async_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.db.models import (
    Approval,
    ApprovalDelegation,
    ApprovalRule,
    Customer,
    CustomerLicence,
    LicenceRequirement,
    Product,
    SalesOrder,
    SalesOrderLine,
    SalesOrderVersion,
    User,
)
from backend.domain.sales.licences import status_of
from backend.enums import (
    ApprovalStatus,
    CustomerKind,
    CustomerLicenceStatus,
    OrderLineStatus,
    OrderStatus,
    Replenishment,
)
from tests.support.database import fresh_database

Sessions = async_sessionmaker[AsyncSession]
REQUIRED = ["IIA", "IIB", "III"]
ALL = ["I", "IIA", "IIB", "III"]


@pytest.fixture(scope="module")
async def seeded(postgres_url: str) -> AsyncIterator[Sessions]:
    """A database of its own with a fresh demo set, untouched by other tests."""
    async with fresh_database(postgres_url, "erp_cc_seed", demo=True) as url:
        engine = create_engine(to_async_url(url), pool_size=2)
        try:
            yield create_sessionmaker(engine)
        finally:
            await engine.dispose()


def today():
    return datetime.now(UTC).date()


async def test_each_sellable_product_has_a_lead_time_bought_14_to_28_made_21_to_35(
    seeded: Sessions,
) -> None:
    async with seeded() as s:
        products = (await s.execute(
            select(Product.sku, Product.replenishment, Product.lead_time_days)
            .where(Product.sellable))).all()
    assert len(products) >= 6
    for sku, replenishment, days in products:
        low, high = (21, 35) if replenishment == Replenishment.PRODUCTION else (14, 28)
        assert days is not None and low <= days <= high, (sku, replenishment, days)


async def test_every_customer_but_clin_drs_is_licensed_for_every_class_everywhere_required(
    seeded: Sessions,
) -> None:
    async with seeded() as s:
        requirements = list(await s.scalars(
            select(LicenceRequirement).where(LicenceRequirement.active)))
        customers = dict((await s.execute(select(Customer.id, Customer.code))).all())
        licences = list(await s.scalars(select(CustomerLicence)))
    assert [(r.region, r.customer_kind, sorted(r.device_classes)) for r in requirements] == [
        (None, None, REQUIRED)]
    valid_for_all = {customers[lic.customer_id] for lic in licences
                     if status_of(lic) == CustomerLicenceStatus.VALID
                     and sorted(lic.device_classes) == ALL}
    assert valid_for_all == set(customers.values()) - {"CLIN-DRS"}


async def test_clin_drs_has_an_expired_licence_and_a_valid_iia_one_ending_in_25_days(
    seeded: Sessions,
) -> None:
    async with seeded() as s:
        drs = await s.scalar(select(Customer).where(Customer.code == "CLIN-DRS"))
        assert drs is not None
        licences = list(await s.scalars(select(CustomerLicence).where(
            CustomerLicence.customer_id == drs.id).order_by(CustomerLicence.valid_until)))
    assert (drs.name, drs.kind, drs.region) == ("Praxisklinik Elbaue", CustomerKind.CLINIC,
                                                "DE-EAST")
    assert "Dresden" in (drs.address or "")
    assert drs.credit_limit == Decimal("20000.00") and drs.min_remaining_shelf_life_days == 60
    expired, valid = licences
    assert (status_of(expired), sorted(expired.device_classes)) == (
        CustomerLicenceStatus.EXPIRED, REQUIRED)
    assert expired.valid_until == today() - timedelta(days=30)
    assert (status_of(valid), valid.device_classes) == (CustomerLicenceStatus.VALID, ["IIA"])
    assert valid.valid_until == today() + timedelta(days=25)


async def test_three_rules_and_an_implant_tender_waiting_at_level_2(seeded: Sessions) -> None:
    async with seeded() as s:
        rules = {r.code: r for r in await s.scalars(select(ApprovalRule))}
        approvals = list(await s.scalars(
            select(Approval).where(Approval.rule == "IMPLANT_TENDER")
            .order_by(Approval.level, Approval.required_role)))
        status = await s.scalar(select(SalesOrder.status).where(
            SalesOrder.id == approvals[0].order_id)) if approvals else None
    assert set(rules) == {"DISCOUNT_OVER_10", "CREDIT_LIMIT", "IMPLANT_TENDER"}
    assert rules["DISCOUNT_OVER_10"].levels == [["SALES_MANAGER"]]
    assert rules["CREDIT_LIMIT"].levels == [["FINANCE"]]
    tender = rules["IMPLANT_TENDER"]
    assert tender.levels == [["SALES_MANAGER"], ["FINANCE", "QA_MANAGER"]]
    assert (Decimal(tender.conditions["minOrderTotal"]), tender.conditions["deviceClasses"],
            tender.conditions["customerRegions"]) == (Decimal("20000"), ["III"], ["IT"])
    assert status == OrderStatus.PENDING_APPROVAL
    assert [(a.level, a.required_role, a.status) for a in approvals] == [
        (1, "SALES_MANAGER", ApprovalStatus.APPROVED),
        (2, "FINANCE", ApprovalStatus.PENDING), (2, "QA_MANAGER", ApprovalStatus.PENDING)]


async def test_the_managers_delegation_to_finance_has_ended(seeded: Sessions) -> None:
    async with seeded() as s:
        users = dict((await s.execute(select(User.id, User.username))).all())
        delegations = list(await s.scalars(select(ApprovalDelegation)))
    assert [(users[d.delegator_id], users[d.delegate_id], d.roles, d.ended_at is not None)
            for d in delegations] == [("manager", "finance", ["SALES_MANAGER"], True)]


async def test_orders_with_three_versions_a_short_close_a_cancelled_line_a_resubmission_and_a_late_promise(  # noqa: E501
    seeded: Sessions,
) -> None:
    async with seeded() as s:
        versions = dict((await s.execute(
            select(SalesOrderVersion.order_id, func.max(SalesOrderVersion.version))
            .group_by(SalesOrderVersion.order_id))).all())
        line_statuses = {row.status for row in (await s.execute(
            select(SalesOrderLine.status))).all()}
        short_closed = (await s.execute(
            select(SalesOrderLine.quantity, SalesOrderLine.shipped_quantity, SalesOrder.status)
            .join(SalesOrder, SalesOrder.id == SalesOrderLine.order_id)
            .where(SalesOrderLine.status == OrderLineStatus.SHORT_CLOSED))).all()
        # A resubmission: rejected at version 1, amended and no longer REJECTED.
        rejected = set(await s.scalars(select(Approval.order_id).where(
            Approval.status == ApprovalStatus.REJECTED, Approval.order_version == 1)))
        resubmitted = {o for o in rejected if versions.get(o, 1) >= 2}
        resubmitted_status = set(await s.scalars(
            select(SalesOrder.status).where(SalesOrder.id.in_(resubmitted))))
        # A late promise: the promised date falls after the date the customer asked for.
        late = (await s.execute(
            select(SalesOrder.requested_delivery_date, SalesOrderLine.promise)
            .join(SalesOrderLine, SalesOrderLine.order_id == SalesOrder.id)
            .where(SalesOrder.promised_delivery_date > SalesOrder.requested_delivery_date))).all()
    assert 3 in versions.values()
    assert OrderLineStatus.CANCELLED in line_statuses
    # Closed at what shipped; nothing open is left, so the order counts as SHIPPED.
    assert short_closed and all(q == shipped > 0 and status == OrderStatus.SHIPPED
                                for q, shipped, status in short_closed)
    assert resubmitted and OrderStatus.REJECTED not in resubmitted_status
    assert any(p and p["late"] and p["promisedDeliveryDate"] > str(asked) for asked, p in late)
