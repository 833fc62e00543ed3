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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from backend.security.buckets import BucketTable
from backend.security.cost import CostError, operation_cost
from backend.settings import Settings
from backend.state import app_state

REFUSED_DOCUMENT_COST = 1000
REFUSAL_CODES = frozenset({
    "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "MAX_SIZE_EXCEEDED",
    "MAX_TOKENS_EXCEEDED", "MAX_DEPTH_EXCEEDED", "MAX_ALIASES_EXCEEDED", "MAX_COST_EXCEEDED",
})


@dataclass
class CostPolicy:
    """The limit per operation and the budgets per principal, one per application."""

    max_cost: int
    budgets: BucketTable  # partners and anonymous callers
    staff_budgets: BucketTable

    @classmethod
    def from_settings(cls, settings: Settings) -> "CostPolicy":
        factor = settings.staff_cost_factor
        return cls(
            max_cost=settings.max_query_cost,
            budgets=BucketTable(capacity=settings.cost_budget, rate=settings.cost_restore_rate),
            staff_budgets=BucketTable(
                capacity=settings.cost_budget * factor, rate=settings.cost_restore_rate * factor
            ),
        )

    def budget_of(self, context: Any) -> tuple[BucketTable, str]:
        """Whose budget pays: the signed-in user, else the client address."""
        claims = getattr(context, "claims", None)
        if claims is None:
            client = context.request.client
            return self.budgets, f"address:{client.host if client else 'unknown'}"
        staff = context.actor.is_staff
        return (self.staff_budgets if staff else self.budgets), f"user:{claims.user_id}"

    def turn_away(self, context: Any) -> GraphQLError | None:
        """THROTTLED, before any parsing, for a caller whose budget is spent."""
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


class QueryCostLimiter(SchemaExtension):
    def __init__(self) -> None:
        self.cost: dict[str, Any] | None = None
        self.charged: tuple[BucketTable, str, int] | None = None

    def on_operation(self) -> Iterator[None]:
        yield
        errors = getattr(self.execution_context.result, "errors", None) or ()
        if any((e.extensions or {}).get("code") in REFUSAL_CODES for e in errors):
            context = self.execution_context.context
            policy: CostPolicy | None = app_state(context.request).cost_policy
            if policy is not None:
                budgets, key = policy.budget_of(context)
                budgets.charge(key, REFUSED_DOCUMENT_COST)

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        policy: CostPolicy | None = app_state(context.request).cost_policy
        document = self.execution_context.graphql_document
        if policy is not None and document is not None and not self.execution_context.result:
            self._check(policy, context, document)
        yield
        if self.charged is not None and self.cost is not None:
            budgets, key, requested = self.charged
            data = getattr(self.execution_context.result, "data", None)
            actual = min(requested, _objects_in(data))
            budgets.give_back(key, requested - actual)
            self.cost["actualQueryCost"] = actual
            self.cost["throttleStatus"]["currentlyAvailable"] = int(budgets.peek(key, 0).available)

    def _check(self, policy: CostPolicy, context: Any, document: Any) -> None:
        try:
            cost = operation_cost(
                self.execution_context.schema._schema,
                document,
                operation_name=self.execution_context.operation_name,
                variables=self.execution_context.variables,
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
        decision = budgets.take(key, cost)
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
        error = GraphQLError(message, extensions={"code": code, "cost": self.cost, **extra})
        if getattr(self.execution_context.operation_type, "value", None) == "subscription":
            raise error  # a subscription is started whatever the result says; refuse it here
        self.execution_context.result = ExecutionResult(data=None, errors=[error])

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost is not None else {}


def _retry_after_header(context: Any, seconds: float) -> None:
    response = getattr(context, "response", None)
    if response is not None and hasattr(response, "headers"):
        response.headers["Retry-After"] = str(max(1, int(seconds + 0.999)))


def _figures(cost: int, available: float, budgets: BucketTable) -> dict[str, Any]:
    return {
        "requestedQueryCost": cost,
        "throttleStatus": {
            "maximumAvailable": int(budgets.capacity),
            "currentlyAvailable": max(0, int(available)),
            "restoreRate": budgets.rate,
        },
    }


def _objects_in(data: Any) -> int:
    """Objects in a result: what the operation actually cost."""
    if isinstance(data, dict):
        return 1 + sum(_objects_in(v) for v in data.values())
    if isinstance(data, list):
        return sum(_objects_in(v) for v in data)
    return 0
