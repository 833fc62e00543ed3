"""Lots and serials, inspections, releases with e-signatures, documents, trace and scan results."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select

from backend.db import models as m
from backend.resolvers import scoping
from backend.schema.enums import (
    DocumentKind,
    InspectionKind,
    InspectionResult,
    LotStatus,
    SerialStatus,
    TraceDirection,
)
from backend.schema.ids import to_global_id
from backend.schema.node import FromRow, Node
from backend.schema.pagination import Connection, SortKey, paginate
from backend.schema.types.catalog import Product, StockBalance, StockMove, Warehouse

if TYPE_CHECKING:
    from backend.schema.types.orders import Shipment
    from backend.schema.types.parties import Customer, Supplier, User

ShipmentT = Annotated["Shipment", strawberry.lazy("backend.schema.types.orders")]
CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.types.parties")]
SupplierT = Annotated["Supplier", strawberry.lazy("backend.schema.types.parties")]
UserT = Annotated["User", strawberry.lazy("backend.schema.types.parties")]


@strawberry.type
class Lot(FromRow, Node):
    lot_number: str
    manufactured_on: date | None
    expires_on: date | None
    status: LotStatus
    product_id: strawberry.Private[int]
    supplier_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field(description="Set for purchased lots.")
    async def supplier(self, info: strawberry.Info) -> SupplierT | None:
        info.context.require_staff()
        if self.supplier_id is None:
            return None
        return await info.context.loaders.supplier_by_id.load(self.supplier_id)

    @strawberry.field
    async def inspections(self, info: strawberry.Info) -> list["Inspection"]:
        info.context.require_staff()
        return await info.context.loaders.inspections_by_lot_id.load(self.pk)

    @strawberry.field
    async def release(self, info: strawberry.Info) -> "Release | None":
        return await info.context.loaders.release_by_lot_id.load(self.pk)

    @strawberry.field
    async def serials(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection["Serial"]:
        serials = m.Serial.__table__
        stmt = select(serials).where(
            serials.c.lot_id == self.pk,
            scoping.serial_visible(info.context.partner_customer_id),
        )
        return await paginate(
            info.context.engine,
            stmt,
            sort=SortKey((serials.c.serial_number, serials.c.id)),
            first=first,
            after=after,
            node=Serial.from_row,
        )

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list["Document"]:
        return await info.context.loaders.documents_by_node.load(("Lot", self.pk))

    @strawberry.field
    async def stock(self, info: strawberry.Info) -> list[StockBalance]:
        info.context.require_staff()
        return await info.context.loaders.stock_by_lot_id.load(self.pk)

    @strawberry.field
    async def moves(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[StockMove]:
        info.context.require_staff()
        moves = m.StockMove.__table__
        return await paginate(
            info.context.engine,
            select(moves).where(moves.c.lot_id == self.pk),
            sort=SortKey((moves.c.occurred_at, moves.c.id)),
            first=first,
            after=after,
            node=StockMove.from_row,
        )

    @strawberry.field
    async def shipments(self, info: strawberry.Info) -> list[ShipmentT]:
        return await info.context.loaders.shipments_by_lot_id.load(self.pk)

    @strawberry.field(description="Component lots consumed to make this lot.")
    async def components(self, info: strawberry.Info) -> list["Lot"]:
        info.context.require_staff()
        return await info.context.loaders.components_by_lot_id.load(self.pk)

    @strawberry.field(description="Lots made from this lot.")
    async def consumed_by(self, info: strawberry.Info) -> list["Lot"]:
        info.context.require_staff()
        return await info.context.loaders.consumed_by_by_lot_id.load(self.pk)


@strawberry.type
class Serial(FromRow, Node):
    serial_number: str
    status: SerialStatus
    product_id: strawberry.Private[int]
    lot_id: strawberry.Private[int]
    warehouse_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.product_by_id.load(self.product_id)

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

    @strawberry.field
    async def warehouse(self, info: strawberry.Info) -> Warehouse | None:
        if self.warehouse_id is None:
            return None
        return await info.context.loaders.warehouse_by_id.load(self.warehouse_id)

    @strawberry.field
    async def shipment(self, info: strawberry.Info) -> ShipmentT | None:
        return await info.context.loaders.shipment_by_serial_id.load(self.pk)

    @strawberry.field(
        description=(
            "GS1 element string in human-readable form: (01)GTIN(17)YYMMDD(10)LOT(21)SERIAL."
        )
    )
    async def udi(self, info: strawberry.Info) -> str:
        from backend.domain.rules.gs1 import udi_string

        loaders = info.context.loaders
        product = await loaders.product_by_id.load(self.product_id)
        # The lot is read unscoped: a partner who may see the serial may see its UDI.
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

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

    @strawberry.field
    async def inspector(self, info: strawberry.Info) -> UserT:
        return await info.context.loaders.user_by_id.load(self.inspector_id)

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list["Document"]:
        return await info.context.loaders.documents_by_node.load(("Inspection", self.pk))


@strawberry.type
class Signature(FromRow):
    meaning: str = strawberry.field(
        description='What the signature means, e.g. "Released for distribution".'
    )
    signed_at: datetime
    signer_id: strawberry.Private[int]

    @strawberry.field
    async def signer(self, info: strawberry.Info) -> UserT:
        return await info.context.loaders.user_by_id.load(self.signer_id)


@strawberry.type
class Release(FromRow, Node):
    lot_id: strawberry.Private[int]
    signature_id: strawberry.Private[int]
    certificate_id: strawberry.Private[int | None]

    @strawberry.field
    async def lot(self, info: strawberry.Info) -> Lot:
        return await info.context.loaders.lot_by_id.load(self.lot_id)

    @strawberry.field
    async def signature(self, info: strawberry.Info) -> Signature:
        return await info.context.loaders.signature_by_id.load(self.signature_id)

    @strawberry.field
    async def certificate(self, info: strawberry.Info) -> "Document | None":
        if self.certificate_id is None:
            return None
        return await info.context.loaders.document_by_id.load(self.certificate_id)


@strawberry.type
class Document(FromRow, Node):
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
    async def uploaded_by(self, info: strawberry.Info) -> UserT | None:
        if self.uploaded_by_id is None:
            return None
        return await info.context.loaders.user_by_id.load(self.uploaded_by_id)

    @strawberry.field(
        description="Relative URL; a GET with the same bearer token returns the bytes."
    )
    def download_url(self) -> str:
        return f"/documents/{to_global_id('Document', self.pk)}/content"


@strawberry.type
class Trace:
    root: Lot
    direction: TraceDirection
    lots: list[Lot]
    serials: list[Serial]
    shipments: list[ShipmentT]
    customers: list[CustomerT]
    suppliers: list[SupplierT]


@strawberry.type
class ScanResult:
    gtin: str
    product: Product | None
    lot_number: str | None
    lot: Lot | None
    serial_number: str | None
    serial: Serial | None
    expires_on: date | None
