"""Purchase approval rules as data: a requisition or purchase order whose total is above a
rule's threshold waits for the e-signed decision of the rule's role, never of its creator."""

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import PurchaseApproval, PurchaseApprovalRule
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, NotAllowed, Problem
from backend.domain.trust import audit, signatures
from backend.enums import ApprovalStatus, AuditAction, Role

MAX_CODE = 64
MAX_DESCRIPTION = 300


async def set_rule(session: AsyncSession, *, actor: Actor, code: str, description: str,
                   threshold: Decimal, required_role: Role, active: bool
                   ) -> PurchaseApprovalRule:
    """Creates the rule, or replaces the one with the same code."""
    code, description = code.strip().upper(), description.strip()
    problems = []
    if not 1 <= len(code) <= MAX_CODE:
        problems.append(Problem(ErrorCode.INVALID, f"A code has 1 to {MAX_CODE} characters.",
                                ("input", "code")))
    if not 1 <= len(description) <= MAX_DESCRIPTION:
        problems.append(Problem(ErrorCode.INVALID, "A description of 1 to "
                                f"{MAX_DESCRIPTION} characters is required.",
                                ("input", "description")))
    if threshold < 0 or threshold != threshold.quantize(Decimal("0.01")):
        problems.append(Problem(ErrorCode.INVALID, "A threshold is at least 0, to the cent.",
                                ("input", "threshold")))
    if required_role == Role.PARTNER:
        problems.append(Problem(ErrorCode.INVALID, "Partners do not approve purchases.",
                                ("input", "requiredRole")))
    if problems:
        raise DomainError(problems)
    rule = await session.scalar(select(PurchaseApprovalRule).where(
        PurchaseApprovalRule.code == code).with_for_update())
    before = {} if rule is None else {
        "description": rule.description, "threshold": rule.threshold,
        "required_role": rule.required_role, "active": rule.active}
    if rule is None:
        rule = PurchaseApprovalRule(code=code)
        session.add(rule)
    rule.description, rule.threshold = description, threshold
    rule.required_role, rule.active = required_role, active
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.PURCHASE_APPROVAL_RULE_SET,
        entity_type="PurchaseApprovalRule", entity_id=rule.id,
        changes=audit.diff(before, {"description": description, "threshold": threshold,
                                    "required_role": required_role, "active": active}),
    )
    return rule


async def ask(session: AsyncSession, *, amount: Decimal, requested_by_id: int | None,
              requisition_id: int | None = None,
              purchase_order_id: int | None = None) -> list[PurchaseApproval]:
    """One pending approval per active rule whose threshold the amount is above."""
    rules = await session.scalars(select(PurchaseApprovalRule).where(
        PurchaseApprovalRule.active, PurchaseApprovalRule.threshold < amount)
        .order_by(PurchaseApprovalRule.code))
    asked = [PurchaseApproval(
        requisition_id=requisition_id, purchase_order_id=purchase_order_id, rule=rule.code,
        required_role=rule.required_role, status=ApprovalStatus.PENDING, amount=amount,
        requested_by_id=requested_by_id) for rule in rules]
    session.add_all(asked)
    await session.flush()
    return asked


async def of_document(session: AsyncSession, *, requisition_id: int | None = None,
                      purchase_order_id: int | None = None) -> Sequence[PurchaseApproval]:
    stmt = select(PurchaseApproval).order_by(PurchaseApproval.id).with_for_update()
    if requisition_id is not None:
        stmt = stmt.where(PurchaseApproval.requisition_id == requisition_id)
    else:
        stmt = stmt.where(PurchaseApproval.purchase_order_id == purchase_order_id)
    return (await session.scalars(stmt)).all()


async def decide(
    session: AsyncSession, *, actor: Actor, pending: Sequence[PurchaseApproval],
    creator_id: int | None, approve: bool, comment: str | None, password: str, meaning: str,
    record_type: str, record_id: int, record: dict[str, object],
) -> ApprovalStatus | None:
    """Signs the actor's decision on the approvals of its roles. The document's new state:
    REJECTED on a rejection, APPROVED once nothing is pending, else None (still waiting)."""
    field = ("input", "documentId")
    open_ = [a for a in pending if a.status == ApprovalStatus.PENDING]
    if not open_:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 "Nothing about this document waits for approval.", field)
    mine = [a for a in open_ if actor.holds_role(a.required_role)
            and actor.has_permission("purchase.approve")]
    if not mine:
        raise NotAllowed("This approval needs the role "
                         + ", ".join(sorted({str(a.required_role) for a in open_})) + ".")
    if actor.user_id is not None and actor.user_id == creator_id:
        raise DomainError.single(ErrorCode.SEPARATION_OF_DUTIES,
                                 "You created this document; someone else must approve it.",
                                 field)
    text = (comment or "").strip() or None
    if not approve and text is None:
        raise DomainError.single(ErrorCode.INVALID, "A rejection needs a comment.",
                                 ("input", "comment"))
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type=record_type, record_id=record_id,
        record={**record, "rules": [a.rule for a in mine], "approve": approve},
    )
    decision = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    now = datetime.now(UTC)
    for approval in mine:
        approval.status, approval.decided_by_id, approval.decided_at = decision, actor.user_id, now
        approval.signature_id, approval.comment = signature.id, text
    await session.flush()
    for approval in mine:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.PURCHASE_APPROVAL_DECIDED,
            entity_type=record_type, entity_id=record_id, reason=text,
            changes={"rule": (None, approval.rule),
                     "approval_status": (ApprovalStatus.PENDING, decision),
                     "signature_id": (None, signature.id)},
        )
    if not approve:
        for approval in open_:
            if approval not in mine:
                approval.status = ApprovalStatus.SUPERSEDED
        await session.flush()
        return ApprovalStatus.REJECTED
    if any(a.status == ApprovalStatus.PENDING for a in open_):
        return None
    return ApprovalStatus.APPROVED
