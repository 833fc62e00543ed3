"""The batch-record gate of lot release: a lot made by a work order is released only after
QA approved that work order's batch record (lots made outside work orders are not gated)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import BatchRecord, WorkOrder, WorkOrderOutput
from backend.enums import BatchRecordStatus


async def unreviewed_batch_record(session: AsyncSession, lot_id: int) -> str | None:
    """The number of the work order that made the lot while its batch record is not
    approved; None for lots made otherwise or approved."""
    row = (await session.execute(
        select(WorkOrder.number, BatchRecord.status)
        .join(WorkOrderOutput, WorkOrderOutput.work_order_id == WorkOrder.id)
        .outerjoin(BatchRecord, BatchRecord.work_order_id == WorkOrder.id)
        .where(WorkOrderOutput.lot_id == lot_id))).first()
    if row is None or row.status == BatchRecordStatus.APPROVED:
        return None
    return str(row.number)
