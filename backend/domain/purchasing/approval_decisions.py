"""The approver's signed decision on a requisition or purchase order waiting for approval."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import PurchaseOrder, PurchaseRequisition
from backend.domain import lookup
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.purchasing import approvals, purchase_orders, requisitions
from backend.enums import ApprovalStatus, PurchaseOrderStatus, PurchaseRequisitionStatus

FIELD = ("input", "documentId")


async def decide_requisition(session: AsyncSession, *, actor: Actor, requisition_id: int,
                             approve: bool, comment: str | None, password: str,
                             meaning: str) -> PurchaseRequisition:
    requisition = await lookup.get(session, PurchaseRequisition, requisition_id, field=FIELD,
                                   lock=True)
    if requisition.status != PurchaseRequisitionStatus.PENDING_APPROVAL:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Requisition {requisition.number} is {requisition.status}, "
                                 "not waiting for approval.", FIELD)
    lines = await requisitions.requisition_lines(session, requisition.id)
    outcome = await approvals.decide(
        session, actor=actor, creator_id=requisition.requested_by_id, approve=approve,
        pending=await approvals.of_document(session, requisition_id=requisition.id),
        comment=comment, password=password, meaning=meaning,
        record_type="PurchaseRequisition", record_id=requisition.id,
        record={"number": requisition.number,
                "estimated_total": str(requisitions.estimated_total(lines))})
    if outcome is not None:
        target = (PurchaseRequisitionStatus.APPROVED if outcome == ApprovalStatus.APPROVED
                  else PurchaseRequisitionStatus.REJECTED)
        await requisitions.move(session, actor, requisition, target, reason=comment)
    return requisition


async def decide_purchase_order(session: AsyncSession, *, actor: Actor, order_id: int,
                                approve: bool, comment: str | None, password: str,
                                meaning: str) -> PurchaseOrder:
    order = await lookup.get(session, PurchaseOrder, order_id, field=FIELD, lock=True)
    if order.status != PurchaseOrderStatus.PENDING_APPROVAL:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"Purchase order {order.number} is {order.status}, not waiting "
                                 "for approval.", FIELD)
    lines = await purchase_orders.order_lines(session, order)
    outcome = await approvals.decide(
        session, actor=actor, creator_id=order.created_by_id, approve=approve,
        pending=await approvals.of_document(session, purchase_order_id=order.id),
        comment=comment, password=password, meaning=meaning,
        record_type="PurchaseOrder", record_id=order.id,
        record={"number": order.number, "supplier_id": order.supplier_id,
                "total": str(purchase_orders.total_of((x.quantity, x.unit_price)
                                                      for x in lines))})
    if outcome == ApprovalStatus.APPROVED:
        await purchase_orders.move(session, actor, order, "approve", PurchaseOrderStatus.APPROVED,
                                   reason=comment)
    elif outcome == ApprovalStatus.REJECTED:
        await purchase_orders.move(session, actor, order, "reject", PurchaseOrderStatus.REJECTED,
                                   reason=comment)
    return order
