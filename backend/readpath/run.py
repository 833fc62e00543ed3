"""Answering a query operation with one statement per root field, or saying it cannot.

The plan of an operation is made once per document, operation name and scope
kind (staff or partner) and kept in a bounded cache; each request binds its
variables and arguments into the statements and hands PostgreSQL's JSON text
to the encoder as it is (`orjson.Fragment`), with no Python object per field.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLSchema, OperationDefinitionNode, get_operation_ast
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy.exc import DBAPIError
from strawberry.types.arguments import convert_arguments

from backend.api.errors import BadUserInput
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
    operation = get_operation_ast(document, execution_context.operation_name)
    assert operation is not None
    variables = get_variable_values(schema, operation.variable_definitions or (),
                                    execution_context.variables or {})
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
            rows = await context.db.rows(stmt)
        except DBAPIError:
            log.exception("read path: statement failed; answering on the resolvers")
            await context.db.discard()
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
    return ExecutionResult(data=data)


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
