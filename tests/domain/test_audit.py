"""The audit trail's contract: every change is {field: [before, after]}, readable, and chained."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from backend.db.models import AuditEvent
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import orders
from backend.domain.trust import audit
from backend.domain.trust.audit_verify import verify_chain
from backend.enums import AuditAction, OrderStatus
from tests.support import builders as f


def test_created_deleted_and_diff_build_before_after_pairs() -> None:
    assert audit.created(a=1, b="x") == {"a": (None, 1), "b": (None, "x")}
    assert audit.deleted(a=1) == {"a": (1, None)}
    assert audit.diff({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 4}) == {
        "b": (2, 5), "c": (3, None), "d": (None, 4),
    }


def test_values_are_stored_as_json_money_as_exact_text_and_dates_in_iso_form() -> None:
    stored = audit.stored_changes({
        "total": (Decimal("10.10"), Decimal("12.00")),
        "status": (OrderStatus.DRAFT, OrderStatus.APPROVED),
        "due": (None, date(2026, 3, 1)),
        "at": (None, datetime(2026, 3, 1, 12, 0, tzinfo=UTC)),
        "ids": (None, (3, 1)),
    })
    assert stored == {
        "total": ["10.10", "12.00"],
        "status": ["DRAFT", "APPROVED"],
        "due": [None, "2026-03-01"],
        "at": [None, "2026-03-01T12:00:00+00:00"],
        "ids": [None, [3, 1]],
    }


@pytest.mark.parametrize("changes", [{"n": 1}, {"n": [1, 2, 3]}, {"n": (object(), 1)}])
def test_anything_but_a_before_after_pair_of_json_values_is_refused(changes) -> None:
    with pytest.raises(TypeError):
        audit.stored_changes(changes)


def test_field_changes_are_json_text_sorted_by_field() -> None:
    changes = audit.field_changes({"status": ["DRAFT", "CANCELLED"], "lines": [None, [[1, 2]]],
                                   "total": ["1.00", None]})
    assert changes == [
        audit.FieldChange("lines", None, "[[1,2]]"),
        audit.FieldChange("status", '"DRAFT"', '"CANCELLED"'),
        audit.FieldChange("total", '"1.00"', None),
    ]
    assert audit.field_changes({}) == [] and audit.field_changes(None) == []


def test_events_written_before_pairs_stay_readable() -> None:
    # {"from", "to"} objects and plain values set on creation.
    assert audit.field_changes({"unit_price": {"from": None, "to": "9.50"}, "sku": "A-1"}) == [
        audit.FieldChange("sku", None, '"A-1"'),
        audit.FieldChange("unit_price", None, '"9.50"'),
    ]


async def test_a_recorded_event_reads_back_its_changes_and_keeps_the_chain_intact(
    sessionmaker,
) -> None:
    async with sessionmaker() as session, session.begin():
        event = await audit.record(
            session, actor_id=None, action=AuditAction.PRICE_SET, entity_type="PriceList",
            entity_id=1, changes={"unit_price": (Decimal("9.50"), Decimal("8.75"))},
        )
        assert event.id is None  # chained and inserted at commit
    event_id = event.id
    async with sessionmaker() as session:
        stored = await session.scalar(select(AuditEvent).where(AuditEvent.id == event_id))
        assert stored.action == "price.set"
        assert audit.field_changes(stored.changes) == [
            audit.FieldChange("unit_price", '"9.50"', '"8.75"')
        ]
        report = await verify_chain(session)
    assert report.intact, report


async def test_a_cancelled_order_reads_status_before_and_after(sessionmaker, actor_of) -> None:
    sales = await actor_of("sales")
    customer = await f.make_customer(sessionmaker)
    product = await f.make_product(sessionmaker)
    async with sessionmaker() as s, s.begin():
        order = await orders.create_sales_order(s, actor=sales, customer_id=customer.id,
                                                lines=[LineRequest(product.id, 1)])
        await orders.cancel_sales_order(s, actor=sales, order_id=order.id, reason="Duplicate")
    async with sessionmaker() as s:
        events = (await s.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "SalesOrder",
                                     AuditEvent.entity_id == order.id).order_by(AuditEvent.id)
        )).all()
    assert [e.action for e in events] == ["order.created", "order.status_changed"]
    created = {c.field: (c.before, c.after) for c in audit.field_changes(events[0].changes)}
    assert created["status"] == (None, '"DRAFT"') and created["total"] == (None, '"121.00"')
    assert audit.field_changes(events[1].changes) == [
        audit.FieldChange("status", '"DRAFT"', '"CANCELLED"')
    ]


async def test_every_event_in_the_trail_stores_before_after_pairs(
    sessionmaker, demo_data
) -> None:
    async with sessionmaker() as s:
        rows = (await s.execute(select(AuditEvent.id, AuditEvent.action, AuditEvent.changes))).all()
    assert any(action == "seed.demo" for _, action, _ in rows)
    wrong = [
        (pk, action, name)
        for pk, action, changes in rows
        for name, value in changes.items()
        if not (isinstance(value, list) and len(value) == 2)
    ]
    assert wrong == []
    known = {a.value for a in AuditAction}
    assert {action for _, action, _ in rows} <= known
