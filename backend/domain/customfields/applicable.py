"""Which definitions apply to which records: every active field of the record's kind, and
for products and lots only those whose product lines and device classes include the
product's (an empty list means every one). Definitions store lines in the spelling of
the products (`definitions.py`), so lines compare exactly, here and in SQL."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnClause

from backend.db import models as m
from backend.enums import CustomFieldEntity

definitions_t = m.CustomFieldDefinition.__table__
values_t = m.CustomFieldValue.__table__
products_t = m.Product.__table__
lots_t = m.Lot.__table__

# The table of each entity's records and the GraphQL type naming them.
RECORD_TABLES = {
    CustomFieldEntity.PRODUCT: (m.Product.__table__, "Product"),
    CustomFieldEntity.LOT: (m.Lot.__table__, "Lot"),
    CustomFieldEntity.CUSTOMER: (m.Customer.__table__, "Customer"),
    CustomFieldEntity.SUPPLIER: (m.Supplier.__table__, "Supplier"),
    CustomFieldEntity.SALES_ORDER: (m.SalesOrder.__table__, "SalesOrder"),
    CustomFieldEntity.SHIPMENT: (m.Shipment.__table__, "Shipment"),
}
ENTITY_OF_TYPE = {type_name: entity for entity, (_, type_name) in RECORD_TABLES.items()}
# Entities whose fields may be limited to product lines and device classes.
PRODUCT_SCOPED = (CustomFieldEntity.PRODUCT, CustomFieldEntity.LOT)


@dataclass(frozen=True, slots=True)
class Scope:
    """What a product or lot field's applicability is decided by."""

    product_line: str | None
    device_class: str | None


def product_scope(product: m.Product) -> Scope:
    """The scope of a product's (and its lots') fields, as `record_scope` reads it."""
    return Scope(product.product_line, str(product.device_class))


def applies(definition: m.CustomFieldDefinition, scope: Scope | None) -> bool:
    if scope is None:
        return True
    lines = definition.product_lines
    if lines and scope.product_line not in lines:
        return False
    return not definition.device_classes or scope.device_class in definition.device_classes


async def record_scope(
    session: AsyncSession, entity: CustomFieldEntity, record_id: int
) -> Scope | None:
    """The product line and class deciding a product's or lot's fields; None for other
    entities (every field applies)."""
    if entity not in PRODUCT_SCOPED:
        return None
    stmt = select(products_t.c.product_line, products_t.c.device_class)
    if entity is CustomFieldEntity.LOT:
        stmt = stmt.join(lots_t, lots_t.c.product_id == products_t.c.id).where(
            lots_t.c.id == record_id)
    else:
        stmt = stmt.where(products_t.c.id == record_id)
    row = (await session.execute(stmt)).first()
    return Scope(None, None) if row is None else Scope(row.product_line, str(row.device_class))


async def active_definitions(
    session: AsyncSession, entity: CustomFieldEntity
) -> list[m.CustomFieldDefinition]:
    """The entity's active definitions in definition order."""
    return list((await session.scalars(
        select(m.CustomFieldDefinition)
        .where(m.CustomFieldDefinition.entity == entity, m.CustomFieldDefinition.active)
        .order_by(m.CustomFieldDefinition.id)
    )).all())


def _scoped(lines: ColumnElement[Any], classes: ColumnElement[Any],
            line: ColumnElement[Any], device_class: ColumnElement[Any]) -> ColumnElement[bool]:
    return and_(
        or_(func.cardinality(lines) == 0, line == func.any(lines)),
        or_(func.cardinality(classes) == 0, device_class == func.any(classes)),
    )


def values_statement(
    entity: CustomFieldEntity, record_ids: Sequence[int], *, partner: bool
) -> Select[Any]:
    """One row per (record, applicable active definition), in definition order, with the
    stored text or null: what records list as `customFields`. One statement for a batch."""
    ids: ColumnClause[Any] = literal_column("r.record_id")
    records = func.unnest(literal(list(record_ids), ARRAY(BigInteger))).table_valued(
        "record_id").render_derived(name="r")
    d, v = definitions_t, values_t
    on = and_(d.c.entity == entity, d.c.active)
    if partner:
        on = and_(on, d.c.visible_to_partners)
    stmt = select(ids.label("record_id"), d.c.key, d.c.label, d.c.type,
                  v.c.value_text.label("value")).select_from(records)
    if entity in PRODUCT_SCOPED:
        if entity is CustomFieldEntity.LOT:
            stmt = stmt.join(lots_t, lots_t.c.id == ids).join(
                products_t, products_t.c.id == lots_t.c.product_id)
        else:
            stmt = stmt.join(products_t, products_t.c.id == ids)
        on = and_(on, _scoped(d.c.product_lines, d.c.device_classes,
                              products_t.c.product_line, products_t.c.device_class))
    return (stmt.join(d, on)
            .outerjoin(v, and_(v.c.definition_id == d.c.id, v.c.record_id == ids))
            .order_by(ids, d.c.id))
