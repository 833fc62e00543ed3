"""`available_actions` offers what the domain action would accept, for each actor, now."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import event, select

from backend.db.models import SalesOrder
from backend.domain.actor import Actor
from backend.domain.finance import invoicing
from backend.domain.fulfilment import shipping
from backend.domain.rules.pricing import LineRequest
from backend.domain.sales import allocation, approvals, order_actions, orders
from backend.domain.sales.approval_policy import awaiting_decision_by
from backend.domain.sales.order_actions import OrderActionFacts, available_actions
from backend.enums import OrderAction as A
from backend.enums import OrderStatus as S
from tests.domain.conftest import ActorOf
from tests.support import builders as f

SALES = Actor(1, frozenset({"SALES"}))
MANAGER = Actor(2, frozenset({"SALES_MANAGER"}))
FINANCE = Actor(3, frozenset({"FINANCE"}))
WAREHOUSE = Actor(4, frozenset({"WAREHOUSE"}))
ADMIN = Actor(5, frozenset({"ADMIN"}))
PARTNER = Actor(6, frozenset({"PARTNER"}), customer_id=10)
DELIVERED_ONLY = (S.DELIVERED,)


def facts(status: S, **extra) -> OrderActionFacts:
    return OrderActionFacts(order_id=1, status=status, customer_id=10, created_by_id=1, **extra)


def test_a_draft_is_submitted_or_cancelled_by_sales_and_submitted_by_its_partner() -> None:
    draft = facts(S.DRAFT)
    assert available_actions(SALES, draft, invoiceable=DELIVERED_ONLY) == [
        A.EDIT, A.SUBMIT, A.CANCEL,
    ]
    assert available_actions(PARTNER, draft, invoiceable=DELIVERED_ONLY) == [A.EDIT, A.SUBMIT]
    assert available_actions(WAREHOUSE, draft, invoiceable=DELIVERED_ONLY) == []


def test_a_partner_gets_nothing_for_another_customers_order() -> None:
    other = OrderActionFacts(order_id=1, status=S.DRAFT, customer_id=11, created_by_id=None)
    assert available_actions(PARTNER, other, invoiceable=DELIVERED_ONLY) == []


def test_approving_needs_the_pending_role_and_someone_other_than_the_creator() -> None:
    pending = facts(S.PENDING_APPROVAL, pending_roles=("SALES_MANAGER",))
    assert available_actions(MANAGER, pending, invoiceable=DELIVERED_ONLY) == [
        A.APPROVE, A.REJECT, A.CANCEL, A.AMEND,
    ]
    assert available_actions(FINANCE, pending, invoiceable=DELIVERED_ONLY) == []
    own = Actor(1, frozenset({"SALES_MANAGER"}))  # created the order
    assert available_actions(own, pending, invoiceable=DELIVERED_ONLY) == [A.CANCEL, A.AMEND]
    decided = facts(S.PENDING_APPROVAL)  # nothing left pending for anyone
    assert A.APPROVE not in available_actions(ADMIN, decided, invoiceable=DELIVERED_ONLY)


def test_invoicing_follows_the_policy_and_happens_once() -> None:
    # finance desk: what is offered is a shipment on no live invoice yet.
    shipped = facts(S.SHIPPED, shipped_to_invoice=True)
    delivered = facts(S.DELIVERED, delivered_to_invoice=True)
    assert available_actions(FINANCE, shipped, invoiceable=DELIVERED_ONLY) == []
    assert available_actions(FINANCE, shipped, invoiceable=(S.SHIPPED, S.DELIVERED)) == [
        A.INVOICE
    ]
    assert available_actions(FINANCE, delivered, invoiceable=DELIVERED_ONLY) == [A.INVOICE]
    invoiced = facts(S.DELIVERED, invoiced=True, unpaid=True)
    assert available_actions(FINANCE, invoiced, invoiceable=DELIVERED_ONLY) == [A.RECORD_PAYMENT]
    # Per shipment: a delivered part of a partly shipped order; per order: not yet.
    partly = facts(S.PARTIALLY_SHIPPED, delivered_to_invoice=True)
    assert A.INVOICE in available_actions(FINANCE, partly, invoiceable=DELIVERED_ONLY)
    per_order = facts(S.PARTIALLY_SHIPPED, delivered_to_invoice=True, per_order=True)
    assert A.INVOICE not in available_actions(FINANCE, per_order, invoiceable=DELIVERED_ONLY)


def test_allocate_ship_and_confirm_need_something_to_do() -> None:
    approved = facts(S.APPROVED, unallocated=True)
    assert available_actions(WAREHOUSE, approved, invoiceable=()) == [A.ALLOCATE]
    allocated = facts(S.ALLOCATED, allocated=True)
    assert available_actions(WAREHOUSE, allocated, invoiceable=()) == [A.SHIP]
    partly = facts(S.PARTIALLY_SHIPPED, unallocated=True, in_transit=True)
    assert available_actions(WAREHOUSE, partly, invoiceable=()) == [
        A.ALLOCATE, A.CONFIRM_DELIVERY,
    ]
    assert available_actions(PARTNER, partly, invoiceable=()) == [A.CONFIRM_DELIVERY]


def test_edit_amend_and_short_close_are_offered_where_their_actions_accept() -> None:
    changes = {A.EDIT, A.AMEND, A.SHORT_CLOSE}
    offered = {
        status: changes & set(available_actions(
            SALES, facts(status, open_lines=True), invoiceable=()))
        for status in S
    }
    # ADMIN holds no business permission: it is offered nothing, in any state.
    assert all(available_actions(ADMIN, facts(status, open_lines=True), invoiceable=()) == []
               for status in S)
    assert offered[S.DRAFT] == {A.EDIT}
    assert offered[S.REJECTED] == {A.AMEND}
    for status in (S.PENDING_APPROVAL, S.APPROVED, S.ALLOCATED, S.PARTIALLY_SHIPPED):
        assert offered[status] == {A.AMEND, A.SHORT_CLOSE}
    for status in (S.SHIPPED, S.DELIVERED, S.INVOICED, S.CLOSED, S.CANCELLED):
        assert offered[status] == set()
    assert available_actions(WAREHOUSE, facts(S.ALLOCATED, open_lines=True),
                             invoiceable=()) == []
    assert changes <= set(order_actions.ORDER_ACTION_PERMISSIONS)


async def _actions(sessionmaker, actor: Actor, order_id: int) -> list[A]:
    async with sessionmaker() as session:
        return (await order_actions.available_actions_by_order(session, actor, [order_id]))[
            order_id
        ]


async def _in_inbox(sessionmaker, actor: Actor, order_id: int) -> bool:
    async with sessionmaker() as session:
        found = await session.scalar(
            select(SalesOrder.id).where(SalesOrder.id == order_id, awaiting_decision_by(actor))
        )
    return found is not None


async def test_through_an_orders_life_each_offered_action_is_accepted(
    sessionmaker, actor_of: ActorOf
) -> None:
    sales = await actor_of("sales")
    manager = await actor_of("manager")
    finance = await actor_of("finance")
    warehouse = await actor_of("warehouse")
    customer = await f.make_customer(sessionmaker)
    product = await f.make_product(sessionmaker)
    await f.make_lot(sessionmaker, product, warehouse_id=(await f.warehouses(sessionmaker))["NL-RTM"],
                     quantity=10)
    async with sessionmaker() as s, s.begin():
        order = await orders.create_sales_order(
            s, actor=sales, customer_id=customer.id,
            lines=[LineRequest(product.id, 4, discount_percent=Decimal("15"))],
        )
    pk = order.id
    assert await _actions(sessionmaker, sales, pk) == [A.EDIT, A.SUBMIT, A.CANCEL]

    async with sessionmaker() as s, s.begin():
        await approvals.submit_sales_order(s, actor=sales, order_id=pk)
    # The discount waits for a sales manager: the inbox and the actions agree on who.
    assert await _actions(sessionmaker, manager, pk) == [
        A.APPROVE, A.REJECT, A.CANCEL, A.AMEND, A.SHORT_CLOSE,
    ]
    assert await _in_inbox(sessionmaker, manager, pk)
    for bystander in (sales, finance):
        assert A.APPROVE not in await _actions(sessionmaker, bystander, pk)
        assert not await _in_inbox(sessionmaker, bystander, pk)

    async with sessionmaker() as s, s.begin():
        await approvals.decide_approval(s, actor=manager, order_id=pk, approve=True,
                                        password="demo1234", meaning="Discount approved")
    assert await _actions(sessionmaker, warehouse, pk) == [A.ALLOCATE]
    async with sessionmaker() as s, s.begin():
        await allocation.allocate_sales_order(s, actor=warehouse, order_id=pk)
    assert await _actions(sessionmaker, warehouse, pk) == [A.SHIP]
    async with sessionmaker() as s, s.begin():
        shipment = await shipping.create_shipment(s, actor=warehouse, order_id=pk)
    assert await _actions(sessionmaker, warehouse, pk) == [A.CONFIRM_DELIVERY]
    assert await _actions(sessionmaker, sales, pk) == [A.CONFIRM_DELIVERY]
    async with sessionmaker() as s:
        invoiceable = await invoicing.invoiceable_statuses(s)
    assert (A.INVOICE in await _actions(sessionmaker, finance, pk)) == (S.SHIPPED in invoiceable)

    async with sessionmaker() as s, s.begin():
        await shipping.confirm_delivery(s, actor=warehouse, shipment_id=shipment.id)
    assert await _actions(sessionmaker, finance, pk) == [A.INVOICE]
    async with sessionmaker() as s, s.begin():
        await invoicing.issue_invoice(s, actor=finance, order_id=pk)
    assert await _actions(sessionmaker, finance, pk) == [A.RECORD_PAYMENT]
    assert await _actions(sessionmaker, sales, pk) == []


async def test_a_page_of_orders_costs_two_statements(engine, sessionmaker, actor_of) -> None:
    manager = await actor_of("manager")
    async with sessionmaker() as s:
        ids = list(await s.scalars(select(SalesOrder.id).order_by(SalesOrder.id).limit(50)))
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with sessionmaker() as s:
            found = await order_actions.available_actions_by_order(s, manager, [*ids, -1])
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(ids) > 10 and len(statements) == 2, statements
    assert found[-1] == [] and set(found) == {*ids, -1}
