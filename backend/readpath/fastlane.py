"""The fast lane: a query already answered on the compiled path, answered again without
Strawberry's request and execution machinery.

A document, operation name and scope kind that the compiled path has answered before
(`run.KNOWN`) passed the document limits and validation then, and a document's verdict
does not change, so only what depends on the request is done again: the caller's
token and account, the turn-away of a spent budget, the NUL check, the variables'
coercion, the cost taken from the shared budget (and the unused part given back),
the statements and the answer, with the same `extensions` as the full path. Anything
else (a persisted-query extension, a batch, a refused token, a temporary password, a
budget that cannot pay, a statement that cannot answer) goes the full way, which
decides it as always; the lane gives back whatever it took first.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from backend.observability import context as log_context
from backend.readpath import run
from backend.readpath.extension import COMPILED, HEADER, RESOLVERS
from backend.resolvers.context import Context, actor_of, build_context
from backend.security import input_text
from backend.security.cost import CostError
from backend.security.query_cost import CostPolicy, cost_figures, runner

log = logging.getLogger(__name__)

JSON = "application/json"


async def answer(request: Request, strawberry_schema: Any) -> tuple[Response, Context] | None:
    """The answer and its context (whose connection the caller releases), or None: the full
    path answers. Only a POST of one JSON operation is looked at."""
    if request.method != "POST" or not request.headers.get("content-type", "").startswith(JSON):
        return None
    try:
        data = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("extensions") is not None:
        return None
    query, name, variables = data.get("query"), data.get("operationName"), data.get("variables")
    if not isinstance(query, str) or not isinstance(name, str | None) or not isinstance(
            variables, dict | None):
        return None
    started = time.perf_counter()
    context = build_context(request, Response())
    try:
        response = await _answer(context, strawberry_schema, query, name, variables, started)
    except BaseException:
        await _release(context)
        raise
    if response is None:
        await _release(context)
        return None
    return response, context


async def _answer(context: Context, strawberry_schema: Any, query: str, name: str | None,
                  variables: dict[str, Any] | None, started: float) -> Response | None:
    state = context.state
    settings = state.settings
    shown = settings.shows_read_path
    if shown and context.request.headers.get(HEADER, "").strip().lower() == RESOLVERS:
        return None
    if context.claims is None or context.auth_error is not None:
        return None
    await context.confirm_account()
    claims = context.claims
    if claims is None or context.auth_error is not None or claims.password_change_required:
        return None
    actor = actor_of(claims)
    kind = run.scope_kind(actor)
    if kind is None or (actor.is_partner and settings.partner_persisted_only):
        return None
    known = run.KNOWN.get(query, name, kind)
    if known is None or input_text.contains_nul([query, variables, name]):
        return None
    document, plan, name = known  # the operation's own name, as the full path knows it
    policy: CostPolicy | None = state.cost_policy
    if policy is None or policy.turn_away(context) is not None:
        return None
    try:
        cost = policy.costs.cost(strawberry_schema._schema, query, document, name, variables)
    except CostError:
        return None
    if cost > policy.max_cost:
        return None
    budgets, key = policy.budget_of(context)
    try:
        decision = await budgets.take(runner(context), key, cost)
    except Exception:  # the full path says SERVICE_UNAVAILABLE, or what went wrong
        return None
    if not decision.allowed:
        return None  # the full path refuses it (THROTTLED) in its own words
    _log_principal(context)
    compiled = await run.compiled_data(strawberry_schema, document, plan, name, variables,
                                       actor, context.db)
    if compiled is None:
        budgets.give_back(key, cost)  # the full path takes it again
        return None
    actual = min(cost, compiled.objects)
    available = budgets.give_back(key, cost - actual)
    figures = cost_figures(cost, decision.available, budgets)
    figures["actualQueryCost"] = actual
    figures["throttleStatus"]["currentlyAvailable"] = max(0, int(available))
    extensions: dict[str, Any] = {"cost": figures}
    if shown:
        extensions["readPath"] = COMPILED
    body = orjson.dumps({"data": compiled, "extensions": extensions})
    _observe(context.request, name, time.perf_counter() - started)
    return Response(body, media_type=JSON)


async def _release(context: Context) -> None:
    if context.db is not None:
        await context.db.release()


def _log_principal(context: Context) -> None:
    claims = context.claims
    log_context.principal.set(f"{claims.username}#{claims.user_id}" if claims else None)


def _observe(request: Any, name: str | None, elapsed: float) -> None:
    # As `OperationObserver` measures the operations of the full path.
    log_context.operation.set(name)
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.operation_seconds.labels(metrics.operation_label(name), "query").observe(elapsed)
