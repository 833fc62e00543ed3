"""Asking for approvals: on submit, and again when an amendment asks for more or the
order waits for approval or was rejected. Earlier PENDING and APPROVED approvals become
SUPERSEDED (they stop counting), REJECTED ones stay as history, and the triggered rules
are asked again for the current version, every level at once (level 2 is decided once
level 1 is approved)."""

from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Approval, Customer, SalesOrder, SalesOrderLine
from backend.domain.actor import Actor
from backend.domain.rules import approval_rules
from backend.domain.sales.approval_policy import NeededApproval, facts_of, needed_approvals
from backend.domain.sales.credit import credit_position
from backend.domain.sales.versions import line_status
from backend.domain.trust import audit
from backend.enums import ApprovalStatus, AuditAction, OrderLineStatus, OrderStatus


def counted(lines: Sequence[SalesOrderLine]) -> list[SalesOrderLine]:
    """The lines the rules measure: every line that still sells something."""
    return [line for line in lines if line_status(line) != OrderLineStatus.CANCELLED]


async def order_facts_now(
    session: AsyncSession, order: SalesOrder, lines: Sequence[SalesOrderLine]
) -> approval_rules.OrderFacts:
    customer = await session.get_one(Customer, order.customer_id)
    credit = await credit_position(session, customer, excluding_order_id=order.id)
    region = (order.ship_to or {}).get("region") or customer.region
    return await facts_of(session, counted(lines), order.total, credit, region)


async def supersede(session: AsyncSession, order: SalesOrder, *, actor: Actor) -> int:
    """Earlier PENDING and APPROVED approvals of the order stop counting."""
    result = await session.execute(
        update(Approval)
        .where(Approval.order_id == order.id,
               Approval.status.in_([ApprovalStatus.PENDING, ApprovalStatus.APPROVED]))
        .values(status=ApprovalStatus.SUPERSEDED)
        .execution_options(synchronize_session=False)
    )
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.APPROVALS_SUPERSEDED,
            entity_type="SalesOrder", entity_id=order.id,
            changes={"approvals_superseded": (None, count), "version": (None, order.version)},
        )
    return count


async def ask_approvals(
    session: AsyncSession,
    order: SalesOrder,
    lines: Sequence[SalesOrderLine],
    *,
    actor: Actor,
) -> list[NeededApproval]:
    """Run the credit and approval rules on the order as it is now; one PENDING approval
    per role of every level of each triggered rule, for the current version."""
    if order.status != OrderStatus.DRAFT:  # a draft has asked for nothing yet
        await supersede(session, order, actor=actor)
    needed = await needed_approvals(session, await order_facts_now(session, order, lines))
    # The version's author may not decide it: the creator for version 1, else the amender.
    author = order.created_by_id if order.version == 1 else actor.user_id
    session.add_all(
        Approval(
            order_id=order.id, rule=need.rule, required_role=need.required_role,
            status=ApprovalStatus.PENDING, level=need.level, order_version=order.version,
            requested_by_id=author,
        )
        for need in needed
    )
    await session.flush()
    return needed
