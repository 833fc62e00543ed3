"""Checking an operation's cost before it runs, against a limit and the caller's budget.

The requested cost (backend/security/cost.py) is taken from the caller's budget
before execution; afterwards the part that was not used (the requested cost
minus the objects actually returned) is given back, as Shopify does. Every
answer carries `extensions.cost`. An operation over the limit is
MAX_COST_EXCEEDED; one the budget cannot pay for now is THROTTLED, with the
seconds to wait.

A refused document (unparsable, invalid, over a limit) also costs its sender
REFUSED_DOCUMENT_COST, and a caller whose budget is spent is turned away before
its document is even parsed: a flood of hostile documents soon costs the
server next to nothing.
"""

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import ExecutionResult, GraphQLError
from sqlalchemy import Executable
from strawberry.extensions import SchemaExtension

from backend.api.errors import ServiceUnavailable
from backend.db.engine import is_unavailable
from backend.security.buckets import Run, SharedBuckets
from backend.security.cost import CostError, operation_cost
from backend.settings import Settings
from backend.state import app_state

log = logging.getLogger(__name__)

REFUSED_DOCUMENT_COST = 1000
REFUSAL_CODES = frozenset({
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "MAX_SIZE_EXCEEDED",
    "MAX_TOKENS_EXCEEDED", "MAX_DEPTH_EXCEEDED", "MAX_ALIASES_EXCEEDED", "MAX_COST_EXCEEDED",
})
# Documents and, per document, page-size combinations whose cost is remembered.
MAX_COSTED_DOCUMENTS = 512
MAX_SHAPES_PER_DOCUMENT = 64


@dataclass
class CostCache:
    """Costs by document, operation and the values of the variables the cost depends on
    (page sizes): a document's cost is computed once per such shape, not per request."""

    max_documents: int = MAX_COSTED_DOCUMENTS
    _entries: OrderedDict[tuple[str, str | None], tuple[tuple[str, ...], dict[Hashable, int]]] = (
        field(default_factory=OrderedDict))

    def cost(self, schema: Any, query: str | None, document: Any, operation_name: str | None,
             variables: Mapping[str, Any] | None) -> int:
        if query is None:
            return operation_cost(schema, document, operation_name=operation_name,
                                  variables=variables)
        entry = self._entries.get((query, operation_name))
        if entry is not None:
            self._entries.move_to_end((query, operation_name))
            names, costs = entry
            shape = _shape(names, variables)
            if shape is not None and shape in costs:
                return costs[shape]
        read: set[str] = set()
        cost = operation_cost(schema, document, operation_name=operation_name,
                              variables=variables, read=read)
        names = tuple(sorted(read))
        shape = _shape(names, variables)
        if shape is not None:
            known = entry[1] if entry is not None and entry[0] == names else {}
            if len(known) >= MAX_SHAPES_PER_DOCUMENT:
                known.pop(next(iter(known)))
            known[shape] = cost
            self._entries[(query, operation_name)] = (names, known)
            if len(self._entries) > self.max_documents:
                self._entries.popitem(last=False)
        return cost


def _shape(names: tuple[str, ...], variables: Mapping[str, Any] | None) -> Hashable | None:
    values = tuple((variables or {}).get(name) for name in names)
    try:
        hash(values)
    except TypeError:  # a list or object where a page size belongs: not worth remembering
        return None
    return values


@dataclass
class CostPolicy:
    """The limit per operation and the budgets per principal, one per application."""

    max_cost: int
    budgets: SharedBuckets  # partners and anonymous callers
    staff_budgets: SharedBuckets
    costs: CostCache = field(default_factory=CostCache)

    @classmethod
    def from_settings(cls, settings: Settings) -> "CostPolicy":
        factor = settings.staff_cost_factor
        return cls(
            max_cost=settings.max_query_cost,
            budgets=SharedBuckets(
                "cost", capacity=settings.cost_budget, rate=settings.cost_restore_rate
            ),
            staff_budgets=SharedBuckets(
                "cost-staff", capacity=settings.cost_budget * factor,
                rate=settings.cost_restore_rate * factor,
            ),
        )

    def budget_of(self, context: Any) -> tuple[SharedBuckets, str]:
        """Whose budget pays: the signed-in user, else the client address."""
        claims = getattr(context, "claims", None)
        if claims is None:
            client = context.request.client
            return self.budgets, f"address:{client.host if client else 'unknown'}"
        staff = context.actor.is_staff
        return (self.staff_budgets if staff else self.budgets), f"user:{claims.user_id}"

    def turn_away(self, context: Any) -> GraphQLError | None:
        """THROTTLED, before any parsing, for a caller whose budget is spent (as last seen)."""
        budgets, key = self.budget_of(context)
        decision = budgets.peek(key, 1)
        if decision.allowed:
            return None
        _retry_after_header(context, decision.retry_after)
        return GraphQLError(
            f"Query budget exhausted. Retry in {round(decision.retry_after, 2)} s.",
            extensions={"code": "THROTTLED", "retryAfterSeconds": round(decision.retry_after, 2),
                        "cost": _figures(0, decision.available, budgets)},
        )


def runner(context: Any) -> Run:
    """Where the budget's statement runs: the request's connection, else a pooled one."""
    db = getattr(context, "db", None)
    if db is not None:
        return db.write_first
    engine = app_state(context.request).engine

    async def run(stmt: Executable) -> Sequence[Any]:
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            return (await conn.execute(stmt)).all()

    return run


class QueryCostLimiter(SchemaExtension):
    def __init__(self) -> None:
        self.cost: dict[str, Any] | None = None
        self.charged: tuple[SharedBuckets, str, int] | None = None
        self.took = False  # the request's one budget statement has run

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        errors = getattr(self.execution_context.result, "errors", None) or ()
        if any((e.extensions or {}).get("code") in REFUSAL_CODES for e in errors):
            context = self.execution_context.context
            policy: CostPolicy | None = app_state(context.request).cost_policy
            if policy is not None and not self.took:
                budgets, key = policy.budget_of(context)
                try:
                    await budgets.take(runner(context), key, REFUSED_DOCUMENT_COST, force=True)
                except Exception:  # the answer is a refusal either way
                    log.warning("could not charge a refused document", exc_info=True)

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        policy: CostPolicy | None = app_state(context.request).cost_policy
        document = self.execution_context.graphql_document
        if policy is not None and document is not None and not self.execution_context.result:
            await self._check(policy, context, document)
        yield
        if self.charged is not None and self.cost is not None:
            budgets, key, requested = self.charged
            data = getattr(self.execution_context.result, "data", None)
            actual = min(requested, _objects_in(data))
            available = budgets.give_back(key, requested - actual)
            self.cost["actualQueryCost"] = actual
            self.cost["throttleStatus"]["currentlyAvailable"] = max(0, int(available))

    async def _check(self, policy: CostPolicy, context: Any, document: Any) -> None:
        try:
            cost = policy.costs.cost(
                self.execution_context.schema._schema,
                self.execution_context.query,
                document,
                self.execution_context.operation_name,
                self.execution_context.variables,
            )
        except CostError:
            return  # validation has already said what is wrong with the document
        budgets, key = policy.budget_of(context)
        if cost > policy.max_cost:
            self.cost = _figures(cost, budgets.peek(key, 0).available, budgets)
            self._refuse(
                f"This operation would cost {cost} points; the most one operation may cost "
                f"is {policy.max_cost}. Ask for smaller pages (first:) or fewer nested lists.",
                "MAX_COST_EXCEEDED",
            )
            return
        self.took = True
        try:
            decision = await budgets.take(runner(context), key, cost)
        except Exception as error:
            if not is_unavailable(error):
                raise
            self._refuse_with(ServiceUnavailable())
            return
        self.cost = _figures(cost, decision.available, budgets)
        if decision.allowed:
            self.charged = (budgets, key, cost)
            return
        wait = round(decision.retry_after, 2)
        _retry_after_header(context, decision.retry_after)
        self._refuse(
            f"Query budget exhausted: this operation costs {cost} points and "
            f"{int(decision.available)} are available. Retry in {wait} s.",
            "THROTTLED",
            retryAfterSeconds=wait,
        )

    def _refuse(self, message: str, code: str, **extra: Any) -> None:
        self._refuse_with(
            GraphQLError(message, extensions={"code": code, "cost": self.cost, **extra})
        )

    def _refuse_with(self, error: GraphQLError) -> None:
        if getattr(self.execution_context.operation_type, "value", None) == "subscription":
            raise error  # a subscription is started whatever the result says; refuse it here
        self.execution_context.result = ExecutionResult(data=None, errors=[error])

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost is not None else {}


def _retry_after_header(context: Any, seconds: float) -> None:
    response = getattr(context, "response", None)
    if response is not None and hasattr(response, "headers"):
        response.headers["Retry-After"] = str(max(1, int(seconds + 0.999)))


def _figures(cost: int, available: float, budgets: SharedBuckets) -> dict[str, Any]:
    return {
        "requestedQueryCost": cost,
        "throttleStatus": {
            "maximumAvailable": int(budgets.capacity),
            "currentlyAvailable": max(0, int(available)),
            "restoreRate": budgets.rate,
        },
    }


# The figures of `extensions.cost`, for an answer made outside this extension (readpath.fastlane).
cost_figures = _figures


def _objects_in(data: Any) -> int:
    """Objects in a result: what the operation actually cost."""
    objects = getattr(data, "objects", None)  # an answer written in SQL counts its own
    if isinstance(objects, int):
        return objects
    if isinstance(data, dict):
        return 1 + sum(_objects_in(v) for v in data.values())
    if isinstance(data, list):
        return sum(_objects_in(v) for v in data)
    return 0
