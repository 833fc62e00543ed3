"""Fulfilment in the scale data set: shipping the planned shipments FEFO from the
customer's nearest warehouse (pulling transfers when short), and today's allocations.

A mixin beside the stock simulation (`backend.seed.scale_stock`), which runs `on_ship`
from its event heap and provides the running balances (`self.on_hand`, `self.avail`, `self.pick`,
`self.move`, `self.transfer`, `self.emergency_lot`; declared in `backend.seed.scale_state`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from backend.enums import OrderStatus, SerialStatus, ShipmentStatus, StockMoveKind
from backend.seed.scale_state import ScaleState
from backend.seed.scale_stock import HOUR


class FulfilmentSimulation(ScaleState):
    """Shipments and allocations (see the module doc)."""

    def on_ship(self, ts: float, plan_index: int) -> None:
        o, line_ids, _, w, delivered = self.plans[plan_index]
        d, rng = self.d, self.rng
        order = d.orders[o]
        c = order[1]
        min_exp = (self.ts_date(ts) + timedelta(days=self.cust_min_shelf[c])).toordinal()
        shipment = len(d.shipments)
        status = ShipmentStatus.DELIVERED if delivered else ShipmentStatus.SHIPPED
        tracking = f"1Z{rng.randrange(16**10):010X}"
        picker = rng.choice(self.warehouse_users)
        # number (later), order, customer, warehouse, status, carrier, tracking, created,
        # created by, shipped, delivered
        d.shipments.append(
            [None, o, c, w, status.value, self.carrier[self.cust_region[c]], tracking,
             ts - rng.uniform(1, 6) * HOUR, picker, ts, delivered]
        )
        for li in line_ids:
            line = d.lines[li]
            p, qty = line[2], line[3]
            picks = self.pick(w, p, min_exp, qty)
            if picks[-1][0] == -1:
                self.replenish(w, p, min_exp, picks[-1][1], ts)
                picks = self.pick(w, p, min_exp, qty)
            if picks[-1][0] == -1:
                short = picks.pop()[1]
                extra = self.emergency_lot(p, w, ts, short + rng.randint(0, short * 2))
                picks.append((extra, short))
            for lot, q in picks:
                sl = len(d.shipment_lines)
                d.shipment_lines.append((shipment, li, p, lot, q))
                # The reference becomes the shipment number once numbers are handed out.
                self.move(StockMoveKind.SHIPMENT, lot, w, -q, ts, None, shipment,
                          actor=picker)
                if self.is_serial[p]:
                    for s in self.pending_serials:
                        d.shipment_line_serials.append((sl, s))
                        d.serials[s][3] = SerialStatus.SHIPPED.value
            line[9] = qty
        order[11] = max(order[11], delivered or ts)

    def replenish(self, w: int, p: int, min_exp: int, qty: int, ts: float) -> None:
        """Pull stock from the nearest other warehouses (FEFO) into `w`."""
        for src in self.wh_by_distance[w]:
            picks = self.pick(src, p, min_exp, qty)
            for lot, q in picks:
                if lot == -1:
                    break
                self.transfer(lot, src, w, q, ts)
                qty -= q
            if qty <= 0:
                return

    # ------------------------------------------------------------ after the fact

    def allocations(self) -> None:
        """Reserve today's stock for ALLOCATED orders and the rest of partly shipped ones."""
        d, rng = self.d, self.rng
        reserved: dict[tuple[int, int], int] = defaultdict(int)
        today = self.ts_date(self.now)
        for o, order in enumerate(d.orders):
            if order[2] not in (OrderStatus.ALLOCATED.value, OrderStatus.PARTIALLY_SHIPPED.value):
                continue
            c = order[1]
            min_exp = (today + timedelta(days=self.cust_min_shelf[c])).toordinal()
            when = min(order[3] + rng.uniform(0.1, 6) * HOUR, self.now - 60)
            for li in self.order_lines[o]:
                line = d.lines[li]
                if line[9]:
                    continue
                p, qty = line[2], line[3]
                for w in (self.cust_wh[c], *self.wh_by_distance[self.cust_wh[c]]):
                    for exp, lot in self.avail.get((w, p), ()):
                        if exp < min_exp:
                            continue
                        free = self.on_hand[(w, lot)] - reserved[(w, lot)]
                        q = min(free, qty)
                        if q > 0:
                            self.allocate(li, w, lot, q, when, reserved)
                            qty -= q
                        if qty == 0:
                            break
                    if qty == 0:
                        break
                if qty:
                    w = self.cust_wh[c]
                    lot = self.emergency_lot(p, w, self.now - HOUR, qty + rng.randint(0, qty))
                    self.allocate(li, w, lot, qty, when, reserved)
        self.reserved = reserved

    def allocate(self, li: int, w: int, lot: int, q: int, when: float,
                 reserved: dict[tuple[int, int], int]) -> None:
        """Reserve q units; serial-tracked units are reserved by serial number."""
        d = self.d
        a = len(d.allocations)
        d.allocations.append((li, w, lot, q, when))
        if self.is_serial[d.lots[lot][0]]:
            here = self.serial_at[(w, lot)]
            start = reserved[(w, lot)]
            for s in here[start:start + q]:
                d.serials[s][3] = SerialStatus.ALLOCATED.value
                d.serials[s][6] = a
        reserved[(w, lot)] += q
