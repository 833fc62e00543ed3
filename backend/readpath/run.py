"""Answering a query operation with one statement per root field, or saying it cannot.

The plan of an operation is made once per document, operation name and scope
kind (staff or partner) and kept in a bounded cache; each request binds its
variables and arguments into the statements and hands PostgreSQL's JSON text
to the encoder as it is (`orjson.Fragment`), with no Python object per field.
A partner's statement enters the partner wall itself (`tenant.read_as`): one
statement, no transaction around it.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLSchema, OperationDefinitionNode, get_operation_ast
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy.exc import CompileError, DBAPIError
from strawberry.types.arguments import convert_arguments

from backend.api.errors import BadUserInput
from backend.db import tenant
from backend.domain.actor import Actor
from backend.domain.errors import DomainError
from backend.readpath import sql, statements
from backend.readpath.plan import (
    NotCompilable,
    Plan,
    RootPlan,
    plan_operation,
)

log = logging.getLogger(__name__)

MAX_PLANS = 512  # as many as the documents the document cache keeps
STAFF, PARTNER = "staff", "partner"


class CompiledData(dict[str, Any]):
    """The `data` of a compiled answer: root keys to JSON text; `objects` bounds the objects
    in it from above (every `{`), for the cost the budget keeps."""

    objects: int = 0


class PlanCache:
    def __init__(self, size: int = MAX_PLANS) -> None:
        self.size = size
        self._plans: OrderedDict[tuple[str, str | None, str], Plan | None] = OrderedDict()

    def plan(self, schema: GraphQLSchema, document: Any, query: str,
             operation_name: str | None, kind: str) -> Plan | None:
        key = (query, operation_name, kind)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        operation = get_operation_ast(document, operation_name)
        found: Plan | None = None
        if isinstance(operation, OperationDefinitionNode) and operation.operation.value == "query":
            try:
                found = plan_operation(schema, document, operation, staff=kind == STAFF)
            except NotCompilable as reason:
                log.debug("read path: resolvers for %s (%s)", operation_name, reason)
        self._plans[key] = found
        if len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return found


PLANS = PlanCache()


def scope_kind(actor: Actor) -> str | None:
    if actor.customer_scope is not None:
        return PARTNER
    return STAFF if actor.is_staff else None


class KnownCompiled:
    """Documents answered on the compiled path before, by document, operation name and scope
    kind, with their parsed document and plan: the fast lane (`readpath.fastlane`) answers
    them again without the execution machinery."""

    def __init__(self, size: int = MAX_PLANS) -> None:
        self.size = size
        # -> the parsed document, its plan and the operation's own name (as the full path has it)
        self._known: OrderedDict[tuple[str, str | None, str], tuple[Any, Plan, str | None]] = (
            OrderedDict())

    def add(self, query: str, operation_name: str | None, kind: str, document: Any,
            plan: Plan) -> None:
        names = {operation_name}
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) == 1:
            names.add(None)  # the one operation, asked for without its name
        for name in names:
            key = (query, name, kind)
            if key not in self._known:
                self._known[key] = (document, plan, operation_name)
                if len(self._known) > self.size:
                    self._known.popitem(last=False)

    def get(self, query: str, operation_name: str | None, kind: str
            ) -> tuple[Any, Plan, str | None] | None:
        return self._known.get((query, operation_name, kind))


KNOWN = KnownCompiled()


async def answer(execution_context: Any, actor: Actor) -> ExecutionResult | None:
    """The compiled answer of the operation, or None to let the resolvers answer it."""
    context = execution_context.context
    kind = scope_kind(actor)
    document = execution_context.graphql_document
    if kind is None or context.db is None or document is None or not execution_context.query:
        return None
    strawberry_schema = execution_context.schema
    schema: GraphQLSchema = strawberry_schema._schema
    plan = PLANS.plan(schema, document, execution_context.query,
                      execution_context.operation_name, kind)
    if plan is None:
        return None
    data = await compiled_data(strawberry_schema, document, plan,
                               execution_context.operation_name, execution_context.variables,
                               actor, context.db)
    if data is None:
        return None
    KNOWN.add(execution_context.query, execution_context.operation_name, kind, document, plan)
    return ExecutionResult(data=data)


async def compiled_data(strawberry_schema: Any, document: Any, plan: Plan,
                        operation_name: str | None, raw_variables: Any, actor: Actor,
                        db: Any) -> CompiledData | None:
    """The `data` of a planned operation, or None where the resolvers must answer."""
    schema: GraphQLSchema = strawberry_schema._schema
    operation = get_operation_ast(document, operation_name)
    assert operation is not None
    variables = get_variable_values(schema, operation.variable_definitions or (),
                                    raw_variables or {})
    if isinstance(variables, list):
        return None  # the resolvers answer with the coercion errors
    try:
        statements = [(root, _statement(root, actor, variables, strawberry_schema))
                      if isinstance(root, RootPlan) else (root, None) for root in plan.roots]
    except (NotCompilable, BadUserInput, DomainError):
        return None  # the resolvers refuse the arguments in their own words
    data = CompiledData()
    objects = 1
    for root, stmt in statements:
        if stmt is None:
            data[str(root)] = "Query"
            continue
        assert isinstance(root, RootPlan)
        try:
            rows = await _rows(db, actor, stmt)
        except DBAPIError:
            log.exception("read path: statement failed; answering on the resolvers")
            await db.discard()
            return None
        text = rows[0][0] if rows else None
        if text is None:
            data[root.key] = None
            continue
        raw = text.encode()
        if sql.MISSING in raw:
            return None  # a non-null field the viewer may not see: the resolvers' error
        objects += raw.count(b"{")
        data[root.key] = orjson.Fragment(raw)
    data.objects = objects
    return data


async def _rows(db: Any, actor: Actor, stmt: Any) -> Sequence[Any]:
    """The statement's rows; a partner's in one statement that enters the wall itself, when
    its values can be written into its text (else in the wall's own transaction)."""
    if actor.customer_scope is not None:
        walled = _walled_text(db.engine.dialect, stmt)
        if walled is not None:
            return await db.walled_rows(tenant.read_as(actor.customer_scope, walled))
    rows: Sequence[Any] = await db.rows(stmt)
    return rows


# Values written into a statement's text: numbers, dates and plain words only. Anything
# else (quotes, backslashes, other characters) keeps its bound parameter, in the wall's
# own transaction, so no request value is ever quoted by hand.
_PLAIN_TEXT = re.compile(r"[\w .:@/+-]{0,200}", re.ASCII)
_LITERAL_TYPES = (bool, int, Decimal, date, datetime)


def _inlinable(value: Any) -> bool:
    if value is None or isinstance(value, _LITERAL_TYPES):
        return True
    if isinstance(value, str):
        return _PLAIN_TEXT.fullmatch(value) is not None
    if isinstance(value, (list, tuple)):
        return all(_inlinable(v) for v in value)
    return False


def _walled_text(dialect: Any, stmt: Any) -> str | None:
    # The dialect knows how the server reads backslashes once it has connected.
    if dialect.server_version_info is None:
        return None
    try:
        if not all(_inlinable(v) for v in stmt.compile(dialect=dialect).params.values()):
            return None
        return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    except (CompileError, NotImplementedError, TypeError, ValueError):
        return None  # a value without a literal form


def _statement(root: RootPlan, actor: Actor, variables: Any, strawberry_schema: Any
               ) -> Any:
    raw = get_argument_values(root.field, root.node, variables)
    definition = root.field.extensions["strawberry-definition"]
    args = convert_arguments(raw, definition.arguments,
                             scalar_registry=strawberry_schema.schema_converter.scalar_registry,
                             config=strawberry_schema.config)
    rows = root.spec.rows(actor, args)
    if root.spec.sort is None:
        return statements.object_statement(root, actor, rows)
    return statements.connection_statement(root, actor, rows, args.get("first"),
                                           args.get("after"))
