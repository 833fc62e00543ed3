"""Submitting orders against the approval rules, and deciding approvals with an e-signature."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Approval, Customer, SalesOrder
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.sales.approval_policy import (
    holds_required_role,
    is_own_order,
    needed_approvals,
    order_facts,
)
from backend.domain.sales.credit import credit_position
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit, signatures
from backend.enums import ApprovalStatus, AuditAction, OrderStatus


class SignerLacksRole(Exception):
    """The signer holds none of the roles the pending approvals need (a permission failure,
    not a business refusal)."""


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
    credit = await credit_position(session, customer, excluding_order_id=order.id)
    facts = order_facts(await order_lines(session, order.id), order.total, credit)
    # The same function the order preview calls, so the preview names these approvals.
    needed = await needed_approvals(session, facts)
    # A resubmission after a rejection is not possible (REJECTED is final), so rules are fresh.
    session.add_all(
        Approval(
            order_id=order.id,
            rule=need.rule,
            required_role=need.required_role,
            status=ApprovalStatus.PENDING,
        )
        for need in needed
    )
    await session.flush()
    target = OrderStatus.PENDING_APPROVAL if needed else OrderStatus.APPROVED
    reason = ("needs approval: " + ", ".join(n.rule for n in needed)) if needed else None
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
    # The rule of approval_policy.may_decide, checked step by step for a precise refusal.
    mine = [a for a in pending if holds_required_role(actor, a.required_role)]
    if not mine:
        raise SignerLacksRole(
            "This approval needs the role "
            + ", ".join(sorted({a.required_role for a in pending}))
            + "."
        )
    if is_own_order(actor, order.created_by_id):
        raise DomainError.single(
            ErrorCode.SEPARATION_OF_DUTIES,
            f"You created order {order.number}; someone else must decide its approval.",
            ("input", "orderId"),
        )
    decision = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    signature = await signatures.sign(
        session,
        signer_id=actor.user_id or 0,  # the system never signs: user 0 matches no one
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
        action=AuditAction.APPROVAL_DECIDED,
        entity_type="SalesOrder",
        entity_id=order.id,
        reason=comment,
        changes={
            "rules": (None, [a.rule for a in mine]),
            # The decided approvals' status: PENDING until now.
            "approval_status": (ApprovalStatus.PENDING, decision),
            "meaning": (None, signature.meaning),
            "signature_id": (None, signature.id),
        },
    )
    if not approve:
        await change_status(session, order, OrderStatus.REJECTED, actor=actor, reason=comment)
    elif len(mine) == len(pending):
        await change_status(session, order, OrderStatus.APPROVED, actor=actor)
    return order
