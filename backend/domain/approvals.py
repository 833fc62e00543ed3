"""Submitting orders against the approval rules, and deciding approvals with an e-signature."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Approval,
    ApprovalRule,
    CreditNote,
    Customer,
    Invoice,
    Payment,
    SalesOrder,
)
from backend.domain import audit, signatures
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.order_status import change_status
from backend.domain.orders import order_for_update, order_lines
from backend.domain.rules import approval_rules
from backend.domain.rules.pricing import effective_discount
from backend.enums import ApprovalStatus, InvoiceStatus, OrderStatus, Role


class SignerLacksRole(Exception):
    """The signer holds none of the roles the pending approvals need (a permission failure,
    not a business refusal)."""


async def open_receivables(session: AsyncSession, customer_id: int) -> Decimal:
    """Issued invoices not yet paid, less payments and credit notes not applied to them."""
    invoiced = await session.scalar(
        select(func.coalesce(func.sum(Invoice.total - Invoice.amount_paid), 0)).where(
            Invoice.customer_id == customer_id, Invoice.status != InvoiceStatus.VOID
        )
    )
    unapplied = await session.scalar(
        select(func.coalesce(func.sum(Payment.unapplied_amount), 0)).where(
            Payment.customer_id == customer_id
        )
    )
    credited = await session.scalar(
        select(func.coalesce(func.sum(CreditNote.total), 0)).where(
            CreditNote.customer_id == customer_id
        )
    )
    return Decimal(invoiced) - Decimal(unapplied) - Decimal(credited)


async def submit_sales_order(session: AsyncSession, *, actor: Actor, order_id: int) -> SalesOrder:
    """DRAFT -> PENDING_APPROVAL with one approval per triggered rule, else straight to APPROVED."""
    order = await order_for_update(session, order_id, actor=actor)
    if order.status != OrderStatus.DRAFT:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only a DRAFT order can be submitted.",
            ("orderId",),
        )
    customer = await session.get_one(Customer, order.customer_id)
    lines = await order_lines(session, order.id)
    facts = approval_rules.OrderFacts(
        max_discount=max(
            (
                effective_discount(line.list_price, line.unit_price, line.discount_percent)
                for line in lines
            ),
            default=Decimal(0),
        ),
        order_total=order.total,
        open_receivables=await open_receivables(session, customer.id),
        credit_limit=customer.credit_limit,
    )
    rules = [
        approval_rules.Rule(r.code, r.kind, r.threshold, r.required_role)
        for r in await session.scalars(
            select(ApprovalRule).where(ApprovalRule.active).order_by(ApprovalRule.id)
        )
    ]
    needed = approval_rules.triggered(rules, facts)
    # A resubmission after a rejection is not possible (REJECTED is final), so rules are fresh.
    session.add_all(
        Approval(
            order_id=order.id,
            rule=rule.code,
            required_role=rule.required_role,
            status=ApprovalStatus.PENDING,
        )
        for rule in needed
    )
    await session.flush()
    target = OrderStatus.PENDING_APPROVAL if needed else OrderStatus.APPROVED
    reason = ("needs approval: " + ", ".join(r.code for r in needed)) if needed else None
    await change_status(session, order, target, actor=actor, reason=reason)
    return order


async def decide_approval(
    session: AsyncSession,
    *,
    actor: Actor,
    order_id: int,
    approve: bool,
    password: str,
    meaning: str,
    comment: str | None = None,
) -> SalesOrder:
    """Decide the pending approvals the signer's roles cover, e-signed.

    All approved: the order is APPROVED; one rejected: the order is REJECTED.
    """
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if order.status != OrderStatus.PENDING_APPROVAL:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status} and waits for no approval.",
            ("input", "orderId"),
        )
    pending = list(
        await session.scalars(
            select(Approval)
            .where(Approval.order_id == order.id, Approval.status == ApprovalStatus.PENDING)
            .order_by(Approval.id)
            .with_for_update()
        )
    )
    mine = [a for a in pending if actor.has_role(Role(a.required_role))]
    if not mine:
        raise SignerLacksRole(
            "This approval needs the role "
            + ", ".join(sorted({a.required_role for a in pending}))
            + "."
        )
    if actor.user_id is not None and actor.user_id == order.created_by_id:
        raise DomainError.single(
            ErrorCode.SEPARATION_OF_DUTIES,
            f"You created order {order.number}; someone else must decide its approval.",
            ("input", "orderId"),
        )
    decision = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    signature = await signatures.sign(
        session,
        signer_id=actor.user_id,
        password=password,
        meaning=meaning,
        record_type="sales_order",
        record_id=order.id,
        record={
            "id": order.id,
            "number": order.number,
            "customer_id": order.customer_id,
            "total": str(order.total),
            "rules": [a.rule for a in mine],
            "decision": decision.value,
        },
    )
    now = datetime.now(UTC)
    for approval in mine:
        approval.status = decision
        approval.decided_by_id = actor.user_id
        approval.decided_at = now
        approval.signature_id = signature.id
        approval.comment = comment
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.user_id,
        action="approval.decided",
        entity_type="SalesOrder",
        entity_id=order.id,
        reason=comment,
        changes={
            "rules": [a.rule for a in mine],
            "status": decision.value,
            "meaning": signature.meaning,
        },
    )
    if not approve:
        await change_status(session, order, OrderStatus.REJECTED, actor=actor, reason=comment)
    elif len(mine) == len(pending):
        await change_status(session, order, OrderStatus.APPROVED, actor=actor)
    return order
