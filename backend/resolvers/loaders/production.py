"""Production: work centres, BOM versions and their lines, work orders and their lines,
reservations, issues, bookings and batch records."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.resolvers.loaders.base import LoaderBase

centers_t = m.WorkCenter.__table__
versions_t = m.BomVersion.__table__
components_t = m.BomComponent.__table__
routing_t = m.RoutingOperation.__table__
templates_t = m.BatchStepTemplate.__table__
orders_t = m.WorkOrder.__table__
wo_components_t = m.WorkOrderComponent.__table__
reservations_t = m.WorkOrderReservation.__table__
issues_t = m.WorkOrderIssue.__table__
bookings_t = m.CapacityBooking.__table__
records_t = m.BatchRecord.__table__
steps_t = m.BatchRecordStep.__table__


class ProductionLoaders(LoaderBase):
    @cached_property
    def work_center_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(centers_t), centers_t.c.id)

    @cached_property
    def bom_version_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(versions_t), versions_t.c.id)

    @cached_property
    def bom_versions_by_product_id(self) -> DataLoader[int, list[Any]]:
        v = versions_t
        return self.many(select(v).order_by(v.c.version.desc()), v.c.product_id)

    @cached_property
    def bom_components_by_version_id(self) -> DataLoader[int, list[Any]]:
        c = components_t
        return self.many(select(c).order_by(c.c.line_number), c.c.bom_version_id)

    @cached_property
    def routing_by_version_id(self) -> DataLoader[int, list[Any]]:
        r = routing_t
        return self.many(select(r).order_by(r.c.sequence), r.c.bom_version_id)

    @cached_property
    def step_templates_by_version_id(self) -> DataLoader[int, list[Any]]:
        s = templates_t
        return self.many(select(s).order_by(s.c.sequence), s.c.bom_version_id)

    @cached_property
    def work_order_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(orders_t), orders_t.c.id)

    @cached_property
    def work_order_components_by_id(self) -> DataLoader[int, list[Any]]:
        c = wo_components_t
        return self.many(select(c).order_by(c.c.line_number), c.c.work_order_id)

    @cached_property
    def work_order_reservations_by_id(self) -> DataLoader[int, list[Any]]:
        r, lots = reservations_t, m.Lot.__table__
        stmt = (select(r).join(lots, lots.c.id == r.c.lot_id)
                .order_by(lots.c.expires_on.asc().nulls_last(), r.c.id))
        return self.many(stmt, r.c.work_order_id)

    @cached_property
    def work_order_issues_by_id(self) -> DataLoader[int, list[Any]]:
        i = issues_t
        return self.many(select(i).order_by(i.c.id), i.c.work_order_id)

    @cached_property
    def bookings_by_work_order_id(self) -> DataLoader[int, list[Any]]:
        b = bookings_t
        return self.many(select(b).order_by(b.c.operation_sequence, b.c.start), b.c.work_order_id)

    @cached_property
    def batch_record_by_work_order_id(self) -> DataLoader[int, Any]:
        return self.one(select(records_t), records_t.c.work_order_id)

    @cached_property
    def batch_record_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(records_t), records_t.c.id)

    @cached_property
    def batch_steps_by_record_id(self) -> DataLoader[int, list[Any]]:
        s = steps_t
        return self.many(select(s).order_by(s.c.sequence), s.c.batch_record_id)

    @cached_property
    def output_lots_by_work_order_id(self) -> DataLoader[int, list[Any]]:
        lots, o = m.Lot.__table__, m.WorkOrderOutput.__table__
        stmt = (select(lots, o.c.work_order_id).join(o, o.c.lot_id == lots.c.id)
                .order_by(lots.c.id))
        return self.many(stmt, o.c.work_order_id)

    @cached_property
    def work_order_id_by_lot_id(self) -> DataLoader[int, Any]:
        o = m.WorkOrderOutput.__table__
        return self.one_value(select(o.c.lot_id, o.c.work_order_id), o.c.lot_id, "work_order_id")

    @cached_property
    def component_serials_by_assembly_id(self) -> DataLoader[int, list[Any]]:
        s, link = m.Serial.__table__, m.SerialLink.__table__
        stmt = (select(s, link.c.assembly_serial_id)
                .join(link, link.c.component_serial_id == s.c.id).order_by(s.c.serial_number))
        return self.many(stmt, link.c.assembly_serial_id)

    @cached_property
    def assembly_serial_by_component_id(self) -> DataLoader[int, Any]:
        s, link = m.Serial.__table__, m.SerialLink.__table__
        stmt = select(s, link.c.component_serial_id).join(
            link, link.c.assembly_serial_id == s.c.id)
        return self.one(stmt, link.c.component_serial_id)

    @cached_property
    def batch_deviation_by_id(self) -> DataLoader[int, Any]:
        d = m.BatchDeviation.__table__
        return self.one(select(d), d.c.id)

    @cached_property
    def deviations_by_work_order_id(self) -> DataLoader[int, list[Any]]:
        d = m.BatchDeviation.__table__
        return self.many(select(d).order_by(d.c.id), d.c.work_order_id)
