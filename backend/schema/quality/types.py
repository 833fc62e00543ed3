"""Lots and serials, inspections, releases with e-signatures, documents and trace."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.ids import to_global_id
from backend.domain.rules.gs1 import udi_string
from backend.resolvers import quality as reads
from backend.resolvers.context import Info
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.catalog.types import Product, StockBalance, StockMove, Warehouse
from backend.schema.common import Connection
from backend.schema.customfields.types import LotCustomFields
from backend.schema.enums import (
    DocumentKind,
    InspectionKind,
    InspectionResult,
    LotStatus,
    SerialStatus,
    TraceDirection,
)
from backend.schema.permissions import staff_only
from backend.schema.production.traceability import (
    LotProduction,
    SerialProduction,
    TraceProduction,
)
from backend.schema.purchasing.cost_fields import LotCost
from backend.schema.purchasing.stock_fields import LotPurchasing
from backend.schema.quality.measurements import InspectionMeasurement, measurements_of
from backend.schema.quality.waiting_fields import LotWaiting
from backend.schema.standards.signing import DocumentSigned

if TYPE_CHECKING:
    from backend.schema.fulfilment.types import Shipment
    from backend.schema.parties.types import Customer, Supplier, User
    from backend.schema.quality.holds import QualityHold
    from backend.schema.quality.nonconformance import Nonconformance
    from backend.schema.quality.plans import InspectionPlan, InspectionTask
    from backend.schema.quality.samples import ExpiryAlert, RetainedSample

ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.fulfilment.types")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.parties.types")]
UserT = Annotated["User", strawberry.lazy("backend.schema.parties.types")]
HoldT = Annotated["QualityHold", strawberry.lazy("backend.schema.quality.holds")]
NonconformanceT = Annotated["Nonconformance",
                            strawberry.lazy("backend.schema.quality.nonconformance")]
TaskT = Annotated["InspectionTask", strawberry.lazy("backend.schema.quality.plans")]
PlanT = Annotated["InspectionPlan", strawberry.lazy("backend.schema.quality.plans")]
SampleT = Annotated["RetainedSample", strawberry.lazy("backend.schema.quality.samples")]
AlertT = Annotated["ExpiryAlert", strawberry.lazy("backend.schema.quality.samples")]


@strawberry.type
class Lot(LotCost, LotPurchasing, LotProduction, LotCustomFields, LotWaiting, FromRow, Node):
    lot_number: str
    manufactured_on: date | None
    expires_on: date | None
    status: LotStatus
    product_id: strawberry.Private[int]
    supplier_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field(description="Set for purchased lots.", extensions=staff_only())
    async def supplier(self, info: Info) -> SupplierT | None:
        if self.supplier_id is None:
            return None
        return graph("Supplier", await info.context.loaders.supplier_by_id.load(self.supplier_id))

    @strawberry.field(extensions=staff_only())
    async def inspections(self, info: Info) -> list["Inspection"]:
        return Inspection.many(await info.context.loaders.inspections_by_lot_id.load(self.pk))

    @strawberry.field
    async def release(self, info: Info) -> "Release | None":
        return Release.maybe(await info.context.loaders.release_by_lot_id.load(self.pk))

    @strawberry.field
    async def serials(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection["Serial"]:
        page = await reads.lot_serials(info.context, self.pk, first, after)
        return Connection.of(page, Serial.from_row)

    @strawberry.field
    async def documents(self, info: Info) -> list["Document"]:
        return Document.many(await info.context.loaders.documents_by_node.load(("Lot", self.pk)))

    @strawberry.field(extensions=staff_only())
    async def stock(self, info: Info) -> list[StockBalance]:
        return StockBalance.many(await info.context.loaders.stock_by_lot_id.load(self.pk))

    @strawberry.field(extensions=staff_only())
    async def moves(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[StockMove]:
        page = await reads.lot_moves(info.context, self.pk, first, after)
        return Connection.of(page, StockMove.from_row)

    @strawberry.field
    async def shipments(self, info: Info) -> list[ShipmentT]:
        return graphs("Shipment", await info.context.loaders.shipments_by_lot_id.load(self.pk))

    @strawberry.field(description="Component lots consumed to make this lot.",
                      extensions=staff_only())
    async def components(self, info: Info) -> list["Lot"]:
        return Lot.many(await info.context.loaders.components_by_lot_id.load(self.pk))

    @strawberry.field(description="Lots made from this lot.", extensions=staff_only())
    async def consumed_by(self, info: Info) -> list["Lot"]:
        return Lot.many(await info.context.loaders.consumed_by_by_lot_id.load(self.pk))

    # quality loop
    @strawberry.field(description="Staff only.", extensions=staff_only())
    async def holds(self, info: Info) -> list[HoldT]:
        return graphs("QualityHold", await info.context.loaders.holds_by_lot_id.load(self.pk))

    @strawberry.field(description="Staff only.", extensions=staff_only())
    async def nonconformances(self, info: Info) -> list[NonconformanceT]:
        return graphs("Nonconformance",
                      await info.context.loaders.nonconformances_by_lot_id.load(self.pk))

    @strawberry.field(description="Staff only.", extensions=staff_only())
    async def inspection_tasks(self, info: Info) -> list[TaskT]:
        return graphs("InspectionTask", await info.context.loaders.tasks_by_lot_id.load(self.pk))

    @strawberry.field(description="Staff only.", extensions=staff_only())
    async def retained_samples(self, info: Info) -> list[SampleT]:
        return graphs("RetainedSample",
                      await info.context.loaders.samples_by_lot_id.load(self.pk))

    @strawberry.field(description="Staff only: the alert raised for this lot, if any.",
                      extensions=staff_only())
    async def expiry_alert(self, info: Info) -> AlertT | None:
        return graph("ExpiryAlert", await info.context.loaders.expiry_alert_by_lot_id.load(self.pk))


@strawberry.type
class Serial(SerialProduction, FromRow, Node):
    serial_number: str
    status: SerialStatus
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: Info) -> Product:
        return Product.required(await info.context.loaders.product_by_id.load(self.product_id))

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        if self.warehouse_id is None:
            return None
        return Warehouse.maybe(await info.context.loaders.warehouse_by_id.load(self.warehouse_id))

    @strawberry.field
    async def shipment(self, info: Info) -> ShipmentT | None:
        return graph("Shipment", await info.context.loaders.shipment_by_serial_id.load(self.pk))

    @strawberry.field(
        description=(
            "GS1 element string in human-readable form: (01)GTIN(17)YYMMDD(10)LOT(21)SERIAL."
        )
    )
    async def udi(self, info: Info) -> str:
        loaders = info.context.loaders
        product = await loaders.product_by_id.load(self.product_id)
        lot = await loaders.lot_by_id.load(self.lot_id)
        return udi_string(
            gtin=product.gtin,
            expires_on=lot.expires_on if lot else None,
            lot_number=lot.lot_number if lot else None,
            serial_number=self.serial_number,
        )


@strawberry.type
class Inspection(FromRow, Node):
    kind: InspectionKind
    result: InspectionResult
    sample_size: int
    defects_found: int
    notes: str | None
    inspected_at: datetime
    lot_id: strawberry.Private[int]
    inspector_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]
    measurements_: strawberry.Private[list[dict] | None]

    @classmethod
    def from_row(cls, row: Any) -> "Inspection":
        obj = super().from_row(row)
        obj.measurements_ = obj.__dict__.pop("measurements", None)
        return obj

    @strawberry.field
    async def plan(self, info: Info) -> PlanT | None:
        if self.plan_id is None:
            return None
        return graph("InspectionPlan",
                     await info.context.loaders.inspection_plan_by_id.load(self.plan_id))

    @strawberry.field
    async def measurements(self, info: Info) -> list[InspectionMeasurement]:
        return await measurements_of(info, self.plan_id, self.measurements_)

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def inspector(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.inspector_id))

    @strawberry.field
    async def documents(self, info: Info) -> list["Document"]:
        return Document.many(
            await info.context.loaders.documents_by_node.load(("Inspection", self.pk))
        )


@strawberry.type
class Signature(FromRow):
    meaning: str = strawberry.field(
        description='What the signature means, e.g. "Released for distribution".'
    )
    signed_at: datetime
    signer_id: strawberry.Private[int]

    @strawberry.field
    async def signer(self, info: Info) -> UserT:
        return graph("User", await info.context.loaders.user_by_id.load(self.signer_id))

    @strawberry.field(description="sha256 (hex) of the record the signature covers; printed on "
                                  "the certificate it produced.")
    def record_sha256(self) -> str:
        return str(self.__dict__["record_hash"])


@strawberry.type
class Release(FromRow, Node):
    lot_id: strawberry.Private[int]
    signature_id: strawberry.Private[int]
    certificate_id: strawberry.Private[int | None]

    @strawberry.field
    async def lot(self, info: Info) -> Lot:
        return Lot.required(await info.context.loaders.lot_by_id.load(self.lot_id))

    @strawberry.field
    async def signature(self, info: Info) -> Signature:
        return Signature.required(
            await info.context.loaders.signature_by_id.load(self.signature_id)
        )

    @strawberry.field
    async def certificate(self, info: Info) -> "Document | None":
        if self.certificate_id is None:
            return None
        return Document.maybe(await info.context.loaders.document_by_id.load(self.certificate_id))


@strawberry.type
class Document(DocumentSigned, FromRow, Node):
    kind: DocumentKind
    title: str
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    version: int
    uploaded_at: datetime
    uploaded_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def uploaded_by(self, info: Info) -> UserT | None:
        if self.uploaded_by_id is None:
            return None
        return graph("User", await info.context.loaders.user_by_id.load(self.uploaded_by_id))

    @strawberry.field(
        description="Relative URL; a GET with the same bearer token returns the bytes."
    )
    def download_url(self) -> str:
        return f"/documents/{to_global_id('Document', self.pk)}/content"


@strawberry.type
class Trace(TraceProduction):
    root: Lot
    direction: TraceDirection
    lots: list[Lot]
    serials: list[Serial]
    shipments: list[ShipmentT]
    customers: list[CustomerT]
    suppliers: list[SupplierT]

    @classmethod
    def of(cls, rows: reads.TraceRows) -> "Trace":
        return cls(
            root=Lot.from_row(rows.root), direction=rows.direction, lots=Lot.many(rows.lots),
            serials=Serial.many(rows.serials), shipments=graphs("Shipment", rows.shipments),
            customers=graphs("Customer", rows.customers),
            suppliers=graphs("Supplier", rows.suppliers),
        )
