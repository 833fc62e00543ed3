"""Demo approved supplier list (one qualified, one disqualified, one conditional, one expired),
the qualified supplier's prices for the purchased products, and the purchasing flow:
approval rule, tolerances, reorder point, backorder, requisitions and purchase orders."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Lot,
    Product,
    ReplenishmentRequest,
    SalesOrderLine,
    Supplier,
    SupplierPrice,
    SupplierProduct,
    SupplierQualification,
    User,
    Warehouse,
)
from backend.domain import numbering
from backend.domain.actor import Actor
from backend.domain.inventory import receiving
from backend.domain.purchasing import approval_decisions, approvals, planning, requisitions
from backend.domain.purchasing import purchase_orders as po
from backend.domain.purchasing import settings as purchasing_settings
from backend.domain.quality.documents import store_document
from backend.domain.rules.plain_pdf import plain_pdf
from backend.enums import DocumentKind, Replenishment, ReplenishmentStatus, Role
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


# ---------------------------------------------------------------- the purchasing flow
PASSWORD = "demo1234"  # the demo users' password (demo_data.py)
RULE = ("PO-ABOVE-5000", "Requisitions and purchase orders above 5,000.00 EUR need "
        "FINANCE's approval.", Decimal("5000.00"))
CERTIFIED_SKU = "CMP-BRD-01"
SITE = "DE-LEJ"
BACKORDERED = ("SUT-PGA30", 24)
# (sku, quantity, final status) of the demo purchase orders from SUP-ALP
ORDERS = [("SUT-PGA30", 10, "DRAFT"), ("CMP-BRD-01", 200, "PENDING_APPROVAL"),
          ("CMP-BRD-01", 150, "REJECTED"), ("DRS-WD1010", 20, "APPROVED"),
          ("CMP-HSG-02", 50, "SENT"), ("SUT-PGA30", 40, "PARTIALLY_RECEIVED"),
          ("DRS-WD1010", 30, "RECEIVED"), ("CMP-HSG-02", 20, "CLOSED"),
          ("DRS-WD1010", 10, "CANCELLED")]
# (sku, quantity, final status) of the demo requisitions
REQUISITIONS = [("DRS-WD1010", 25, "DRAFT"), ("CMP-BRD-01", 150, "PENDING_APPROVAL"),
                ("SUT-PGA30", 30, "APPROVED"), ("CMP-BRD-01", 140, "REJECTED"),
                ("CMP-HSG-02", 40, "ORDERED"), ("DRS-WD1010", 5, "CANCELLED")]


async def load_purchasing_flow(session: AsyncSession) -> None:
    """Approval rule, tolerances, the certificate rule, a reorder point below min, an open
    purchase backorder, and requisitions and purchase orders in every status: made through
    the domain, after the rest."""
    users = dict((await session.execute(select(User.username, User.id))).all())
    buyer = Actor(users["buyer"], frozenset({Role.BUYER.value}))
    finance = Actor(users["finance"], frozenset({Role.FINANCE.value}))
    products = {p.sku: p for p in await session.scalars(select(Product))}
    site = await session.scalar(select(Warehouse).where(Warehouse.code == SITE))
    alp = await session.scalar(select(Supplier).where(Supplier.code == "SUP-ALP"))
    assert site is not None and alp is not None
    code, description, threshold = RULE
    await approvals.set_rule(session, actor=finance, code=code, description=description,
                             threshold=threshold, required_role=Role.FINANCE, active=True)
    await purchasing_settings.update(session, actor=finance,
                                     over_receipt_tolerance_percent=Decimal("5"),
                                     price_tolerance_percent=Decimal("2"))
    await _certificates(session, products[CERTIFIED_SKU], finance)
    await _backorder(session, products[BACKORDERED[0]], BACKORDERED[1])
    await _orders(session, buyer, finance, users, alp, site, products)
    await _requisitions(session, buyer, finance, site, products)
    await _reorder_point(session, buyer, products["DRS-WD1010"], site)


async def _certificates(session: AsyncSession, product: Product, actor: Actor) -> None:
    product.requires_supplier_certificate = True
    for lot in await session.scalars(select(Lot).where(Lot.product_id == product.id)):
        await store_document(
            session, actor=actor, kind=DocumentKind.CERTIFICATE_OF_CONFORMITY,
            title=f"Certificate of conformity {lot.lot_number}",
            file_name=f"coc-{lot.lot_number}.pdf", content_type="application/pdf",
            content=plain_pdf(f"Certificate of conformity {lot.lot_number}", [
                f"Product {product.sku} {product.name}", f"Lot {lot.lot_number}",
                "Manufactured and tested to the agreed specification."]),
            links=[("Lot", lot.id)])


async def _backorder(session: AsyncSession, product: Product, quantity: int) -> None:
    line_id = await session.scalar(select(SalesOrderLine.id).where(
        SalesOrderLine.product_id == product.id).order_by(SalesOrderLine.id.desc()).limit(1))
    session.add(ReplenishmentRequest(
        number=await numbering.next_number(session, "RQ"), product_id=product.id,
        order_line_id=line_id, quantity=quantity, kind=Replenishment.PURCHASE,
        status=ReplenishmentStatus.OPEN))
    await session.flush()


async def _orders(session: AsyncSession, buyer: Actor, finance: Actor, users: dict[str, int],
                  supplier: Supplier, site: Warehouse, products: dict[str, Product]) -> None:
    warehouse = Actor(users["warehouse"], frozenset({Role.WAREHOUSE.value}))
    for index, (sku, quantity, status) in enumerate(ORDERS, start=1):
        order = await po.create_purchase_order(
            session, actor=buyer, supplier_id=supplier.id, warehouse_id=site.id,
            lines=[po.LineRequest(product_id=products[sku].id, quantity=quantity)])
        if status == "DRAFT":
            continue
        if status == "CANCELLED":
            await po.cancel_purchase_order(session, actor=buyer, order_id=order.id,
                                           reason="Ordered twice by mistake.")
            continue
        await po.submit_purchase_order(session, actor=buyer, order_id=order.id)
        if status in ("PENDING_APPROVAL", "APPROVED"):
            continue
        if status == "REJECTED":
            await approval_decisions.decide_purchase_order(
                session, actor=finance, order_id=order.id, approve=False,
                comment="Stock of boards covers the quarter.", password=PASSWORD,
                meaning="Purchase order rejected")
            continue
        await po.send_purchase_order(session, actor=buyer, order_id=order.id)
        if status == "SENT":
            continue
        [line] = await po.order_lines(session, order)
        received = quantity if status in ("RECEIVED", "CLOSED") else quantity // 2
        await receiving.receive_goods(
            session, actor=warehouse, supplier_id=supplier.id, warehouse_id=site.id,
            purchase_order_id=order.id, reference=f"Delivery note {order.number}",
            lines=[receiving.ReceiptLine(
                product_id=products[sku].id, lot_number=f"PO{index}-{sku[:3]}-01",
                quantity=received, purchase_order_line_id=line.id,
                supplier_lot_number=f"ALP-{sku[-4:]}-{index:03d}")])
        if status == "CLOSED":
            await po.close_purchase_order(session, actor=buyer, order_id=order.id,
                                          reason="Received in full and checked.")


async def _requisitions(session: AsyncSession, buyer: Actor, finance: Actor, site: Warehouse,
                        products: dict[str, Product]) -> None:
    for sku, quantity, status in REQUISITIONS:
        made = await requisitions.create_requisition(
            session, actor=buyer, note=f"Stock of {sku}", lines=[
                requisitions.RequisitionLineRequest(product_id=products[sku].id,
                                                    warehouse_id=site.id, quantity=quantity)])
        if status == "DRAFT":
            continue
        if status == "CANCELLED":
            await requisitions.cancel_requisition(session, actor=buyer, requisition_id=made.id,
                                                  reason="No longer needed.")
            continue
        await requisitions.submit_requisition(session, actor=buyer, requisition_id=made.id)
        if status == "REJECTED":
            await approval_decisions.decide_requisition(
                session, actor=finance, requisition_id=made.id, approve=False,
                comment="Use the open order first.", password=PASSWORD,
                meaning="Requisition rejected")
        if status == "ORDERED":
            [line] = await requisitions.requisition_lines(session, made.id)
            assert line.supplier_id is not None
            await po.create_purchase_order(
                session, actor=buyer, supplier_id=line.supplier_id, warehouse_id=site.id,
                lines=[po.LineRequest(product_id=None, quantity=line.quantity,
                                      requisition_line_id=line.id)])


async def _reorder_point(session: AsyncSession, buyer: Actor, product: Product,
                         site: Warehouse) -> None:
    """Min above what is available and on order, so planning has something to buy."""
    pair = (product.id, site.id)
    free = planning.summed((await session.execute(planning.available_stmt([product.id]))).all(),
                           [pair])[pair]
    coming = planning.summed([row for stmt in planning.on_order_stmts([product.id])
                              for row in (await session.execute(stmt)).all()], [pair])[pair]
    low = free + coming + 100
    await planning.set_reorder_point(session, actor=buyer, product_id=product.id,
                                     warehouse_id=site.id, min_quantity=low,
                                     max_quantity=low + 200)
