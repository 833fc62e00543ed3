"""Filters on custom field values as SQL predicates, compared by the field's type: a NUMBER
filter "12.50" matches a stored 12.5, a DATE compares as a date, a BOOLEAN as true/false,
TEXT and ENUM ignore case. A key no active field has matches nothing."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true

from backend.db import models as m
from backend.domain.customfields.typed import BadValue, parse
from backend.enums import CustomFieldEntity, CustomFieldType

definitions_t = m.CustomFieldDefinition.__table__
values_t = m.CustomFieldValue.__table__


def _typed(kind: CustomFieldType, raw: str) -> Any:
    try:
        return parse(kind, raw, [])
    except BadValue:
        return None


def matches_one(
    entity: CustomFieldEntity, record_id: ColumnElement[int], key: str, raw: str,
    *, partner: bool,
) -> ColumnElement[bool]:
    d, v = definitions_t, values_t
    by_type: list[ColumnElement[bool]] = []
    number, day, flag = (_typed(kind, raw) for kind in (
        CustomFieldType.NUMBER, CustomFieldType.DATE, CustomFieldType.BOOLEAN))
    if number is not None:
        by_type.append(and_(d.c.type == CustomFieldType.NUMBER,
                            v.c.value_number == number.number))
    if day is not None:
        by_type.append(and_(d.c.type == CustomFieldType.DATE, v.c.value_date == day.day))
    if flag is not None:
        by_type.append(and_(d.c.type == CustomFieldType.BOOLEAN, v.c.value_bool == flag.flag))
    if raw.strip():
        by_type.append(and_(d.c.type.in_((CustomFieldType.TEXT, CustomFieldType.ENUM)),
                            func.lower(v.c.value_text) == raw.strip().lower()))
    return exists(
        select(1).select_from(v.join(d, d.c.id == v.c.definition_id)).where(
            v.c.record_id == record_id, v.c.entity == entity, d.c.entity == entity,
            d.c.key == key, d.c.active,
            d.c.visible_to_partners if partner else true(),
            or_(*by_type) if by_type else false()))


def matches_all(
    entity: CustomFieldEntity, record_id: ColumnElement[int],
    filters: Sequence[tuple[str, str]], *, partner: bool,
) -> ColumnElement[bool]:
    """Records whose fields match every (key, value) filter."""
    return and_(true(), *(matches_one(entity, record_id, key, value, partner=partner)
                          for key, value in filters))
