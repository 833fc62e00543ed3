"""Demo approved supplier list (one qualified, one disqualified, one conditional, one expired)
and the qualified supplier's prices for the purchased products."""

from datetime import date, timedelta
from decimal import Decimal

from backend.db.models import Supplier, SupplierPrice, SupplierProduct, SupplierQualification
from backend.enums import SupplierQualificationStatus as S
from backend.seed.demo_state import DemoState

# code, name, country, payment terms days (suppliers the base tables do not hold)
MORE_SUPPLIERS = [
    ("SUP-CRV", "Cervino Medical Textiles S.r.l.", "IT", 45),
    ("SUP-NRD", "Nordic Sterile Packaging AB", "SE", 30),
]
CONDITION = "100 % incoming inspection"
QUALIFY_MEANING = "Supplier qualification decided"
# sku, unit price, lead time days (SUP-ALP, EUR)
PRICES = [("CMP-BRD-01", "38.50", 21), ("CMP-HSG-02", "17.20", 28), ("SUT-PGA30", "41.00", 14),
          ("DRS-WD1010", "6.80", 10)]


async def load_supplier_list(demo: DemoState) -> None:
    """Needs the suppliers, products and users; runs before any receipt."""
    for code, name, country, terms in MORE_SUPPLIERS:
        demo.suppliers[code] = Supplier(code=code, name=name, country=country, approved=False,
                                        payment_terms_days=terms, created_at=demo.at(300))
    await demo.add(*(demo.suppliers[code] for code, *_ in MORE_SUPPLIERS))
    every = [p.id for p in demo.products.values()]
    plan = [
        ("SUP-ALP", S.QUALIFIED, demo.today + timedelta(days=365), None, every, 200),
        ("SUP-BAL", S.DISQUALIFIED, None, "Rejected housing lot HSG-2405", [], 50),
        ("SUP-CRV", S.CONDITIONAL, demo.today + timedelta(days=180), CONDITION,
         [demo.products["DRS-WD1010"].id], 120),
        # Qualified once; the requalification audit is overdue.
        ("SUP-NRD", S.QUALIFIED, demo.today - timedelta(days=20), None,
         [demo.products["DRS-WD1010"].id, demo.products["SUT-PGA30"].id], 385),
    ]
    for code, status, until, note, products, days_ago in plan:
        supplier = demo.suppliers[code]
        record = {"supplier": code, "qualification_status": str(status),
                  "qualified_until": until.isoformat() if until else None,
                  "qualification_note": note, "approved_product_ids": sorted(products)}
        signature = await demo.sign("qa", QUALIFY_MEANING, "Supplier", supplier.id, record,
                                    demo.at(days_ago, 15))
        await demo.add(SupplierQualification(
            supplier_id=supplier.id, status=status, valid_until=until, note=note,
            product_ids=sorted(products), signature_id=signature.id,
            decided_at=demo.at(days_ago, 15)))
        supplier.qualification_status = status
        supplier.qualified_until = until
        supplier.qualification_note = note
        supplier.approved = status in (S.QUALIFIED, S.CONDITIONAL)
        await demo.add(*(SupplierProduct(supplier_id=supplier.id, product_id=p)
                         for p in products))
    start = date(demo.today.year - 1, 1, 1)
    await demo.add(*(
        SupplierPrice(supplier_id=demo.suppliers["SUP-ALP"].id, product_id=demo.products[sku].id,
                      unit_price=Decimal(price), currency="EUR", lead_time_days=lead,
                      valid_from=start)
        for sku, price, lead in PRICES))
