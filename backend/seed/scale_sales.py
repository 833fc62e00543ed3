"""The sales side of the scale data set: orders with their lines, approvals and shipping
plans, and the invoices, payments and journal entries their statuses call for.

A mixin of the generator in `backend.seed.scale_gen`, which provides the reference data
(`self.price`, `self.tax_rate`, `self.is_serial`, the customers' regions, nearest
warehouses and terms), `self.d`, `self.rng`, `self.now`, `self.numbers` and
`self.signature` (declared in `backend.seed.scale_state`); the stock simulation
(`backend.seed.scale_stock`) ships the plans.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from backend.enums import ApprovalStatus, InvoiceStatus, OrderStatus
from backend.seed.scale_catalog import PRODUCTS
from backend.seed.scale_state import ScaleState
from backend.seed.scale_stock import DAY, EV_SHIP, HOUR

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HISTORY_DAYS = 730  # orders span two years; lots start a month earlier

SERIAL_LINE_SHARE = 0.20

STATUS_MIX: list[tuple[OrderStatus, float, float, float]] = [
    # status, weight, min age in days, max age in days
    (OrderStatus.DRAFT, 2, 0.05, 5),
    (OrderStatus.PENDING_APPROVAL, 2, 0.2, 5),
    (OrderStatus.APPROVED, 3, 0.2, 7),
    (OrderStatus.REJECTED, 1, 1, 700),
    (OrderStatus.ALLOCATED, 3, 0.5, 10),
    (OrderStatus.PARTIALLY_SHIPPED, 3, 4, 25),
    (OrderStatus.SHIPPED, 9, 3, 12),
    (OrderStatus.DELIVERED, 13, 14, 60),
    (OrderStatus.INVOICED, 20, 20, 150),
    (OrderStatus.CLOSED, 41, 45, HISTORY_DAYS),
    (OrderStatus.CANCELLED, 3, 1, 700),
]
SHIPPED_STATUSES = {
    OrderStatus.PARTIALLY_SHIPPED,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.INVOICED,
    OrderStatus.CLOSED,
}
DELIVERED_STATUSES = {OrderStatus.DELIVERED, OrderStatus.INVOICED, OrderStatus.CLOSED}
NEEDS_DECISION = {  # statuses past submission: a discount over the rule's was approved
    OrderStatus.APPROVED,
    OrderStatus.ALLOCATED,
    *SHIPPED_STATUSES,
    OrderStatus.CANCELLED,
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def accumulate(values: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


class SalesSimulation(ScaleState):
    """Orders and their shipping plans, then the finance (see the module doc)."""

    def orders(self) -> None:
        """Orders and lines, with a status, a timeline and a shipping plan each."""
        d, rng = self.d, self.rng
        sellable = [i for i, s in enumerate(PRODUCTS) if s.sellable]
        lot_w = sum(PRODUCTS[i].weight for i in sellable if not self.is_serial[i])
        ser_w = sum(PRODUCTS[i].weight for i in sellable if self.is_serial[i])
        pw = [
            PRODUCTS[i].weight
            * (SERIAL_LINE_SHARE / ser_w if self.is_serial[i] else (1 - SERIAL_LINE_SHARE) / lot_w)
            for i in sellable
        ]
        prod_cum = list(accumulate(pw))
        status_cum = list(accumulate([s[1] for s in STATUS_MIX]))
        n_lines_cum = list(accumulate([15, 25, 25, 18, 10, 7]))
        self.plans = []
        # demand in units per (product, warehouse), and in lines per product
        self.demand = defaultdict(int)
        self.demand_lines = defaultdict(int)
        raw = []
        for _ in range(self.n_orders):
            status, _, lo, hi = rng.choices(STATUS_MIX, cum_weights=status_cum)[0]
            created = self.now - rng.uniform(lo, hi) * DAY
            raw.append((created, status))
        raw.sort()
        for o, (created, status) in enumerate(raw):
            c = bisect.bisect_left(self.cust_cum, rng.random() * self.cust_cum[-1])
            c = min(c, self.n_customers - 1)
            n_lines = rng.choices(range(1, 7), cum_weights=n_lines_cum)[0]
            if status is OrderStatus.PARTIALLY_SHIPPED:
                n_lines = max(2, n_lines)
            chosen: list[int] = []
            while len(chosen) < n_lines:
                p = sellable[bisect.bisect_left(prod_cum, rng.random() * prod_cum[-1])]
                if p not in chosen:
                    chosen.append(p)
            force_discount = status in (OrderStatus.PENDING_APPROVAL, OrderStatus.REJECTED)
            subtotal = tax_total = ZERO
            needs_approval = False
            first_line = len(d.lines)
            for ln, p in enumerate(chosen, start=1):
                if self.is_serial[p]:
                    qty = rng.choices((1, 2, 3, 4), (3, 3, 2, 2))[0]
                else:
                    qty = PRODUCTS[p].base_qty * rng.randint(1, 6)
                r = rng.random()
                if force_discount and ln == 1:
                    disc = Decimal(rng.choice(("12", "15", "20")))
                elif r < 0.82:
                    disc = Decimal("0")
                elif r < 0.95:
                    disc = Decimal(rng.choice(("2", "3", "5", "7.5", "10")))
                else:
                    disc = Decimal(rng.choice(("12", "15", "20")))
                if disc > self.ctx.approval_threshold:
                    needs_approval = True
                price = self.price[p]
                total = money(price * qty * (100 - disc) / 100)
                tax = money(total * self.tax_rate[p])
                subtotal += total
                tax_total += tax
                # order, line no, product, qty, unit price, list price, discount, tax rate,
                # line total, shipped qty, (tax amount: not stored on the line)
                d.lines.append([o, ln, p, qty, price, price, disc, self.tax_rate[p], total, 0, tax])
            line_ids = list(range(first_line, len(d.lines)))
            customer_ref = f"PO-{rng.randint(10000, 99999)}" if rng.random() < 0.7 else None
            requested = self.ts_date(created + rng.randint(3, 21) * DAY)
            # order fields: number set later, customer, status, created, created by, customer
            # reference, requested date, promised date, subtotal, tax, total, updated
            order: list[Any] = [
                None,
                c,
                status.value,
                created,
                rng.choice(self.sales),
                customer_ref,
                requested,
                None,
                subtotal,
                tax_total,
                subtotal + tax_total,
                created,
            ]
            d.orders.append(order)
            # Approval for a big discount, decided by a sales manager (never the creator).
            if needs_approval and (status in NEEDS_DECISION or force_discount):
                requested_at = created + rng.uniform(0.05, 0.5) * HOUR
                if status is OrderStatus.PENDING_APPROVAL:
                    d.approvals.append(
                        (o, self.ctx.approval_rule, self.ctx.approval_role.value,
                         ApprovalStatus.PENDING.value, requested_at, None, None, None, None)
                    )
                else:
                    decided = min(requested_at + rng.uniform(0.5, 20) * HOUR, self.now - 60)
                    decision = (
                        ApprovalStatus.REJECTED
                        if status is OrderStatus.REJECTED
                        else ApprovalStatus.APPROVED
                    )
                    manager = rng.choice(self.managers)
                    meaning = (
                        f"Approved: discount above {self.ctx.approval_threshold}%"
                        if decision is ApprovalStatus.APPROVED
                        else f"Rejected: discount above {self.ctx.approval_threshold}% not "
                        "justified"
                    )
                    sig = self.signature(manager, meaning, decided, "SalesOrder", o)
                    d.approvals.append(
                        (o, self.ctx.approval_rule, self.ctx.approval_role.value, decision.value,
                         requested_at, manager, decided, sig, None)
                    )
                    order[11] = max(order[11], decided)
            w = self.cust_wh[c]
            if status in (OrderStatus.ALLOCATED, *SHIPPED_STATUSES):
                lane_days = self.transit[(w, self.cust_region[c])]
                order[7] = self.ts_date(created + (2 + lane_days) * DAY)
            for li in line_ids:
                self.demand_lines[d.lines[li][2]] += 1
            if status in SHIPPED_STATUSES:
                self.plan_shipments(o, status, created, line_ids, w)
            if status in (OrderStatus.ALLOCATED, OrderStatus.PARTIALLY_SHIPPED):
                for li in line_ids:
                    self.demand[(d.lines[li][2], w)] += d.lines[li][3]
            if status in (OrderStatus.CANCELLED, OrderStatus.DRAFT, OrderStatus.APPROVED,
                          OrderStatus.PENDING_APPROVAL):
                touched = min(created + rng.uniform(0.1, 48) * HOUR, self.now - 60)
                order[11] = max(order[11], touched)

    def plan_shipments(self, o, status, created, line_ids, w) -> None:
        rng = self.rng
        lines = list(line_ids)
        rng.shuffle(lines)
        if status is OrderStatus.PARTIALLY_SHIPPED:
            lines = lines[: rng.randint(1, len(lines) - 1)]
        k = rng.choices((1, 2, 3), (60, 30, 10))[0]
        k = min(k, len(lines))
        cuts = sorted(rng.sample(range(1, len(lines)), k - 1)) if k > 1 else []
        groups = [lines[a:b] for a, b in zip([0, *cuts], [*cuts, len(lines)], strict=True)]
        region = self.cust_region[self.d.orders[o][1]]
        transit = self.transit[(w, region)]
        # Ship times, squeezed to fit before now (and before delivery for delivered orders).
        times = []
        t = created
        for _ in groups:
            t += rng.uniform(0.4, 2.5) * DAY
            times.append(t)
        latest = self.now - 2 * HOUR
        if status in DELIVERED_STATUSES:
            latest -= (transit + 0.5) * DAY
        if times[-1] > latest:
            span = max(latest - created, 2 * HOUR)
            times = [created + (ti - created) * span / (times[-1] - created) for ti in times]
        for g, ts in zip(groups, times, strict=True):
            delivered = None
            if status in DELIVERED_STATUSES:
                delivered = min(ts + (transit + rng.uniform(0, 0.5)) * DAY, self.now - HOUR)
            self.plans.append((o, g, ts, w, delivered))
            for li in g:
                line = self.d.lines[li]
                self.demand[(line[2], w)] += line[3]
            self.push(ts, EV_SHIP, len(self.plans) - 1)

    def finance(self) -> None:
        """Invoices for INVOICED and CLOSED orders; payments for the paid ones."""
        d, rng = self.d, self.rng
        receivable: defaultdict[int, Decimal] = defaultdict(Decimal)
        pending = []
        for o, order in enumerate(d.orders):
            if order[2] not in (OrderStatus.INVOICED.value, OrderStatus.CLOSED.value):
                continue
            issued_ts = min(order[11] + rng.uniform(0.1, 1.5) * DAY, self.now - HOUR)
            pending.append((issued_ts, o))
        pending.sort()
        clerk = self.finance_users[0]
        for issued_ts, o in pending:
            order = d.orders[o]
            c = order[1]
            issued = self.ts_date(issued_ts)
            inv = len(d.invoices)
            number = self.numbers.next("INV", issued.year)
            je = len(d.journal_entries)
            d.journal_entries.append((issued_ts, f"Invoice {number}", number, clerk))
            subtotal, tax, total = order[8], order[9], order[10]
            d.journal_lines.append((je, "ar", total, ZERO))
            d.journal_lines.append((je, "revenue", ZERO, subtotal))
            if tax:
                d.journal_lines.append((je, "tax", ZERO, tax))
            for li in self.order_lines[o]:
                line = d.lines[li]
                d.invoice_lines.append(
                    (inv, li, PRODUCTS[line[2]].name, line[3], line[4], line[6], line[7],
                     line[8], line[10])
                )
            paid = ZERO
            status = InvoiceStatus.OPEN
            if order[2] == OrderStatus.CLOSED.value:
                paid = total
                status = InvoiceStatus.PAID
            elif rng.random() < 0.3:
                paid = money(total * Decimal(rng.randint(20, 80)) / 100)
                status = InvoiceStatus.PARTIALLY_PAID if paid else InvoiceStatus.OPEN
            due = issued + timedelta(days=self.cust_terms[c])
            # number, order, customer, issued, due, subtotal, tax, total, paid, status,
            # journal entry, created
            d.invoices.append([number, o, c, issued, due, subtotal, tax, total, paid,
                               status.value, je, issued_ts])
            receivable[c] += total - paid
            if paid:
                lag = rng.uniform(3, self.cust_terms[c] + 20) * DAY
                paid_ts = min(issued_ts + lag, self.now - 60)
                if order[2] == OrderStatus.CLOSED.value:
                    order[11] = max(order[11], paid_ts)
                pje = len(d.journal_entries)
                pref = f"SC-PAY-{len(d.payments) + 1:07d}"
                d.journal_entries.append((paid_ts, f"Payment {pref} for {number}", pref, clerk))
                d.journal_lines.append((pje, "cash", paid, ZERO))
                d.journal_lines.append((pje, "ar", ZERO, paid))
                pay = len(d.payments)
                # customer, amount, unapplied, received, reference, journal entry, created
                d.payments.append((c, paid, ZERO, self.ts_date(paid_ts), pref, pje, paid_ts))
                d.payment_applications.append((pay, inv, paid))
            else:
                order[11] = max(order[11], issued_ts)
        # Credit limits with headroom over what each customer owes today.
        for c, cust in enumerate(d.customers):
            owed = receivable.get(c, ZERO)
            cust[7] = Decimal(max(50_000, math.ceil(float(owed) * 2 / 50_000) * 50_000))
