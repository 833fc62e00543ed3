"""The production fields of Product: its BOM versions."""

from datetime import date

import strawberry

from backend.domain.production.events import today
from backend.resolvers import production as reads
from backend.resolvers.context import Info
from backend.schema.permissions import staff_only
from backend.schema.production.types import BomVersion


@strawberry.type
class ProductProduction:
    """Fields of Product: its BOM versions."""

    @strawberry.field(extensions=staff_only(),
                      description="The APPROVED BOM version in effect on `on` (today when "
                      "omitted); null for bought-in products.")
    async def bom(self, info: Info, on: date | None = None) -> BomVersion | None:
        pk = self.pk  # type: ignore[attr-defined]
        return BomVersion.maybe(await reads.bom_in_effect(info.context, pk, on or today()))

    @strawberry.field(extensions=staff_only(), description="Every version, newest first.")
    async def bom_versions(self, info: Info) -> list[BomVersion]:
        pk = self.pk  # type: ignore[attr-defined]
        return BomVersion.many(await info.context.loaders.bom_versions_by_product_id.load(pk))
