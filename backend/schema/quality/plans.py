"""Inspection plans, tasks and results measured against a plan: types, inputs, root fields."""

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.quality import plans
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.catalog.types import Product
from backend.schema.common import Connection, UserError, payload
from backend.schema.enums import InspectionKind
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.loop_enums import InspectionCharacteristicKind, InspectionTaskStatus
from backend.schema.quality.measurements import InspectionCharacteristic
from backend.schema.quality.payloads import InspectionPayload
from backend.schema.quality.types import Inspection, Lot

if TYPE_CHECKING:
    from backend.schema.parties.types import User

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]


@strawberry.type
class InspectionPlan(FromRow, Node):
    kind: InspectionKind
    version: int
    sample_size: int
    created_at: datetime
    product_id: strawberry.Private[int]
    created_by_id: strawberry.Private[int]
    characteristics_: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> "InspectionPlan":
        obj = super().from_row(row)
        obj.characteristics_ = obj.__dict__.pop("characteristics")
        return obj

    @strawberry.field
    def characteristics(self) -> list[InspectionCharacteristic]:
        return [InspectionCharacteristic.of(c) for c in self.characteristics_]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def created_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.created_by_id))


@strawberry.type
class InspectionTask(FromRow, Node):
    kind: InspectionKind
    status: InspectionTaskStatus
    created_at: datetime
    lot_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]
    inspection_id: strawberry.Private[int | None]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field(description="The plan version in force when the task was created; null "
                      "without a plan.")
    async def plan(self, info: Info) -> InspectionPlan | None:
        if self.plan_id is None:
            return None
        return InspectionPlan.maybe(
            await info.context.loaders.inspection_plan_by_id.load(self.plan_id)
        )

    @strawberry.field
    async def inspection(self, info: Info) -> Inspection | None:
        if self.inspection_id is None:
            return None
        return Inspection.maybe(
            await info.context.loaders.inspection_by_id.load(self.inspection_id)
        )


@strawberry.input
class InspectionCharacteristicInput:
    code: str
    name: str
    kind: InspectionCharacteristicKind
    unit: str | None = None
    lower_limit: Decimal | None = None
    upper_limit: Decimal | None = None


@strawberry.input
class SetInspectionPlanInput:
    product_id: strawberry.ID
    kind: InspectionKind
    sample_size: int
    characteristics: list[InspectionCharacteristicInput]


@strawberry.type
class InspectionPlanPayload:
    plan: InspectionPlan | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class MeasurementInput:
    code: str
    values: list[Decimal] | None = strawberry.field(
        default=None, description="Exactly sampleSize values for a MEASURED characteristic."
    )
    passed: bool | None = strawberry.field(default=None,
                                           description="For a PASS_FAIL characteristic.")


@strawberry.input
class RecordInspectionResultsInput:
    task_id: strawberry.ID
    measurements: list[MeasurementInput]
    notes: str | None = None


@strawberry.mutation(description="QA_MANAGER: a new version of the product's plan for that "
                     "inspection kind.", extensions=requires("inspection_plan.edit"))
async def set_inspection_plan(info: Info, input: SetInspectionPlanInput) -> InspectionPlanPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        plan = await plans.set_plan(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            kind=input.kind, sample_size=input.sample_size,
            characteristics=[plans.Characteristic(code=c.code, name=c.name, kind=c.kind,
                                                  unit=c.unit, lower_limit=c.lower_limit,
                                                  upper_limit=c.upper_limit)
                             for c in input.characteristics],
        )
        return {"plan": ref("InspectionPlan", plan.id)}

    return payload(InspectionPlanPayload, await run_mutation(
        info.context, action, operation="setInspectionPlan"))


@strawberry.mutation(description="QA_INSPECTOR: completes a pending task; the verdict is "
                     "computed from the plan.", extensions=requires("lot.inspect"))
async def record_inspection_results(info: Info, input: RecordInspectionResultsInput
                                    ) -> InspectionPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        inspection = await plans.record_results(
            session, actor=actor,
            task_id=input_pk(input.task_id, "InspectionTask", ("input", "taskId")),
            measurements=[plans.Measurement(code=m.code, values=m.values, passed=m.passed)
                          for m in input.measurements],
            notes=input.notes,
        )
        return {"inspection": ref("Inspection", inspection.id)}

    return payload(InspectionPayload, await run_mutation(
        info.context, action, operation="recordInspectionResults"))


@strawberry.field(extensions=staff_only())
async def inspection_plan(info: Info, product_id: strawberry.ID, kind: InspectionKind
                          ) -> InspectionPlan | None:
    pk = pk_of(product_id, "Product", argument="productId")
    return InspectionPlan.maybe(await reads.inspection_plan(info.context, pk, kind))


@strawberry.field(extensions=staff_only())
async def inspection_tasks(
    info: Info, first: int | None = None, after: str | None = None,
    status: list[InspectionTaskStatus] | None = None,
) -> Connection[InspectionTask]:
    page = await reads.inspection_tasks(info.context, first, after, status)
    return Connection.of(page, InspectionTask.from_row)
