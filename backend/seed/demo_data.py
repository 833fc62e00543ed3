"""The demo data set as literal tables; `demo.py` turns them into rows.

A fictional European maker of infusion pumps, defibrillators, stents and
consumables. Dates are days relative to today, so the demo never goes stale:
`made=150` means manufactured 150 days ago, `in_days=1` means tomorrow.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from backend.enums import (
    AccountType,
    ApprovalStatus,
    CustomerKind,
    DeviceClass,
    InspectionResult,
    LotStatus,
    OrderStatus,
    RecallClass,
    Role,
    TrackingMode,
)
from backend.enums import Replenishment as R

PASSWORD = "demo1234"

# username, display name, email, roles, bound customer (PARTNER users only)
USERS = [
    ("admin", "Sofie Jansen", "sofie.jansen@medilane.example", [Role.ADMIN], None),
    ("sales", "Lukas Becker", "lukas.becker@medilane.example", [Role.SALES], None),
    ("manager", "Marta Kowalska", "marta.kowalska@medilane.example", [Role.SALES_MANAGER], None),
    ("warehouse", "Jeroen de Vries", "jeroen.devries@medilane.example", [Role.WAREHOUSE], None),
    ("inspector", "Ines Moreau", "ines.moreau@medilane.example", [Role.QA_INSPECTOR], None),
    ("qa", "Dr. Katrin Vogel", "katrin.vogel@medilane.example", [Role.QA_MANAGER], None),
    ("finance", "Paolo Ricci", "paolo.ricci@medilane.example", [Role.FINANCE], None),
    ("buyer", "Hanna Lindqvist", "hanna.lindqvist@medilane.example", [Role.BUYER], None),
    ("planner", "Tomasz Nowak", "tomasz.nowak@medilane.example", [Role.PLANNER], None),
    ("operator", "Elif Yilmaz", "elif.yilmaz@medilane.example", [Role.OPERATOR], None),
    ("partner-a", "Anouk Visser (Nordmed)", "anouk.visser@nordmed.example", [Role.PARTNER],
     "DIST-A"),
    ("partner-b", "Felix Huber (Alpenland)", "felix.huber@alpenland.example", [Role.PARTNER],
     "DIST-B"),
]

# code, name, region, latitude, longitude, outbound carrier
WAREHOUSES = [
    ("NL-RTM", "Rotterdam Distribution Centre", "NL", 51.9225, 4.4792, "Polder Parcel"),
    ("DE-LEJ", "Leipzig Assembly & Logistics", "DE-EAST", 51.3397, 12.3731, "Elbe Medical Freight"),
    ("FR-LYS", "Lyon Sterile Products Plant", "FR", 45.7640, 4.8357, "Rhodanie Express"),
]

# transit days from each warehouse to each customer region
TRANSIT_DAYS = {
    "NL-RTM": {"NL": 1, "DE-EAST": 2, "DE-SOUTH": 3, "FR": 3, "IT": 4, "ES": 5},
    "DE-LEJ": {"NL": 2, "DE-EAST": 1, "DE-SOUTH": 1, "FR": 3, "IT": 3, "ES": 5},
    "FR-LYS": {"NL": 3, "DE-EAST": 3, "DE-SOUTH": 2, "FR": 1, "IT": 2, "ES": 3},
}

# code, name, country, approved
SUPPLIERS = [
    ("SUP-ALP", "Alpine Polymer Components AG", "CH", True),
    ("SUP-BAL", "Baltic Precision Castings SIA", "LV", False),
]

# sku, item reference (GTIN digits), name, class, tracking, shelf life days,
# list price, tax rate, replenishment, sellable
PRODUCTS = [
    ("CMP-BRD-01", 1, "Pump control board, rev. C", DeviceClass.I, TrackingMode.LOT,
     None, "85.00", "0.2100", R.PURCHASE, False),
    ("CMP-HSG-02", 2, "Pump housing, anodised aluminium", DeviceClass.I, TrackingMode.LOT,
     None, "42.00", "0.2100", R.PURCHASE, False),
    ("PMP-VP300", 3, "Volumetric infusion pump VP-300", DeviceClass.IIB, TrackingMode.SERIAL,
     None, "2450.00", "0.2100", R.PRODUCTION, True),
    ("AED-500", 4, "Automated external defibrillator AED-500", DeviceClass.IIB,
     TrackingMode.SERIAL, None, "1290.00", "0.2100", R.PRODUCTION, True),
    ("STN-CR3018", 5, "Coronary stent system 3.0 x 18 mm", DeviceClass.III, TrackingMode.SERIAL,
     730, "640.00", "0.0900", R.PRODUCTION, True),
    ("SUT-PGA30", 6, "Absorbable suture PGA 3-0, box of 36", DeviceClass.III, TrackingMode.LOT,
     730, "96.00", "0.0900", R.PURCHASE, True),
    ("CAN-IV20G", 7, "IV cannula 20G, box of 50", DeviceClass.IIA, TrackingMode.LOT,
     1095, "32.50", "0.0900", R.PRODUCTION, True),
    ("DRS-WD1010", 8, "Sterile wound dressing 10 x 10 cm, box of 25", DeviceClass.I,
     TrackingMode.LOT, 1095, "18.90", "0.0900", R.PURCHASE, True),
]
# Product lines custom fields and policies key on; the components belong to no sellable line.
PRODUCT_LINES = {
    "CMP-BRD-01": "Components", "CMP-HSG-02": "Components", "CMP-DRV-03": "Components",
    "PMP-VP300": "Infusion", "CAN-IV20G": "Infusion",
    "AED-500": "Cardiac", "STN-CR3018": "Cardiac",
    "DRS-WD1010": "Wound care", "SUT-PGA30": "Surgical",
}
GTIN_PREFIX = "0871999"  # indicator digit + a fictional GS1 company prefix; 6 digits follow

DEFAULT_PRICE_LIST = ("STD-EUR", "Standard list prices (EUR)")
# A contract price list for DIST-A; products missing from it fall back to the default list.
CONTRACT_PRICE_LIST = ("NORDMED-2Y", "Nordmed framework agreement", "DIST-A")
CONTRACT_PRICES = {"PMP-VP300": "2300.00", "CAN-IV20G": "29.90", "DRS-WD1010": "17.50"}

# GLNs (GS1 company prefix 8719990, then a 5-digit location reference; the check digit is
# computed): warehouses are locations (SGLN), suppliers and customers parties (PGLN).
GLN_PREFIX = "8719990"
GLN_REFERENCES = {
    "NL-RTM": "10001", "DE-LEJ": "10002", "FR-LYS": "10003",
    "SUP-ALP": "20001", "SUP-BAL": "20002",
    "DIST-A": "30001", "DIST-B": "30002", "HOSP-BER": "30003", "HOSP-MRS": "30004",
    "HOSP-MIL": "30005", "CLIN-MAD": "30006",
}

# code, name, kind, region, address, lat, lon, credit limit, min shelf life days, terms
CUSTOMERS = [
    ("DIST-A", "Nordmed Distributie B.V.", CustomerKind.DISTRIBUTOR, "NL",
     "Vaartweg 12, 3521 Utrecht, NL", 52.0907, 5.1214, "250000.00", 90, 45),
    ("DIST-B", "Alpenland Medizinprodukte Vertrieb GmbH", CustomerKind.DISTRIBUTOR, "DE-SOUTH",
     "Landsberger Str. 301, 80687 Munich, DE", 48.1417, 11.5080, "150000.00", 120, 30),
    ("HOSP-BER", "Klinikum Spreeufer", CustomerKind.HOSPITAL, "DE-EAST",
     "Uferstr. 8, 10115 Berlin, DE", 52.5200, 13.4050, "25000.00", 90, 30),
    ("HOSP-MRS", "Hôpital du Vieux-Port", CustomerKind.HOSPITAL, "FR",
     "14 Quai de Rive Neuve, 13007 Marseille, FR", 43.2925, 5.3690, "60000.00", 120, 60),
    ("HOSP-MIL", "Ospedale San Teodoro", CustomerKind.HOSPITAL, "IT",
     "Via Teodoro 21, 20121 Milan, IT", 45.4642, 9.1900, "50000.00", 90, 60),
    ("CLIN-MAD", "Clínica Valdemar", CustomerKind.CLINIC, "ES",
     "Calle de Valdemar 5, 28010 Madrid, ES", 40.4168, -3.7038, "15000.00", 60, 30),
]

# code, description, conditions, levels (level 1 first, roles approving in parallel)
APPROVAL_RULES: list[tuple[str, str, dict[str, object], list[list[str]]]] = [
    ("DISCOUNT_OVER_10", "A line discount above 10% needs a sales manager's approval",
     {"discountAbovePercent": "10.00"}, [[Role.SALES_MANAGER]]),
    ("CREDIT_LIMIT", "Open receivables, approved orders not yet invoiced and the order "
     "above the customer's credit limit",
     {"exceedsCreditLimit": True}, [[Role.FINANCE]]),
]

ACCOUNTS = [
    ("1100", "Cash", AccountType.ASSET),
    ("1200", "Accounts Receivable", AccountType.ASSET),
    ("1300", "Inventory", AccountType.ASSET),
    ("2100", "Accounts Payable", AccountType.LIABILITY),
    ("2200", "Tax Payable", AccountType.LIABILITY),
    ("3000", "Share Capital and Reserves", AccountType.EQUITY),
    ("4000", "Revenue", AccountType.REVENUE),
    ("5000", "Cost of Goods Sold", AccountType.EXPENSE),
    # finance desk
    ("6800", "Bank charges", AccountType.EXPENSE),
    ("6900", "Payment differences", AccountType.EXPENSE),
    # stock valuation and payables
    ("1400", "Input VAT", AccountType.ASSET),
    ("2150", "Goods received not invoiced", AccountType.LIABILITY),
    ("5100", "Purchase price variance", AccountType.EXPENSE),
    ("5900", "Inventory write-offs", AccountType.EXPENSE),
]
# The opening balance sheet, posted a year ago, so cash shows something; the opening
# inventory is posted beside it at lot cost (demo_payables).
OPENING_BALANCES = [("1100", "150000.00", "0"), ("3000", "0", "150000.00")]


@dataclass(frozen=True)
class LotSpec:
    lot_number: str
    sku: str
    warehouse: str
    quantity: int
    made: int  # days ago; expiry follows from the product's shelf life
    status: LotStatus
    supplier: str | None = None  # purchased lots
    components: dict[str, int] = field(default_factory=dict)  # produced: lot number -> qty
    inspection: tuple[InspectionResult, int, int, str] | None = None  # result, sample, defects
    released: bool = False  # a release (signature + certificate) exists


_PASS = InspectionResult.PASS
LOTS = [
    LotSpec("BRD-2401", "CMP-BRD-01", "DE-LEJ", 100, 200, LotStatus.RELEASED, supplier="SUP-ALP",
            inspection=(_PASS, 13, 0, "Functional test of 13 boards: all pass."), released=True),
    LotSpec("HSG-2402", "CMP-HSG-02", "DE-LEJ", 60, 190, LotStatus.RELEASED, supplier="SUP-ALP",
            inspection=(_PASS, 8, 0, "Dimensions and anodising thickness within spec."),
            released=True),
    LotSpec("HSG-2405", "CMP-HSG-02", "DE-LEJ", 30, 50, LotStatus.REJECTED, supplier="SUP-BAL",
            inspection=(InspectionResult.FAIL, 8, 3,
                        "Porosity in casting walls: 3 of 8 samples out of tolerance.")),
    LotSpec("VP3-2403", "PMP-VP300", "DE-LEJ", 12, 150, LotStatus.RELEASED,
            components={"BRD-2401": 12, "HSG-2402": 12},
            inspection=(_PASS, 12, 0, "Flow accuracy +/-2% and occlusion alarm verified."),
            released=True),
    LotSpec("VP3-2409", "PMP-VP300", "DE-LEJ", 6, 6, LotStatus.QUARANTINE,
            components={"BRD-2401": 6, "HSG-2402": 6}),
    LotSpec("AED-2404", "AED-500", "DE-LEJ", 10, 120, LotStatus.RELEASED,
            inspection=(_PASS, 10, 0, "Shock energy and self-test verified on every unit."),
            released=True),
    LotSpec("AED-2407", "AED-500", "DE-LEJ", 4, 30, LotStatus.ON_HOLD,
            inspection=(_PASS, 4, 0, "Final test passed; battery pack lot under review.")),
    LotSpec("STN-2311", "STN-CR3018", "FR-LYS", 10, 150, LotStatus.RECALLED,
            inspection=(_PASS, 5, 0, "Deployment and sterility tests passed."), released=True),
    LotSpec("STN-2408", "STN-CR3018", "FR-LYS", 12, 60, LotStatus.RELEASED,
            inspection=(_PASS, 5, 0, "Deployment and sterility tests passed."), released=True),
    LotSpec("CAN-2310", "CAN-IV20G", "FR-LYS", 2000, 1050, LotStatus.RELEASED,
            inspection=(_PASS, 80, 0, "AQL 0.65 sampling: no defects."), released=True),
    LotSpec("CAN-2409", "CAN-IV20G", "FR-LYS", 3000, 45, LotStatus.RELEASED,
            inspection=(_PASS, 125, 1, "AQL 0.65 sampling: one cosmetic defect, accepted."),
            released=True),
    LotSpec("WD-24A", "DRS-WD1010", "NL-RTM", 5000, 140, LotStatus.RELEASED, supplier="SUP-ALP",
            inspection=(_PASS, 50, 0, "Seal integrity and labelling checked."), released=True),
    LotSpec("WD-24C", "DRS-WD1010", "NL-RTM", 2000, 10, LotStatus.QUARANTINE, supplier="SUP-ALP"),
    LotSpec("PGA-2402", "SUT-PGA30", "NL-RTM", 600, 710, LotStatus.RELEASED, supplier="SUP-ALP",
            inspection=(_PASS, 20, 0, "Tensile strength within spec."), released=True),
    LotSpec("PGA-2407", "SUT-PGA30", "NL-RTM", 800, 100, LotStatus.RELEASED, supplier="SUP-ALP",
            inspection=(_PASS, 20, 0, "Tensile strength within spec."), released=True),
]

# lot, from, to, quantity, days ago
TRANSFERS = [("CAN-2310", "FR-LYS", "NL-RTM", 600, 80)]
# lot, warehouse, quantity, days ago, reason
ADJUSTMENTS = [("WD-24A", "NL-RTM", -12, 20, "Cycle count: 12 boxes water-damaged, written off")]


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    discount: str = "0"
    lot: str | None = None  # where the line is allocated (and shipped) from
    warehouse: str | None = None
    shipped: bool = False  # with a lot: True shipped, False still allocated


@dataclass(frozen=True)
class Ship:
    warehouse: str
    shipped: int  # days ago
    delivered: int | None = None  # days ago; None while in transit


@dataclass(frozen=True)
class Decision:
    rule: str
    status: ApprovalStatus
    decided: int | None = None  # days ago; None while pending
    comment: str | None = None


@dataclass(frozen=True)
class OrderSpec:
    customer: str
    status: OrderStatus
    created: int  # days ago
    lines: tuple[Line, ...]
    reference: str | None = None
    shipments: tuple[Ship, ...] = ()
    approval: Decision | None = None


S = OrderStatus
ORDERS = [
    # Delivered orders are invoiced (and paid) through the finance domain (demo_finance.py).
    OrderSpec("DIST-A", S.DELIVERED, 75, (
        Line("CAN-IV20G", 400, lot="CAN-2310", warehouse="NL-RTM", shipped=True),
        Line("DRS-WD1010", 1000, lot="WD-24A", warehouse="NL-RTM", shipped=True),
    ), "NM-PO-44120", (Ship("NL-RTM", 73, 72),)),
    OrderSpec("DIST-B", S.DELIVERED, 60, (
        Line("STN-CR3018", 3, lot="STN-2311", warehouse="FR-LYS", shipped=True),
        Line("PMP-VP300", 2, "5", lot="VP3-2403", warehouse="DE-LEJ", shipped=True),
    ), "AMV-B-2291", (Ship("FR-LYS", 58, 55), Ship("DE-LEJ", 57, 56))),
    OrderSpec("HOSP-BER", S.DELIVERED, 40, (
        Line("STN-CR3018", 2, lot="STN-2311", warehouse="FR-LYS", shipped=True),
    ), "KS-EK-7781", (Ship("FR-LYS", 38, 36),)),
    OrderSpec("DIST-A", S.DELIVERED, 30, (
        Line("SUT-PGA30", 120, lot="PGA-2407", warehouse="NL-RTM", shipped=True),
        Line("DRS-WD1010", 500, lot="WD-24A", warehouse="NL-RTM", shipped=True),
    ), "NM-PO-44388", (Ship("NL-RTM", 28, 25),)),
    OrderSpec("DIST-A", S.CANCELLED, 25, (Line("DRS-WD1010", 300),), "NM-PO-44391"),
    OrderSpec("DIST-B", S.DELIVERED, 20, (
        Line("CAN-IV20G", 500, "5", lot="CAN-2409", warehouse="FR-LYS", shipped=True),
    ), "AMV-B-2340", (Ship("FR-LYS", 18, 16),)),
    OrderSpec("HOSP-MRS", S.REJECTED, 15, (Line("AED-500", 4, "20"),), "HVP-2024-118",
              approval=Decision("DISCOUNT_OVER_10", ApprovalStatus.REJECTED, 14,
                                "20% is outside the tender terms; 10% is the maximum.")),
    OrderSpec("DIST-B", S.PARTIALLY_SHIPPED, 12, (
        Line("DRS-WD1010", 600, lot="WD-24A", warehouse="NL-RTM", shipped=True),
        Line("AED-500", 2, lot="AED-2404", warehouse="DE-LEJ"),
    ), "AMV-B-2377", (Ship("NL-RTM", 2),)),
    OrderSpec("DIST-A", S.SHIPPED, 8, (
        Line("PMP-VP300", 3, lot="VP3-2403", warehouse="DE-LEJ", shipped=True),
    ), "NM-PO-44502", (Ship("DE-LEJ", 1),)),
    OrderSpec("HOSP-MIL", S.ALLOCATED, 4, (
        Line("STN-CR3018", 2, lot="STN-2408", warehouse="FR-LYS"),
        Line("CAN-IV20G", 200, "12", lot="CAN-2409", warehouse="FR-LYS"),
    ), "OST-ORD-0931", approval=Decision("DISCOUNT_OVER_10", ApprovalStatus.APPROVED, 3,
                                         "Annual volume agreement, approved once.")),
    OrderSpec("CLIN-MAD", S.APPROVED, 3, (Line("PMP-VP300", 6),), "CV-0457",
              approval=Decision("CREDIT_LIMIT", ApprovalStatus.APPROVED, 2,
                                "Letter of credit received from the clinic's bank.")),
    OrderSpec("DIST-B", S.PENDING_APPROVAL, 2, (Line("CAN-IV20G", 1000, "15"),), "AMV-B-2402",
              approval=Decision("DISCOUNT_OVER_10", ApprovalStatus.PENDING)),
    OrderSpec("HOSP-BER", S.PENDING_APPROVAL, 1, (
        Line("PMP-VP300", 8), Line("AED-500", 2),
    ), "KS-EK-7840", approval=Decision("CREDIT_LIMIT", ApprovalStatus.PENDING)),
    OrderSpec("HOSP-MIL", S.DRAFT, 0, (Line("SUT-PGA30", 50), Line("DRS-WD1010", 100))),
]

# DIST-A pays the oldest invoice in full and part of the next (days ago, reference, extra).
PAYMENT = ("DIST-A", 20, "SEPA NORDMED 0415", Decimal("5000.00"))

# The recall of load_recall; "acknowledged" is customer code -> (username, days ago).
RecallSpec = TypedDict("RecallSpec", {
    "lot": str, "class": RecallClass, "initiated": int, "reason": str,
    "acknowledged": dict[str, tuple[str, int]],
})

RECALL: RecallSpec = {
    "lot": "STN-2311",
    "class": RecallClass.II,
    "initiated": 10,
    "reason": "Stent delivery system: balloon may not fully deflate after deployment "
    "(complaints CMP-0042, CMP-0047).",
    "acknowledged": {"DIST-B": ("partner-b", 9)},  # the other customers have not answered yet
}

# Delivered orders the finance desk invoices through the domain (demo_finance.py): old ones
# for the ageing buckets, and one with two deliveries of which only the first is invoiced.
FINANCE_ORDERS = [
    OrderSpec("CLIN-MAD", S.DELIVERED, 152, (
        Line("CAN-IV20G", 40, lot="CAN-2310", warehouse="FR-LYS", shipped=True),
    ), "CV-0391", (Ship("FR-LYS", 149, 146),)),
    OrderSpec("HOSP-MRS", S.DELIVERED, 112, (
        Line("CAN-IV20G", 60, lot="CAN-2310", warehouse="FR-LYS", shipped=True),
    ), "HVP-2024-087", (Ship("FR-LYS", 108, 106),)),
    OrderSpec("HOSP-BER", S.DELIVERED, 116, (
        Line("CAN-IV20G", 30, lot="CAN-2310", warehouse="FR-LYS", shipped=True),
    ), "KS-EK-7702", (Ship("FR-LYS", 113, 110),)),
    OrderSpec("DIST-A", S.DELIVERED, 14, (
        Line("CAN-IV20G", 100, lot="CAN-2409", warehouse="FR-LYS", shipped=True),
        Line("DRS-WD1010", 80, lot="WD-24A", warehouse="NL-RTM", shipped=True),
    ), "NM-PO-44610", (Ship("FR-LYS", 12, 9), Ship("NL-RTM", 6, 5))),
]
