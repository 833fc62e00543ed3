"""The schema object: root Query, Mutation and Subscription types and the extensions."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig

from backend.api.ids import from_global_id
from backend.events.shared_results import SharedEventExecutor
from backend.observability.operations import OperationObserver
from backend.resolvers.context import Info
from backend.resolvers.nodes import load_row
from backend.schema.audit import queries as audit_queries
from backend.schema.base import Node, graph
from backend.schema.catalog import queries as catalog_queries
from backend.schema.error_codes import ErrorPolicy
from backend.schema.finance import mutations as finance_mutations
from backend.schema.finance import queries as finance_queries
from backend.schema.fulfilment import mutations as fulfilment_mutations
from backend.schema.fulfilment import queries as fulfilment_queries
from backend.schema.orders import mutations as order_mutations
from backend.schema.orders import preview as order_preview
from backend.schema.orders import queries as order_queries
from backend.schema.parties import queries as party_queries
from backend.schema.quality import mutations as quality_mutations
from backend.schema.quality import queries as quality_queries
from backend.schema.recalls import mutations as recall_mutations
from backend.schema.recalls import queries as recall_queries
from backend.schema.subscriptions import Subscription
from backend.schema.webhooks import mutations as webhook_mutations
from backend.schema.webhooks import queries as webhook_queries
from backend.security.document_limits import DocumentLimits
from backend.security.input_text import RefuseNulStrings
from backend.security.query_cost import QueryCostLimiter

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 3000
MAX_LENGTH = 32_000  # characters, checked before the document is even parsed


@strawberry.field
async def node(info: Info, id: strawberry.ID) -> Node | None:
    type_name, pk = from_global_id(id)
    return graph(type_name, await load_row(info.context, type_name, pk))


# Each area owns its fields; the roots list them in the published order.
@strawberry.type
class Query:
    scan = quality_queries.scan
    trace = quality_queries.trace
    kpis = audit_queries.kpis
    quotes = order_queries.quotes
    replenishment_requests = fulfilment_queries.replenishment_requests
    approvals_inbox = order_queries.approvals_inbox
    webhook_endpoints = webhook_queries.webhook_endpoints
    webhook_deliveries = webhook_queries.webhook_deliveries
    node = node
    viewer = party_queries.viewer
    sales_order = order_queries.sales_order
    sales_orders = order_queries.sales_orders
    customers = party_queries.customers
    suppliers = party_queries.suppliers
    products = catalog_queries.products
    warehouses = catalog_queries.warehouses
    lot = quality_queries.lot
    lots = quality_queries.lots
    serial = quality_queries.serial
    recalls = recall_queries.recalls
    invoices = finance_queries.invoices
    journal = finance_queries.journal
    trial_balance = finance_queries.trial_balance
    audit_trail = audit_queries.audit_trail
    preview_sales_order = order_preview.preview_sales_order


@strawberry.type
class Mutation:
    create_sales_order = order_mutations.create_sales_order
    submit_sales_order = order_mutations.submit_sales_order
    decide_approval = order_mutations.decide_approval
    allocate_sales_order = order_mutations.allocate_sales_order
    cancel_sales_order = order_mutations.cancel_sales_order
    create_quote = order_mutations.create_quote
    convert_quote_to_order = order_mutations.convert_quote_to_order
    create_shipment = fulfilment_mutations.create_shipment
    confirm_delivery = fulfilment_mutations.confirm_delivery
    transfer_stock = fulfilment_mutations.transfer_stock
    record_customer_return = fulfilment_mutations.record_customer_return
    receive_goods = quality_mutations.receive_goods
    record_production = quality_mutations.record_production
    record_inspection = quality_mutations.record_inspection
    release_lot = quality_mutations.release_lot
    reject_lot = quality_mutations.reject_lot
    attach_document = quality_mutations.attach_document
    issue_invoice = finance_mutations.issue_invoice
    record_payment = finance_mutations.record_payment
    initiate_recall = recall_mutations.initiate_recall
    acknowledge_recall = recall_mutations.acknowledge_recall
    create_webhook_endpoint = webhook_mutations.create_webhook_endpoint
    update_webhook_endpoint = webhook_mutations.update_webhook_endpoint
    delete_webhook_endpoint = webhook_mutations.delete_webhook_endpoint
    retry_webhook_delivery = webhook_mutations.retry_webhook_delivery


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
