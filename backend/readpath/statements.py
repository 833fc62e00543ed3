"""The statement of one root field: a cached SQL template around the request's own rows.

Building the JSON expression of a deep selection takes SQLAlchemy far longer than
PostgreSQL takes to run it, so it is built and compiled to SQL text once per root
field plan, partner customer, page size and first-or-later page, over stand-ins
for the root rows (`p`, numbered `rn_`) and their count (`c`). A request builds
only the root rows (the resolver's own statement, with its arguments) and its
count; the template refers to them by those names.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sqlalchemy import Integer, Select, Text, column, func, literal_column, select, table, true
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from backend.domain.actor import Actor
from backend.readpath import sql
from backend.readpath.plan import ConnectionPlan, NotCompilable, Obj, RootPlan

MAX_TEMPLATES = 1024
_DIALECT = asyncpg_dialect()
_ONE_GROUP: Any = literal_column("()")  # GROUP BY (): one row, even over no rows
_LABEL = "j_"


class Templates:
    def __init__(self, size: int = MAX_TEMPLATES) -> None:
        self.size = size
        # key -> (the plan it was made for, SQL text of the answer's expression)
        self._found: OrderedDict[tuple[int, int | None, int, bool], tuple[RootPlan, str]] = (
            OrderedDict())

    def get(self, root: RootPlan, actor: Actor, rows: Select[Any], limit: int,
            has_previous: bool) -> str:
        key = (id(root), actor.customer_scope, limit, has_previous)
        found = self._found.get(key)
        if found is not None and found[0] is root:
            self._found.move_to_end(key)
            return found[1]
        text = _template(root, actor, rows, limit, has_previous)
        self._found[key] = (root, text)
        if len(self._found) > self.size:
            self._found.popitem(last=False)
        return text


TEMPLATES = Templates()


def _template(root: RootPlan, actor: Actor, rows: Select[Any], limit: int,
              has_previous: bool) -> str:
    page = table("p", *(column(str(c.key), c.type) for c in rows.selected_columns),
                 column("rn_", Integer))
    if isinstance(root.body, Obj):
        expression = sql.object_template(root.body, page, actor)
        stmt = select(expression.label(_LABEL)).select_from(page)
    else:
        assert isinstance(root.body, ConnectionPlan) and root.spec.sort is not None
        counted = table("c", column("total_", Integer))
        expression = sql.connection_template(root.spec.sort, root.body, actor, page, counted,
                                             limit, has_previous)
        stmt = select(expression.label(_LABEL)).select_from(counted, page)
    # Constants only (names, the partner's customer id, statuses): nothing from the request.
    text = str(stmt.compile(dialect=_DIALECT, compile_kwargs={"literal_binds": True}))
    head, tail = "SELECT ", f" AS {_LABEL} \nFROM "
    at = text.rfind(tail)
    if not text.startswith(head) or at < 0:
        raise NotCompilable("unexpected SQL text")
    return text[len(head):at]


def object_statement(root: RootPlan, actor: Actor, rows: Select[Any]) -> Select[Any]:
    """The JSON of the first row of `rows`, or no row."""
    page = rows.limit(1).subquery("p")
    expression = TEMPLATES.get(root, actor, rows, 1, False)
    return select(literal_column(expression, Text)).select_from(page)


def connection_statement(root: RootPlan, actor: Actor, rows: Select[Any], first: int | None,
                         after: str | None) -> Select[Any]:
    """The JSON of a Relay connection of `rows`, paged as `backend.api.pagination` pages."""
    sort = root.spec.sort
    assert sort is not None
    page_stmt, limit = sql.page_rows(rows, sort, first, after)
    page = page_stmt.subquery("p")
    expression = TEMPLATES.get(root, actor, rows, limit, after is not None)
    stmt = select(literal_column(expression, Text)).group_by(_ONE_GROUP)
    assert isinstance(root.body, ConnectionPlan)
    if not any(name == "totalCount" for _, name, _ in root.body.fields):
        return stmt.select_from(page)
    counted = select(func.count().label("total_")).select_from(
        rows.order_by(None).subquery()).subquery("c")
    # The count's one row, joined to the page's rows, or to one row of nulls.
    return stmt.select_from(counted.outerjoin(page, true()))
