"""Validating, normalising and storing the custom field values of one record.

`apply_values` is the one door: create mutations (orders, shipments, receipt lines,
customers, suppliers, products), `setCustomFields` and the importers all call it after
the record exists, inside the same transaction, so a refusal rolls everything back.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.customfields.applicable import (
    RECORD_TABLES,
    Scope,
    active_definitions,
    applies,
    record_scope,
)
from backend.domain.customfields.typed import BadValue, Typed, parse
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomFieldEntity

values_t = m.CustomFieldValue.__table__


class ValueInput(Protocol):
    """What a caller gives per field: GraphQL's CustomFieldValueInput, an import cell..."""

    @property
    def key(self) -> str: ...

    @property
    def value(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class FieldValue:
    key: str
    value: str | None


async def apply_values(
    session: AsyncSession,
    actor: Actor,
    entity: CustomFieldEntity,
    record_id: int,
    values: Sequence[ValueInput] | None,
    path: Sequence[str],
    *,
    creating: bool = True,
    preloaded: tuple[Sequence[m.CustomFieldDefinition], Scope | None] | None = None,
) -> dict[str, tuple[str | None, str | None]]:
    """Validate `values` against the entity's active definitions that apply to this record,
    store them normalised ("12.50" as "12.5", dates ISO, booleans "true"/"false"; an empty
    or null value clears the field) and audit what changed under the record.

    `path` is the input path of the list, e.g. ("input", "customFields"); problems name
    (*path, i, "value") for a bad value, (*path, i, "key") for an unknown, inactive or
    not applicable key, and CUSTOM_FIELD_REQUIRED for a required field left empty: given
    empty at (*path, i, "value"), or, when `creating`, not given at all at `path`.
    Raises DomainError with every problem found; nothing is written then.
    Returns {key: (before, after)} of the fields that changed. `preloaded` is the entity's
    active definitions and the record's scope when the caller has read them already (many
    records of one kind at once).
    """
    given = list(values or ())
    if preloaded is None:
        definitions: Sequence[m.CustomFieldDefinition] = await active_definitions(
            session, entity)
        scope = await record_scope(session, entity, record_id)
    else:
        definitions, scope = preloaded
    # A partner neither sees nor sets fields not meant for partners.
    by_key = {d.key: d for d in definitions if applies(d, scope)
              and (d.visible_to_partners or not actor.is_partner)}
    known = {d.key for d in definitions if d.visible_to_partners or not actor.is_partner}
    problems: list[Problem] = []
    parsed: dict[int, Typed | None] = {}
    seen: set[str] = set()
    for i, item in enumerate(given):
        at = (*path, str(i))
        definition = by_key.get(item.key)
        if definition is None and item.key in known and not (item.value or "").strip():
            continue  # clearing a field that does not apply to this record changes nothing
        if definition is None or item.key in seen:
            problems.append(Problem(
                ErrorCode.INVALID,
                f"{item.key!r} is given twice." if item.key in seen else
                f"No custom field {item.key!r} applies to this {_noun(entity)}.", (*at, "key")))
            continue
        seen.add(item.key)
        try:
            typed = parse(definition.type, item.value, list(definition.enum_values))
        except BadValue as bad:
            problems.append(Problem(ErrorCode.INVALID, f"{definition.label}: {bad}",
                                    (*at, "value")))
            continue
        if typed is None and definition.required:
            problems.append(Problem(ErrorCode.CUSTOM_FIELD_REQUIRED,
                                    f"{definition.label} is required.", (*at, "value")))
            continue
        parsed[definition.id] = typed
    if creating:
        problems.extend(
            Problem(ErrorCode.CUSTOM_FIELD_REQUIRED,
                    f"{d.label} ({d.key}) is required.", tuple(path))
            for d in by_key.values() if d.required and d.key not in seen)
    if problems:
        raise DomainError(problems)
    return await _store(session, actor, entity, record_id, by_key, parsed)


async def _store(
    session: AsyncSession,
    actor: Actor,
    entity: CustomFieldEntity,
    record_id: int,
    by_key: dict[str, m.CustomFieldDefinition],
    parsed: dict[int, Typed | None],
) -> dict[str, tuple[str | None, str | None]]:
    if not parsed:
        return {}
    before = {row.definition_id: row.value_text for row in await session.execute(
        select(values_t.c.definition_id, values_t.c.value_text).where(
            values_t.c.record_id == record_id, values_t.c.definition_id.in_(list(parsed))))}
    keys = {d.id: d.key for d in by_key.values()}
    changes: dict[str, tuple[str | None, str | None]] = {}
    now = datetime.now(UTC)
    for definition_id, typed in parsed.items():
        old, new = before.get(definition_id), None if typed is None else typed.text
        if old == new:
            continue
        changes[keys[definition_id]] = (old, new)
        if typed is None:
            await session.execute(delete(m.CustomFieldValue).where(
                values_t.c.definition_id == definition_id, values_t.c.record_id == record_id))
            continue
        row = {"value_text": typed.text, "value_number": typed.number,
               "value_date": typed.day, "value_bool": typed.flag, "updated_at": now}
        await session.execute(
            insert(m.CustomFieldValue)
            .values(definition_id=definition_id, record_id=record_id, entity=entity, **row)
            .on_conflict_do_update(index_elements=["definition_id", "record_id"], set_=row))
    if changes:
        await audit.record(
            session, actor_id=actor.user_id, action=AuditAction.CUSTOM_FIELDS_SET,
            entity_type=RECORD_TABLES[entity][1], entity_id=record_id,
            changes={f"customFields.{key}": pair for key, pair in changes.items()})
    return changes


async def current_values(
    session: AsyncSession, entity: CustomFieldEntity, record_id: int, *, partner: bool = False
) -> list[tuple[m.CustomFieldDefinition, str | None]]:
    """Every active applicable field of the record in definition order, with its value."""
    definitions = await active_definitions(session, entity)
    scope = await record_scope(session, entity, record_id)
    stored = {row.definition_id: row.value_text for row in await session.execute(
        select(values_t.c.definition_id, values_t.c.value_text).where(
            values_t.c.record_id == record_id, values_t.c.entity == entity))}
    return [(d, stored.get(d.id)) for d in definitions
            if applies(d, scope) and (d.visible_to_partners or not partner)]


def _noun(entity: CustomFieldEntity) -> str:
    return entity.value.lower().replace("_", " ")
