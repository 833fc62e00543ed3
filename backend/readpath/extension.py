"""The schema extension that answers a query on the compiled read path when it can.

It runs after the document limits, validation and the cost check (the
extensions before it), so both paths are refused alike; mutations and
subscriptions always run on the resolvers. Where settings show it,
`extensions.readPath` says which path answered, and the request header
`X-Read-Path: resolvers` sends a query to the resolvers.
"""

from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension

from backend.readpath import run
from backend.resolvers.context import actor_of

HEADER = "x-read-path"
COMPILED, RESOLVERS = "compiled", "resolvers"


class ReadPath(SchemaExtension):
    def __init__(self) -> None:
        self.path: str | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        execution_context = self.execution_context
        context = execution_context.context
        if (execution_context.result is None and not execution_context.pre_execution_errors
                and _operation_type(execution_context) == "query"):
            self.path = RESOLVERS
            if not (_shown(context) and _forced_resolvers(context)):
                claims = getattr(context, "claims", None)
                if claims is not None:
                    result = await run.answer(execution_context, actor_of(claims))
                    if result is not None:
                        execution_context.result = result
                        self.path = COMPILED
        yield

    def get_results(self) -> dict[str, Any]:
        if self.path is None or not _shown(self.execution_context.context):
            return {}
        return {"readPath": self.path}


def _operation_type(execution_context: Any) -> str | None:
    try:
        return str(execution_context.operation_type.value)
    except Exception:  # no such operation: validation says so
        return None


def _shown(context: Any) -> bool:
    state = getattr(context, "state", None)
    return bool(state is not None and state.settings.shows_read_path)


def _forced_resolvers(context: Any) -> bool:
    request = getattr(context, "request", None)
    headers = getattr(request, "headers", None)
    return bool(headers is not None and headers.get(HEADER, "").strip().lower() == RESOLVERS)
