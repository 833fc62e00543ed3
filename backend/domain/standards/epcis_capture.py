"""EPCIS capture: a document's receiving and shipping events applied whole or not at all.

Each event becomes the same domain call as the screens make (`receive_goods`,
`create_shipment`), with the same checks, audit and outbox. Receipts of one supplier into
one warehouse go in together, up to a receipt's line limit; every refusal is reported with
the eventID it concerns (each batch runs in a savepoint, so the rest is still checked), and
any refusal rolls the whole capture back. An eventID captured before is skipped.

The job (`epcis_captures`) is written before the capture starts and finished by it: with
the events when they commit, on its own when they are rolled back.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import EpcisCapture, EpcisCapturedEvent
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, NotAllowed, Problem
from backend.domain.fulfilment import shipping
from backend.domain.inventory import receiving
from backend.domain.standards.epcis_capture_plans import (
    Dispatch,
    PlanProblem,
    Receipt,
    Resolver,
    plan,
)

CaptureErrors = list[dict[str, Any]]


@dataclass
class Outcome:
    captured: list[str] = field(default_factory=list)
    skipped: int = 0
    errors: CaptureErrors = field(default_factory=list)


def capture_error(event_id: str | None, message: str, code: str = "INVALID") -> dict[str, Any]:
    return {"eventID": event_id, "code": code, "message": message}


async def start_job(session: AsyncSession, *, actor: Actor, event_count: int) -> int:
    job = EpcisCapture(created_by_id=actor.user_id, running=True, event_count=event_count,
                       captured_count=0, errors=[])
    session.add(job)
    await session.flush()
    return job.id


async def finish_job(session: AsyncSession, capture_id: int, outcome: Outcome) -> None:
    await session.execute(update(EpcisCapture).where(EpcisCapture.id == capture_id).values(
        running=False, success=not outcome.errors, errors=outcome.errors,
        captured_count=0 if outcome.errors else len(outcome.captured),
        finished_at=datetime.now(UTC),
    ))


async def job_view(conn: AsyncConnection, capture_id: int) -> dict[str, Any] | None:
    """The job as the EPCIS capture interface shows it."""
    job = (await conn.execute(
        select(EpcisCapture.__table__).where(EpcisCapture.id == capture_id))).first()
    if job is None:
        return None
    return {
        "captureID": str(job.id), "createdAt": _time(job.created_at),
        "finishedAt": _time(job.finished_at), "running": job.running, "success": job.success,
        "captureErrorBehaviour": "rollback", "eventCount": job.event_count,
        "capturedCount": job.captured_count, "errors": job.errors,
    }


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def capture(session: AsyncSession, *, actor: Actor, capture_id: int,
                  events: Sequence[dict[str, Any]]) -> Outcome:
    """Apply the events in `session`; the caller commits only when `errors` is empty."""
    outcome = Outcome()
    ids = [str(e["eventID"]) for e in events if e.get("eventID")]
    done = set(await session.scalars(select(EpcisCapturedEvent.event_id).where(
        EpcisCapturedEvent.event_id.in_(ids)))) if ids else set()
    resolver = Resolver(session)
    plans: list[Receipt | Dispatch] = []
    for index, event in enumerate(events):
        event_id = event.get("eventID")
        if not event_id:
            outcome.errors.append(capture_error(None, f"Event {index} has no eventID."))
            continue
        if event_id in done:
            outcome.skipped += 1
            continue
        done.add(event_id)
        try:
            plans.append(await plan(resolver, event))
        except PlanProblem as problem:
            outcome.errors.append(capture_error(event_id, str(problem)))
    for batch in _batches(plans):
        outcome.errors += await _apply(session, actor, batch)
    if not outcome.errors:
        outcome.captured = [p.event_id for p in plans]
        if outcome.captured:
            # A plain executemany: one cached statement, however many events.
            await session.execute(insert(EpcisCapturedEvent), [
                {"event_id": e, "capture_id": capture_id} for e in outcome.captured])
    return outcome


def _batches(plans: list[Receipt | Dispatch]) -> Iterator[list[Receipt | Dispatch]]:
    """Consecutive receipts of one supplier into one warehouse make one goods receipt."""
    batch: list[Receipt | Dispatch] = []
    lines = 0
    for item in plans:
        if batch and not _joins(batch, item, lines):
            yield batch
            batch, lines = [], 0
        batch.append(item)
        lines += len(item.lines) if isinstance(item, Receipt) else 0
    if batch:
        yield batch


def _joins(batch: list[Receipt | Dispatch], item: Receipt | Dispatch, lines: int) -> bool:
    last = batch[-1]
    return (isinstance(item, Receipt) and isinstance(last, Receipt)
            and (item.supplier_id, item.warehouse_id, item.reference)
            == (last.supplier_id, last.warehouse_id, last.reference)
            and lines + len(item.lines) <= receiving.MAX_LINES)


async def _apply(session: AsyncSession, actor: Actor,
                 batch: list[Receipt | Dispatch]) -> CaptureErrors:
    owners: list[str] = []  # the eventID of each receipt line
    for item in batch:
        owners += [item.event_id] * (len(item.lines) if isinstance(item, Receipt) else 0)
    try:
        async with session.begin_nested():
            first = batch[0]
            if isinstance(first, Dispatch):
                await shipping.create_shipment(
                    session, actor=actor, order_id=first.order_id,
                    warehouse_id=first.warehouse_id, lines=first.lines)
            else:
                await receiving.receive_goods(
                    session, actor=actor, supplier_id=first.supplier_id,
                    warehouse_id=first.warehouse_id, reference=first.reference,
                    lines=[line for item in batch if isinstance(item, Receipt)
                           for line in item.lines])
    except DomainError as error:
        return [_problem(p, batch, owners) for p in error.problems]
    except NotAllowed as error:
        return [capture_error(item.event_id, str(error) or "Not allowed.", "FORBIDDEN")
                for item in batch]
    return []


def _problem(problem: Problem, batch: list[Receipt | Dispatch],
             owners: list[str]) -> dict[str, Any]:
    path = problem.field or ()
    if len(path) >= 3 and path[:2] == ("input", "lines") and path[2].isdigit() and owners:
        event_ids: list[str] = [owners[int(path[2])]]
    else:
        event_ids = [item.event_id for item in batch]
    found = capture_error(event_ids[0], problem.message, str(problem.code))
    if len(event_ids) > 1:
        found["eventIDs"] = event_ids
    return found
