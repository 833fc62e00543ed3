"""Loads the fixed demo data set (DESIGN.md, "Demo data") in one transaction.

The tables live in `demo_data.py`; this module and `demo_sales.py` turn them into
rows the way the domain would have written them: every quantity change is a stock
move and the balances are their sum, every released lot has a passed inspection, a
signature by someone other than the inspector and a certificate, every invoice and
payment is a balanced journal entry. `backend.seed.invariants.check_invariants`
holds the result to those rules. Dates are relative to today, so the demo stays current.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.passwords import hash_password
from backend.db.models import (
    Account,
    ApprovalRule,
    Customer,
    Inspection,
    Invoice,
    Lot,
    LotComponent,
    NumberSequence,
    PriceList,
    PriceListItem,
    Product,
    Release,
    SalesOrder,
    Serial,
    Shipment,
    StockMove,
    Supplier,
    TransitLane,
    User,
    UserRole,
    Warehouse,
)
from backend.domain.quality.releases import lot_record
from backend.domain.rules.gtin import make_gtin14
from backend.domain.standards.gs1 import make_gln
from backend.domain.trust import audit
from backend.enums import (
    AuditAction,
    DocumentKind,
    InspectionKind,
    LotStatus,
    SerialStatus,
    StockMoveKind,
    TrackingMode,
)
from backend.seed import demo_data as data
from backend.seed.demo_access import load_separation_rules
from backend.seed.demo_accounts import load_account_states
from backend.seed.demo_change_control import load_change_control
from backend.seed.demo_custom_fields import load_custom_fields
from backend.seed.demo_documents import load_signed_documents
from backend.seed.demo_finance import load_finance_desk, load_finance_history
from backend.seed.demo_masterdata import load_customer_details
from backend.seed.demo_payables import cost_catalog, load_payables, lot_cost, post_opening_inventory
from backend.seed.demo_policies import load_policies
from backend.seed.demo_production import load_production
from backend.seed.demo_purchasing import load_purchasing_flow, load_supplier_list
from backend.seed.demo_quality import load_quality_loop
from backend.seed.demo_sales import load_orders, load_recall
from backend.seed.demo_state import RELEASE_MEANING, DemoState


async def load_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Load the demo data set in one transaction; does nothing if the demo users exist."""
    async with sessionmaker() as session, session.begin():
        if await session.scalar(select(User.id).where(User.username == "admin")) is not None:
            return
        demo = DemoState(session)
        await _catalog(demo)
        cost_catalog(demo)
        await _parties(demo)
        await load_supplier_list(demo)
        await _rules_and_accounts(demo)
        await _lots(demo)
        await _stock_events(demo)
        await load_orders(demo)
        await load_recall(demo)
        await _other_documents(demo)
        await demo.ledger.write_balances()
        await post_opening_inventory(demo)
        await _number_sequences(demo)
        await _summary_audit_event(demo)
        # quality loop: made through the domain, after the rest
        await load_quality_loop(session)
        # change control: made through the domain, after the rest
        await load_change_control(session)
        # master data: the customers' contacts and addresses, through the domain
        await load_customer_details(session)
        # finance desk: made through the domain, after the rest
        await load_finance_desk(session, demo.today)
        await load_finance_history(session, demo.today)
        # purchasing flow: made through the domain, after the rest
        await load_purchasing_flow(session)
        # supplier invoices and payments: made through the domain, after the purchasing flow
        await load_payables(session)
        # configuration policies: before the shipment documents (implant cards follow them)
        await load_policies(session)
        # labels and signing: cartons, signed certificates and shipment documents, last
        await load_signed_documents(session)
        # production: work centres, BOM versions, work orders in every state
        await load_production(session, demo.today)
        # user administration: a deactivated and a locked account
        await load_account_states(session)
        # custom fields: defined and filled last, over every record of the demo
        await load_custom_fields(session)
        # permissions as data: an inactive separation-of-duties rule
        await load_separation_rules(session)


def _gln(code: str) -> str:
    return make_gln(data.GLN_PREFIX, data.GLN_REFERENCES[code])


async def _catalog(demo: DemoState) -> None:
    """Warehouses, transit lanes, products and price lists."""
    for code, name, region, lat, lon, _carrier in data.WAREHOUSES:
        demo.warehouses[code] = Warehouse(code=code, name=name, region=region, latitude=lat,
                                          longitude=lon, gln=_gln(code))
    await demo.add(*demo.warehouses.values())
    carriers = {code: carrier for code, *_, carrier in data.WAREHOUSES}
    for code, days_by_region in data.TRANSIT_DAYS.items():
        for region, days in days_by_region.items():
            demo.lanes[(code, region)] = TransitLane(
                warehouse_id=demo.warehouses[code].id, region=region, transit_days=days,
                carrier=carriers[code])
    await demo.add(*demo.lanes.values())

    for sku, item, name, cls, tracking, shelf, price, tax, repl, sellable in data.PRODUCTS:
        demo.products[sku] = Product(
            sku=sku, gtin=make_gtin14(f"{data.GTIN_PREFIX}{item:06d}"), name=name,
            device_class=cls, tracking_mode=tracking, shelf_life_days=shelf,
            unit_price=Decimal(price), tax_rate=Decimal(tax), replenishment=repl,
            sellable=sellable, product_line=data.PRODUCT_LINES.get(sku))
    await demo.add(*demo.products.values())
    demo.product_by_id = {p.id: p for p in demo.products.values()}

    valid = (date(demo.today.year - 1, 1, 1), date(demo.today.year + 1, 12, 31))
    default = PriceList(code=data.DEFAULT_PRICE_LIST[0], name=data.DEFAULT_PRICE_LIST[1],
                        is_default=True, valid_from=valid[0])
    code, name, _customer = data.CONTRACT_PRICE_LIST
    contract = PriceList(code=code, name=name, valid_from=valid[0], valid_to=valid[1])
    await demo.add(default, contract)
    demo.default_price_list = default
    demo.prices[default.id] = {sku: p.unit_price for sku, p in demo.products.items()}
    demo.prices[contract.id] = {sku: Decimal(p) for sku, p in data.CONTRACT_PRICES.items()}
    await demo.add(*(
        PriceListItem(price_list_id=pl, product_id=demo.products[sku].id, unit_price=price)
        for pl, prices in demo.prices.items() for sku, price in prices.items()
    ))


async def _parties(demo: DemoState) -> None:
    """Suppliers, customers and the nine demo users (one argon2 hash shared by all)."""
    for code, name, country, approved in data.SUPPLIERS:
        demo.suppliers[code] = Supplier(code=code, name=name, country=country, approved=approved,
                                        created_at=demo.at(400), gln=_gln(code))
    contract = next(pl for pl in demo.prices if pl != demo.default_price_list.id)
    for (code, name, kind, region, address, lat, lon, credit, shelf, terms) in data.CUSTOMERS:
        demo.customers[code] = Customer(
            code=code, name=name, kind=kind, region=region, address=address, latitude=lat,
            longitude=lon, credit_limit=Decimal(credit), min_remaining_shelf_life_days=shelf,
            payment_terms_days=terms, created_at=demo.at(380),
            price_list_id=contract if code == data.CONTRACT_PRICE_LIST[2] else None,
            gln=_gln(code))
    await demo.add(*demo.suppliers.values(), *demo.customers.values())

    password_hash = hash_password(data.PASSWORD)
    for username, display, email, _roles, customer in data.USERS:
        demo.users[username] = User(
            username=username, display_name=display, email=email, password_hash=password_hash,
            is_active=True, customer_id=demo.customers[customer].id if customer else None,
            created_at=demo.at(365))
    await demo.add(*demo.users.values())
    await demo.add(*(UserRole(user_id=demo.users[u].id, role=role)
                     for u, _, _, roles, _ in data.USERS for role in roles))


async def _rules_and_accounts(demo: DemoState) -> None:
    for code, description, conditions, levels in data.APPROVAL_RULES:
        demo.rules[code] = ApprovalRule(
            code=code, description=description, conditions=conditions, active=True,
            levels=[[str(role) for role in level] for level in levels])
    await demo.add(*demo.rules.values())
    await demo.add(*(Account(code=c, name=n, type=t) for c, n, t in data.ACCOUNTS))
    await demo.journal(demo.at(365, 8), "Opening balances", "OB", "finance", [
        (account, Decimal(debit), Decimal(credit))
        for account, debit, credit in data.OPENING_BALANCES])


async def _lots(demo: DemoState) -> None:
    """Lots with their receipt or production, genealogy, serials, inspection and release."""
    for spec in data.LOTS:
        product = demo.products[spec.sku]
        warehouse = demo.warehouses[spec.warehouse]
        made = demo.day(spec.made)
        shelf_life = product.shelf_life_days
        expires = made + timedelta(days=shelf_life) if shelf_life else None
        # Purchased lots arrive three days after the supplier made them.
        start = spec.made - 3 if spec.supplier else spec.made
        lot = Lot(product_id=product.id, lot_number=spec.lot_number, manufactured_on=made,
                  expires_on=expires, status=spec.status, created_at=demo.at(start, 10),
                  supplier_id=demo.suppliers[spec.supplier].id if spec.supplier else None,
                  unit_cost=lot_cost(demo, spec))
        await demo.add(lot)
        demo.lots[spec.lot_number] = lot
        await _bring_into_stock(demo, spec, lot, product, warehouse, demo.at(start, 10))
        if spec.inspection:
            await _inspect(demo, spec, lot, demo.at(start - 1, 11))
        if spec.released:
            await _release(demo, lot, product, demo.at(start - 2, 14))
        if spec.status in (LotStatus.REJECTED, LotStatus.ON_HOLD):
            reason = spec.inspection[3] if spec.inspection else None
            await audit.record(
                demo.session, actor_id=demo.users["qa"].id,
                action=AuditAction.LOT_REJECTED if spec.status is LotStatus.REJECTED
                else AuditAction.LOT_HELD,
                entity_type="Lot", entity_id=lot.id, reason=reason,
                changes={"status": (LotStatus.QUARANTINE, spec.status)})


async def _bring_into_stock(demo: DemoState, spec: data.LotSpec, lot: Lot, product: Product,
                            warehouse: Warehouse, at: datetime) -> None:
    actor = demo.users["warehouse"]
    if spec.supplier:
        kind, reference = StockMoveKind.RECEIPT, f"GRN {spec.supplier} {spec.lot_number}"
    else:
        kind, reference = StockMoveKind.PRODUCTION, f"WO-{spec.lot_number}"
    for component, quantity in spec.components.items():
        source = demo.lots[component]
        await demo.add(LotComponent(lot_id=lot.id, component_lot_id=source.id, quantity=quantity))
        demo.ledger.move(StockMoveKind.CONSUMPTION, source, warehouse, -quantity, at, actor,
                         reference)
    if product.tracking_mode is not TrackingMode.SERIAL:
        demo.ledger.move(kind, lot, warehouse, spec.quantity, at, actor, reference)
        return
    serials = [Serial(product_id=product.id, lot_id=lot.id, status=SerialStatus.IN_STOCK,
                      serial_number=f"{lot.lot_number}-{n:04d}", warehouse_id=warehouse.id,
                      created_at=at) for n in range(1, spec.quantity + 1)]
    await demo.add(*serials)
    demo.serials[lot.lot_number] = serials
    for serial in serials:  # serial-tracked units move one by one
        demo.ledger.move(kind, lot, warehouse, 1, at, actor, reference, serial=serial)


async def _inspect(demo: DemoState, spec: data.LotSpec, lot: Lot, at: datetime) -> None:
    assert spec.inspection is not None  # called for the lots with an inspection only
    result, sample, defects, notes = spec.inspection
    inspection = Inspection(
        lot_id=lot.id, kind=InspectionKind.INCOMING if spec.supplier else InspectionKind.FINAL,
        result=result, sample_size=sample, defects_found=defects, notes=notes, inspected_at=at,
        inspector_id=demo.users["inspector"].id)
    await demo.add(inspection)
    demo.inspections[spec.lot_number] = inspection


async def _release(demo: DemoState, lot: Lot, product: Product, at: datetime) -> None:
    """Signed by `qa`, who did not inspect the lot, with a release certificate attached."""
    signature = await demo.sign("qa", RELEASE_MEANING, "lot", lot.id,
                                lot_record(lot, product.gtin), at)
    inspection = demo.inspections[lot.lot_number]
    certificate = await demo.document(
        DocumentKind.RELEASE_CERTIFICATE, f"Release certificate {lot.lot_number}", [
            f"Product: {product.name} ({product.sku}), GTIN {product.gtin}",
            f"Lot: {lot.lot_number}   Manufactured: {lot.manufactured_on}   "
            f"Expires: {lot.expires_on or 'n/a'}",
            f"{inspection.kind.value.title()} inspection: {inspection.result.value}, "
            f"{inspection.defects_found} defects in {inspection.sample_size} samples",
            f"{RELEASE_MEANING}: {demo.users['qa'].display_name}, {at:%Y-%m-%d %H:%M} UTC",
            f"Signed record sha256: {signature.record_hash}",
        ], at, "qa", [("Lot", lot.id)])
    release = Release(lot_id=lot.id, signature_id=signature.id, certificate_id=certificate.id,
                      released_at=at)
    await demo.add(release)
    await audit.record(demo.session, actor_id=demo.users["qa"].id,
                       action=AuditAction.LOT_RELEASED,
                       entity_type="Lot", entity_id=lot.id, reason=RELEASE_MEANING,
                       changes={"status": (LotStatus.QUARANTINE, LotStatus.RELEASED),
                                "signature_id": (None, signature.id)})


async def _stock_events(demo: DemoState) -> None:
    actor = demo.users["warehouse"]
    for lot_number, source, target, quantity, days in data.TRANSFERS:
        lot, reference = demo.lots[lot_number], f"Transfer {source} to {target}"
        demo.ledger.move(StockMoveKind.TRANSFER_OUT, lot, demo.warehouses[source], -quantity,
                         demo.at(days, 8), actor, reference)
        demo.ledger.move(StockMoveKind.TRANSFER_IN, lot, demo.warehouses[target], quantity,
                         demo.at(days - 2, 15), actor, reference)
    for lot_number, warehouse, quantity, days, reason in data.ADJUSTMENTS:
        demo.ledger.move(StockMoveKind.ADJUSTMENT, demo.lots[lot_number],
                         demo.warehouses[warehouse], quantity, demo.at(days, 16), actor, reason)


async def _other_documents(demo: DemoState) -> None:
    supplier = demo.suppliers["SUP-ALP"]
    await demo.document(DocumentKind.SUPPLIER_CERTIFICATE,
                        f"ISO 13485 certificate {supplier.name}", [
                            f"{supplier.name} ({supplier.country})",
                            "Quality management system certified to EN ISO 13485:2016",
                            "Scope: moulded and machined components for medical devices",
                            f"Valid until {demo.today.year + 2}-03-31",
                        ], demo.at(300, 10), "qa", [("Supplier", supplier.id)])
    failed = demo.inspections["HSG-2405"]
    await demo.document(DocumentKind.INSPECTION_REPORT, "Incoming inspection report HSG-2405", [
        "Lot HSG-2405, pump housings from Baltic Precision Castings SIA",
        f"Sample size {failed.sample_size}, defects found {failed.defects_found}: FAIL",
        failed.notes or "",
        f"Inspector: {demo.users['inspector'].display_name}",
    ], failed.inspected_at, "inspector", [("Inspection", failed.id), ("Lot", failed.lot_id)])
    lot = demo.lots["WD-24A"]
    title = "Certificate of conformity WD-24A"
    await demo.document(DocumentKind.CERTIFICATE_OF_CONFORMITY, title, [
        f"{supplier.name} certifies lot WD-24A conforms to specification DRS-WD1010 rev. 4",
        "Sterilised by ethylene oxide, cycle EO-2231",
    ], lot.created_at, "warehouse", [("Lot", lot.id)])


async def _number_sequences(demo: DemoState) -> None:
    await demo.add(*(NumberSequence(series=series, year=year, last_value=value)
                     for (series, year), value in sorted(demo.numbers.items())))


async def _summary_audit_event(demo: DemoState) -> None:
    counts = {}
    for model in (User, Customer, Product, Lot, Serial, StockMove, SalesOrder, Shipment, Invoice):
        counts[model.__tablename__] = await demo.session.scalar(
            select(func.count()).select_from(model))
    await audit.record(demo.session, actor_id=demo.users["admin"].id,
                       action=AuditAction.SEED_DEMO,
                       entity_type="System", entity_id=None, reason="Demo data loaded",
                       changes=audit.created(**counts))
