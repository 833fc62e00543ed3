"""CAPAs: types, inputs, root fields."""

import dataclasses
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.errors import NotAllowed
from backend.domain.quality import capa as capas
from backend.enums import Role
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import Outcome, ref, run_mutation
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.common import Connection, UserError, payload
from backend.schema.common_inputs import SignatureInput
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.loop_enums import CapaActionKind, CapaActionStatus, CapaStatus
from backend.schema.quality.types import Signature

if TYPE_CHECKING:
    from backend.schema.parties.types import User
    from backend.schema.quality.nonconformance import Nonconformance

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
NonconformanceT = Annotated["Nonconformance",
                            strawberry.lazy("backend.schema.quality.nonconformance")]
STAFF = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER,
         Role.FINANCE)


@strawberry.type
class CapaAction(FromRow, Node):
    kind: CapaActionKind
    description: str
    due_on: date
    status: CapaActionStatus
    evidence: str | None
    completed_at: datetime | None
    owner_id: strawberry.Private[int]
    completed_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def owner(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.owner_id))

    @strawberry.field
    async def completed_by(self, info: Info) -> UserT | None:
        if self.completed_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.completed_by_id))


@strawberry.type
class CapaEffectivenessCheck(FromRow):
    effective: bool
    evidence: str
    checked_at: datetime
    checked_by_id: strawberry.Private[int]

    @strawberry.field
    async def checked_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.checked_by_id))


@strawberry.type
class Capa(FromRow, Node):
    number: str = strawberry.field(description="CAPA-YYYY-NNNNNN")
    title: str
    problem_statement: str
    status: CapaStatus
    due_on: date
    opened_at: datetime
    closed_at: datetime | None
    owner_id: strawberry.Private[int]
    closure_signature_id: strawberry.Private[int | None]

    @strawberry.field
    def overdue(self) -> bool:
        return self.status == CapaStatus.OPEN and self.due_on < datetime.now(UTC).date()

    @strawberry.field
    async def owner(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.owner_id))

    @strawberry.field
    async def nonconformances(self, info: Info) -> list[NonconformanceT]:
        return graphs("Nonconformance",
                      await info.context.loaders.nonconformances_by_capa_id.load(self.pk))

    @strawberry.field
    async def actions(self, info: Info) -> list[CapaAction]:
        return CapaAction.many(await info.context.loaders.actions_by_capa_id.load(self.pk))

    @strawberry.field(description="The latest check.")
    async def effectiveness_check(self, info: Info) -> CapaEffectivenessCheck | None:
        checks = await info.context.loaders.checks_by_capa_id.load(self.pk)
        return CapaEffectivenessCheck.from_row(checks[0]) if checks else None

    @strawberry.field
    async def closure_signature(self, info: Info) -> Signature | None:
        if self.closure_signature_id is None:
            return None
        return Signature.maybe(
            await info.context.loaders.signature_by_id.load(self.closure_signature_id)
        )


@strawberry.input
class CapaActionInput:
    kind: CapaActionKind
    description: str
    owner_id: strawberry.ID
    due_on: date


@strawberry.input
class CreateCapaInput:
    title: str
    problem_statement: str
    nonconformance_ids: list[strawberry.ID]
    owner_id: strawberry.ID
    due_on: date
    actions: list[CapaActionInput]
    idempotency_key: str | None = None


@strawberry.input
class AddCapaActionInput:
    capa_id: strawberry.ID
    action: CapaActionInput


@strawberry.input
class CompleteCapaActionInput:
    capa_id: strawberry.ID
    action_id: strawberry.ID
    evidence: str


@strawberry.input
class RecordCapaEffectivenessInput:
    capa_id: strawberry.ID
    effective: bool
    evidence: str


@strawberry.input
class CloseCapaInput:
    capa_id: strawberry.ID
    signature: SignatureInput


@strawberry.type
class CapaPayload:
    capa: Capa | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _action(a: CapaActionInput, at: tuple[str, ...]) -> capas.ActionRequest:
    return capas.ActionRequest(kind=a.kind, description=a.description, due_on=a.due_on,
                               owner_id=input_pk(a.owner_id, "User", (*at, "ownerId")))


def _capa_id(value: strawberry.ID) -> int:
    return input_pk(value, "Capa", ("input", "capaId"))


async def _run(info: Info, action: Any, operation: str, **options: Any) -> Outcome:
    try:
        return await run_mutation(info.context, action, operation=operation, **options)
    except NotAllowed as refusal:
        raise Forbidden(str(refusal)) from None


@strawberry.mutation(extensions=requires("capa.manage"))
async def create_capa(info: Info, input: CreateCapaInput) -> CapaPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        capa = await capas.create_capa(
            session, actor=actor, title=input.title, problem_statement=input.problem_statement,
            nonconformance_ids=[input_pk(pk, "Nonconformance",
                                         ("input", "nonconformanceIds", str(i)))
                                for i, pk in enumerate(input.nonconformance_ids)],
            owner_id=input_pk(input.owner_id, "User", ("input", "ownerId")), due_on=input.due_on,
            actions=[_action(a, ("input", "actions", str(i)))
                     for i, a in enumerate(input.actions)],
        )
        return {"capa": ref("Capa", capa.id)}

    return payload(CapaPayload, await _run(info, action, "createCapa",
                                           idempotency_key=input.idempotency_key,
                                           request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires("capa.manage"))
async def add_capa_action(info: Info, input: AddCapaActionInput) -> CapaPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        capa = await capas.add_action(session, actor=actor, capa_id=_capa_id(input.capa_id),
                                      action=_action(input.action, ("input", "action")))
        return {"capa": ref("Capa", capa.id)}

    return payload(CapaPayload, await _run(info, action, "addCapaAction"))


@strawberry.mutation(description="The action's owner or a QA_MANAGER.",
                     extensions=requires("capa.complete_action"))
async def complete_capa_action(info: Info, input: CompleteCapaActionInput) -> CapaPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        capa = await capas.complete_action(
            session, actor=actor, capa_id=_capa_id(input.capa_id),
            action_id=input_pk(input.action_id, "CapaAction", ("input", "actionId")),
            evidence=input.evidence,
        )
        return {"capa": ref("Capa", capa.id)}

    return payload(CapaPayload, await _run(info, action, "completeCapaAction"))


@strawberry.mutation(extensions=requires("capa.manage"))
async def record_capa_effectiveness(info: Info, input: RecordCapaEffectivenessInput
                                    ) -> CapaPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        capa = await capas.record_effectiveness(
            session, actor=actor, capa_id=_capa_id(input.capa_id), effective=input.effective,
            evidence=input.evidence,
        )
        return {"capa": ref("Capa", capa.id)}

    return payload(CapaPayload, await _run(info, action, "recordCapaEffectiveness"))


@strawberry.mutation(description="QA_MANAGER, e-signed.",
                     extensions=requires("capa.close"))
async def close_capa(info: Info, input: CloseCapaInput) -> CapaPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        capa = await capas.close_capa(session, actor=actor, capa_id=_capa_id(input.capa_id),
                                      password=input.signature.password,
                                      meaning=input.signature.meaning)
        return {"capa": ref("Capa", capa.id)}

    return payload(CapaPayload, await _run(info, action, "closeCapa"))


@strawberry.field(extensions=staff_only())
async def capas_query(
    info: Info, first: int | None = None, after: str | None = None,
    status: list[CapaStatus] | None = None,
) -> Connection[Capa]:
    return Connection.of(await reads.capas(info.context, first, after, status), Capa.from_row)
