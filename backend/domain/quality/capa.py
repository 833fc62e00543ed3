"""Corrective and preventive actions: opened on nonconformances, actions done by their owners
with evidence, an effectiveness check, and closure by QA (e-signed)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Capa,
    CapaAction,
    CapaEffectivenessCheck,
    CapaNonconformance,
    Nonconformance,
    User,
)
from backend.domain import lookup, numbering
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode, NotAllowed, Problem
from backend.domain.quality.nonconformance import MAX_TITLE, text_of
from backend.domain.trust import audit, outbox, signatures
from backend.enums import AuditAction, CapaActionKind, CapaActionStatus, CapaStatus

CAPA_CHANGED = "quality.capa_changed"


@dataclass(frozen=True, slots=True)
class ActionRequest:
    kind: CapaActionKind
    description: str
    owner_id: int | None
    due_on: date


def _today() -> date:
    return datetime.now(UTC).date()


async def _check_action(
    session: AsyncSession, action: ActionRequest, at: tuple[str, ...]
) -> list[Problem]:
    problems = []
    if not action.description.strip():
        problems.append(Problem(ErrorCode.INVALID, "Describe the action.", (*at, "description")))
    if action.due_on < _today():
        problems.append(Problem(ErrorCode.INVALID, "The due date is in the past.",
                                (*at, "dueOn")))
    if action.owner_id is None or await session.get(User, action.owner_id) is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, "No such user.", (*at, "ownerId")))
    return problems


async def create_capa(
    session: AsyncSession, *, actor: Actor, title: str, problem_statement: str,
    nonconformance_ids: Sequence[int | None], owner_id: int | None, due_on: date,
    actions: Sequence[ActionRequest],
) -> Capa:
    problems: list[Problem] = []
    if not title.strip() or len(title.strip()) > MAX_TITLE:
        problems.append(Problem(ErrorCode.INVALID, "Give a title.", ("input", "title")))
    if not problem_statement.strip():
        problems.append(Problem(ErrorCode.INVALID, "State the problem.",
                                ("input", "problemStatement")))
    if not nonconformance_ids:
        problems.append(Problem(ErrorCode.INVALID, "A CAPA addresses at least one "
                                "nonconformance.", ("input", "nonconformanceIds")))
    if not actions:
        problems.append(Problem(ErrorCode.INVALID, "Plan at least one action.",
                                ("input", "actions")))
    if due_on < _today():
        problems.append(Problem(ErrorCode.INVALID, "The due date is in the past.",
                                ("input", "dueOn")))
    if owner_id is None or await session.get(User, owner_id) is None:
        problems.append(Problem(ErrorCode.NOT_FOUND, "No such user.", ("input", "ownerId")))
    ncs = []
    for i, pk in enumerate(nonconformance_ids):
        nc = None if pk is None else await session.get(Nonconformance, pk)
        if nc is None:
            problems.append(Problem(ErrorCode.NOT_FOUND, "No such nonconformance.",
                                    ("input", "nonconformanceIds", str(i))))
        else:
            ncs.append(nc)
    for i, action in enumerate(actions):
        problems += await _check_action(session, action, ("input", "actions", str(i)))
    if problems:
        raise DomainError(problems)
    assert owner_id is not None
    capa = Capa(number=await numbering.next_number(session, "CAPA"), title=title.strip(),
                problem_statement=problem_statement.strip(), status=CapaStatus.OPEN,
                owner_id=owner_id, due_on=due_on, opened_by_id=actor.user_id)
    session.add(capa)
    await session.flush()
    session.add_all(CapaNonconformance(capa_id=capa.id, nonconformance_id=nc.id)
                    for nc in {n.id: n for n in ncs}.values())
    session.add_all(_action(capa, a) for a in actions)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CAPA_CREATED, entity_type="Capa",
        entity_id=capa.id,
        changes={**audit.created(number=capa.number, title=capa.title, owner_id=owner_id,
                                 due_on=due_on, nonconformance_ids=sorted({n.id for n in ncs}),
                                 actions=len(actions)),
                 "status": (None, CapaStatus.OPEN)},
    )
    await _announce(session, capa)
    return capa


def _action(capa: Capa, a: ActionRequest) -> CapaAction:
    assert a.owner_id is not None
    return CapaAction(capa_id=capa.id, kind=a.kind, description=a.description.strip(),
                      owner_id=a.owner_id, due_on=a.due_on, status=CapaActionStatus.OPEN)


async def _open_capa(session: AsyncSession, capa_id: int | None) -> Capa:
    capa = await lookup.get(session, Capa, capa_id, field=("input", "capaId"), lock=True)
    if capa.status != CapaStatus.OPEN:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION,
                                 f"CAPA {capa.number} is {capa.status.value}.",
                                 ("input", "capaId"))
    return capa


async def add_action(
    session: AsyncSession, *, actor: Actor, capa_id: int | None, action: ActionRequest
) -> Capa:
    capa = await _open_capa(session, capa_id)
    problems = await _check_action(session, action, ("input", "action"))
    if problems:
        raise DomainError(problems)
    row = _action(capa, action)
    session.add(row)
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.CAPA_ACTION_ADDED,
                       entity_type="Capa", entity_id=capa.id,
                       changes=audit.created(action_id=row.id, kind=action.kind,
                                             owner_id=action.owner_id, due_on=action.due_on))
    return capa


async def complete_action(
    session: AsyncSession, *, actor: Actor, capa_id: int | None, action_id: int | None,
    evidence: str,
) -> Capa:
    capa = await _open_capa(session, capa_id)
    action = None if action_id is None else await session.get(CapaAction, action_id,
                                                             with_for_update=True)
    if action is None or action.capa_id != capa.id:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such action of this CAPA.",
                                 ("input", "actionId"))
    if action.owner_id != actor.user_id and not actor.has_permission("capa.manage"):
        raise NotAllowed("Only the action's owner or a QA manager completes it.")
    evidence = text_of(evidence, ("input", "evidence"), "evidence")
    if action.status == CapaActionStatus.DONE:
        raise DomainError.single(ErrorCode.INVALID_TRANSITION, "The action is done already.",
                                 ("input", "actionId"))
    action.status, action.evidence = CapaActionStatus.DONE, evidence
    action.completed_at, action.completed_by_id = datetime.now(UTC), actor.user_id
    await session.flush()
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.CAPA_ACTION_COMPLETED, entity_type="Capa",
                       entity_id=capa.id,
                       changes={"status": (CapaActionStatus.OPEN, CapaActionStatus.DONE),
                                **audit.created(action_id=action.id, evidence=evidence)})
    return capa


async def record_effectiveness(
    session: AsyncSession, *, actor: Actor, capa_id: int | None, effective: bool, evidence: str
) -> Capa:
    capa = await _open_capa(session, capa_id)
    evidence = text_of(evidence, ("input", "evidence"), "evidence")
    session.add(CapaEffectivenessCheck(capa_id=capa.id, effective=effective, evidence=evidence,
                                       checked_by_id=actor.user_id))
    await session.flush()
    await audit.record(session, actor_id=actor.user_id,
                       action=AuditAction.CAPA_EFFECTIVENESS_RECORDED, entity_type="Capa",
                       entity_id=capa.id,
                       changes=audit.created(effective=effective, evidence=evidence))
    return capa


async def close_capa(
    session: AsyncSession, *, actor: Actor, capa_id: int | None, password: str, meaning: str
) -> Capa:
    capa = await _open_capa(session, capa_id)
    open_actions = list(await session.scalars(
        select(CapaAction.id).where(CapaAction.capa_id == capa.id,
                                    CapaAction.status != CapaActionStatus.DONE)
    ))
    latest = await session.scalar(
        select(CapaEffectivenessCheck).where(CapaEffectivenessCheck.capa_id == capa.id)
        .order_by(CapaEffectivenessCheck.checked_at.desc(), CapaEffectivenessCheck.id.desc())
        .limit(1)
    )
    if open_actions or latest is None or not latest.effective:
        why = (f"{len(open_actions)} action(s) are open" if open_actions
               else "no effectiveness check is recorded" if latest is None
               else "the latest effectiveness check found it not effective")
        raise DomainError.single(ErrorCode.CAPA_INCOMPLETE,
                                 f"CAPA {capa.number} cannot close: {why}.", ("input", "capaId"))
    signature = await signatures.sign(
        session, signer_id=actor.user_id or 0, password=password, meaning=meaning,
        record_type="capa", record_id=capa.id,
        record={"id": capa.id, "number": capa.number, "status": CapaStatus.CLOSED.value},
    )
    capa.status, capa.closed_at = CapaStatus.CLOSED, datetime.now(UTC)
    capa.closure_signature_id = signature.id
    await session.flush()
    await audit.record(session, actor_id=actor.user_id, action=AuditAction.CAPA_CLOSED,
                       entity_type="Capa", entity_id=capa.id,
                       changes={"status": (CapaStatus.OPEN, CapaStatus.CLOSED),
                                **audit.created(signature_id=signature.id)})
    await _announce(session, capa)
    return capa


async def _announce(session: AsyncSession, capa: Capa) -> None:
    await outbox.emit(session, topic=CAPA_CHANGED, aggregate_type="Capa", aggregate_id=capa.id,
                      payload={"capa_id": capa.id, "status": capa.status.value})
