"""A user's open tasks: what waits for them, whatever screen it lives on.

Each kind is the same rule its own list applies (the approvals inbox, the inspection
queue, the quarantine queue, overdue recall notices and invoices, a partner's
unacknowledged recall notices), so the bell never counts what the page would not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.sales import approval_policy
from backend.enums import InspectionTaskStatus, InvoiceStatus, LotStatus, Role

orders_t = m.SalesOrder.__table__
customers_t = m.Customer.__table__
lots_t = m.Lot.__table__
products_t = m.Product.__table__
inspections_t = m.InspectionTask.__table__
notices_t = m.RecallNotice.__table__
recalls_t = m.Recall.__table__
invoices_t = m.Invoice.__table__

# Enough to act on from a menu; the full lists are a click away.
LIMIT_PER_KIND = 25

QA_ROLES = (Role.QA_INSPECTOR, Role.QA_MANAGER)
OPEN_INVOICE = (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)


class TaskKind(StrEnum):
    APPROVE_ORDER = "APPROVE_ORDER"
    INSPECT_LOT = "INSPECT_LOT"
    RELEASE_LOT = "RELEASE_LOT"
    ACKNOWLEDGE_RECALL = "ACKNOWLEDGE_RECALL"
    OVERDUE_RECALL_NOTICE = "OVERDUE_RECALL_NOTICE"
    OVERDUE_INVOICE = "OVERDUE_INVOICE"


@dataclass(frozen=True, slots=True)
class Task:
    kind: TaskKind
    # What the task is about: its type and primary key (the schema turns them into a link).
    subject_type: str
    subject_id: int
    # The subject's own number (order, lot, recall, invoice), as people name it.
    reference: str
    title: str
    since: datetime | None
    due: datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < datetime.now(UTC)


Db = AsyncSession | AsyncConnection


async def open_tasks(db: Db, actor: Actor) -> list[Task]:
    """The actor's open tasks, oldest first within each kind."""
    tasks: list[Task] = []
    if actor.is_partner:
        tasks += await _recall_notices_to_acknowledge(db, actor)
        return tasks
    tasks += await _approvals(db, actor)
    if actor.has_role(*QA_ROLES):
        tasks += await _lots_to_inspect(db)
        tasks += await _overdue_recall_notices(db)
    if actor.has_role(Role.QA_MANAGER):
        tasks += await _lots_to_release(db)
    if actor.has_role(Role.FINANCE):
        tasks += await _overdue_invoices(db)
    return tasks


async def _approvals(db: Db, actor: Actor) -> list[Task]:
    rows = await db.execute(
        select(orders_t.c.id, orders_t.c.number, orders_t.c.created_at, customers_t.c.name)
        .join(customers_t, customers_t.c.id == orders_t.c.customer_id)
        .where(approval_policy.awaiting_decision_by(actor))
        .order_by(orders_t.c.created_at, orders_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.APPROVE_ORDER, "SalesOrder", r.id, r.number,
             f"Approve order {r.number} ({r.name})", r.created_at)
        for r in rows
    ]


def _lot_label() -> Select[Any]:
    return select(lots_t.c.id, lots_t.c.lot_number, products_t.c.sku).join(
        products_t, products_t.c.id == lots_t.c.product_id
    )


async def _lots_to_inspect(db: Db) -> list[Task]:
    rows = await db.execute(
        _lot_label()
        .add_columns(func.min(inspections_t.c.created_at).label("since"))
        .join(inspections_t, inspections_t.c.lot_id == lots_t.c.id)
        .where(inspections_t.c.status == InspectionTaskStatus.PENDING)
        .group_by(lots_t.c.id, lots_t.c.lot_number, products_t.c.sku)
        .order_by("since", lots_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.INSPECT_LOT, "Lot", r.id, r.lot_number,
             f"Inspect lot {r.lot_number} ({r.sku})", r.since)
        for r in rows
    ]


async def _lots_to_release(db: Db) -> list[Task]:
    """Quarantined lots with no inspection pending: the decision is the manager's."""
    pending = exists().where(
        and_(inspections_t.c.lot_id == lots_t.c.id,
             inspections_t.c.status == InspectionTaskStatus.PENDING)
    )
    rows = await db.execute(
        _lot_label()
        .add_columns(lots_t.c.created_at.label("since"))
        .where(lots_t.c.status == LotStatus.QUARANTINE, ~pending)
        .order_by(lots_t.c.created_at, lots_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.RELEASE_LOT, "Lot", r.id, r.lot_number,
             f"Release or reject lot {r.lot_number} ({r.sku})", r.since)
        for r in rows
    ]


async def _recall_notices_to_acknowledge(db: Db, actor: Actor) -> list[Task]:
    rows = await db.execute(
        select(notices_t.c.id, notices_t.c.notified_at, notices_t.c.due_at, recalls_t.c.number)
        .join(recalls_t, recalls_t.c.id == notices_t.c.recall_id)
        .where(notices_t.c.customer_id == actor.customer_scope,
               notices_t.c.acknowledged_at.is_(None))
        .order_by(notices_t.c.notified_at, notices_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.ACKNOWLEDGE_RECALL, "RecallNotice", r.id, r.number,
             f"Acknowledge recall notice {r.number}", r.notified_at, r.due_at)
        for r in rows
    ]


async def _overdue_recall_notices(db: Db) -> list[Task]:
    rows = await db.execute(
        select(notices_t.c.recall_id, notices_t.c.notified_at, notices_t.c.due_at,
               recalls_t.c.number, customers_t.c.name)
        .join(recalls_t, recalls_t.c.id == notices_t.c.recall_id)
        .join(customers_t, customers_t.c.id == notices_t.c.customer_id)
        .where(notices_t.c.acknowledged_at.is_(None), notices_t.c.due_at < func.now())
        .order_by(notices_t.c.due_at, notices_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.OVERDUE_RECALL_NOTICE, "Recall", r.recall_id, r.number,
             f"Recall {r.number}: {r.name} has not acknowledged", r.notified_at, r.due_at)
        for r in rows
    ]


async def _overdue_invoices(db: Db) -> list[Task]:
    today = datetime.now(UTC).date()
    rows = await db.execute(
        select(invoices_t.c.id, invoices_t.c.number, invoices_t.c.due_on, customers_t.c.name)
        .join(customers_t, customers_t.c.id == invoices_t.c.customer_id)
        .where(invoices_t.c.status.in_(OPEN_INVOICE), invoices_t.c.due_on < today)
        .order_by(invoices_t.c.due_on, invoices_t.c.id)
        .limit(LIMIT_PER_KIND)
    )
    return [
        Task(TaskKind.OVERDUE_INVOICE, "Invoice", r.id, r.number,
             f"Invoice {r.number} ({r.name}) is overdue", None, _end_of(r.due_on))
        for r in rows
    ]


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
