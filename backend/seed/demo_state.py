"""What the demo loaders share: the clock, rows built so far, the stock ledger, small writers."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    ApprovalRule,
    Customer,
    Document,
    DocumentBlob,
    DocumentLink,
    Inspection,
    JournalEntry,
    JournalLine,
    Lot,
    PriceList,
    Product,
    SalesOrder,
    Serial,
    Shipment,
    ShipmentLine,
    Signature,
    StockBalance,
    StockMove,
    Supplier,
    TransitLane,
    User,
    Warehouse,
)
from backend.domain.quality.documents import content_hash
from backend.domain.quality.releases import lot_record  # noqa: F401 - tests/quality/test_release.py
from backend.domain.trust.signatures import record_hash
from backend.enums import DocumentKind, SerialStatus, StockMoveKind
from backend.seed.demo_data import OrderSpec
from backend.seed.pdf import simple_pdf

CENT = Decimal("0.01")
ZERO = Decimal("0")
RELEASE_MEANING = "Released for distribution"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Ledger:
    """Writes stock moves and keeps their running sum per (warehouse, lot) for the balances."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.on_hand: Counter[tuple[int, int]] = Counter()
        self.reserved: Counter[tuple[int, int]] = Counter()
        self.product_of: dict[int, int] = {}

    def move(self, kind: StockMoveKind, lot: Lot, warehouse: Warehouse, quantity: int,
             at: datetime, actor: User, reference: str, *, serial: Serial | None = None,
             shipment: Shipment | None = None) -> None:
        self.session.add(StockMove(
            kind=kind, product_id=lot.product_id, lot_id=lot.id, warehouse_id=warehouse.id,
            serial_id=serial.id if serial else None, quantity=quantity, occurred_at=at,
            actor_id=actor.id, reference=reference, shipment_id=shipment.id if shipment else None,
        ))
        self.on_hand[(warehouse.id, lot.id)] += quantity
        self.product_of[lot.id] = lot.product_id

    def reserve(self, warehouse: Warehouse, lot: Lot, quantity: int) -> None:
        self.reserved[(warehouse.id, lot.id)] += quantity

    async def write_balances(self) -> None:
        await self.session.flush()
        for (warehouse_id, lot_id), on_hand in sorted(self.on_hand.items()):
            reserved = self.reserved[(warehouse_id, lot_id)]
            assert 0 <= reserved <= on_hand, (warehouse_id, lot_id, on_hand, reserved)
            self.session.add(StockBalance(
                warehouse_id=warehouse_id, lot_id=lot_id, product_id=self.product_of[lot_id],
                on_hand=on_hand, reserved=reserved,
            ))
        await self.session.flush()


class DemoState:
    """The session, the clock and every row built so far, by natural key."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.today = self.now.date()
        self.ledger = Ledger(session)
        self.users: dict[str, User] = {}
        self.warehouses: dict[str, Warehouse] = {}
        self.lanes: dict[tuple[str, str], TransitLane] = {}
        self.products: dict[str, Product] = {}
        self.product_by_id: dict[int, Product] = {}
        self.prices: dict[int, dict[str, Decimal]] = {}  # price list id -> sku -> price
        self.default_price_list: PriceList
        self.suppliers: dict[str, Supplier] = {}
        self.customers: dict[str, Customer] = {}
        self.rules: dict[str, ApprovalRule] = {}
        self.lots: dict[str, Lot] = {}
        self.serials: dict[str, list[Serial]] = defaultdict(list)
        self.inspections: dict[str, Inspection] = {}
        self.orders: list[tuple[SalesOrder, OrderSpec]] = []
        self.shipments: list[tuple[Shipment, list[ShipmentLine]]] = []
        self.numbers: Counter[tuple[str, int]] = Counter()
        self.blobs: set[str] = set()

    def at(self, days_ago: int, hour: int = 9) -> datetime:
        """That day at `hour`:00 UTC, but never in the future."""
        moment = datetime.combine(self.today - timedelta(days=days_ago), time(hour), UTC)
        return min(moment, self.now - timedelta(minutes=1))

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def number(self, series: str, when: datetime) -> str:
        """The next document number of a series in the year of `when`: SO-2026-000001."""
        self.numbers[(series, when.year)] += 1
        return f"{series}-{when.year}-{self.numbers[(series, when.year)]:06d}"

    def price(self, customer: Customer, sku: str) -> Decimal:
        own = self.prices.get(customer.price_list_id or 0, {})
        return own.get(sku, self.prices[self.default_price_list.id][sku])

    def lane(self, warehouse: str, customer: Customer) -> TransitLane:
        """The transit lane from a warehouse (by code) to the customer's region."""
        assert customer.region is not None, f"demo customer {customer.code} has no region"
        return self.lanes[(warehouse, customer.region)]

    def lot_number(self, lot_id: int) -> str:
        return next(number for number, lot in self.lots.items() if lot.id == lot_id)

    def take_serials(self, lot: Lot, warehouse: Warehouse, count: int) -> list[Serial]:
        """The first `count` serials of a lot still in stock at a warehouse."""
        free = [s for s in self.serials[lot.lot_number]
                if s.status is SerialStatus.IN_STOCK and s.warehouse_id == warehouse.id]
        assert len(free) >= count, f"not enough serials in {lot.lot_number}"
        return free[:count]

    async def add(self, *rows: Any) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def sign(self, signer: str, meaning: str, record_type: str, record_id: int,
                   record: dict[str, Any], at: datetime) -> Signature:
        signature = Signature(signer_id=self.users[signer].id, meaning=meaning, signed_at=at,
                              record_type=record_type, record_id=record_id,
                              record_hash=record_hash(record))
        await self.add(signature)
        return signature

    async def journal(self, at: datetime, memo: str, reference: str, actor: str,
                      lines: list[tuple[str, Decimal, Decimal]]) -> JournalEntry:
        """A balanced journal entry: (account code, debit, credit) per line."""
        assert sum(d for _, d, _ in lines) == sum(c for _, _, c in lines), memo
        entry = JournalEntry(posted_at=at, booked_on=at.date(), memo=memo, reference=reference,
                             actor_id=self.users[actor].id)
        await self.add(entry)
        await self.add(*(JournalLine(entry_id=entry.id, account_code=account, debit=debit,
                                     credit=credit) for account, debit, credit in lines))
        return entry

    async def document(self, kind: DocumentKind, title: str, lines: list[str], at: datetime,
                       uploader: str, links: list[tuple[str, int]]) -> Document:
        """A one-page PDF document (version 1), its blob, and its links to graph nodes."""
        content = simple_pdf(title, lines)
        sha = content_hash(content)
        if sha not in self.blobs:
            self.blobs.add(sha)
            await self.add(DocumentBlob(sha256=sha, size_bytes=len(content), data=content))
        file_name = "".join(c if c.isalnum() else "-" for c in title).strip("-").lower() + ".pdf"
        doc = Document(kind=kind, title=title, file_name=file_name, content_type="application/pdf",
                       size_bytes=len(content), sha256=sha, version=1, uploaded_at=at,
                       uploaded_by_id=self.users[uploader].id)
        await self.add(doc)
        doc.series_id = doc.id
        await self.add(*(DocumentLink(document_id=doc.id, node_type=node_type, node_id=node_id)
                         for node_type, node_id in links))
        return doc
