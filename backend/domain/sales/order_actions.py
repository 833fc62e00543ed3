"""What someone may do with a sales order now: the permission each action needs, and the
state it needs, checked the way the domain action itself checks it.

`ORDER_ACTION_PERMISSIONS` names the code of each action (the GraphQL mutations require
the same code); `available_actions` adds the order's
state, so that `SalesOrder.availableActions` offers exactly what would be accepted.
EDIT (updateDraftSalesOrder), AMEND (amendSalesOrder) and SHORT_CLOSE
(shortCloseSalesOrder) follow the same rule as their domain actions (amendments.py,
short_close.py).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, null, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.finance.invoicing import invoiceable_statuses, invoiced_per_order, to_invoice
from backend.domain.fulfilment.shipping import SHIPPABLE
from backend.domain.rules.order_states import can_move
from backend.domain.sales.allocation import ALLOCATABLE
from backend.domain.sales.amendments import AMENDABLE
from backend.domain.sales.approval_policy import decidable_by, may_decide
from backend.domain.sales.short_close import CLOSABLE
from backend.enums import (
    ApprovalStatus,
    InvoiceStatus,
    OrderAction,
    OrderLineStatus,
    OrderStatus,
    ShipmentStatus,
)

# The permission code each action needs (the GraphQL mutations require the same code).
ORDER_ACTION_PERMISSIONS: dict[OrderAction, str] = {
    OrderAction.SUBMIT: "order.submit",  # submitSalesOrder
    OrderAction.APPROVE: "order.approve",  # decideApproval
    OrderAction.REJECT: "order.approve",  # decideApproval
    OrderAction.ALLOCATE: "order.allocate",  # allocateSalesOrder
    OrderAction.SHIP: "shipment.create",  # createShipment
    OrderAction.CONFIRM_DELIVERY: "shipment.deliver",  # confirmDelivery
    OrderAction.INVOICE: "invoice.issue",  # issueInvoice
    OrderAction.RECORD_PAYMENT: "payment.record",  # recordPayment
    OrderAction.CANCEL: "order.cancel",  # cancelSalesOrder
    # change control
    OrderAction.EDIT: "order.edit",  # updateDraftSalesOrder (partners their own)
    OrderAction.AMEND: "order.amend",  # amendSalesOrder
    OrderAction.SHORT_CLOSE: "order.short_close",  # shortCloseSalesOrder
}

orders_t = m.SalesOrder.__table__
lines_t = m.SalesOrderLine.__table__
allocations_t = m.Allocation.__table__
approvals_t = m.Approval.__table__
shipments_t = m.Shipment.__table__
invoices_t = m.Invoice.__table__


@dataclass(frozen=True, slots=True)
class OrderActionFacts:
    """What the actions of one order depend on, read in one batch for a page of orders."""

    order_id: int
    status: OrderStatus
    customer_id: int
    created_by_id: int | None
    pending_roles: tuple[str, ...] = ()  # required roles of its PENDING approvals
    unallocated: bool = False  # some line has units neither reserved nor shipped
    allocated: bool = False  # some units are reserved for it, ready to ship
    in_transit: bool = False  # a shipment is SHIPPED and not yet delivered
    invoiced: bool = False  # it has an invoice that is not void
    unpaid: bool = False  # that invoice is not paid in full
    # finance desk: shipments on no live invoice yet, by status; the policy.
    shipped_to_invoice: bool = False
    delivered_to_invoice: bool = False
    per_order: bool = False
    open_lines: bool = False  # some line still has quantity to ship
    # The actor may decide one of its approvals now (approval_policy.decidable_by);
    # None when the facts were read without an actor.
    decidable: bool | None = None


def available_actions(
    actor: Actor, facts: OrderActionFacts, *, invoiceable: Collection[OrderStatus]
) -> list[OrderAction]:
    """The actions the actor may take on this order now, in the order of the enum.

    `invoiceable` is `invoicing.invoiceable_statuses` (the `sales_settings.invoice_on` policy).
    """
    if not access.may_act_for(actor, facts.customer_id):
        return []  # another customer's order: the partner sees nothing of it
    status = facts.status
    can = {
        OrderAction.SUBMIT: status == OrderStatus.DRAFT,
        OrderAction.APPROVE: _decidable(actor, facts),
        OrderAction.REJECT: _decidable(actor, facts),
        OrderAction.ALLOCATE: status in ALLOCATABLE and facts.unallocated,
        OrderAction.SHIP: status in SHIPPABLE and facts.allocated,
        OrderAction.CONFIRM_DELIVERY: facts.in_transit,
        OrderAction.INVOICE: invoiceable_now(facts, invoiceable),
        OrderAction.RECORD_PAYMENT: facts.unpaid,
        OrderAction.CANCEL: can_move(status, OrderStatus.CANCELLED),
        OrderAction.EDIT: status == OrderStatus.DRAFT,
        OrderAction.AMEND: status in AMENDABLE,
        OrderAction.SHORT_CLOSE: status in CLOSABLE and facts.open_lines,
    }
    return [
        action
        for action in OrderAction
        if can.get(action, False) and actor.has_permission(ORDER_ACTION_PERMISSIONS[action])
    ]


def invoiceable_now(facts: OrderActionFacts, invoiceable: Collection[OrderStatus]) -> bool:
    """issueInvoice would find something: a delivered (or, invoicing on SHIPPED, a shipped)
    shipment on no live invoice; per order only once the whole order is there."""
    ready = facts.delivered_to_invoice or (
        OrderStatus.SHIPPED in invoiceable and facts.shipped_to_invoice)
    return ready and (not facts.per_order or facts.status in invoiceable)


def _decidable(actor: Actor, facts: OrderActionFacts) -> bool:
    if facts.decidable is not None:
        return facts.decidable
    return any(
        may_decide(
            actor,
            approval_status=ApprovalStatus.PENDING,
            required_role=role,
            order_status=facts.status,
            order_customer_id=facts.customer_id,
            order_created_by_id=facts.created_by_id,
        )
        for role in facts.pending_roles
    )


def _facts_statement(order_ids: Sequence[int], actor: Actor | None = None) -> Select[Any]:
    o = orders_t
    order_allocations = (
        select(func.coalesce(func.sum(allocations_t.c.quantity), 0))
        .where(allocations_t.c.order_line_id == lines_t.c.id)
        .scalar_subquery()
    )
    live_invoice = and_(invoices_t.c.order_id == o.c.id, invoices_t.c.status != InvoiceStatus.VOID)
    return select(
        o.c.id,
        o.c.status,
        o.c.customer_id,
        o.c.created_by_id,
        select(func.array_agg(approvals_t.c.required_role))
        .where(approvals_t.c.order_id == o.c.id, approvals_t.c.status == ApprovalStatus.PENDING)
        .scalar_subquery()
        .label("pending_roles"),
        exists()
        .where(
            lines_t.c.order_id == o.c.id,
            lines_t.c.quantity > lines_t.c.shipped_quantity + order_allocations,
        )
        .label("unallocated"),
        exists()
        .where(allocations_t.c.order_line_id == lines_t.c.id, lines_t.c.order_id == o.c.id)
        .label("allocated"),
        exists()
        .where(shipments_t.c.order_id == o.c.id, shipments_t.c.status == ShipmentStatus.SHIPPED)
        .label("in_transit"),
        exists().where(live_invoice).label("invoiced"),
        exists()
        .where(live_invoice, invoices_t.c.status.in_(
            (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)))
        .label("unpaid"),
        to_invoice(o.c.id, ShipmentStatus.SHIPPED).label("shipped_to_invoice"),
        to_invoice(o.c.id, ShipmentStatus.DELIVERED).label("delivered_to_invoice"),
        invoiced_per_order(o.c.customer_id).label("per_order"),
        exists()
        .where(lines_t.c.order_id == o.c.id, lines_t.c.status == OrderLineStatus.OPEN,
               lines_t.c.quantity > lines_t.c.shipped_quantity)
        .label("open_lines"),
        (
            exists().where(approvals_t.c.order_id == o.c.id, decidable_by(actor))
            if actor is not None else null()
        ).label("decidable"),
    ).where(o.c.id.in_(list(order_ids)))


async def load_action_facts(
    db: AsyncSession | AsyncConnection, order_ids: Sequence[int], actor: Actor | None = None
) -> dict[int, OrderActionFacts]:
    """The facts of every existing order among `order_ids`, in one statement."""
    if not order_ids:
        return {}
    rows = await db.execute(_facts_statement(order_ids, actor))
    return {
        row.id: OrderActionFacts(
            order_id=row.id,
            status=OrderStatus(row.status),
            customer_id=row.customer_id,
            created_by_id=row.created_by_id,
            pending_roles=tuple(sorted(row.pending_roles or ())),
            unallocated=row.unallocated,
            allocated=row.allocated,
            in_transit=row.in_transit,
            invoiced=row.invoiced,
            unpaid=row.unpaid,
            shipped_to_invoice=row.shipped_to_invoice,
            delivered_to_invoice=row.delivered_to_invoice,
            per_order=row.per_order,
            open_lines=row.open_lines,
            decidable=row.decidable,
        )
        for row in rows
    }


async def available_actions_by_order(
    db: AsyncSession | AsyncConnection, actor: Actor, order_ids: Sequence[int]
) -> dict[int, list[OrderAction]]:
    """{order id: actions} for a page of orders, in two statements whatever its size
    (for a dataloader). Unknown ids, and other customers' orders for a partner, get []."""
    facts = await load_action_facts(db, order_ids, actor)
    invoiceable = await invoiceable_statuses(db) if facts else ()
    return {
        pk: available_actions(actor, facts[pk], invoiceable=invoiceable) if pk in facts else []
        for pk in order_ids
    }
