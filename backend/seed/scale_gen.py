"""The scale data set, generated in memory by a small supply-chain simulation.

Pure: no database. `generate()` returns a `ScaleData` whose rows carry *local* ids
(0-based positions in their lists); `backend.seed.scale` shifts them onto id ranges
reserved from the database's sequences and copies them in.

This module makes the reference data and runs the steps: the orders (status, lines,
approvals, a shipping plan) of `backend.seed.scale_sales`, the stock simulation of
`backend.seed.scale_stock` that ships them, then the finance their statuses call for.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from backend.domain.rules.gtin import make_gtin14
from backend.domain.trust.signatures import record_hash
from backend.enums import (
    CustomerKind,
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
from backend.seed.scale_fulfil import FulfilmentSimulation
from backend.seed.scale_sales import HISTORY_DAYS, SalesSimulation, accumulate
from backend.seed.scale_stock import DAY, StockSimulation

# Per unit of scale.
ORDERS_PER_SCALE = 10_000
LOTS_PER_SCALE = 5_000
SERIALS_PER_SCALE = 20_000
CUSTOMERS = 200


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
    # The database's discount rule (approval_rules), else the one the seed adds.
    approval_rule: str = "DISCOUNT_OVER_10"
    approval_role: Role = Role.SALES_MANAGER
    approval_threshold: Decimal = Decimal("10")


@dataclass
class ScaleData:
    """Rows per table, with local ids. See `backend.seed.scale` for the column lists."""

    warehouses: list[tuple] = field(default_factory=list)
    lanes: list[tuple] = field(default_factory=list)
    suppliers: list[tuple] = field(default_factory=list)
    users: list[list] = field(default_factory=list)
    user_roles: list[tuple] = field(default_factory=list)
    customers: list[list] = field(default_factory=list)
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


class _Generator(SalesSimulation, FulfilmentSimulation, StockSimulation):
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
        self.events = []
        self.ref_seq: defaultdict[str, int] = defaultdict(int)

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
        self.transit = {}
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
        self.cust_region = []
        self.cust_wh = []
        self.cust_min_shelf = []
        self.cust_terms = []
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
        self.cust_cum = list(accumulate(weights))
        biggest = max(range(self.n_customers), key=weights.__getitem__)
        for u in users_with(Role.PARTNER):
            self.d.users[u][3] = biggest

    def signature(self, signer: int, meaning: str, ts: float, record_type: str,
                  record: int) -> int:
        sig = len(self.d.signatures)
        # A stand-in for the signed record (local ids are not final yet), hashed as signing does.
        digest = record_hash(
            {"record_type": record_type, "record_id": record, "meaning": meaning, "signed_at": ts}
        )
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


GENERATION_STEPS = 3


def generate(size: float, *, seed: int = 20240601, ctx: Context,
             step: Callable[[str], None] | None = None) -> ScaleData:
    """Generate the data set for `size` units of scale (1.0 = 10,000 orders).

    `step` is called after each of the GENERATION_STEPS phases, for a progress bar.
    """
    return _Generator(size, seed, ctx).run(step or (lambda _: None))
