"""Custom field definitions (config.edit): created per entity with a key that never changes,
then relabelled, re-scoped, given more values or deactivated, each change audited."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import models as m
from backend.domain.actor import Actor
from backend.domain.customfields.applicable import PRODUCT_SCOPED
from backend.domain.errors import DomainError, ErrorCode, Problem
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomFieldEntity, CustomFieldType, DeviceClass

KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
MAX_LABEL = 200
MAX_HELP = 1000


@dataclass(frozen=True, slots=True)
class Scoping:
    """The parts of a definition both create and update may set (None: leave as is)."""

    label: str | None = None
    required: bool | None = None
    enum_values: Sequence[str] | None = None
    product_lines: Sequence[str] | None = None
    device_classes: Sequence[DeviceClass] | None = None
    visible_to_partners: bool | None = None
    help_text: str | None = None


def _snapshot(d: m.CustomFieldDefinition) -> dict[str, object]:
    return {"entity": d.entity, "key": d.key, "label": d.label, "type": d.type,
            "required": d.required, "enumValues": list(d.enum_values),
            "productLines": list(d.product_lines), "deviceClasses": list(d.device_classes),
            "visibleToPartners": d.visible_to_partners, "helpText": d.help_text,
            "active": d.active}


def _clean_list(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return out


async def _product_lines(session: AsyncSession, lines: Sequence[str]) -> list[str]:
    """Lines in the products' own spelling ("wound care" is "Wound care"), so that
    applicability compares exactly; a line no product has yet stays as given."""
    cleaned = _clean_list(lines)
    known = {line.lower(): line for line in (await session.scalars(
        select(m.Product.product_line).distinct().where(
            func.lower(m.Product.product_line).in_([x.lower() for x in cleaned])))).all()
        if line}
    return _clean_list([known.get(line.lower(), line) for line in cleaned])


def _problems(entity: CustomFieldEntity, kind: CustomFieldType, s: Scoping) -> list[Problem]:
    problems: list[Problem] = []
    if s.label is not None and not (0 < len(s.label.strip()) <= MAX_LABEL):
        problems.append(Problem(ErrorCode.INVALID, "Give the field a label of at most "
                                f"{MAX_LABEL} characters.", ("input", "label")))
    if s.help_text is not None and len(s.help_text) > MAX_HELP:
        problems.append(Problem(ErrorCode.INVALID, f"At most {MAX_HELP} characters.",
                                ("input", "helpText")))
    if s.enum_values is not None:
        cleaned = _clean_list(s.enum_values)
        if kind is CustomFieldType.ENUM and not cleaned:
            problems.append(Problem(ErrorCode.INVALID, "An ENUM field needs its values.",
                                    ("input", "enumValues")))
        elif kind is not CustomFieldType.ENUM and cleaned:
            problems.append(Problem(ErrorCode.INVALID, "Only ENUM fields have values.",
                                    ("input", "enumValues")))
        elif any(len(v) > 200 for v in cleaned):
            problems.append(Problem(ErrorCode.INVALID, "A value has at most 200 characters.",
                                    ("input", "enumValues")))
    if entity not in PRODUCT_SCOPED:
        for name, given in (("productLines", s.product_lines),
                            ("deviceClasses", s.device_classes)):
            if given:
                problems.append(Problem(ErrorCode.INVALID, "Only PRODUCT and LOT fields apply "
                                        "by product line or device class.", ("input", name)))
    return problems


async def create_definition(
    session: AsyncSession,
    *,
    actor: Actor,
    entity: CustomFieldEntity,
    key: str,
    kind: CustomFieldType,
    scoping: Scoping,
) -> m.CustomFieldDefinition:
    key = key.strip()
    problems = _problems(entity, kind, scoping)
    if scoping.label is None:
        problems.append(Problem(ErrorCode.INVALID, "Give the field a label.", ("input", "label")))
    if not KEY.match(key):
        problems.insert(0, Problem(ErrorCode.INVALID, "A key starts with a letter and has at "
                                   "most 40 letters, digits or underscores.", ("input", "key")))
    if kind is CustomFieldType.ENUM and scoping.enum_values is None:
        problems.append(Problem(ErrorCode.INVALID, "An ENUM field needs its values.",
                                ("input", "enumValues")))
    if problems:
        raise DomainError(problems)
    if await session.scalar(select(m.CustomFieldDefinition.id).where(
            m.CustomFieldDefinition.entity == entity, m.CustomFieldDefinition.key == key)):
        raise DomainError.single(ErrorCode.DUPLICATE, f"A {entity.value} field {key} exists "
                                 "already.", ("input", "key"))
    definition = m.CustomFieldDefinition(
        entity=entity, key=key, label=(scoping.label or "").strip(), type=kind,
        required=bool(scoping.required), enum_values=_clean_list(scoping.enum_values or ()),
        product_lines=await _product_lines(session, scoping.product_lines or ()),
        device_classes=sorted({str(c) for c in scoping.device_classes or ()}),
        visible_to_partners=bool(scoping.visible_to_partners),
        help_text=(scoping.help_text or "").strip() or None, active=True)
    session.add(definition)
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CUSTOM_FIELD_DEFINITION_CREATED,
        entity_type="CustomFieldDefinition", entity_id=definition.id,
        changes=audit.created(**_snapshot(definition)))
    return definition


async def update_definition(
    session: AsyncSession,
    *,
    actor: Actor,
    definition_id: int,
    scoping: Scoping,
    active: bool | None = None,
) -> m.CustomFieldDefinition:
    definition = await session.get(m.CustomFieldDefinition, definition_id, with_for_update=True)
    if definition is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such custom field.",
                                 ("input", "definitionId"))
    problems = _problems(definition.entity, definition.type, scoping)
    if not problems and scoping.enum_values is not None:
        removed = set(definition.enum_values) - set(_clean_list(scoping.enum_values))
        values_t = m.CustomFieldValue.__table__
        in_use = sorted((await session.scalars(select(values_t.c.value_text).distinct().where(
            values_t.c.definition_id == definition.id,
            values_t.c.value_text.in_(sorted(removed))))).all()) if removed else []
        if in_use:
            problems.append(Problem(ErrorCode.INVALID, f"Still in use: {', '.join(in_use)}.",
                                    ("input", "enumValues")))
    if problems:
        raise DomainError(problems)
    before = _snapshot(definition)
    if scoping.label is not None:
        definition.label = scoping.label.strip()
    if scoping.required is not None:
        definition.required = scoping.required
    if scoping.enum_values is not None:
        definition.enum_values = _clean_list(scoping.enum_values)
    if scoping.product_lines is not None:
        definition.product_lines = await _product_lines(session, scoping.product_lines)
    if scoping.device_classes is not None:
        definition.device_classes = sorted({str(c) for c in scoping.device_classes})
    if scoping.visible_to_partners is not None:
        definition.visible_to_partners = scoping.visible_to_partners
    if scoping.help_text is not None:
        definition.help_text = scoping.help_text.strip() or None
    if active is not None:
        definition.active = active
    await session.flush()
    await audit.record(
        session, actor_id=actor.user_id, action=AuditAction.CUSTOM_FIELD_DEFINITION_UPDATED,
        entity_type="CustomFieldDefinition", entity_id=definition.id,
        changes=audit.diff(before, _snapshot(definition)))
    return definition
