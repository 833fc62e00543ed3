"""Root reads of custom fields: definitions, and the records whose values match filters."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, true

from backend.api.errors import Forbidden
from backend.api.pagination import Page, SortKey
from backend.db import models as m
from backend.domain import access
from backend.domain.customfields.applicable import RECORD_TABLES
from backend.domain.customfields.matching import matches_all
from backend.enums import CustomFieldEntity
from backend.resolvers.context import Context
from backend.resolvers.reading import page

definitions_t = m.CustomFieldDefinition.__table__


async def definitions(
    context: Context, entity: CustomFieldEntity | None, include_inactive: bool
) -> Sequence[Any]:
    """Partners read only the partner-visible active definitions (labels of what they see)."""
    d = definitions_t
    stmt = select(d).order_by(d.c.entity, d.c.id)
    if entity is not None:
        stmt = stmt.where(d.c.entity == entity)
    if context.actor.is_partner:
        stmt = stmt.where(d.c.active, d.c.visible_to_partners)
    elif not include_inactive:
        stmt = stmt.where(d.c.active)
    return await context.loaders.rows(stmt)


def _visible(context: Context, entity: CustomFieldEntity) -> ColumnElement[bool]:
    actor = context.actor
    table = RECORD_TABLES[entity][0]
    if entity is CustomFieldEntity.SUPPLIER:
        if not actor.is_staff:
            raise Forbidden()
        return true()
    if entity is CustomFieldEntity.LOT:
        return access.visible_lots(actor)
    if entity is CustomFieldEntity.CUSTOMER:
        return access.owned_by(actor, table.c.id)
    if entity is CustomFieldEntity.PRODUCT:
        return true()
    return access.owned_by(actor, table.c.customer_id)


async def matches(
    context: Context, entity: CustomFieldEntity, filters: Sequence[tuple[str, str]],
    first: int | None, after: str | None,
) -> Page:
    table = RECORD_TABLES[entity][0]
    stmt = select(table.c.id).where(
        _visible(context, entity),
        matches_all(entity, table.c.id, filters, partner=context.actor.is_partner))
    return await page(context, stmt, SortKey((table.c.id,)), first, after)


E = CustomFieldEntity
# The batched loader of each entity's rows (under the partner policy).
ROW_LOADERS = {E.PRODUCT: "product_by_id", E.LOT: "lot_by_id", E.CUSTOMER: "customer_by_id",
               E.SUPPLIER: "supplier_by_id", E.SALES_ORDER: "order_by_id",
               E.SHIPMENT: "shipment_by_id"}


async def match_row(context: Context, entity: CustomFieldEntity, pk: int) -> Any:
    return await getattr(context.loaders, ROW_LOADERS[entity]).load(pk)
