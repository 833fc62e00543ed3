"""Quality holds and the allocation issues they cause: types, inputs, root fields."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.quality import holds
from backend.enums import Role
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Warehouse
from backend.schema.common import Connection, UserError, payload
from backend.schema.common_inputs import SignatureInput
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.loop_enums import (
    AllocationIssueReason,
    QualityHoldScope,
    QualityHoldStatus,
)
from backend.schema.quality.types import Lot, Serial, Signature

if TYPE_CHECKING:
    from backend.schema.orders.types import SalesOrder
    from backend.schema.parties.types import User
    from backend.schema.quality.nonconformance import Nonconformance

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
OrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]
NonconformanceT = Annotated["Nonconformance",
                            strawberry.lazy("backend.schema.quality.nonconformance")]


@strawberry.type
class QualityHold(FromRow, Node):
    number: str = strawberry.field(description="HLD-YYYY-NNNNNN")
    scope: QualityHoldScope
    status: QualityHoldStatus
    quantity: int | None = strawberry.field(description="Units held; null for WHOLE_LOT.")
    reason: str
    placed_at: datetime
    released_at: datetime | None
    lot_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int | None]
    placed_by_id: strawberry.Private[int]
    released_by_id: strawberry.Private[int | None]
    release_signature_id: strawberry.Private[int | None]
    nonconformance_id: strawberry.Private[int | None]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field(description="Null: every warehouse.")
    async def warehouse(self, info: Info) -> Warehouse | None:
        if self.warehouse_id is None:
            return None
        return Warehouse.maybe(await info.context.loaders.warehouse_by_id.load(self.warehouse_id))

    @strawberry.field
    async def serials(self, info: Info) -> list[Serial]:
        return Serial.many(await info.context.loaders.serials_by_hold_id.load(self.pk))

    @strawberry.field
    async def placed_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.placed_by_id))

    @strawberry.field
    async def released_by(self, info: Info) -> UserT | None:
        if self.released_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.released_by_id))

    @strawberry.field
    async def release_signature(self, info: Info) -> Signature | None:
        if self.release_signature_id is None:
            return None
        return Signature.maybe(
            await info.context.loaders.signature_by_id.load(self.release_signature_id)
        )

    @strawberry.field
    async def nonconformance(self, info: Info) -> NonconformanceT | None:
        if self.nonconformance_id is None:
            return None
        return graph("Nonconformance",
                     await info.context.loaders.nonconformance_by_id.load(self.nonconformance_id))

    @strawberry.field(description="Orders whose reservations the hold took away.")
    async def affected_orders(self, info: Info) -> list[OrderT]:
        return graphs("SalesOrder",
                      await info.context.loaders.affected_orders_by_hold_id.load(self.pk))


@strawberry.type(description="A reservation taken away from an order, and how much of it was "
                 "re-reserved at once.")
class AllocationIssue(FromRow):
    reason: AllocationIssueReason
    quantity: int
    reallocated_quantity: int
    occurred_at: datetime
    message: str
    lot_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse:
        return Warehouse.required(
            await info.context.loaders.warehouse_by_id.load(self.warehouse_id)
        )


@strawberry.input
class PlaceQualityHoldInput:
    lot_id: strawberry.ID
    reason: str
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="Hold only the stock in this warehouse; required with quantity."
    )
    quantity: int | None = strawberry.field(
        default=None, description="Hold this many units; omit, with no serials, to hold the "
        "whole lot."
    )
    serial_numbers: list[str] | None = strawberry.field(
        default=None, description="Hold these serials only."
    )
    nonconformance_id: strawberry.ID | None = None
    idempotency_key: str | None = None


@strawberry.input
class ReleaseQualityHoldInput:
    hold_id: strawberry.ID
    signature: SignatureInput
    comment: str | None = None


@strawberry.type
class QualityHoldPayload:
    hold: QualityHold | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


HOLDERS = (Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER)


def _request(input: Any) -> dict[str, Any]:
    import dataclasses

    return dataclasses.asdict(input)


@strawberry.mutation(description="WAREHOUSE, QA_INSPECTOR or QA_MANAGER.",
                     extensions=requires("hold.place"))
async def place_quality_hold(info: Info, input: PlaceQualityHoldInput) -> QualityHoldPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        hold = await holds.place_hold(
            session, actor=actor, lot_id=input_pk(input.lot_id, "Lot", ("input", "lotId")),
            warehouse_id=optional_input_pk(input.warehouse_id, "Warehouse",
                                           ("input", "warehouseId")),
            quantity=input.quantity, serial_numbers=input.serial_numbers, reason=input.reason,
            nonconformance_id=optional_input_pk(input.nonconformance_id, "Nonconformance",
                                                ("input", "nonconformanceId")),
        )
        return {"hold": ref("QualityHold", hold.id)}

    return payload(QualityHoldPayload, await run_mutation(
        info.context, action, operation="placeQualityHold",
        idempotency_key=input.idempotency_key, request=_request(input),
    ))


@strawberry.mutation(description="QA_MANAGER, e-signed; NONCONFORMANCE_OPEN while its "
                     "nonconformance is not closed.", extensions=requires("hold.release"))
async def release_quality_hold(info: Info, input: ReleaseQualityHoldInput) -> QualityHoldPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        hold = await holds.release_hold(
            session, actor=actor,
            hold_id=input_pk(input.hold_id, "QualityHold", ("input", "holdId")),
            password=input.signature.password, meaning=input.signature.meaning,
            comment=input.comment,
        )
        return {"hold": ref("QualityHold", hold.id)}

    return payload(QualityHoldPayload, await run_mutation(
        info.context, action, operation="releaseQualityHold",
    ))


@strawberry.field(extensions=staff_only())
async def quality_holds(
    info: Info, first: int | None = None, after: str | None = None,
    status: list[QualityHoldStatus] | None = None, lot_id: strawberry.ID | None = None,
) -> Connection[QualityHold]:
    lot = None if lot_id is None else pk_of(lot_id, "Lot", argument="lotId")
    page = await reads.quality_holds(info.context, first, after, status, lot)
    return Connection.of(page, QualityHold.from_row)
