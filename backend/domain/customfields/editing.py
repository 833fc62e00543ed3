"""`setCustomFields`: who may set the values of which record, then `values.apply_values`.

The permission is the one that edits the record itself: order.edit for orders (partners
their own, and only partner-visible fields), masterdata.edit for products, customers and
suppliers, the warehouse and QA floor's codes for lots, shipment.create for shipments.
"""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain import access
from backend.domain.actor import Actor
from backend.domain.customfields.applicable import RECORD_TABLES
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode, NotAllowed
from backend.enums import CustomFieldEntity

E = CustomFieldEntity
EDIT_PERMISSIONS: dict[CustomFieldEntity, tuple[str, ...]] = {
    E.SALES_ORDER: ("order.edit",),
    E.PRODUCT: ("masterdata.edit",),
    E.CUSTOMER: ("masterdata.edit",),
    E.SUPPLIER: ("masterdata.edit",),
    E.LOT: ("stock.receive", "lot.inspect", "lot.release"),
    E.SHIPMENT: ("shipment.create",),
}


def may_edit(actor: Actor, entity: CustomFieldEntity) -> bool:
    return any(actor.has_permission(code) for code in EDIT_PERMISSIONS[entity])


async def set_custom_fields(
    session: AsyncSession,
    actor: Actor,
    entity: CustomFieldEntity,
    record_id: int,
    values: Sequence[ValueInput],
    path: Sequence[str] = ("input", "values"),
) -> None:
    """NotAllowed without the record's edit permission; NOT_FOUND for a record that does
    not exist or that the actor may not see (another customer's order)."""
    if not may_edit(actor, entity):
        raise NotAllowed("Setting these fields needs the permission "
                         + " or ".join(EDIT_PERMISSIONS[entity]) + ".")
    table, type_name = RECORD_TABLES[entity]
    columns = [table.c.id]
    if "customer_id" in table.c:
        columns.append(table.c.customer_id)
    row = (await session.execute(
        select(*columns).where(table.c.id == record_id).with_for_update())).first()
    if row is None or ("customer_id" in table.c
                       and not access.may_act_for(actor, row.customer_id)):
        raise DomainError.single(ErrorCode.NOT_FOUND, f"No such {type_name}.",
                                 ("input", "nodeId"))
    await apply_values(session, actor, entity, record_id, values, path, creating=False)
