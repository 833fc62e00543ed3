"""Retained samples and expiry alerts: types, inputs, root fields."""

import dataclasses
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.quality import samples
from backend.enums import Role
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.catalog.types import Warehouse
from backend.schema.common import Connection, UserError, payload
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.types import Lot, Serial

if TYPE_CHECKING:
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
SAMPLERS = (Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER)


@strawberry.type
class RetainedSamplePull(FromRow):
    quantity: int
    reason: str
    pulled_at: datetime
    pulled_by_id: strawberry.Private[int]

    @strawberry.field
    async def pulled_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.pulled_by_id))


@strawberry.type
class RetainedSample(FromRow, Node):
    number: str = strawberry.field(description="RS-YYYY-NNNNNN")
    location: str = strawberry.field(
        description='Where the units are kept, e.g. "Retention room B, shelf 3".'
    )
    quantity: int
    remaining_quantity: int
    retain_until: date
    taken_at: datetime
    lot_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]
    taken_by_id: strawberry.Private[int]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )

    @strawberry.field
    async def taken_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.taken_by_id))

    @strawberry.field
    async def serials(self, info: Info) -> list[Serial]:
        return Serial.many(await info.context.loaders.serials_by_sample_id.load(self.pk))

    @strawberry.field
    async def pulls(self, info: Info) -> list[RetainedSamplePull]:
        return RetainedSamplePull.many(await info.context.loaders.pulls_by_sample_id.load(self.pk))


@strawberry.type
class ExpiryAlert(FromRow, Node):
    expires_on: date
    days_left: int = strawberry.field(description="Days left when raised.")
    quantity: int = strawberry.field(description="Units on hand when raised.")
    raised_at: datetime
    lot_id: strawberry.Private[int]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))


@strawberry.input
class RetainSampleInput:
    lot_id: strawberry.ID
    warehouse_id: strawberry.ID
    quantity: int
    location: str
    retain_until: date | None = strawberry.field(
        default=None, description="Default: the lot's expiry plus one year; required for lots "
        "without expiry."
    )
    serial_numbers: list[str] | None = None
    idempotency_key: str | None = None


@strawberry.input
class PullRetainedSampleInput:
    sample_id: strawberry.ID
    quantity: int
    reason: str


@strawberry.type
class RetainedSamplePayload:
    sample: RetainedSample | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.mutation(extensions=requires("sample.retain"))
async def retain_sample(info: Info, input: RetainSampleInput) -> RetainedSamplePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        sample = await samples.retain_sample(
            session, actor=actor, lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            quantity=input.quantity, location=input.location, retain_until=input.retain_until,
            serial_numbers=input.serial_numbers,
        )
        return {"sample": ref("RetainedSample", sample.id)}

    return payload(RetainedSamplePayload, await run_mutation(
        info.context, action, operation="retainSample", idempotency_key=input.idempotency_key,
        request=dataclasses.asdict(input),
    ))


@strawberry.mutation(extensions=requires("sample.retain"))
async def pull_retained_sample(info: Info, input: PullRetainedSampleInput
                               ) -> RetainedSamplePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        sample = await samples.pull_sample(
            session, actor=actor,
            sample_id=input_pk(input.sample_id, "RetainedSample", ("input", "sampleId")),
            quantity=input.quantity, reason=input.reason,
        )
        return {"sample": ref("RetainedSample", sample.id)}

    return payload(RetainedSamplePayload, await run_mutation(
        info.context, action, operation="pullRetainedSample"))


@strawberry.field(extensions=staff_only())
async def retained_samples(
    info: Info, first: int | None = None, after: str | None = None,
    lot_id: strawberry.ID | None = None, retain_until_before: date | None = None,
) -> Connection[RetainedSample]:
    lot = None if lot_id is None else pk_of(lot_id, "Lot", argument="lotId")
    page = await reads.retained_samples(info.context, first, after, lot, retain_until_before)
    return Connection.of(page, RetainedSample.from_row)


@strawberry.field(description="Lots expiring within the alert window (or withinDays), soonest "
                  "first.", extensions=staff_only())
async def expiry_alerts(
    info: Info, first: int | None = None, after: str | None = None,
    within_days: int | None = None,
) -> Connection[ExpiryAlert]:
    page = await reads.expiry_alerts(info.context, first, after, within_days)
    return Connection.of(page, ExpiryAlert.from_row)
