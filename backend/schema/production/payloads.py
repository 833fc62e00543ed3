"""Payloads of production's mutations."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.schema.common import UserError
from backend.schema.production.batch_types import BatchDeviation, BatchRecord
from backend.schema.production.orders import WorkOrder
from backend.schema.production.types import BomVersion, WorkCenter

if TYPE_CHECKING:
    from backend.schema.quality.types import Lot

LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type
class WorkCenterPayload:
    work_center: WorkCenter | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BomVersionPayload:
    bom_version: BomVersion | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WorkOrderPayload:
    work_order: WorkOrder | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WorkOrderOutputPayload:
    work_order: WorkOrder | None = None
    lot: LotT | None = strawberry.field(default=None, description="The lot made, in QUARANTINE.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BatchRecordPayload:
    batch_record: BatchRecord | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BatchDeviationPayload:
    deviation: BatchDeviation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
