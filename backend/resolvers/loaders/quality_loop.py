"""Holds, nonconformances, CAPAs, allocation issues, tasks, plans, samples, alerts and the
stock split by quality status (all staff-only records)."""

from functools import cached_property
from typing import Any

from sqlalchemy import case, func, select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain import access
from backend.enums import LotStatus, QualityHoldStatus
from backend.resolvers.loaders.base import LoaderBase, t


def _t(model: Any) -> Any:
    return model.__table__


holds = _t(m.QualityHold)
hold_serials = _t(m.QualityHoldSerial)
issues = _t(m.AllocationIssue)
ncs = _t(m.Nonconformance)
nc_notes = _t(m.NonconformanceNote)
nc_serials = _t(m.NonconformanceSerial)
capas = _t(m.Capa)
capa_ncs = _t(m.CapaNonconformance)
capa_actions = _t(m.CapaAction)
capa_checks = _t(m.CapaEffectivenessCheck)
tasks = _t(m.InspectionTask)
plans = _t(m.InspectionPlan)
samples = _t(m.RetainedSample)
sample_pulls = _t(m.RetainedSamplePull)
sample_serials = _t(m.RetainedSampleSerial)
alerts = _t(m.ExpiryAlert)
supplier_notices = _t(m.RecallSupplierNotice)
returns = _t(m.CustomerReturn)


class QualityLoopLoaders(LoaderBase):
    @cached_property
    def holds_by_lot_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(holds).order_by(holds.c.id.desc()), holds.c.lot_id)

    @cached_property
    def holds_by_nonconformance_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(holds).order_by(holds.c.id), holds.c.nonconformance_id)

    @cached_property
    def holds_by_return_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(holds).order_by(holds.c.id), holds.c.customer_return_id)

    @cached_property
    def serials_by_hold_id(self) -> DataLoader[int, list[Any]]:
        s = t["serials"]
        stmt = (select(s, hold_serials.c.hold_id).join(hold_serials,
                                                       hold_serials.c.serial_id == s.c.id)
                .order_by(s.c.serial_number))
        return self.many(stmt, hold_serials.c.hold_id)

    @cached_property
    def affected_orders_by_hold_id(self) -> DataLoader[int, list[Any]]:
        o = t["sales_orders"]
        inner = select(issues.c.order_id, issues.c.hold_id).distinct().subquery()
        stmt = (select(o, inner.c.hold_id).join(inner, inner.c.order_id == o.c.id)
                .where(access.owned_by(self.actor, o.c.customer_id)).order_by(o.c.id))
        return self.many(stmt, inner.c.hold_id)

    @cached_property
    def allocation_issues_by_order_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(issues).order_by(issues.c.occurred_at.desc(), issues.c.id.desc())
        return self.many(stmt, issues.c.order_id)

    @cached_property
    def nonconformance_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(ncs), ncs.c.id)

    @cached_property
    def nonconformances_by_lot_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(ncs).order_by(ncs.c.id.desc()), ncs.c.lot_id)

    @cached_property
    def nonconformance_by_return_id(self) -> DataLoader[int, Any]:
        return self.one(select(ncs).order_by(ncs.c.id), ncs.c.customer_return_id)

    @cached_property
    def notes_by_nonconformance_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(nc_notes).order_by(nc_notes.c.created_at, nc_notes.c.id)
        return self.many(stmt, nc_notes.c.nonconformance_id)

    @cached_property
    def serials_by_nonconformance_id(self) -> DataLoader[int, list[Any]]:
        s = t["serials"]
        stmt = (select(s, nc_serials.c.nonconformance_id)
                .join(nc_serials, nc_serials.c.serial_id == s.c.id).order_by(s.c.serial_number))
        return self.many(stmt, nc_serials.c.nonconformance_id)

    @cached_property
    def capas_by_nonconformance_id(self) -> DataLoader[int, list[Any]]:
        stmt = (select(capas, capa_ncs.c.nonconformance_id)
                .join(capa_ncs, capa_ncs.c.capa_id == capas.c.id).order_by(capas.c.id))
        return self.many(stmt, capa_ncs.c.nonconformance_id)

    @cached_property
    def nonconformances_by_capa_id(self) -> DataLoader[int, list[Any]]:
        stmt = (select(ncs, capa_ncs.c.capa_id)
                .join(capa_ncs, capa_ncs.c.nonconformance_id == ncs.c.id).order_by(ncs.c.id))
        return self.many(stmt, capa_ncs.c.capa_id)

    @cached_property
    def actions_by_capa_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(capa_actions).order_by(capa_actions.c.id)
        return self.many(stmt, capa_actions.c.capa_id)

    @cached_property
    def checks_by_capa_id(self) -> DataLoader[int, list[Any]]:
        """Newest first."""
        stmt = select(capa_checks).order_by(capa_checks.c.checked_at.desc(),
                                            capa_checks.c.id.desc())
        return self.many(stmt, capa_checks.c.capa_id)

    @cached_property
    def inspection_plan_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(plans), plans.c.id)

    @cached_property
    def inspection_by_id(self) -> DataLoader[int, Any]:
        i = t["inspections"]
        return self.one(select(i), i.c.id)

    @cached_property
    def customer_return_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(returns).where(access.owned_by(self.actor, returns.c.customer_id)),
                        returns.c.id)

    @cached_property
    def tasks_by_lot_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(tasks).order_by(tasks.c.id.desc()), tasks.c.lot_id)

    @cached_property
    def samples_by_lot_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(samples).order_by(samples.c.id.desc()), samples.c.lot_id)

    @cached_property
    def pulls_by_sample_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(sample_pulls).order_by(sample_pulls.c.pulled_at, sample_pulls.c.id)
        return self.many(stmt, sample_pulls.c.sample_id)

    @cached_property
    def serials_by_sample_id(self) -> DataLoader[int, list[Any]]:
        s = t["serials"]
        stmt = (select(s, sample_serials.c.sample_id)
                .join(sample_serials, sample_serials.c.serial_id == s.c.id)
                .order_by(s.c.serial_number))
        return self.many(stmt, sample_serials.c.sample_id)

    @cached_property
    def expiry_alert_by_lot_id(self) -> DataLoader[int, Any]:
        return self.one(select(alerts), alerts.c.lot_id)

    @cached_property
    def supplier_notices_by_recall_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(supplier_notices).order_by(supplier_notices.c.id)
        return self.many(stmt, supplier_notices.c.recall_id)

    @cached_property
    def stock_totals_by_product_id(self) -> DataLoader[int, list[Any]]:
        """Per product and warehouse: on hand split by quality status (see StockStatusTotals)."""
        b, lot = t["stock_balances"], t["lots"]
        expired = (lot.c.status == LotStatus.EXPIRED) | (
            lot.c.expires_on.is_not(None) & (lot.c.expires_on < func.current_date())
            & lot.c.status.not_in((LotStatus.RECALLED, LotStatus.REJECTED))
        )
        live = ~expired

        def units(condition: Any, value: Any = b.c.on_hand) -> Any:
            return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

        released = (lot.c.status == LotStatus.RELEASED) & live
        stmt = (
            select(
                b.c.product_id, b.c.warehouse_id,
                func.coalesce(func.sum(b.c.on_hand), 0).label("on_hand"),
                units(released, b.c.on_hand - b.c.held).label("released"),
                units(released, b.c.reserved).label("reserved"),
                units((lot.c.status == LotStatus.QUARANTINE) & live).label("quarantine"),
                (units((lot.c.status == LotStatus.ON_HOLD) & live)
                 + units(released, b.c.held)).label("on_hold"),
                units(lot.c.status == LotStatus.RECALLED).label("recalled"),
                units(lot.c.status == LotStatus.REJECTED).label("rejected"),
                units(expired).label("expired"),
            )
            .select_from(b.join(lot, lot.c.id == b.c.lot_id))
            .group_by(b.c.product_id, b.c.warehouse_id)
        )
        return self.many(stmt, b.c.product_id)

    @cached_property
    def active_hold_count_by_lot_id(self) -> DataLoader[int, Any]:
        stmt = (select(holds.c.lot_id, func.count().label("n"))
                .where(holds.c.status == QualityHoldStatus.ACTIVE).group_by(holds.c.lot_id))
        return self.one_value(stmt, holds.c.lot_id, "n")
