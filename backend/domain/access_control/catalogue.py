"""The permission catalogue: every code the system knows, and the roles that hold it by default.

A mutation names the one code it needs (`requires("lot.release")`); a role holds a list of
codes (`role_permissions`, editable with `setRolePermissions`). Business codes decide in
the business (approve, release, recall, ship, invoice...): ADMIN never holds one, and a
PARTNER holds at most `PARTNER_MAY_HOLD`. System codes shape the system and are ADMIN's.
The migration seeds the tables from `CATALOGUE` and `DEFAULT_GRANTS`, and a process uses
`DEFAULT_GRANTS` until it has read the tables once.
"""

from dataclasses import dataclass

from backend.enums import Role

R = Role
# Every staff role but ADMIN: approval chains and delegations may name any of them.
BUSINESS_STAFF = (R.SALES, R.SALES_MANAGER, R.WAREHOUSE, R.QA_INSPECTOR, R.QA_MANAGER,
                  R.FINANCE, R.BUYER, R.PLANNER, R.OPERATOR)
# The staff roles that report and document quality events.
REPORTERS = (R.SALES, R.SALES_MANAGER, R.WAREHOUSE, R.QA_INSPECTOR, R.QA_MANAGER, R.FINANCE)
ORDER_TAKERS = (R.SALES, R.SALES_MANAGER, R.PARTNER)
SALES = (R.SALES, R.SALES_MANAGER)
QA_FLOOR = (R.WAREHOUSE, R.QA_INSPECTOR, R.QA_MANAGER)


@dataclass(frozen=True, slots=True)
class Permission:
    code: str
    description: str
    business: bool
    roles: tuple[Role, ...]


def _p(code: str, description: str, *roles: Role) -> Permission:
    return Permission(code, description, True, tuple(roles))


def _system(code: str, description: str) -> Permission:
    return Permission(code, description, False, (R.ADMIN,))


CATALOGUE: tuple[Permission, ...] = (
    # sales orders and quotes
    _p("order.create", "Create sales orders (also from a quote).", *ORDER_TAKERS),
    _p("order.edit", "Edit draft sales orders.", *ORDER_TAKERS),
    _p("order.submit", "Submit sales orders for approval.", *ORDER_TAKERS),
    _p("order.amend", "Amend confirmed sales orders.", *SALES),
    _p("order.approve", "Decide sales order approvals (the approval's role is needed too).",
       *BUSINESS_STAFF),
    _p("order.allocate", "Reserve stock for sales orders.", R.SALES, R.SALES_MANAGER, R.WAREHOUSE),
    _p("order.cancel", "Cancel sales orders.", *SALES),
    _p("order.short_close", "Short-close sales orders.", *SALES),
    _p("quote.create", "Create quotes.", *SALES),
    _p("approval.delegate", "Delegate one's approvals to a colleague.", *BUSINESS_STAFF),
    _p("customer.licence", "Record and revoke customer licences.", R.QA_MANAGER, R.SALES_MANAGER),
    _p("customer.credit_limit", "Set customers' credit limits.", R.FINANCE),
    # warehouse
    _p("shipment.create", "Ship sales orders.", R.WAREHOUSE),
    _p("shipment.deliver", "Confirm the delivery of shipments.", R.WAREHOUSE, R.SALES, R.PARTNER),
    _p("stock.receive", "Receive goods into stock.", R.WAREHOUSE),
    _p("stock.transfer", "Move stock between warehouses.", R.WAREHOUSE),
    _p("stock.produce", "Record produced lots.", *QA_FLOOR),
    _p("return.record", "Record customer returns.", R.WAREHOUSE, R.SALES),
    _p("label.print", "Print GS1 labels.", *QA_FLOOR),
    # quality
    _p("lot.inspect", "Record lot inspections.", R.QA_INSPECTOR),
    _p("lot.release", "Release lots (e-signed).", R.QA_MANAGER),
    _p("lot.reject", "Reject lots (e-signed).", R.QA_MANAGER),
    _p("document.attach", "Attach documents to records.", *REPORTERS),
    _p("hold.place", "Place quality holds.", *QA_FLOOR),
    _p("hold.release", "Release quality holds.", R.QA_MANAGER),
    _p("sample.retain", "Retain and pull samples.", *QA_FLOOR),
    _p("inspection_plan.edit", "Set inspection plans.", R.QA_MANAGER),
    _p("nonconformance.report", "Open nonconformances and add notes.", *REPORTERS),
    _p("nonconformance.decide", "Decide and close nonconformances.", R.QA_MANAGER),
    _p("capa.manage", "Open CAPAs, plan their actions, record effectiveness.", R.QA_MANAGER),
    _p("capa.complete_action", "Complete one's own CAPA actions.", *REPORTERS),
    _p("capa.close", "Close CAPAs (e-signed).", R.QA_MANAGER),
    _p("recall.initiate", "Initiate recalls.", R.QA_MANAGER),
    _p("recall.acknowledge", "Acknowledge recall notices.",
       R.PARTNER, R.QA_MANAGER, R.SALES, R.SALES_MANAGER),
    _p("recall.record_acknowledgement", "Record a customer's recall acknowledgement.",
       *REPORTERS),
    # Partners reconcile their own notices under recall.acknowledge.
    _p("recall.reconcile", "Reconcile recalled units for any notified customer.",
       *BUSINESS_STAFF),
    _p("recall.close", "Close recalls (e-signed).", R.QA_MANAGER),
    _p("supplier.qualify", "Qualify suppliers and grant overrides.", R.QA_MANAGER),
    # finance
    _p("invoice.issue", "Issue invoices.", R.FINANCE),
    _p("invoice.void", "Void and write off invoices.", R.FINANCE),
    _p("credit_note.issue", "Issue credit notes and refund credit.", R.FINANCE),
    _p("payment.record", "Record customer payments.", R.FINANCE),
    _p("finance.settings", "Tax rules, customer terms and finance settings.", R.FINANCE),
    _p("bank.reconcile", "Import, match and post bank statements.", R.FINANCE),
    _p("period.close", "Close and reopen periods, export the ledger.", R.FINANCE),
    # purchasing and payables
    _p("supplier.register", "Register suppliers.", R.BUYER),
    _p("purchase.order", "Prices, purchase orders, requisitions and planning.", R.BUYER),
    _p("purchase.approve", "Decide purchase approvals (the approval's role is needed too).",
       R.BUYER, R.FINANCE, R.SALES_MANAGER, R.QA_MANAGER, R.WAREHOUSE, R.SALES, R.QA_INSPECTOR),
    _p("purchase.rules", "Set purchase approval rules.", R.FINANCE),
    _p("purchase.settings", "Purchasing settings.", R.BUYER, R.FINANCE),
    _p("supplier_invoice.record", "Record supplier invoices and payments.", R.FINANCE),
    _p("supplier_invoice.release_hold", "Release supplier invoice holds.", R.BUYER, R.FINANCE),
    # production
    _p("production.plan", "Work centres, bills of materials and work orders.", R.PLANNER),
    _p("bom.approve", "Approve bill-of-materials versions.", R.QA_MANAGER),
    _p("material.issue", "Issue material to work orders.", R.OPERATOR, R.WAREHOUSE),
    _p("production.execute", "Record batch steps and work order output.", R.OPERATOR),
    _p("batch.verify", "Verify batch steps.", R.OPERATOR, R.QA_INSPECTOR),
    _p("batch.review", "Review batch records and close deviations.", R.QA_MANAGER),
    # the system itself
    _system("users.manage", "Create and change users, their roles and permissions."),
    _system("config.edit", "Approval rules, licence requirements, policies, custom fields."),
    _system("masterdata.edit", "Customers, suppliers, products, warehouses and price lists."),
    _system("webhooks.manage", "Webhook endpoints and deliveries."),
    _system("audit.read", "Read the audit trail."),
)

BY_CODE: dict[str, Permission] = {p.code: p for p in CATALOGUE}
SYSTEM_CODES = frozenset(p.code for p in CATALOGUE if not p.business)
# What a partner's role may ever hold: it acts for its own customer only.
PARTNER_MAY_HOLD = frozenset(
    {"order.create", "order.edit", "order.submit", "shipment.deliver", "recall.acknowledge"})

DEFAULT_GRANTS: dict[str, frozenset[str]] = {
    role.value: frozenset(p.code for p in CATALOGUE if role in p.roles) for role in Role
}

# Separation of duties a fresh database starts with: (code, first, second, description).
DEFAULT_SEPARATION_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("SOD-ORDER-CREATE-APPROVE", "order.create", "order.approve",
     "Whoever created an order does not approve it."),
    ("SOD-ORDER-AMEND-APPROVE", "order.amend", "order.approve",
     "Whoever amended an order does not approve that version."),
    ("SOD-LOT-INSPECT-RELEASE", "lot.inspect", "lot.release",
     "Whoever inspected a lot does not release it."),
)


def is_known(code: str) -> bool:
    return code in BY_CODE
