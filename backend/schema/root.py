"""The schema object: root Query, Mutation and Subscription types and the extensions."""

from datetime import date
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig

from backend.events.shared_results import SharedEventExecutor
from backend.observability.operations import OperationObserver
from backend.resolvers import nodes, queries
from backend.resolvers.orders import sales_orders_connection
from backend.schema.enums import InvoiceStatus, LotStatus
from backend.schema.error_codes import ErrorPolicy
from backend.schema.mutations.finance import FinanceMutations
from backend.schema.mutations.orders import OrderMutations
from backend.schema.mutations.quality import QualityMutations
from backend.schema.mutations.recalls import RecallMutations
from backend.schema.mutations.shipping import ShippingMutations
from backend.schema.mutations.webhooks import WebhookMutations
from backend.schema.node import Node
from backend.schema.pagination import Connection
from backend.schema.queries.quality import QualityQueries
from backend.schema.queries.reporting import ReportingQueries
from backend.schema.queries.sales import SalesQueries
from backend.schema.queries.webhooks import WebhookQueries
from backend.schema.subscriptions import Subscription
from backend.schema.types.audit import AuditEvent
from backend.schema.types.catalog import Product, Warehouse
from backend.schema.types.finance import AccountBalance, Invoice, JournalEntry
from backend.schema.types.orders import SalesOrder, SalesOrderFilter
from backend.schema.types.parties import Customer, Supplier, User
from backend.schema.types.quality import Lot, Serial
from backend.schema.types.recalls import Recall
from backend.security.document_limits import DocumentLimits
from backend.security.input_text import RefuseNulStrings
from backend.security.query_cost import QueryCostLimiter

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 3000
MAX_LENGTH = 32_000  # characters, checked before the document is even parsed


@strawberry.type
class Query(QualityQueries, ReportingQueries, SalesQueries, WebhookQueries):
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


@strawberry.type
class Mutation(
    OrderMutations, ShippingMutations, QualityMutations, FinanceMutations, RecallMutations,
    WebhookMutations,
):
    pass


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Refusals meant for the client are not server faults; ErrorPolicy logs the rest.
        return None


schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    config=StrawberryConfig(relay_max_results=100),
    # Identical subscriptions share each event's execution (and its encoded message).
    execution_context_class=SharedEventExecutor,
    extensions=[
        OperationObserver,  # first: it sees the errors as clients get them
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: DocumentLimits(max_length=MAX_LENGTH, max_depth=MAX_DEPTH, max_aliases=MAX_ALIASES),
        RefuseNulStrings,
        QueryCostLimiter,
        ErrorPolicy,
    ],
)
