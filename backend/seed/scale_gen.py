"""The scale data set, generated in memory by a small supply-chain simulation.

Pure: no database. `generate()` returns a `ScaleData` whose rows carry *local* ids
(0-based positions in their lists); `backend.seed.scale` shifts them onto id ranges
reserved from the database's sequences and copies them in.

This module makes the reference data, the orders (status, lines, approvals, a
shipping plan) and, after the stock simulation of `backend.seed.scale_stock` has
shipped them, the invoices, payments and journal entries their statuses call for.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from backend.domain.rules.gtin import make_gtin14
from backend.enums import (
    ApprovalStatus,
    CustomerKind,
    InvoiceStatus,
    OrderStatus,
    Replenishment,
    Role,
    TrackingMode,
)
from backend.seed.scale_catalog import (
    BOM,
    CARRIERS,
    PRODUCTS,
    REGIONS,
    SUPPLIERS,
    USERS,
    WAREHOUSES,
    users_with,
)
from backend.seed.scale_stock import DAY, EV_SHIP, HOUR, StockSimulation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Per unit of scale.
ORDERS_PER_SCALE = 10_000
LOTS_PER_SCALE = 5_000
SERIALS_PER_SCALE = 20_000
CUSTOMERS = 200
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
NEEDS_DECISION = {  # statuses past submission: a >10% discount was approved
    OrderStatus.APPROVED,
    OrderStatus.ALLOCATED,
    *SHIPPED_STATUSES,
    OrderStatus.CANCELLED,
}
DISCOUNT_APPROVAL_THRESHOLD = Decimal("10")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Context:
    """What the generator needs to know about the database it will land in."""

    now: datetime
    existing_gtins: set[str] = field(default_factory=set)
    # (series, year) -> last number already used (from number_sequences and the tables)
    last_numbers: dict[tuple[str, int], int] = field(default_factory=dict)
    approval_rule: str = "DISCOUNT_OVER_10"
    approval_role: Role = Role.SALES_MANAGER


@dataclass
class ScaleData:
    """Rows per table, with local ids. See `backend.seed.scale` for the column lists."""

    warehouses: list[tuple] = field(default_factory=list)
    lanes: list[tuple] = field(default_factory=list)
    suppliers: list[tuple] = field(default_factory=list)
    users: list[tuple] = field(default_factory=list)
    user_roles: list[tuple] = field(default_factory=list)
    customers: list[tuple] = field(default_factory=list)
    products: list[tuple] = field(default_factory=list)
    price_items: list[tuple] = field(default_factory=list)
    lots: list[list] = field(default_factory=list)
    lot_components: list[tuple] = field(default_factory=list)
    serials: list[list] = field(default_factory=list)
    moves: list[tuple] = field(default_factory=list)
    inspections: list[tuple] = field(default_factory=list)
    signatures: list[tuple] = field(default_factory=list)
    releases: list[tuple] = field(default_factory=list)
    orders: list[list] = field(default_factory=list)
    lines: list[list] = field(default_factory=list)
    approvals: list[tuple] = field(default_factory=list)
    allocations: list[tuple] = field(default_factory=list)
    shipments: list[list] = field(default_factory=list)
    shipment_lines: list[tuple] = field(default_factory=list)
    shipment_line_serials: list[tuple] = field(default_factory=list)
    invoices: list[list] = field(default_factory=list)
    invoice_lines: list[tuple] = field(default_factory=list)
    journal_entries: list[tuple] = field(default_factory=list)
    journal_lines: list[tuple] = field(default_factory=list)
    payments: list[tuple] = field(default_factory=list)
    payment_applications: list[tuple] = field(default_factory=list)
    # (series, year) -> last number used, for number_sequences
    numbers_used: dict[tuple[str, int], int] = field(default_factory=dict)
    emergency_lots: int = 0


class _Numbers:
    def __init__(self, last: dict[tuple[str, int], int]):
        self.last = dict(last)
        self.used: dict[tuple[str, int], int] = {}

    def next(self, series: str, year: int) -> str:
        n = self.last.get((series, year), 0) + 1
        self.last[(series, year)] = n
        self.used[(series, year)] = n
        return f"{series}-{year}-{n:06d}"


class _Generator(StockSimulation):
    def __init__(self, size: float, seed: int, ctx: Context):
        self.rng = random.Random(seed)
        self.ctx = ctx
        self.now = ctx.now.timestamp()
        self.size = size
        self.d = ScaleData()
        self.n_orders = max(1, round(ORDERS_PER_SCALE * size))
        self.n_lots = max(len(PRODUCTS), round(LOTS_PER_SCALE * size))
        self.n_serials = max(20, round(SERIALS_PER_SCALE * size))
        self.n_customers = max(10, min(CUSTOMERS, round(CUSTOMERS * size)))
        self.start = self.now - (HISTORY_DAYS + 30) * DAY
        self.sales = users_with(Role.SALES)
        self.managers = users_with(Role.SALES_MANAGER)
        self.warehouse_users = users_with(Role.WAREHOUSE)
        self.inspectors = users_with(Role.QA_INSPECTOR)
        self.qa_managers = users_with(Role.QA_MANAGER)
        self.finance_users = users_with(Role.FINANCE)
        self.numbers = _Numbers(ctx.last_numbers)
        self.seq = 0  # tie-breaker for the event heap
        self.events: list[tuple] = []
        self.ref_seq = defaultdict(int)

    # ------------------------------------------------------------------ helpers

    def ts_date(self, ts: float) -> date:
        return datetime.fromtimestamp(ts, UTC).date()

    def ref(self, prefix: str) -> str:
        self.ref_seq[prefix] += 1
        return f"{prefix}-{self.ref_seq[prefix]:07d}"

    # ------------------------------------------------------------ reference data

    def reference_data(self) -> None:
        d = self.d
        for code, name, region, lat, lon in WAREHOUSES:
            d.warehouses.append((code, name, region, lat, lon))
        self.n_wh = len(WAREHOUSES)
        # Transit lanes: every warehouse to every region, days from the distance.
        self.transit: dict[tuple[int, str], int] = {}
        for w, (_, _, _, wlat, wlon) in enumerate(WAREHOUSES):
            for region, rlat, rlon, *_ in REGIONS:
                km = great_circle_km(wlat, wlon, rlat, rlon)
                days = 1 + round(km / 1800)
                carrier = CARRIERS[region[:2]]
                self.transit[(w, region)] = days
                d.lanes.append((w, region, days, carrier))
        self.carrier = {region: CARRIERS[region[:2]] for region, *_ in REGIONS}
        # Warehouses by distance from each other (replenishment order).
        self.wh_by_distance = []
        for w, (_, _, _, la, lo) in enumerate(WAREHOUSES):
            others = sorted(
                (great_circle_km(la, lo, o[3], o[4]), i)
                for i, o in enumerate(WAREHOUSES)
                if i != w
            )
            self.wh_by_distance.append([i for _, i in others])
        d.suppliers = [(code, name, country, True) for code, name, country in SUPPLIERS]
        for u, (username, display, roles) in enumerate(USERS):
            # username, display name, email, customer (partners only, set with the customers)
            d.users.append([username, display, f"{username}@scale.example", None])
            d.user_roles.extend((u, role.value) for role in roles)
        # Products with valid GTIN-14s from our own company prefix, skipping taken ones.
        taken = set(self.ctx.existing_gtins)
        item = 0
        for i, spec in enumerate(PRODUCTS):
            while True:
                item += 1
                gtin = make_gtin14(f"0{7612345}{item:05d}")
                if gtin not in taken:
                    break
            taken.add(gtin)
            price = Decimal(spec.price)
            d.products.append(
                (
                    f"SC-{i + 1:03d}",
                    gtin,
                    spec.name,
                    spec.device_class.value,
                    spec.tracking.value,
                    spec.shelf_life_days,
                    price,
                    Decimal(spec.tax_rate),
                    spec.sellable,
                    spec.replenishment.value,
                )
            )
            d.price_items.append((i, price))
        made = {i for i, s in enumerate(PRODUCTS) if s.replenishment is Replenishment.PRODUCTION}
        assert made == set(BOM), "every produced product needs a bill of materials"
        self.is_serial = [s.tracking is TrackingMode.SERIAL for s in PRODUCTS]
        self.price = [Decimal(s.price) for s in PRODUCTS]
        self.tax_rate = [Decimal(s.tax_rate) for s in PRODUCTS]
        self.customers()

    def customers(self) -> None:
        d, rng = self.d, self.rng
        region_weights = [r[4] for r in REGIONS]
        self.cust_region: list[str] = []
        self.cust_wh: list[int] = []
        self.cust_min_shelf: list[int] = []
        self.cust_terms: list[int] = []
        weights = []
        for c in range(self.n_customers):
            region, rlat, rlon, spread, _, cities = rng.choices(REGIONS, region_weights)[0]
            r = rng.random()
            kind = (
                CustomerKind.DISTRIBUTOR
                if r < 0.15
                else CustomerKind.HOSPITAL
                if r < 0.7
                else CustomerKind.CLINIC
            )
            city = rng.choice(cities)
            lat = max(-89.0, min(89.0, rlat + rng.uniform(-spread, spread)))
            lon = rlon + rng.uniform(-spread, spread)
            if kind is CustomerKind.DISTRIBUTOR:
                name = f"{city} Medical Distribution {c + 1}"
                min_shelf = rng.choice((180, 270, 365))
                weight = rng.lognormvariate(1.5, 0.6)
                terms = 60
            elif kind is CustomerKind.HOSPITAL:
                name = f"{city} General Hospital {c + 1}"
                min_shelf = rng.choice((90, 180))
                weight = rng.lognormvariate(0.6, 0.6)
                terms = rng.choice((30, 45, 60))
            else:
                name = f"{city} Surgical Clinic {c + 1}"
                min_shelf = rng.choice((0, 60, 90))
                weight = rng.lognormvariate(0.0, 0.5)
                terms = 30
            nearest = min(
                range(self.n_wh),
                key=lambda w: great_circle_km(lat, lon, WAREHOUSES[w][3], WAREHOUSES[w][4]),
            )
            d.customers.append(
                [
                    f"SC-C{c + 1:04d}",
                    name,
                    kind.value,
                    region,
                    f"{rng.randint(1, 250)} Hospital Road, {city}",
                    round(lat, 5),
                    round(lon, 5),
                    Decimal("0"),  # credit limit, set from receivables at the end
                    min_shelf,
                    terms,
                ]
            )
            self.cust_region.append(region)
            self.cust_wh.append(nearest)
            self.cust_min_shelf.append(min_shelf)
            self.cust_terms.append(terms)
            weights.append(weight)
        self.cust_cum = list(_accumulate(weights))
        biggest = max(range(self.n_customers), key=weights.__getitem__)
        for u in users_with(Role.PARTNER):
            self.d.users[u][3] = biggest

    # ------------------------------------------------------------------- orders

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
        prod_cum = list(_accumulate(pw))
        status_cum = list(_accumulate([s[1] for s in STATUS_MIX]))
        n_lines_cum = list(_accumulate([15, 25, 25, 18, 10, 7]))
        self.plans: list[tuple] = []
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
                if disc > DISCOUNT_APPROVAL_THRESHOLD:
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
            order = [
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
                        "Approved: discount above 10%"
                        if decision is ApprovalStatus.APPROVED
                        else "Rejected: discount above 10% not justified"
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
        receivable = defaultdict(Decimal)
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

    def signature(self, signer: int, meaning: str, ts: float, record_type: str,
                  record: int) -> int:
        sig = len(self.d.signatures)
        digest = hashlib.sha256(f"{record_type}:{record}:{meaning}:{ts}".encode()).hexdigest()
        # signer, meaning, signed at, record type, local record id, record hash
        self.d.signatures.append((signer, meaning, ts, record_type, record, digest))
        return sig

    def numbering(self) -> None:
        """Order and shipment numbers in time order, continuing each (series, year)."""
        d = self.d
        for order in d.orders:  # orders are already sorted by creation time
            order[0] = self.numbers.next("SO", self.ts_date(order[3]).year)
        for _, sh in sorted((sh[7], i) for i, sh in enumerate(d.shipments)):
            d.shipments[sh][0] = self.numbers.next("SH", self.ts_date(d.shipments[sh][7]).year)

    def run(self, step: Callable[[str], None]) -> ScaleData:
        self.reference_data()
        self.orders()
        step("orders")
        self.order_lines = defaultdict(list)
        for li, line in enumerate(self.d.lines):
            self.order_lines[line[0]].append(li)
        self.plan_lots()
        self.simulate()
        step("stock")
        self.allocations()
        self.numbering()
        self.finance()
        step("finance")
        self.d.numbers_used = self.numbers.used
        return self.d


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


GENERATION_STEPS = 3


def generate(size: float, *, seed: int = 20240601, ctx: Context,
             step: Callable[[str], None] | None = None) -> ScaleData:
    """Generate the data set for `size` units of scale (1.0 = 10,000 orders).

    `step` is called after each of the GENERATION_STEPS phases, for a progress bar.
    """
    return _Generator(size, seed, ctx).run(step or (lambda _: None))
