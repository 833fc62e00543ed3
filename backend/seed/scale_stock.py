"""The stock side of the scale data set: lots, quality and the ledger's event simulation
(shipping and allocating are `backend.seed.scale_fulfil`).

A mixin of the generator in `backend.seed.scale_gen`, which provides the reference data,
the orders and their shipping plans (`self.plans`, `self.demand`), `self.d` (the rows),
`self.rng`, `self.now` and `self.start` (seconds since the epoch), `self.signature`, and
the fulfilment mixin's `on_ship` (all declared in `backend.seed.scale_state`).

Events run in time order from a heap, so the ledger tells one consistent story: lots are
received (or produced from component lots) into quarantine, inspected, released by a QA
manager who is not the inspector, spread from the hub to the regional warehouses, and
shipped FEFO from the warehouse nearest each customer; a shipment short of stock pulls a
transfer from the next nearest warehouse. Every running balance stays at or above zero,
and serial-tracked units move one row per serial.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from backend.enums import (
    InspectionKind,
    InspectionResult,
    LotStatus,
    SerialStatus,
    StockMoveKind,
)
from backend.seed.scale_catalog import BOM, PRODUCTS, SUPPLIERS
from backend.seed.scale_parts import share_out, split
from backend.seed.scale_state import ScaleState

DAY = 86400.0
HOUR = 3600.0

PRODUCED_LOT_SHARE = 0.10
COMPONENT_LOT_COVERS = (2.0, 3.5)  # a component purchase covers this many production runs
# Sterile barrier pouches (in most bills of materials) are bought in bulk: a recall of one lot
BULK_COMPONENT_COVERS = {33: (9.0, 12.0)}  # reaches the devices of many runs (500+ shipments)
HUB_RECEIPT_SHARE = 0.6
# One lot shipped this many times at least (EPCIS queries of a widely shipped lot).
WIDE_LOT_SHIPMENTS = 750
DISTRIBUTE_SHARE = 0.85  # of a hub lot, spread to the regional warehouses after release
ADJUSTMENTS_PER_LOT = 0.5

# Event kinds, in the order they run when they share a timestamp.
EV_RECEIPT, EV_PRODUCE, EV_INSPECT, EV_RELEASE, EV_TRANSFER, EV_ADJUST, EV_SHIP = range(7)


class StockSimulation(ScaleState):
    """Lot planning, the event simulation and today's allocations (see the module doc)."""

    def push(self, ts: float, kind: int, *args: Any) -> None:
        self.seq += 1
        heapq.heappush(self.events, (ts, kind, self.seq, args))

    # --------------------------------------------------------------------- lots

    def plan_lots(self) -> None:
        """Lot counts and sizes per product, calibrated to the demand, and their timeline."""
        rng = self.rng
        n_prod = max(len(BOM), round(self.n_lots * PRODUCED_LOT_SHARE))
        # Component lots are bought when production needs them (see on_produce).
        mean_bom = sum(len(b) for b in BOM.values()) / len(BOM)
        n_comp = round(n_prod * mean_bom / (sum(COMPONENT_LOT_COVERS) / 2))
        bought = [i for i, s in enumerate(PRODUCTS) if s.sellable and i not in BOM]
        n_buy = max(len(bought), self.n_lots - n_prod - n_comp)
        units: defaultdict[int, int] = defaultdict(int)
        for (p, _), q in self.demand.items():
            units[p] += q
        # Serial units to make or buy, shared by demand; lots of LOT products 1.6x demand.
        serial_demand = sum(units[p] for p in units if self.is_serial[p]) or 1
        supply = {}
        for i, s in enumerate(PRODUCTS):
            if not s.sellable:
                continue
            if self.is_serial[i]:
                supply[i] = max(4, round(self.n_serials * units[i] / serial_demand))
            else:
                supply[i] = max(s.base_qty * 20, math.ceil(units[i] * 1.6))
        lot_count = {}
        lot_count.update(share_out(n_prod, {p: self.demand_lines[p] + 1 for p in BOM}))
        lot_count.update(share_out(n_buy, {p: self.demand_lines[p] + 1 for p in bought}))
        self.lot_plan: list[tuple[int, int, float]] = []  # product, quantity, time
        # The most ordered lot-tracked bought product's first lot is a bulk buy received at
        # the hub: about WIDE_LOT_SHIPMENTS order lines' worth, shipped FEFO everywhere first.
        lot_tracked = [p for p in bought if not self.is_serial[p]]
        self.wide_lot_product = max(lot_tracked, key=lambda p: (self.demand_lines[p], -p))
        for p, n in lot_count.items():
            if n == 0:
                continue
            sizes = split(rng, supply[p], n)
            times = sorted(rng.uniform(self.start, self.now - 0.2 * DAY) for _ in range(n))
            times[0] = self.start + rng.uniform(0, 5) * DAY
            if p in BOM:  # production starts once components had time to arrive
                times = [max(t, self.start + 20 * DAY) for t in times]
            if p == self.wide_lot_product:
                share = min(1.0, WIDE_LOT_SHIPMENTS / max(1, self.demand_lines[p]))
                sizes[0] = max(sizes[0], math.ceil(units[p] * share))
            for q, t in zip(sizes, times, strict=True):
                if q > 0:
                    self.lot_plan.append((p, q, t))
        self.lot_plan.sort(key=lambda x: x[2])

    def new_lot(self, p: int, t: float, supplier: int | None) -> int:
        """A lot row (status filled in by the simulation)."""
        rng = self.rng
        made = self.ts_date(t) - timedelta(days=rng.randint(5, 60) if supplier is not None else 0)
        shelf = PRODUCTS[p].shelf_life_days
        expires = made + timedelta(days=shelf) if shelf else None
        lot = len(self.d.lots)
        ym = made.strftime("%y%m")
        # product, lot number, supplier, manufactured, expires, status, created
        self.d.lots.append([p, f"SC{ym}-{lot + 1:06d}", supplier, made, expires,
                            LotStatus.QUARANTINE.value, t])
        self.lot_exp.append(expires.toordinal() if expires else 10**7)
        self.lot_released.append(False)
        self.lot_serials.append(None)
        return lot

    def schedule_quality(self, lot: int, t: float, produced: bool) -> None:
        """Inspection and release (or rejection, hold) after arrival, if there was time."""
        rng = self.rng
        age = self.now - t
        if age < 2 * DAY:
            return  # still waiting for inspection
        t_insp = t + rng.uniform(0.3, min(1.5, age / DAY - 0.5)) * DAY
        if age < 4 * DAY:
            self.push(t_insp, EV_INSPECT, lot, produced, "PENDING")
            return
        r = rng.random()
        fate = "REJECTED" if r < 0.02 else "ON_HOLD" if r < 0.03 else "RELEASED"
        self.push(t_insp, EV_INSPECT, lot, produced, fate)
        if fate == "RELEASED":
            self.push(t_insp + rng.uniform(0.05, 1.0) * DAY, EV_RELEASE, lot)

    # --------------------------------------------------------------- simulation

    def simulate(self) -> None:
        rng = self.rng
        self.on_hand = defaultdict(int)
        self.lot_wh: dict[int, set[int]] = defaultdict(set)  # lot -> warehouses with stock
        self.avail = defaultdict(list)
        self.serial_at = {}
        self.lot_exp: list[int] = []
        self.lot_released: list[bool] = []
        self.lot_serials: list[list[int] | None] = []
        self.adjustable: list[tuple[int, int]] = []  # (warehouse, lot) of LOT products
        self.adjustable_pos: dict[tuple[int, int], int] = {}
        self.share = self.warehouse_shares()
        wide_lot_planned = False
        for p, q, t in self.lot_plan:
            if p in BOM:
                self.push(t, EV_PRODUCE, p, q)
            elif p == self.wide_lot_product and not wide_lot_planned:
                wide_lot_planned = True
                self.push(t, EV_RECEIPT, p, q, 0)  # at the hub, spread from there on release
            else:
                self.push(t, EV_RECEIPT, p, q)
        n_adjust = round(self.n_lots * ADJUSTMENTS_PER_LOT)
        for _ in range(n_adjust):
            self.push(rng.uniform(self.start + 20 * DAY, self.now - HOUR), EV_ADJUST)
        handlers: dict[int, Callable[..., object]] = {
            EV_RECEIPT: self.on_receipt,
            EV_PRODUCE: self.on_produce,
            EV_INSPECT: self.on_inspect,
            EV_RELEASE: self.on_release,
            EV_TRANSFER: self.on_transfer,
            EV_ADJUST: self.on_adjust,
            EV_SHIP: self.on_ship,
        }
        while self.events:
            ts, kind, _, args = heapq.heappop(self.events)
            handlers[kind](ts, *args)

    def warehouse_shares(self) -> dict[int, list[float]]:
        """Per product, the share of demand each warehouse serves."""
        share = {}
        for p in range(len(PRODUCTS)):
            per = [self.demand.get((p, w), 0) for w in range(self.n_wh)]
            total = sum(per)
            share[p] = [x / total for x in per] if total else [1.0] + [0.0] * (self.n_wh - 1)
        return share

    # stock primitives --------------------------------------------------------

    def move(self, kind: StockMoveKind, lot: int, w: int, qty: int, ts: float,
             ref: str | None, shipment: int | None = None, actor: int | None = None) -> None:
        """Book a move of `qty` (signed); serial lots move unit by unit, one row each."""
        p = self.d.lots[lot][0]
        key = (w, lot)
        if actor is None:
            actor = self.rng.choice(self.warehouse_users)
        before = self.on_hand[key]
        after = before + qty
        assert after >= 0, (kind, lot, w, before, qty)
        moves = self.d.moves
        if self.is_serial[p]:
            here = self.serial_at.setdefault(key, [])
            if qty > 0:
                incoming = self.pending_serials  # made, or just moved out elsewhere
                assert len(incoming) == qty
                for s in incoming:
                    moves.append((kind.value, p, lot, s, w, 1, ts, actor, ref, shipment))
                    here.append(s)
                    self.d.serials[s][4] = w
            else:
                out = [here.pop() for _ in range(-qty)]
                for s in out:
                    moves.append((kind.value, p, lot, s, w, -1, ts, actor, ref, shipment))
                    self.d.serials[s][4] = None
                self.pending_serials = out
        else:
            moves.append((kind.value, p, lot, None, w, qty, ts, actor, ref, shipment))
            if before == 0 and after > 0:
                self.adjustable_pos[key] = len(self.adjustable)
                self.adjustable.append(key)
            elif before > 0 and after == 0:
                i = self.adjustable_pos.pop(key)
                last = self.adjustable.pop()
                if i < len(self.adjustable):
                    self.adjustable[i] = last
                    self.adjustable_pos[last] = i
        self.on_hand[key] = after
        if before == 0 and after > 0:
            self.lot_wh[lot].add(w)
            if self.lot_released[lot]:
                bisect.insort(self.avail[(w, p)], (self.lot_exp[lot], lot))
        elif before > 0 and after == 0:
            self.lot_wh[lot].discard(w)
            if self.lot_released[lot]:
                self.avail[(w, p)].remove((self.lot_exp[lot], lot))

    def transfer(self, lot: int, src: int, dst: int, qty: int, ts: float) -> None:
        ref = self.ref("TR-SC")
        actor = self.rng.choice(self.warehouse_users)
        self.move(StockMoveKind.TRANSFER_OUT, lot, src, -qty, ts, ref, actor=actor)
        self.move(StockMoveKind.TRANSFER_IN, lot, dst, qty, ts, ref, actor=actor)

    def make_serials(self, lot: int, qty: int, ts: float) -> None:
        p = self.d.lots[lot][0]
        first = len(self.d.serials)
        for k in range(qty):
            # product, lot, serial number, status, warehouse, created, allocation
            self.d.serials.append(
                [p, lot, f"SC{p + 1:02d}{first + k + 1:08d}", SerialStatus.IN_STOCK.value,
                 None, ts, None]
            )
        self.pending_serials = list(range(first, first + qty))
        self.lot_serials[lot] = self.pending_serials

    def pick(self, w: int, p: int, min_exp: int, qty: int) -> list[tuple[int, int]]:
        """FEFO over released lots at a warehouse that meet the shelf-life floor."""
        taken = []
        for exp, lot in self.avail.get((w, p), ()):
            if exp < min_exp:
                continue
            q = min(qty, self.on_hand[(w, lot)])
            taken.append((lot, q))
            qty -= q
            if qty == 0:
                break
        return taken if qty == 0 else taken + [(-1, qty)]

    # event handlers -----------------------------------------------------------

    def on_receipt(self, ts: float, p: int, q: int, w: int | None = None) -> int:
        rng = self.rng
        if w is None:
            if rng.random() < HUB_RECEIPT_SHARE:
                w = 0
            else:
                w = rng.choices(range(self.n_wh), self.share[p])[0]
        supplier = rng.randrange(len(SUPPLIERS))
        lot = self.new_lot(p, ts, supplier)
        if self.is_serial[p]:
            self.make_serials(lot, q, ts)
        self.move(StockMoveKind.RECEIPT, lot, w, q, ts, self.ref("PO-SC"))
        self.schedule_quality(lot, ts, produced=False)
        return lot

    def on_produce(self, ts: float, p: int, q: int) -> None:
        """Consume one lot of each component at the hub, then book the produced lot."""
        mo = self.ref("MO-SC")
        lot = self.new_lot(p, ts, None)
        for comp, per_unit in BOM[p]:
            need = max(1, math.ceil(q * per_unit))
            # Each component comes from one lot: the first (FEFO) at the hub that covers the
            # run, else a purchase made for this run and the next ones (2-3 lots per lot).
            clot = next((c for _, c in self.avail.get((0, comp), ())
                         if self.on_hand[(0, c)] >= need), None)
            if clot is None:
                covers = BULK_COMPONENT_COVERS.get(comp, COMPONENT_LOT_COVERS)
                size = math.ceil(need * self.rng.uniform(*covers))
                clot = self.purchase_lot(comp, 0, ts, size, lead_days=(4, 15))
            self.move(StockMoveKind.CONSUMPTION, clot, 0, -need, ts, mo)
            self.d.lot_components.append((lot, clot, need))
        if self.is_serial[p]:
            self.make_serials(lot, q, ts)
        self.move(StockMoveKind.PRODUCTION, lot, 0, q, ts, mo)
        self.schedule_quality(lot, ts, produced=True)

    def emergency_lot(self, p: int, w: int, ts: float, qty: int) -> int:
        """An urgent purchase (a rush run of a produced product) when the plan fell short."""
        self.d.emergency_lots += 1
        if p in BOM:
            return self.rush_production(p, w, ts, qty)
        return self.purchase_lot(p, w, ts, qty)

    def rush_production(self, p: int, w: int, ts: float, qty: int) -> int:
        """A run from components bought for it, released at `w` before `ts`."""
        t0 = ts - self.rng.uniform(3, 6) * DAY
        mo = self.ref("MO-SC")
        lot = self.new_lot(p, t0, None)
        for comp, per_unit in BOM[p]:
            need = max(1, math.ceil(qty * per_unit))
            clot = self.purchase_lot(comp, 0, t0, need, lead_days=(4, 15))
            self.move(StockMoveKind.CONSUMPTION, clot, 0, -need, t0, mo)
            self.d.lot_components.append((lot, clot, need))
        if self.is_serial[p]:
            self.make_serials(lot, qty, t0)
        self.move(StockMoveKind.PRODUCTION, lot, w, qty, t0, mo)
        t_insp = t0 + self.rng.uniform(0.3, 1.0) * DAY
        self.on_inspect(t_insp, lot, True, "RELEASED")
        self.on_release(t_insp + self.rng.uniform(0.1, 1.0) * DAY, lot, distribute=False)
        return lot

    def purchase_lot(self, p: int, w: int, ts: float, qty: int,
                     lead_days: tuple[float, float] = (3, 6)) -> int:
        """A lot received, inspected and released before `ts`, bought for that moment."""
        t0 = ts - self.rng.uniform(*lead_days) * DAY
        lot = self.new_lot(p, t0, self.rng.randrange(len(SUPPLIERS)))
        if self.is_serial[p]:
            self.make_serials(lot, qty, t0)
        self.move(StockMoveKind.RECEIPT, lot, w, qty, t0, self.ref("PO-SC"))
        t_insp = t0 + self.rng.uniform(0.3, 1.0) * DAY
        self.on_inspect(t_insp, lot, False, "RELEASED")
        self.on_release(t_insp + self.rng.uniform(0.1, 1.0) * DAY, lot, distribute=False)
        return lot

    def on_inspect(self, ts: float, lot: int, produced: bool, fate: str) -> None:
        rng = self.rng
        inspector = rng.choice(self.inspectors)
        sample = rng.choice((5, 8, 13, 20, 32, 50, 80))
        if produced and rng.random() < 0.5:
            self.d.inspections.append(
                (lot, InspectionKind.IN_PROCESS.value, InspectionResult.PASS.value, sample,
                 0, "In-process check of critical dimensions.", ts - rng.uniform(2, 6) * HOUR,
                 rng.choice(self.inspectors))
            )
        kind = InspectionKind.FINAL if produced else InspectionKind.INCOMING
        if fate == "REJECTED":
            defects = rng.randint(2, max(2, sample // 4))
            self.d.inspections.append(
                (lot, kind.value, InspectionResult.FAIL.value, sample, defects,
                 "Nonconformity: seal integrity failures above AQL.", ts, inspector)
            )
            self.d.lots[lot][5] = LotStatus.REJECTED.value
            ncr = self.ref("NCR-SC")
            for w in sorted(self.lot_wh[lot]):
                self.move(StockMoveKind.SCRAP, lot, w, -self.on_hand[(w, lot)], ts, ncr)
            for s in self.lot_serials[lot] or ():
                self.d.serials[s][3] = SerialStatus.SCRAPPED.value
            return
        defects = 0 if rng.random() < 0.9 else 1
        self.d.inspections.append(
            (lot, kind.value, InspectionResult.PASS.value, sample, defects,
             None if rng.random() < 0.7 else "Visual, dimensional and labelling checks passed.",
             ts, inspector)
        )
        if fate == "ON_HOLD":
            self.d.lots[lot][5] = LotStatus.ON_HOLD.value

    def on_release(self, ts: float, lot: int, distribute: bool = True) -> None:
        rng = self.rng
        manager = rng.choice(self.qa_managers)  # QA managers never inspect: duties stay apart
        sig = self.signature(manager, "Release: lot conforms and is released for distribution",
                             ts, "Lot", lot)
        self.d.releases.append((lot, sig, ts))
        self.d.lots[lot][5] = LotStatus.RELEASED.value
        self.lot_released[lot] = True
        p = self.d.lots[lot][0]
        for w in self.lot_wh[lot]:
            bisect.insort(self.avail[(w, p)], (self.lot_exp[lot], lot))
        if distribute and 0 in self.lot_wh[lot]:
            q = self.on_hand[(0, lot)]
            for w in range(1, self.n_wh):
                amount = int(q * self.share[p][w] * DISTRIBUTE_SHARE)
                if amount > 0:
                    when = ts + rng.uniform(0.2, 4.0) * DAY
                    if when < self.now:
                        self.push(when, EV_TRANSFER, lot, 0, w, amount)

    def on_transfer(self, ts: float, lot: int, src: int, dst: int, qty: int) -> None:
        qty = min(qty, self.on_hand[(src, lot)])
        if qty > 0:
            self.transfer(lot, src, dst, qty, ts)

    def on_adjust(self, ts: float) -> None:
        if not self.adjustable:
            return
        w, lot = self.adjustable[self.rng.randrange(len(self.adjustable))]
        have = self.on_hand[(w, lot)]
        qty = self.rng.choice((-3, -2, -1, -1, 1, 1, 2, 5))
        if have + qty < 0:
            qty = 1
        self.move(StockMoveKind.ADJUSTMENT, lot, w, qty, ts, self.ref("CC-SC"))
