"""One statement per root field that writes the field's JSON answer in PostgreSQL.

Values are written as Strawberry would serialize them (Decimal as text, datetimes
as `isoformat()` of the UTC instant, enums by name, global ids and cursors in
base64), so that the answer is byte for byte the resolver path's. A related row
that a non-null field cannot find (the viewer may not see it) is written as
MISSING; the caller then answers the operation on the resolvers, whose error
for that null is the one clients know.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    FromClause,
    Select,
    Text,
    cast,
    false,
    func,
    literal_column,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from backend.api.pagination import SortKey, decode_cursor, page_size
from backend.domain.actor import Actor
from backend.readpath.declarations import type_map
from backend.readpath.declare import Col, GlobalId, Many, One, Value
from backend.readpath.plan import ConnectionPlan, Leaf, NotCompilable, Obj, Rel

# JSON text that no column can produce (PostgreSQL text holds no NUL character).
MISSING = b'"\\u0000"'
_MISSING_SQL: ColumnElement[Any] = literal_column("'\"\\u0000\"'::json")
_EMPTY: ColumnElement[Any] = literal_column("'[]'::json")


def _text(value: str) -> ColumnElement[Any]:
    """A constant string: GraphQL names and type names only (no quote can occur)."""
    assert "'" not in value and "\\" not in value
    return literal_column(f"'{value}'")


def iso_datetime(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`datetime.isoformat()` of a timestamptz: microseconds only when there are some."""
    utc = column.op("AT TIME ZONE")(literal_column("'UTC'"))
    micros = func.to_char(utc, "US")
    fraction = func.nullif(literal_column("'.'").op("||")(micros), ".000000")
    return (func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
            .op("||")(func.coalesce(fraction, "")).op("||")(literal_column("'+00:00'")))


def global_id(type_name: str, pk: ColumnElement[Any]) -> ColumnElement[Any]:
    raw = _text(f"{type_name}:").op("||")(cast(pk, Text))
    return func.encode(func.convert_to(raw, "UTF8"), "base64")


def _value(spec: Col | GlobalId | None, type_name: str, row: FromClause) -> ColumnElement[Any]:
    if spec is None:
        return _text(type_name)
    if isinstance(spec, GlobalId):
        return global_id(type_name, row.c.id)
    column = row.c[spec.column]
    if spec.value is Value.DECIMAL:
        return cast(column, Text)
    if spec.value is Value.DATETIME:
        return iso_datetime(column)
    return column


def obj_json(obj: Obj, row: FromClause, actor: Actor) -> ColumnElement[Any]:
    """json_build_object of one row's selected fields, in selection order."""
    pairs: list[ColumnElement[Any]] = []
    for key, part in obj.fields:
        pairs.append(_text(key))
        if isinstance(part, Leaf):
            pairs.append(_value(part.spec, obj.type_name, row))
        else:
            pairs.append(_related(part, row, actor))
    return func.json_build_object(*pairs)


def _related(rel: Rel, parent: FromClause, actor: Actor) -> ColumnElement[Any]:
    declared = type_map(rel.obj.type_name)
    if declared is None:
        raise NotCompilable(rel.obj.type_name)
    child = declared.table.alias()
    spec = rel.spec
    where: list[ColumnElement[bool]] = []
    if spec.predicate is not None:
        where.append(spec.predicate(actor, child))
    if isinstance(spec, One):
        found = (select(obj_json(rel.obj, child, actor))
                 .where(child.c[spec.target] == parent.c[spec.source], *where)
                 .limit(1).scalar_subquery())
        return found if rel.nullable else func.coalesce(found, _MISSING_SQL)
    assert isinstance(spec, Many)
    order = [child.c[name] for name in spec.order]
    listed = func.coalesce(func.json_agg(aggregate_order_by(obj_json(rel.obj, child, actor),
                                                            *order)), _EMPTY)
    stmt = select(listed)
    if spec.via is None:
        stmt = stmt.where(child.c[spec.target] == parent.c[spec.source])
    else:
        link_table, link_parent, link_child = spec.via
        link = link_table.alias()
        stmt = stmt.select_from(child.join(link, link.c[link_child] == child.c[spec.target]))
        stmt = stmt.where(link.c[link_parent] == parent.c[spec.source])
    return stmt.where(*where).scalar_subquery()


def object_template(obj: Obj, page: FromClause, actor: Actor) -> ColumnElement[Any]:
    """The JSON text of one row of `page`."""
    return cast(obj_json(obj, page, actor), Text)


def cursor_json(sort: SortKey, row: FromClause) -> ColumnElement[Any]:
    """`backend.api.pagination.encode_cursor` of the row's sort values."""
    parts: list[ColumnElement[Any]] = []
    for column in sort.columns:
        value = row.c[str(column.key)]
        kind = column.type.python_type
        if kind is datetime:
            parts.append(_text('{"t":"').op("||")(iso_datetime(value)).op("||")(_text('"}')))
        elif kind is date:
            parts.append(_text('{"d":"').op("||")(cast(value, Text)).op("||")(_text('"}')))
        elif kind is int:
            parts.append(cast(value, Text))
        else:
            raise NotCompilable("cursor column")
    raw = _text("[")
    for i, part in enumerate(parts):
        raw = raw.op("||")(part if i == 0 else _text(",").op("||")(part))
    raw = raw.op("||")(_text("]"))
    encoded = func.encode(func.convert_to(raw, "UTF8"), "base64")
    return func.translate(encoded, literal_column("E'+/\\n'"), "-_")


def page_rows(rows: Select[Any], sort: SortKey, first: int | None, after: str | None
              ) -> tuple[Select[Any], int]:
    """The rows of the page `backend.api.pagination` would read (one more than the page, to
    tell whether there is a next one), numbered `rn_` in order; and the page size."""
    limit = page_size(first)
    if limit == 0:
        raise NotCompilable("an empty page")  # answered without a statement by the resolvers
    filtered = rows
    if after is not None:
        filtered = rows.where(sort.after(decode_cursor(after, len(sort.columns))))
    ordered = sort.order_by()
    page = (filtered.add_columns(func.row_number().over(order_by=ordered).label("rn_"))
            .order_by(*ordered).limit(limit + 1))
    return page, limit


def connection_template(sort: SortKey, plan: ConnectionPlan, actor: Actor, page: FromClause,
                        counted: FromClause, limit: int, has_previous: bool
                        ) -> ColumnElement[Any]:
    """The JSON text of a Relay connection over `page` (rows numbered `rn_`, or one row of
    nulls when there are none) and `counted` (its `total_`: every match)."""
    rn = page.c.rn_
    on_page = rn <= limit
    cursor = cursor_json(sort, page)
    pairs: list[ColumnElement[Any]] = []
    for key, name, sub in plan.fields:
        pairs.append(_text(key))
        if name == "__typename":
            pairs.append(_text(sub))
        elif name == "totalCount":
            pairs.append(func.max(counted.c.total_))
        elif name == "pageInfo":
            pairs.append(_page_info(sub, rn, cursor, limit, has_previous))
        else:
            edge: list[ColumnElement[Any]] = []
            for edge_key, edge_name, edge_sub in sub:
                edge.append(_text(edge_key))
                if edge_name == "node":
                    edge.append(obj_json(edge_sub, page, actor))
                elif edge_name == "cursor":
                    edge.append(cursor)
                elif edge_name == "__typename":
                    edge.append(_text(edge_sub))
                else:
                    raise NotCompilable(edge_name)
            edges = func.json_agg(aggregate_order_by(func.json_build_object(*edge), rn))
            pairs.append(func.coalesce(edges.filter(on_page), _EMPTY))
    return cast(func.json_build_object(*pairs), Text)


def _page_info(fields: Any, rn: Any, cursor: ColumnElement[Any], limit: int,
               has_previous: bool) -> ColumnElement[Any]:
    on_page = rn <= limit
    pairs: list[ColumnElement[Any]] = []
    for key, name, type_name in fields:
        pairs.append(_text(key))
        if name == "hasNextPage":
            pairs.append(func.count(rn) > limit)
        elif name == "hasPreviousPage":
            pairs.append(true() if has_previous else false())
        elif name == "startCursor":
            pairs.append(type_coerce(func.array_agg(aggregate_order_by(cursor, rn))
                                     .filter(on_page), ARRAY(Text))[1])
        elif name == "endCursor":
            pairs.append(type_coerce(func.array_agg(aggregate_order_by(cursor, rn.desc()))
                                     .filter(on_page), ARRAY(Text))[1])
        elif name == "__typename":
            pairs.append(_text(type_name))
        else:
            raise NotCompilable(name)
    return func.json_build_object(*pairs)
