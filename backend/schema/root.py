"""The schema object: root Query, Mutation and Subscription types and the extensions."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig

from backend.api.ids import from_global_id
from backend.events.shared_results import SharedEventExecutor
from backend.observability.operations import OperationObserver
from backend.readpath.extension import ReadPath
from backend.resolvers.context import Info
from backend.resolvers.nodes import load_row
from backend.schema.admin import permissions as admin_permissions
from backend.schema.admin import users as admin_users
from backend.schema.admin.password_gate import PasswordChangeGate
from backend.schema.audit import queries as audit_queries
from backend.schema.base import Node, graph
from backend.schema.catalog import queries as catalog_queries
from backend.schema.customfields import mutations as custom_field_mutations
from backend.schema.customfields import queries as custom_field_queries
from backend.schema.error_codes import ErrorPolicy
from backend.schema.finance import bank as finance_bank
from backend.schema.finance import invoices as finance_invoices
from backend.schema.finance import mutations as finance_mutations
from backend.schema.finance import payments as finance_payments
from backend.schema.finance import periods as finance_periods
from backend.schema.finance import queries as finance_queries
from backend.schema.finance import receivables as finance_receivables
from backend.schema.finance import settings as finance_conf
from backend.schema.fulfilment import mutations as fulfilment_mutations
from backend.schema.fulfilment import queries as fulfilment_queries
from backend.schema.masterdata import catalog_mutations as masterdata_catalog
from backend.schema.masterdata import party_mutations as masterdata_parties
from backend.schema.masterdata import queries as masterdata_queries
from backend.schema.orders import amendments as order_amendments
from backend.schema.orders import approval_rules as order_chains
from backend.schema.orders import licences as order_licences
from backend.schema.orders import mutations as order_mutations
from backend.schema.orders import preview as order_preview
from backend.schema.orders import promise as order_promise
from backend.schema.orders import queries as order_queries
from backend.schema.parties import queries as party_queries
from backend.schema.policies import fields as policy_fields
from backend.schema.production import batch_mutations as batch_record_mutations
from backend.schema.production import execution_mutations as shop_floor_mutations
from backend.schema.production import mutations as production_mutations
from backend.schema.production import order_mutations as work_order_mutations
from backend.schema.production import queries as production_queries
from backend.schema.purchasing import flow_mutations as purchasing_flow_mutations
from backend.schema.purchasing import flow_queries as purchasing_flow_queries
from backend.schema.purchasing import mutations as purchasing_mutations
from backend.schema.purchasing import order_mutations as purchase_order_mutations
from backend.schema.purchasing import payables_api as purchasing_payables
from backend.schema.purchasing import queries as purchasing_queries
from backend.schema.purchasing import valuation as purchasing_valuation
from backend.schema.quality import capa as quality_capa
from backend.schema.quality import holds as quality_holds
from backend.schema.quality import mutations as quality_mutations
from backend.schema.quality import nonconformance as quality_ncs
from backend.schema.quality import plans as quality_plans
from backend.schema.quality import queries as quality_queries
from backend.schema.quality import samples as quality_samples
from backend.schema.recalls import closure as recall_closure
from backend.schema.recalls import mutations as recall_mutations
from backend.schema.recalls import queries as recall_queries
from backend.schema.standards import cartons as standards_cartons
from backend.schema.standards import labels as standards_labels
from backend.schema.standards import scanning as standards_scanning
from backend.schema.standards import signing as standards_signing
from backend.schema.subscriptions import Subscription
from backend.schema.tasks import fields as task_fields
from backend.schema.webhooks import mutations as webhook_mutations
from backend.schema.webhooks import queries as webhook_queries
from backend.security.document_cache import CachedParse, CachedValidation
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
    # user administration
    users = admin_users.users
    security_policy = admin_users.security_policy
    # permissions as data
    permissions = admin_permissions.permissions
    role_permissions = admin_permissions.role_permissions
    separation_of_duties_rules = admin_permissions.separation_of_duties_rules
    scan = standards_scanning.scan
    decode_barcode = standards_scanning.decode_barcode
    carton = standards_cartons.carton
    document_signing_certificate = standards_signing.document_signing_certificate
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
    # change control
    available_to_promise = order_promise.available_to_promise
    order_approval_rules = order_chains.order_approval_rules
    approval_delegations = order_chains.approval_delegations
    approval_delegate_candidates = order_chains.approval_delegate_candidates
    customer_licences = order_licences.customer_licences
    licence_requirements = order_licences.licence_requirements
    # quality loop
    quality_holds = quality_holds.quality_holds
    nonconformances = quality_ncs.nonconformances
    capas = quality_capa.capas_query
    expiry_alerts = quality_samples.expiry_alerts
    overdue_recall_notices = recall_closure.overdue_recall_notices
    inspection_plan = quality_plans.inspection_plan
    inspection_tasks = quality_plans.inspection_tasks
    retained_samples = quality_samples.retained_samples
    # finance desk
    finance_settings = finance_conf.finance_settings
    tax_rules = finance_conf.tax_rules
    credit_notes = finance_invoices.credit_notes
    ar_ageing = finance_receivables.ar_ageing
    customer_statement = finance_receivables.customer_statement
    bank_statements = finance_bank.bank_statements
    bank_statement_lines = finance_bank.bank_statement_lines
    accounting_periods = finance_periods.accounting_periods
    journal_entries = finance_periods.journal_entries
    # purchasing
    purchase_orders = purchasing_queries.purchase_orders
    purchase_order = purchasing_queries.purchase_order
    purchasing_settings = purchasing_flow_queries.purchasing_settings
    purchase_approval_rules = purchasing_flow_queries.purchase_approval_rules
    reorder_points = purchasing_flow_queries.reorder_points
    purchase_requisitions = purchasing_flow_queries.purchase_requisitions
    # payables and valuation
    supplier_invoices = purchasing_payables.supplier_invoices_list
    ap_ageing = purchasing_payables.ap_ageing
    inventory_valuation = purchasing_valuation.inventory_valuation
    # production
    work_centers = production_queries.work_centers
    work_order = production_queries.work_order
    work_orders = production_queries.work_orders
    production_schedule = production_queries.production_schedule
    batch_deviations = batch_record_mutations.batch_deviations
    # the header's bell
    viewer_tasks = task_fields.viewer_tasks
    # master data
    price_lists = masterdata_queries.price_lists
    # custom fields
    custom_field_definitions = custom_field_queries.custom_field_definitions
    custom_field_matches = custom_field_queries.custom_field_matches
    # configuration policies
    config_policies = policy_fields.config_policies
    effective_policies = policy_fields.effective_policies


@strawberry.type
class Mutation:
    # user administration
    create_user = admin_users.create_user
    update_user = admin_users.update_user
    deactivate_user = admin_users.deactivate_user
    reactivate_user = admin_users.reactivate_user
    unlock_user = admin_users.unlock_user
    reset_user_password = admin_users.reset_user_password
    change_password = admin_users.change_password
    set_my_language = admin_users.set_my_language
    update_security_policy = admin_users.update_security_policy
    # permissions as data
    set_role_permissions = admin_permissions.set_role_permissions
    create_separation_of_duties_rule = admin_permissions.create_separation_of_duties_rule
    update_separation_of_duties_rule = admin_permissions.update_separation_of_duties_rule
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
    # change control
    update_draft_sales_order = order_amendments.update_draft_sales_order
    amend_sales_order = order_amendments.amend_sales_order
    short_close_sales_order = order_amendments.short_close_sales_order
    create_order_approval_rule = order_chains.create_order_approval_rule
    update_order_approval_rule = order_chains.update_order_approval_rule
    delegate_approvals = order_chains.delegate_approvals
    end_approval_delegation = order_chains.end_approval_delegation
    add_customer_licence = order_licences.add_customer_licence
    revoke_customer_licence = order_licences.revoke_customer_licence
    set_licence_requirement = order_licences.set_licence_requirement
    # quality loop
    place_quality_hold = quality_holds.place_quality_hold
    release_quality_hold = quality_holds.release_quality_hold
    open_nonconformance = quality_ncs.open_nonconformance
    add_nonconformance_note = quality_ncs.add_nonconformance_note
    decide_nonconformance = quality_ncs.decide_nonconformance
    close_nonconformance = quality_ncs.close_nonconformance
    create_capa = quality_capa.create_capa
    add_capa_action = quality_capa.add_capa_action
    complete_capa_action = quality_capa.complete_capa_action
    record_capa_effectiveness = quality_capa.record_capa_effectiveness
    close_capa = quality_capa.close_capa
    record_recall_acknowledgement = recall_closure.record_recall_acknowledgement
    record_recall_reconciliation = recall_closure.record_recall_reconciliation
    close_recall = recall_closure.close_recall
    set_inspection_plan = quality_plans.set_inspection_plan
    record_inspection_results = quality_plans.record_inspection_results
    retain_sample = quality_samples.retain_sample
    pull_retained_sample = quality_samples.pull_retained_sample
    # finance desk
    void_invoice = finance_invoices.void_invoice
    write_off_invoice = finance_invoices.write_off_invoice
    issue_credit_note = finance_invoices.issue_credit_note
    refund_customer_credit = finance_payments.refund_customer_credit
    set_tax_rule = finance_conf.set_tax_rule
    set_customer_finance_terms = finance_conf.set_customer_finance_terms
    update_finance_settings = finance_conf.update_finance_settings
    import_bank_statement = finance_bank.import_bank_statement
    match_bank_statement_line = finance_bank.match_bank_statement_line
    unmatch_bank_statement_line = finance_bank.unmatch_bank_statement_line
    post_bank_statement_line = finance_bank.post_bank_statement_line
    close_accounting_period = finance_periods.close_accounting_period
    reopen_accounting_period = finance_periods.reopen_accounting_period
    export_general_ledger = finance_periods.export_general_ledger
    # purchasing
    register_supplier = purchasing_mutations.register_supplier
    set_supplier_qualification = purchasing_mutations.set_supplier_qualification
    grant_supplier_override = purchasing_mutations.grant_supplier_override
    set_supplier_price = purchase_order_mutations.set_supplier_price
    create_purchase_order = purchase_order_mutations.create_purchase_order
    submit_purchase_order = purchase_order_mutations.submit_purchase_order
    send_purchase_order = purchase_order_mutations.send_purchase_order
    cancel_purchase_order = purchase_order_mutations.cancel_purchase_order
    close_purchase_order = purchase_order_mutations.close_purchase_order
    set_reorder_point = purchasing_flow_mutations.set_reorder_point
    run_purchase_planning = purchasing_flow_mutations.run_purchase_planning
    create_purchase_requisition = purchasing_flow_mutations.create_purchase_requisition
    submit_purchase_requisition = purchasing_flow_mutations.submit_purchase_requisition
    cancel_purchase_requisition = purchasing_flow_mutations.cancel_purchase_requisition
    decide_purchase_approval = purchasing_flow_mutations.decide_purchase_approval
    set_purchase_approval_rule = purchasing_flow_mutations.set_purchase_approval_rule
    update_purchasing_settings = purchasing_flow_mutations.update_purchasing_settings
    # payables
    record_supplier_invoice = purchasing_payables.record_supplier_invoice
    release_supplier_invoice_hold = purchasing_payables.release_supplier_invoice_hold
    record_supplier_payment = purchasing_payables.record_supplier_payment
    # production
    create_work_center = production_mutations.create_work_center
    update_work_center = production_mutations.update_work_center
    create_bom_version = production_mutations.create_bom_version
    approve_bom_version = production_mutations.approve_bom_version
    create_work_order = work_order_mutations.create_work_order
    update_work_order = work_order_mutations.update_work_order
    release_work_order = work_order_mutations.release_work_order
    cancel_work_order = work_order_mutations.cancel_work_order
    issue_material = shop_floor_mutations.issue_material
    record_work_order_output = shop_floor_mutations.record_work_order_output
    record_batch_step = batch_record_mutations.record_batch_step
    verify_batch_step = batch_record_mutations.verify_batch_step
    close_batch_deviation = batch_record_mutations.close_batch_deviation
    review_batch_record = batch_record_mutations.review_batch_record
    # labels and signed documents
    print_labels = standards_labels.print_labels
    # master data
    create_customer = masterdata_parties.create_customer
    update_customer = masterdata_parties.update_customer
    create_supplier = masterdata_parties.create_supplier
    update_supplier = masterdata_parties.update_supplier
    create_product = masterdata_catalog.create_product
    update_product = masterdata_catalog.update_product
    create_warehouse = masterdata_catalog.create_warehouse
    update_warehouse = masterdata_catalog.update_warehouse
    create_price_list = masterdata_catalog.create_price_list
    update_price_list = masterdata_catalog.update_price_list
    set_price_list_prices = masterdata_catalog.set_price_list_prices
    # custom fields
    create_custom_field_definition = custom_field_mutations.create_custom_field_definition
    update_custom_field_definition = custom_field_mutations.update_custom_field_definition
    set_custom_fields = custom_field_mutations.set_custom_fields
    # configuration policies
    set_config_policy = policy_fields.set_config_policy
    deactivate_config_policy = policy_fields.deactivate_config_policy


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
        CachedParse,
        RefuseNulStrings,
        CachedValidation,
        QueryCostLimiter,
        PasswordChangeGate,  # a temporary password opens only the password change
        ReadPath,  # after every limit: both read paths are refused alike
        ErrorPolicy,
    ],
)
