"""Partner policy: what a partner distributor may read and write, in one place.

Staff read everything. A partner reads its own customer, orders, quotes,
shipments, invoices, credit notes and returns; the lots and serials shipped to
it (and lots reserved for its orders); the recalls that notified it; and of
documents, its own records' and the certificates of lots it received. Read
predicates (SQL, for loaders, lists and node lookup) and write guards (for
domain actions) sit side by side so that they cannot drift apart.
"""

from sqlalchemy import ColumnElement, and_, exists, select, true

from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.errors import DomainError, ErrorCode
from backend.enums import DocumentKind, ShipmentStatus

lots_t = m.Lot.__table__
serials_t = m.Serial.__table__
shipments_t = m.Shipment.__table__
shipment_lines_t = m.ShipmentLine.__table__
shipment_line_serials_t = m.ShipmentLineSerial.__table__
allocations_t = m.Allocation.__table__
order_lines_t = m.SalesOrderLine.__table__
orders_t = m.SalesOrder.__table__
recalls_t = m.Recall.__table__
notices_t = m.RecallNotice.__table__
links_t = m.DocumentLink.__table__
documents_t = m.Document.__table__
invoices_t = m.Invoice.__table__

# What a partner may download from a lot it received: its certificates, nothing internal.
PARTNER_LOT_DOCUMENT_KINDS = (
    DocumentKind.RELEASE_CERTIFICATE,
    DocumentKind.CERTIFICATE_OF_CONFORMITY,
)


# ------------------------------------------------------------------ read predicates
def owned_by(actor: Actor, column: ColumnElement[int]) -> ColumnElement[bool]:
    """For tables that carry the customer themselves: orders, shipments, invoices, customers."""
    scope = actor.customer_scope
    return true() if scope is None else column == scope


def _received_by(customer_id: int) -> ColumnElement[bool]:
    return and_(
        shipments_t.c.customer_id == customer_id,
        shipments_t.c.status != ShipmentStatus.CANCELLED,
    )


def _lot_shipped_to(customer_id: int) -> ColumnElement[bool]:
    return exists(
        select(1)
        .select_from(shipment_lines_t.join(shipments_t))
        .where(shipment_lines_t.c.lot_id == lots_t.c.id, _received_by(customer_id))
    )


def visible_lots(actor: Actor) -> ColumnElement[bool]:
    """A partner sees lots shipped to it, and lots reserved for its orders."""
    scope = actor.customer_scope
    if scope is None:
        return true()
    reserved = exists(
        select(1)
        .select_from(allocations_t.join(order_lines_t).join(orders_t))
        .where(allocations_t.c.lot_id == lots_t.c.id, orders_t.c.customer_id == scope)
    )
    return _lot_shipped_to(scope) | reserved


def visible_serials(actor: Actor) -> ColumnElement[bool]:
    scope = actor.customer_scope
    if scope is None:
        return true()
    return exists(
        select(1)
        .select_from(shipment_line_serials_t.join(shipment_lines_t).join(shipments_t))
        .where(shipment_line_serials_t.c.serial_id == serials_t.c.id, _received_by(scope))
    )


def visible_users(
    actor: Actor, users_customer: ColumnElement[int | None]
) -> ColumnElement[bool]:
    """Partners see staff (as actors on their records) and users of their own customer."""
    scope = actor.customer_scope
    if scope is None:
        return true()
    return users_customer.is_(None) | (users_customer == scope)


def visible_recalls(actor: Actor) -> ColumnElement[bool]:
    """A partner sees the recalls that sent it a notice."""
    scope = actor.customer_scope
    if scope is None:
        return true()
    return exists().where(notices_t.c.recall_id == recalls_t.c.id, notices_t.c.customer_id == scope)


def visible_documents(actor: Actor, document_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Documents of a partner's own orders, shipments and invoices, and the certificates
    of lots it received."""
    scope = actor.customer_scope
    if scope is None:
        return true()
    link, d = links_t, documents_t
    own = (
        ((link.c.node_type == "SalesOrder") & link.c.node_id.in_(
            select(orders_t.c.id).where(orders_t.c.customer_id == scope)))
        | ((link.c.node_type == "Shipment") & link.c.node_id.in_(
            select(shipments_t.c.id).where(shipments_t.c.customer_id == scope)))
        | ((link.c.node_type == "Invoice") & link.c.node_id.in_(
            select(invoices_t.c.id).where(invoices_t.c.customer_id == scope)))
        # A field safety notice is its customer's.
        | ((link.c.node_type == "RecallNotice") & link.c.node_id.in_(
            select(notices_t.c.id).where(notices_t.c.customer_id == scope)))
        | ((link.c.node_type == "Lot") & link.c.node_id.in_(
            select(lots_t.c.id).where(_lot_shipped_to(scope)))
           & link.c.document_id.in_(
            select(d.c.id).where(d.c.kind.in_(PARTNER_LOT_DOCUMENT_KINDS))))
    )
    return document_id.in_(select(link.c.document_id).where(own))


# ------------------------------------------------------------------ write guards
def may_act_for(actor: Actor, customer_id: int | None) -> bool:
    """Whether the actor may act on a record of this customer."""
    scope = actor.customer_scope
    return scope is None or (customer_id is not None and customer_id == scope)


def ensure_owner(actor: Actor, record: object | None, what: str, field: tuple[str, ...]) -> None:
    """NOT_FOUND for a record that does not exist or is another customer's: a partner
    learns nothing from the difference."""
    owner = record.id if isinstance(record, m.Customer) else getattr(record, "customer_id", None)
    if record is None or not may_act_for(actor, owner):
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No such {what}.", field)
