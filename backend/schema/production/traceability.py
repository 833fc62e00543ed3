"""The production fields of Lot, Serial and Trace: the work order that made a lot, and
which component serials were built into which assembly serial."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.resolvers.context import Info
from backend.schema.base import graph
from backend.schema.permissions import staff_only

if TYPE_CHECKING:
    from backend.schema.production.orders import WorkOrder
    from backend.schema.quality.types import Serial

WorkOrderT = Annotated["WorkOrder", strawberry.lazy("backend.schema.production.orders")]
SerialT = Annotated["Serial", strawberry.lazy("backend.schema.quality.types")]


@strawberry.type(description="One component serial built into one assembly serial.")
class SerialLink:
    assembly: SerialT
    component: SerialT


@strawberry.type
class LotProduction:
    @strawberry.field(extensions=staff_only(),
                      description="The work order that made this lot (staff only).")
    async def work_order(self, info: Info) -> WorkOrderT | None:
        pk = self.pk  # type: ignore[attr-defined]
        work_order_id = await info.context.loaders.work_order_id_by_lot_id.load(pk)
        if work_order_id is None:
            return None
        return graph("WorkOrder", await info.context.loaders.work_order_by_id.load(work_order_id))


@strawberry.type
class SerialProduction:
    @strawberry.field(extensions=staff_only(),
                      description="Component serials built into this unit, for serialised "
                      "assemblies.")
    async def components(self, info: Info) -> list[SerialT]:
        pk = self.pk  # type: ignore[attr-defined]
        rows = await info.context.loaders.component_serials_by_assembly_id.load(pk)
        return [graph("Serial", r) for r in rows]

    @strawberry.field(extensions=staff_only(),
                      description="The assembly this unit was built into.")
    async def assembly(self, info: Info) -> SerialT | None:
        pk = self.pk  # type: ignore[attr-defined]
        return graph("Serial",
                     await info.context.loaders.assembly_serial_by_component_id.load(pk))


@strawberry.type
class TraceProduction:
    @strawberry.field(extensions=staff_only(),
                      description="Component serial -> assembly serial links among the "
                      "trace's serials, in both directions.")
    async def serial_links(self, info: Info) -> list[SerialLink]:
        serials = vars(self)["serials"]  # Trace's own field
        by_pk = {s.pk: s for s in serials}
        loaders = info.context.loaders
        links: dict[tuple[int, int], SerialLink] = {}
        for pk, serial in by_pk.items():
            for component in await loaders.component_serials_by_assembly_id.load(pk):
                if component.id in by_pk:
                    links[(pk, component.id)] = SerialLink(assembly=serial,
                                                           component=by_pk[component.id])
            assembly = await loaders.assembly_serial_by_component_id.load(pk)
            if assembly is not None and assembly.id in by_pk:
                links[(assembly.id, pk)] = SerialLink(assembly=by_pk[assembly.id],
                                                      component=serial)
        return list(links.values())
