"""Lots and their genealogy, serials, inspections, releases, signatures and documents."""

from collections import defaultdict
from functools import cached_property
from typing import Any

from sqlalchemy import and_, or_, select
from strawberry.dataloader import DataLoader

from backend.domain import access
from backend.resolvers.loaders.base import LoaderBase, SharedLoader, t


class QualityLoaders(LoaderBase):
    @cached_property
    def lot_by_id(self) -> DataLoader[int, Any]:
        lot = t["lots"]
        return self.one(select(lot).where(access.visible_lots(self.actor)), lot.c.id)

    @cached_property
    def components_by_lot_id(self) -> DataLoader[int, list[Any]]:
        lot, lc = t["lots"], t["lot_components"]
        stmt = (
            select(lot, lc.c.lot_id.label("parent_id"))
            .join(lc, lc.c.component_lot_id == lot.c.id)
            .order_by(lot.c.id)
        )
        return self.many(stmt, lc.c.lot_id, key_name="parent_id")

    @cached_property
    def consumed_by_by_lot_id(self) -> DataLoader[int, list[Any]]:
        lot, lc = t["lots"], t["lot_components"]
        stmt = (
            select(lot, lc.c.component_lot_id.label("component_id"))
            .join(lc, lc.c.lot_id == lot.c.id)
            .order_by(lot.c.id)
        )
        return self.many(stmt, lc.c.component_lot_id, key_name="component_id")

    @cached_property
    def serial_by_id(self) -> DataLoader[int, Any]:
        s = t["serials"]
        return self.one(select(s).where(access.visible_serials(self.actor)), s.c.id)

    @cached_property
    def serials_by_allocation_id(self) -> DataLoader[int, list[Any]]:
        s = t["serials"]
        return self.many(select(s).order_by(s.c.serial_number), s.c.allocation_id)

    @cached_property
    def inspections_by_lot_id(self) -> DataLoader[int, list[Any]]:
        i = t["inspections"]
        return self.many(select(i).order_by(i.c.inspected_at, i.c.id), i.c.lot_id)

    @cached_property
    def release_by_lot_id(self) -> DataLoader[int, Any]:
        r = t["releases"]
        return self.one(select(r), r.c.lot_id)

    @cached_property
    def signature_by_id(self) -> DataLoader[int, Any]:
        s = t["signatures"]
        return self.one(select(s), s.c.id)

    @cached_property
    def document_by_id(self) -> DataLoader[int, Any]:
        d = t["documents"]
        return self.one(select(d).where(access.visible_documents(self.actor, d.c.id)), d.c.id)

    @cached_property
    def documents_by_node(self) -> DataLoader[tuple[str, int], list[Any]]:
        """Documents attached to (node type, pk), latest version of each first."""
        d, link = t["documents"], t["document_links"]

        async def load(keys: list[tuple[str, int]]) -> list[list[Any]]:
            by_type: dict[str, list[int]] = defaultdict(list)
            for node_type, pk in keys:
                by_type[node_type].append(pk)
            conditions = [
                and_(link.c.node_type == node_type, link.c.node_id.in_(pks))
                for node_type, pks in by_type.items()
            ]
            stmt = (
                select(d, link.c.node_type, link.c.node_id)
                .join(link, link.c.document_id == d.c.id)
                .where(or_(*conditions), access.visible_documents(self.actor, d.c.id))
                .order_by(d.c.kind, d.c.title, d.c.version.desc(), d.c.id)
            )
            grouped: dict[tuple[str, int], list[Any]] = defaultdict(list)
            for row in await self.rows(stmt):
                grouped[(row.node_type, row.node_id)].append(row)
            return [grouped.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)
