"""Shipments, their lines and the serials they carried."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain import access
from backend.resolvers.loaders.base import LoaderBase, t


class FulfilmentLoaders(LoaderBase):
    @cached_property
    def shipment_by_id(self) -> DataLoader[int, Any]:
        sh = t["shipments"]
        return self.one(select(sh).where(access.owned_by(self.actor, sh.c.customer_id)), sh.c.id)

    @cached_property
    def shipments_by_order_id(self) -> DataLoader[int, list[Any]]:
        sh = t["shipments"]
        return self.many(select(sh).order_by(sh.c.created_at, sh.c.id), sh.c.order_id)

    @cached_property
    def shipments_by_lot_id(self) -> DataLoader[int, list[Any]]:
        sh, sl = t["shipments"], t["shipment_lines"]
        stmt = (
            select(sh, sl.c.lot_id)
            .ext(distinct_on(sl.c.lot_id, sh.c.created_at, sh.c.id))
            .join(sl, sl.c.shipment_id == sh.c.id)
            .where(access.owned_by(self.actor, sh.c.customer_id))
            .order_by(sl.c.lot_id, sh.c.created_at, sh.c.id)
        )
        return self.many(stmt, sl.c.lot_id)

    @cached_property
    def returns_by_shipment_id(self) -> DataLoader[int, list[Any]]:
        # Seen through a shipment the viewer may see; no scope of its own.
        r = m.CustomerReturn.__table__
        return self.many(select(r).order_by(r.c.created_at, r.c.id), r.c.shipment_id)

    @cached_property
    def shipment_lines_by_shipment_id(self) -> DataLoader[int, list[Any]]:
        sl = t["shipment_lines"]
        return self.many(select(sl).order_by(sl.c.id), sl.c.shipment_id)

    @cached_property
    def serials_by_shipment_line_id(self) -> DataLoader[int, list[Any]]:
        s, sls = t["serials"], t["shipment_line_serials"]
        stmt = (
            select(s, sls.c.shipment_line_id)
            .join(sls, sls.c.serial_id == s.c.id)
            .order_by(s.c.serial_number)
        )
        return self.many(stmt, sls.c.shipment_line_id)

    @cached_property
    def shipment_by_serial_id(self) -> DataLoader[int, Any]:
        """The latest shipment that carried the serial."""
        sh, sl, sls = t["shipments"], t["shipment_lines"], t["shipment_line_serials"]
        stmt = (
            select(sh, sls.c.serial_id)
            .ext(distinct_on(sls.c.serial_id))
            .select_from(sls.join(sl).join(sh))
            .where(access.owned_by(self.actor, sh.c.customer_id))
            .order_by(sls.c.serial_id, sh.c.created_at.desc(), sh.c.id.desc())
        )
        return self.one(stmt, sls.c.serial_id)
