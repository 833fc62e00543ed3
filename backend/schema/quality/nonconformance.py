"""Nonconformances: types, inputs, root fields."""

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk, optional_input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.quality import nonconformance as ncs
from backend.enums import Role
from backend.resolvers import quality_loop as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Warehouse
from backend.schema.common import Connection, UserError, payload
from backend.schema.common_inputs import SignatureInput
from backend.schema.permissions import requires, staff_only
from backend.schema.quality.holds import QualityHold
from backend.schema.quality.loop_enums import (
    NonconformanceDisposition,
    NonconformanceSeverity,
    NonconformanceSource,
    NonconformanceStatus,
)
from backend.schema.quality.types import Inspection, Lot, Serial, Signature

if TYPE_CHECKING:
    from backend.schema.fulfilment.types import CustomerReturn, Shipment
    from backend.schema.parties.types import Customer, Supplier, User
    from backend.schema.quality.capa import Capa

UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]
ReturnT = Annotated["CustomerReturn", strawberry.lazy("backend.schema.fulfilment.types")]
CapaT = Annotated["Capa", strawberry.lazy("backend.schema.quality.capa")]
STAFF = (Role.SALES, Role.SALES_MANAGER, Role.WAREHOUSE, Role.QA_INSPECTOR, Role.QA_MANAGER,
         Role.FINANCE)


@strawberry.type
class NonconformanceNote(FromRow):
    text: str
    created_at: datetime
    author_id: strawberry.Private[int]

    @strawberry.field
    async def author(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.author_id))


async def _maybe(loader: Any, pk: int | None) -> Any:
    return None if pk is None else await loader.load(pk)


@strawberry.type
class Nonconformance(FromRow, Node):
    number: str = strawberry.field(description="NC-YYYY-NNNNNN")
    source: NonconformanceSource
    severity: NonconformanceSeverity
    status: NonconformanceStatus
    title: str
    description: str
    opened_at: datetime
    quantity: int | None = strawberry.field(description="Units concerned, when a quantity was "
                                            "named.")
    root_cause: str | None
    disposition: NonconformanceDisposition | None
    disposition_comment: str | None
    closed_at: datetime | None
    opened_by_id: strawberry.Private[int]
    lot_id: strawberry.Private[int | None]
    warehouse_id: strawberry.Private[int | None]
    shipment_id: strawberry.Private[int | None]
    customer_id: strawberry.Private[int | None]
    supplier_id: strawberry.Private[int | None]
    inspection_id: strawberry.Private[int | None]
    customer_return_id: strawberry.Private[int | None]
    disposition_signature_id: strawberry.Private[int | None]
    closure_signature_id: strawberry.Private[int | None]

    @strawberry.field
    async def opened_by(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.opened_by_id))

    @strawberry.field
    async def lot(self, info: Info) -> Lot | None:
        return Lot.maybe(await _maybe(info.context.loaders.lot_by_id, self.lot_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return Warehouse.maybe(await _maybe(info.context.loaders.warehouse_by_id,
                                            self.warehouse_id))

    @strawberry.field
    async def serials(self, info: Info) -> list[Serial]:
        return Serial.many(await info.context.loaders.serials_by_nonconformance_id.load(self.pk))

    @strawberry.field
    async def shipment(self, info: Info) -> ShipmentT | None:
        return graph("Shipment", await _maybe(info.context.loaders.shipment_by_id,
                                              self.shipment_id))

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT | None:
        return graph("Customer", await _maybe(info.context.loaders.customer_by_id,
                                              self.customer_id))

    @strawberry.field
    async def supplier(self, info: Info) -> SupplierT | None:
        return graph("Supplier", await _maybe(info.context.loaders.supplier_by_id,
                                              self.supplier_id))

    @strawberry.field(description="The failed inspection that opened it.")
    async def inspection(self, info: Info) -> Inspection | None:
        return Inspection.maybe(await _maybe(info.context.loaders.inspection_by_id,
                                             self.inspection_id))

    @strawberry.field
    async def customer_return(self, info: Info) -> ReturnT | None:
        return graph("CustomerReturn", await _maybe(info.context.loaders.customer_return_by_id,
                                                    self.customer_return_id))

    @strawberry.field
    async def holds(self, info: Info) -> list[QualityHold]:
        return QualityHold.many(
            await info.context.loaders.holds_by_nonconformance_id.load(self.pk)
        )

    @strawberry.field
    async def notes(self, info: Info) -> list[NonconformanceNote]:
        return NonconformanceNote.many(
            await info.context.loaders.notes_by_nonconformance_id.load(self.pk)
        )

    @strawberry.field
    async def disposition_signature(self, info: Info) -> Signature | None:
        return Signature.maybe(await _maybe(info.context.loaders.signature_by_id,
                                            self.disposition_signature_id))

    @strawberry.field
    async def closure_signature(self, info: Info) -> Signature | None:
        return Signature.maybe(await _maybe(info.context.loaders.signature_by_id,
                                            self.closure_signature_id))

    @strawberry.field
    async def capas(self, info: Info) -> list[CapaT]:
        return graphs("Capa", await info.context.loaders.capas_by_nonconformance_id.load(self.pk))


@strawberry.input
class OpenNonconformanceInput:
    source: NonconformanceSource
    title: str
    description: str
    severity: NonconformanceSeverity | None = None
    lot_id: strawberry.ID | None = None
    warehouse_id: strawberry.ID | None = None
    quantity: int | None = None
    serial_numbers: list[str] | None = None
    shipment_id: strawberry.ID | None = None
    customer_id: strawberry.ID | None = None
    supplier_id: strawberry.ID | None = None
    hold: bool | None = strawberry.field(
        default=None, description="Hold the named units (or, with a lot only, the whole lot). "
        "Default: true when a lot is named."
    )
    idempotency_key: str | None = None


@strawberry.input
class AddNonconformanceNoteInput:
    nonconformance_id: strawberry.ID
    text: str


@strawberry.input
class DecideNonconformanceInput:
    nonconformance_id: strawberry.ID
    root_cause: str
    disposition: NonconformanceDisposition
    signature: SignatureInput
    comment: str | None = None


@strawberry.input
class CloseNonconformanceInput:
    nonconformance_id: strawberry.ID
    signature: SignatureInput
    comment: str | None = None


@strawberry.type
class NonconformancePayload:
    nonconformance: Nonconformance | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _nc_id(value: strawberry.ID) -> int:
    return input_pk(value, "Nonconformance", ("input", "nonconformanceId"))


@strawberry.mutation(description="Any staff role.", extensions=requires("nonconformance.report"))
async def open_nonconformance(info: Info, input: OpenNonconformanceInput
                              ) -> NonconformancePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        def pk(value: strawberry.ID | None, type_name: str, name: str) -> int | None:
            return optional_input_pk(value, type_name, ("input", name))

        nc = await ncs.open_nonconformance(
            session, actor=actor, source=input.source, title=input.title,
            description=input.description, severity=input.severity,
            lot_id=pk(input.lot_id, "Lot", "lotId"),
            warehouse_id=pk(input.warehouse_id, "Warehouse", "warehouseId"),
            quantity=input.quantity, serial_numbers=input.serial_numbers,
            shipment_id=pk(input.shipment_id, "Shipment", "shipmentId"),
            customer_id=pk(input.customer_id, "Customer", "customerId"),
            supplier_id=pk(input.supplier_id, "Supplier", "supplierId"), hold=input.hold,
        )
        return {"nonconformance": ref("Nonconformance", nc.id)}

    return payload(NonconformancePayload, await run_mutation(
        info.context, action, operation="openNonconformance",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input),
    ))


@strawberry.mutation(extensions=requires("nonconformance.report"))
async def add_nonconformance_note(info: Info, input: AddNonconformanceNoteInput
                                  ) -> NonconformancePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        nc = await ncs.add_note(session, actor=actor,
                                nonconformance_id=_nc_id(input.nonconformance_id),
                                text=input.text)
        return {"nonconformance": ref("Nonconformance", nc.id)}

    return payload(NonconformancePayload, await run_mutation(
        info.context, action, operation="addNonconformanceNote"))


@strawberry.mutation(description="QA_MANAGER, e-signed: root cause and disposition; SCRAP and "
                     "RETURN_TO_SUPPLIER move the held units at once.",
                     extensions=requires("nonconformance.decide"))
async def decide_nonconformance(info: Info, input: DecideNonconformanceInput
                                ) -> NonconformancePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        nc = await ncs.decide(
            session, actor=actor, nonconformance_id=_nc_id(input.nonconformance_id),
            root_cause=input.root_cause, disposition=input.disposition,
            comment=input.comment, password=input.signature.password,
            meaning=input.signature.meaning,
        )
        return {"nonconformance": ref("Nonconformance", nc.id)}

    return payload(NonconformancePayload, await run_mutation(
        info.context, action, operation="decideNonconformance"))


@strawberry.mutation(description="QA_MANAGER, e-signed; releases the remaining holds.",
                     extensions=requires("nonconformance.decide"))
async def close_nonconformance(info: Info, input: CloseNonconformanceInput
                               ) -> NonconformancePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        nc = await ncs.close(
            session, actor=actor, nonconformance_id=_nc_id(input.nonconformance_id),
            comment=input.comment, password=input.signature.password,
            meaning=input.signature.meaning,
        )
        return {"nonconformance": ref("Nonconformance", nc.id)}

    return payload(NonconformancePayload, await run_mutation(
        info.context, action, operation="closeNonconformance"))


@strawberry.field(extensions=staff_only())
async def nonconformances(
    info: Info, first: int | None = None, after: str | None = None,
    status: list[NonconformanceStatus] | None = None,
    source_: Annotated[list[NonconformanceSource] | None,
                       strawberry.argument(name="source")] = None,
    lot_id: strawberry.ID | None = None,
) -> Connection[Nonconformance]:
    # `source` is a parameter name the permission extension keeps for itself.
    lot = None if lot_id is None else pk_of(lot_id, "Lot", argument="lotId")
    page = await reads.nonconformances(info.context, first, after, status, source_, lot)
    return Connection.of(page, Nonconformance.from_row)
