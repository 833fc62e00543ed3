"""Fixed reference data of the scale data set: warehouses, regions, products, users.

Every code starts with `SC` so the set never collides with demo or real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.enums import DeviceClass, Replenishment, Role, TrackingMode

PREFIX = "SC"
MARKER_WAREHOUSE = "SC-HUB"  # its presence means the scale set is loaded
PRICE_LIST_CODE = "SC-LIST"

# code, name, region, latitude, longitude. The first one is the hub: it receives
# most purchases, runs production and feeds the regional warehouses.
WAREHOUSES: list[tuple[str, str, str, float, float]] = [
    ("SC-HUB", "Scale Central Hub Frankfurt", "EU-CENTRAL", 50.11, 8.68),
    ("SC-EUW", "Scale DC Paris", "EU-WEST", 48.86, 2.35),
    ("SC-USE", "Scale DC Newark", "US-EAST", 40.73, -74.17),
    ("SC-USW", "Scale DC Reno", "US-WEST", 39.53, -119.81),
    ("SC-APAC", "Scale DC Singapore", "APAC", 1.35, 103.82),
]

# region, latitude, longitude, spread in degrees, share of customers, cities
REGIONS: list[tuple[str, float, float, float, float, tuple[str, ...]]] = [
    ("EU-CENTRAL", 50.0, 11.0, 2.5, 0.24, ("Munich", "Vienna", "Zurich", "Prague", "Leipzig")),
    ("EU-WEST", 47.5, 1.5, 3.0, 0.20, ("Lyon", "Brussels", "Madrid", "Porto", "Nantes")),
    ("EU-NORTH", 59.0, 14.0, 3.5, 0.09, ("Stockholm", "Oslo", "Copenhagen", "Helsinki")),
    ("US-EAST", 39.5, -77.0, 3.5, 0.21, ("Boston", "Baltimore", "Atlanta", "Pittsburgh")),
    ("US-WEST", 37.0, -119.5, 3.5, 0.12, ("Seattle", "Fresno", "San Diego", "Portland")),
    ("APAC", 3.0, 108.0, 6.0, 0.14, ("Kuala Lumpur", "Jakarta", "Bangkok", "Manila")),
]

CARRIERS = {"EU": "DHL Express", "US": "UPS", "AP": "FedEx"}

SUPPLIERS: list[tuple[str, str, str]] = [
    ("SC-SUP-01", "Rheinmed Components GmbH", "DE"),
    ("SC-SUP-02", "Nordic Polymer AB", "SE"),
    ("SC-SUP-03", "Keystone Medical Supply Inc.", "US"),
    ("SC-SUP-04", "Lumen Electronics Pte Ltd", "SG"),
    ("SC-SUP-05", "Alpine Surgical SA", "CH"),
]


@dataclass(frozen=True)
class ProductSpec:
    name: str
    device_class: DeviceClass
    tracking: TrackingMode
    replenishment: Replenishment
    price: str
    shelf_life_days: int | None
    base_qty: int  # typical order quantity is 1..6 times this
    weight: float  # popularity among order lines
    sellable: bool = True
    tax_rate: str = "0.1900"


L, S = TrackingMode.LOT, TrackingMode.SERIAL
BUY, MAKE = Replenishment.PURCHASE, Replenishment.PRODUCTION
C1, C2A, C2B, C3 = DeviceClass.I, DeviceClass.IIA, DeviceClass.IIB, DeviceClass.III

PRODUCTS: list[ProductSpec] = [
    ProductSpec("Sterile Syringe 5 ml", C2A, L, BUY, "0.42", 1825, 100, 9),
    ProductSpec("Hypodermic Needle 21G", C2A, L, BUY, "0.18", 1825, 100, 8),
    ProductSpec("IV Infusion Set", C2A, L, BUY, "3.90", 1095, 50, 8),
    ProductSpec("Foley Catheter 16Fr", C2A, L, MAKE, "6.50", 1095, 20, 6),
    ProductSpec("Central Venous Catheter Kit", C3, L, MAKE, "89.00", 1095, 5, 4),
    ProductSpec("Absorbable Suture 3-0", C3, L, MAKE, "7.80", 1825, 24, 6),
    ProductSpec("Surgical Mask Type IIR", C1, L, BUY, "0.21", 1825, 200, 7, tax_rate="0.0700"),
    ProductSpec("Nitrile Exam Gloves (box of 100)", C1, L, BUY, "6.40", 1825, 10, 7),
    ProductSpec("Hydrocolloid Wound Dressing", C2B, L, BUY, "4.20", 1095, 20, 5),
    ProductSpec("Silver Alginate Dressing", C3, L, BUY, "12.50", 1095, 10, 4),
    ProductSpec("Cortical Bone Screw 3.5 mm", C2B, L, MAKE, "38.00", 1825, 10, 4),
    ProductSpec("Locking Compression Plate", C2B, L, MAKE, "420.00", 1825, 2, 3),
    ProductSpec("Drug-Eluting Coronary Stent", C3, L, BUY, "950.00", 1095, 2, 3),
    ProductSpec("PTCA Guidewire", C3, L, BUY, "45.00", 1095, 5, 3),
    ProductSpec("Blood Glucose Test Strips (50)", C2B, L, BUY, "14.00", 730, 20, 5),
    ProductSpec("Insulin Pen Needles (100)", C2A, L, BUY, "18.00", 1825, 10, 4),
    ProductSpec("Endotracheal Tube 7.5", C2A, L, BUY, "3.10", 1825, 20, 4),
    ProductSpec("Surgical Drape Pack", C1, L, BUY, "22.00", 1095, 10, 4),
    ProductSpec("Electrosurgical Pencil", C2B, L, BUY, "9.50", 1095, 10, 3),
    ProductSpec("Skin Stapler 35W", C2B, L, MAKE, "24.00", 1825, 5, 3),
    ProductSpec("Hernia Mesh 15x15 cm", C2B, L, BUY, "160.00", 1825, 2, 2),
    ProductSpec("Urine Drainage Bag", C1, L, BUY, "1.20", 1825, 50, 4, tax_rate="0.0700"),
    ProductSpec("ECG Electrodes (50)", C1, L, BUY, "5.60", 730, 20, 4),
    ProductSpec("Disposable Scalpel No. 10", C2A, L, BUY, "0.80", 1825, 50, 3),
    ProductSpec("Volumetric Infusion Pump", C2B, S, MAKE, "2650.00", None, 1, 3.0),
    ProductSpec("Patient Monitor 12in", C2B, S, BUY, "5400.00", None, 1, 2.0),
    ProductSpec("Automated External Defibrillator", C3, S, BUY, "1450.00", None, 1, 2.5),
    ProductSpec("Fingertip Pulse Oximeter", C2A, S, BUY, "85.00", None, 1, 4.0),
    ProductSpec("Syringe Pump", C2B, S, MAKE, "1950.00", None, 1, 2.5),
    ProductSpec("Video Laryngoscope", C2A, S, BUY, "3200.00", None, 1, 1.5),
    ProductSpec("Portable Ultrasound Scanner", C2A, S, BUY, "18500.00", None, 1, 1.0),
    ProductSpec("Insulin Pump", C2B, S, BUY, "4200.00", None, 1, 2.0),
    # Components: bought, consumed by production, never sold.
    ProductSpec("Medical Silicone Tubing (m)", C1, L, BUY, "1.10", 1825, 1, 0, sellable=False),
    ProductSpec("Sterile Barrier Pouch", C1, L, BUY, "0.15", 1825, 1, 0, sellable=False),
    ProductSpec("Titanium Alloy Bar Ti-6Al-4V", C1, L, BUY, "28.00", None, 1, 0, sellable=False),
    ProductSpec("PGA Suture Filament Spool", C1, L, BUY, "40.00", 1825, 1, 0, sellable=False),
    ProductSpec("Infusion Pump PCBA", C1, L, BUY, "310.00", None, 1, 0, sellable=False),
    ProductSpec("Li-ion Battery Pack 14.4V", C1, L, BUY, "95.00", None, 1, 0, sellable=False),
    ProductSpec("Polycarbonate Housing Set", C1, L, BUY, "22.00", None, 1, 0, sellable=False),
    ProductSpec("Stainless Staple Wire Spool", C1, L, BUY, "55.00", None, 1, 0, sellable=False),
]

# Bill of materials: produced product index -> (component product index, quantity per unit).
BOM: dict[int, list[tuple[int, float]]] = {
    3: [(32, 0.5), (33, 1.0)],
    4: [(32, 1.5), (33, 1.0), (38, 0.2)],
    5: [(35, 0.05), (33, 1.0)],
    10: [(34, 0.02), (33, 1.0)],
    11: [(34, 0.3), (33, 1.0)],
    19: [(39, 0.1), (38, 0.2), (33, 1.0)],
    24: [(36, 1.0), (37, 1.0), (38, 1.0)],
    28: [(36, 1.0), (37, 1.0), (38, 1.0)],
}

# username, display name, roles
USERS: list[tuple[str, str, tuple[Role, ...]]] = [
    ("sc-admin", "Scale Administrator", (Role.ADMIN,)),
    *[(f"sc-sales-{i}", f"Scale Sales Rep {i}", (Role.SALES,)) for i in range(1, 7)],
    *[(f"sc-manager-{i}", f"Scale Sales Manager {i}", (Role.SALES_MANAGER,)) for i in (1, 2)],
    *[(f"sc-warehouse-{i}", f"Scale Warehouse Operator {i}", (Role.WAREHOUSE,))
      for i in range(1, 5)],
    *[(f"sc-inspector-{i}", f"Scale QA Inspector {i}", (Role.QA_INSPECTOR,)) for i in range(1, 5)],
    *[(f"sc-qa-{i}", f"Scale QA Manager {i}", (Role.QA_MANAGER,)) for i in (1, 2)],
    ("sc-finance-1", "Scale Finance Clerk 1", (Role.FINANCE,)),
    # Bound to the scale customer with the most orders.
    ("sc-partner-1", "Scale Partner (largest customer)", (Role.PARTNER,)),
]


def users_with(role: Role) -> list[int]:
    return [i for i, (_, _, roles) in enumerate(USERS) if role in roles]
