"""The schema object: root Query, Mutation and Subscription types and the extensions."""

from collections.abc import AsyncGenerator
from datetime import date, datetime
from typing import Annotated, Any

from graphql import GraphQLError

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from backend.resolvers import nodes, queries
from backend.resolvers.orders import sales_orders_connection
from backend.schema.enums import InvoiceStatus, LotStatus, OrderStatus, StockMoveKind, TraceDirection
from backend.schema.error_codes import ErrorPolicy
from backend.schema.errors import NotImplementedYet
from backend.schema.inputs import (
    AttachDocumentInput,
    CreateSalesOrderInput,
    CreateShipmentInput,
    DecideApprovalInput,
    InitiateRecallInput,
    IssueInvoiceInput,
    ReceiveGoodsInput,
    RecordInspectionInput,
    RecordPaymentInput,
    RecordProductionInput,
    ReleaseLotInput,
)
from backend.schema.node import Node
from backend.schema.pagination import Connection
from backend.schema.payloads import (
    DocumentPayload,
    InspectionPayload,
    InvoicePayload,
    LotPayload,
    PaymentPayload,
    ReceiveGoodsPayload,
    RecallPayload,
    SalesOrderPayload,
    ShipmentPayload,
)
from backend.schema.types.audit import AuditEvent, Kpis
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.finance import AccountBalance, Invoice, JournalEntry
from backend.schema.types.orders import SalesOrder, SalesOrderFilter
from backend.schema.types.parties import Customer, Supplier, User
from backend.schema.types.quality import Lot, ScanResult, Serial, Trace
from backend.schema.types.recalls import Recall

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 5000


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return await nodes.resolve_node(info.context, id)

    @strawberry.field
    async def viewer(self, info: strawberry.Info) -> User | None:
        return await queries.viewer(info)

    @strawberry.field
    async def sales_order(self, info: strawberry.Info, number: str) -> SalesOrder | None:
        return await queries.sales_order(info, number)

    @strawberry.field
    async def sales_orders(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: SalesOrderFilter | None = None,
    ) -> Connection[SalesOrder]:
        return await sales_orders_connection(info, first=first, after=after, filter=filter)

    @strawberry.field
    async def customers(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        search: str | None = None,
    ) -> Connection[Customer]:
        return await queries.customers(info, first, after, search)

    @strawberry.field
    async def suppliers(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        search: str | None = None,
    ) -> Connection[Supplier]:
        return await queries.suppliers(info, first, after, search)

    @strawberry.field
    async def products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        search: str | None = None,
    ) -> Connection[Product]:
        return await queries.products(info, first, after, search)

    @strawberry.field
    async def warehouses(self, info: strawberry.Info) -> list[Warehouse]:
        return await queries.warehouses(info)

    @strawberry.field
    async def lot(self, info: strawberry.Info, gtin: str, lot_number: str) -> Lot | None:
        return await queries.lot(info, gtin, lot_number)

    @strawberry.field
    async def lots(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        product_id: strawberry.ID | None = None,
        status: list[LotStatus] | None = None,
        expiring_before: date | None = None,
    ) -> Connection[Lot]:
        return await queries.lots(info, first, after, product_id, status, expiring_before)

    @strawberry.field
    async def serial(self, info: strawberry.Info, gtin: str, serial_number: str) -> Serial | None:
        return await queries.serial(info, gtin, serial_number)

    @strawberry.field(
        description="Parses a GS1 element string (parenthesised or with GS separators) and resolves it."
    )
    async def scan(self, info: strawberry.Info, code: str) -> ScanResult | None:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("scan")

    @strawberry.field
    async def trace(
        self, info: strawberry.Info, lot_id: strawberry.ID, direction: TraceDirection
    ) -> Trace:
        info.context.require_staff()
        raise NotImplementedYet("trace")

    @strawberry.field
    async def recalls(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Recall]:
        return await queries.recall_list(info, first, after)

    @strawberry.field
    async def invoices(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        customer_id: strawberry.ID | None = None,
        status: list[InvoiceStatus] | None = None,
    ) -> Connection[Invoice]:
        return await queries.invoice_list(info, first, after, customer_id, status)

    @strawberry.field
    async def journal(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[JournalEntry]:
        return await queries.journal(info, first, after)

    @strawberry.field
    async def trial_balance(self, info: strawberry.Info) -> list[AccountBalance]:
        return await queries.trial_balance(info)

    @strawberry.field
    async def audit_trail(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        entity_id: strawberry.ID | None = None,
    ) -> Connection[AuditEvent]:
        return await queries.audit_trail(info, first, after, entity_id)

    @strawberry.field
    async def kpis(
        self,
        info: strawberry.Info,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> Kpis:
        info.context.require_staff()
        raise NotImplementedYet("kpis")


def _pending(name: str):  # noqa: ANN202 - builds a resolver with the mutation's name in its error
    async def resolve(info: strawberry.Info) -> None:
        info.context.principal  # noqa: B018 - authentication first, as for every operation
        raise NotImplementedYet(name)

    return resolve


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_sales_order(self, info: strawberry.Info, input: CreateSalesOrderInput) -> SalesOrderPayload:
        return await _pending("createSalesOrder")(info)

    @strawberry.mutation(description="DRAFT -> APPROVED, or PENDING_APPROVAL where a rule needs a decision.")
    async def submit_sales_order(self, info: strawberry.Info, order_id: strawberry.ID) -> SalesOrderPayload:
        return await _pending("submitSalesOrder")(info)

    @strawberry.mutation
    async def decide_approval(self, info: strawberry.Info, input: DecideApprovalInput) -> SalesOrderPayload:
        return await _pending("decideApproval")(info)

    @strawberry.mutation(description="Reserves released stock: nearest warehouse first, then earliest expiry first.")
    async def allocate_sales_order(self, info: strawberry.Info, order_id: strawberry.ID) -> SalesOrderPayload:
        return await _pending("allocateSalesOrder")(info)

    @strawberry.mutation
    async def cancel_sales_order(
        self, info: strawberry.Info, order_id: strawberry.ID, reason: str
    ) -> SalesOrderPayload:
        return await _pending("cancelSalesOrder")(info)

    @strawberry.mutation
    async def create_shipment(self, info: strawberry.Info, input: CreateShipmentInput) -> ShipmentPayload:
        return await _pending("createShipment")(info)

    @strawberry.mutation
    async def confirm_delivery(
        self, info: strawberry.Info, shipment_id: strawberry.ID, delivered_at: datetime | None = None
    ) -> ShipmentPayload:
        return await _pending("confirmDelivery")(info)

    @strawberry.mutation
    async def receive_goods(self, info: strawberry.Info, input: ReceiveGoodsInput) -> ReceiveGoodsPayload:
        return await _pending("receiveGoods")(info)

    @strawberry.mutation
    async def record_production(self, info: strawberry.Info, input: RecordProductionInput) -> LotPayload:
        return await _pending("recordProduction")(info)

    @strawberry.mutation
    async def record_inspection(self, info: strawberry.Info, input: RecordInspectionInput) -> InspectionPayload:
        return await _pending("recordInspection")(info)

    @strawberry.mutation
    async def release_lot(self, info: strawberry.Info, input: ReleaseLotInput) -> LotPayload:
        return await _pending("releaseLot")(info)

    @strawberry.mutation
    async def reject_lot(self, info: strawberry.Info, lot_id: strawberry.ID, reason: str) -> LotPayload:
        return await _pending("rejectLot")(info)

    @strawberry.mutation
    async def attach_document(self, info: strawberry.Info, input: AttachDocumentInput) -> DocumentPayload:
        return await _pending("attachDocument")(info)

    @strawberry.mutation
    async def issue_invoice(self, info: strawberry.Info, input: IssueInvoiceInput) -> InvoicePayload:
        return await _pending("issueInvoice")(info)

    @strawberry.mutation
    async def record_payment(self, info: strawberry.Info, input: RecordPaymentInput) -> PaymentPayload:
        return await _pending("recordPayment")(info)

    @strawberry.mutation
    async def initiate_recall(self, info: strawberry.Info, input: InitiateRecallInput) -> RecallPayload:
        return await _pending("initiateRecall")(info)

    @strawberry.mutation
    async def acknowledge_recall(self, info: strawberry.Info, recall_id: strawberry.ID) -> RecallPayload:
        return await _pending("acknowledgeRecall")(info)


@strawberry.type
class StockChange:
    cursor: str = strawberry.field(description="Monotonic event cursor; pass it as `after` to resume without gaps.")
    occurred_at: datetime
    product: Product
    warehouse: Warehouse
    lot: Lot
    delta: int
    on_hand: int
    available: int
    kind: StockMoveKind


@strawberry.type
class OrderStatusChange:
    cursor: str
    occurred_at: datetime
    order: SalesOrder
    from_: OrderStatus | None = strawberry.field(name="from")
    to: OrderStatus


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def stock_changed(
        self,
        info: strawberry.Info,
        product_id: strawberry.ID | None = None,
        warehouse_id: strawberry.ID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[StockChange, None]:
        info.context.require_staff()
        raise NotImplementedYet("stockChanged")
        yield  # type: ignore[unreachable]

    @strawberry.subscription
    async def order_status_changed(
        self, info: strawberry.Info, order_id: strawberry.ID | None = None, after: str | None = None
    ) -> AsyncGenerator[OrderStatusChange, None]:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("orderStatusChanged")
        yield  # type: ignore[unreachable]

    @strawberry.subscription
    async def recall_initiated(self, info: strawberry.Info) -> AsyncGenerator[Recall, None]:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("recallInitiated")
        yield  # type: ignore[unreachable]


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Refusals meant for the client are not server faults; ErrorPolicy logs the rest.
        return None


schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    config=StrawberryConfig(relay_max_results=100),
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        ErrorPolicy,
    ],
)
