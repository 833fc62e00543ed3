"""Submitting orders against the approval rules, and deciding approvals with an e-signature.

Approval chains: every level's approvals exist from submit; a level is decided only once
all lower levels of its rule are APPROVED (else APPROVAL_LEVEL_PENDING). One signature
decides every approval the signer may decide then, in person or for a delegator.
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Approval, Customer, SalesOrder
from backend.domain.access_control import separation
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.sales import licences, promise, reservations
from backend.domain.sales.allocation import release_order
from backend.domain.sales.approval_policy import (
    APPROVE,
    authorship,
    delegations_to,
    holds_required_role,
    is_own_order,
)
from backend.domain.sales.approval_requests import ask_approvals
from backend.domain.sales.order_lookup import order_for_update, order_lines
from backend.domain.sales.order_status import change_status
from backend.domain.trust import audit, signatures
from backend.enums import ApprovalStatus, AuditAction, OrderStatus


class SignerLacksRole(Exception):
    """The signer holds none of the roles the pending approvals need (a permission failure,
    not a business refusal)."""


async def submit_sales_order(session: AsyncSession, *, actor: Actor, order_id: int) -> SalesOrder:
    """DRAFT -> PENDING_APPROVAL with one approval per role and level of each triggered
    rule, else straight to APPROVED; the lines are promised."""
    order = await order_for_update(session, order_id, actor=actor)
    if order.status != OrderStatus.DRAFT:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status}; only a DRAFT order can be submitted.",
            ("orderId",),
        )
    lines = await order_lines(session, order.id)
    customer = await session.get_one(Customer, order.customer_id)
    await licences.ensure_qualified(
        session, customer, [(i, line.product_id) for i, line in enumerate(lines)]
    )
    # The same rules the order preview runs, so the preview names these approvals.
    needed = await ask_approvals(session, order, lines, actor=actor)
    # A draft holds no stock yet.
    await promise.promise_order(session, order, lines, holds_stock=False)
    target = OrderStatus.PENDING_APPROVAL if needed else OrderStatus.APPROVED
    rules = sorted({n.rule for n in needed})
    reason = ("needs approval: " + ", ".join(rules)) if needed else None
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
    """Decide the pending approvals the signer may decide now, e-signed.

    All approved: the order's status follows its quantities (APPROVED, ALLOCATED,
    PARTIALLY_SHIPPED); one rejected: the order is REJECTED and its reservations released.
    """
    order = await order_for_update(session, order_id, actor=actor, field=("input", "orderId"))
    if order.status != OrderStatus.PENDING_APPROVAL:
        raise DomainError.single(
            ErrorCode.INVALID_TRANSITION,
            f"Order {order.number} is {order.status} and waits for no approval.",
            ("input", "orderId"),
        )
    current = list(
        await session.scalars(
            select(Approval)
            .where(Approval.order_id == order.id, Approval.order_version == order.version,
                   Approval.status != ApprovalStatus.SUPERSEDED)
            .order_by(Approval.level, Approval.id)
            .with_for_update()
        )
    )
    pending = [a for a in current if a.status == ApprovalStatus.PENDING]
    # Delegations matter only for roles the signer does not hold.
    delegated = (await delegations_to(session, actor)
                 if any(not holds_required_role(actor, a.required_role) for a in pending)
                 else {})

    def via(approval: Approval) -> int | None:
        """None: the signer's own role; else the delegator whose role it is; -1: neither."""
        if holds_required_role(actor, approval.required_role):
            return None
        return delegated.get(str(approval.required_role), -1)

    def lower_approved(approval: Approval) -> bool:
        return all(
            a.status == ApprovalStatus.APPROVED
            for a in current
            if a.rule == approval.rule and a.level < approval.level
        )

    holdable = [a for a in pending if via(a) != -1]
    if not holdable:
        raise SignerLacksRole(
            "This approval needs the role "
            + ", ".join(sorted({str(a.required_role) for a in pending}))
            + "."
        )
    mine = [a for a in holdable if lower_approved(a)]
    if not mine:
        raise DomainError.single(
            ErrorCode.APPROVAL_LEVEL_PENDING,
            f"Order {order.number}: an earlier level of the approval chain still waits for "
            "its decision.",
            ("input", "orderId"),
        )
    def authored(approval: Approval) -> bool:
        """The signer, or the delegator the signer stands in for, wrote this version."""
        delegator = via(approval)
        return is_own_order(actor, approval.requested_by_id) or (
            delegator is not None and delegator == approval.requested_by_id)

    for approval in mine:
        if authored(approval):
            separation.ensure_separate(
                APPROVE, (authorship(approval.order_version),),
                f"You wrote this version of order {order.number}; someone else must decide "
                "its approval.",
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
            "version": order.version,
            "customer_id": order.customer_id,
            "total": str(order.total),
            "rules": [a.rule for a in mine],
            "levels": [a.level for a in mine],
            "decision": decision.value,
        },
    )
    now = datetime.now(UTC)
    for approval in mine:
        approval.status = decision
        approval.decided_by_id = actor.user_id
        approval.on_behalf_of_id = via(approval)
        approval.decided_at = now
        approval.signature_id = signature.id
        approval.comment = comment
    await session.flush()
    on_behalf = sorted({a.on_behalf_of_id for a in mine if a.on_behalf_of_id is not None})
    await audit.record(
        session,
        actor_id=actor.user_id,
        action=AuditAction.APPROVAL_DECIDED,
        entity_type="SalesOrder",
        entity_id=order.id,
        reason=comment,
        changes={
            "rules": (None, [a.rule for a in mine]),
            "levels": (None, [a.level for a in mine]),
            # The decided approvals' status: PENDING until now.
            "approval_status": (ApprovalStatus.PENDING, decision),
            "meaning": (None, signature.meaning),
            "signature_id": (None, signature.id),
            **({"on_behalf_of": (None, on_behalf)} if on_behalf else {}),
        },
    )
    if not approve:
        await release_order(session, order, actor=actor)
        await change_status(session, order, OrderStatus.REJECTED, actor=actor, reason=comment)
    elif len(mine) == len(pending):
        lines = await order_lines(session, order.id)
        holds = await reservations.holds_reservations(session, order.id)
        if holds:
            # An increase waiting for this approval is reserved now, as stock allows.
            await reservations.top_up(session, order, lines, actor=actor)
        await reservations.settle(session, order, lines, actor=actor, holds=holds)
    return order
