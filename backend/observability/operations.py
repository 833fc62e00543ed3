"""A schema extension that names the operation in logs and measures it for /metrics."""

import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from backend.observability import context as log_context


class OperationObserver(SchemaExtension):
    """Listed first among the extensions, so it sees errors as clients get them."""

    def __init__(self) -> None:
        self.subscription_label: str | None = None

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        # Each request (and each subscription) runs in its own task, so this stays local to it.
        log_context.operation.set(self.execution_context.operation_name)
        try:
            yield
        finally:  # a subscription ends by cancellation
            self._record(time.perf_counter() - started)

    def _record(self, elapsed: float) -> None:
        metrics = _metrics(self.execution_context.context)
        if metrics is None:
            return
        if self.subscription_label is not None:
            metrics.subscriptions.labels(self.subscription_label).dec()
            return
        label = metrics.operation_label(self.execution_context.operation_name)
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            code = (error.extensions or {}).get("code", "UNKNOWN")
            metrics.operation_errors.labels(label, str(code)).inc()
        metrics.operation_seconds.labels(label, _operation_type(self.execution_context)).observe(
            elapsed
        )

    def on_execute(self) -> Iterator[None]:
        log_context.operation.set(self.execution_context.operation_name)
        metrics = _metrics(self.execution_context.context)
        if metrics is not None and _operation_type(self.execution_context) == "subscription":
            self.subscription_label = metrics.operation_label(self.execution_context.operation_name)
            metrics.subscriptions.labels(self.subscription_label).inc()
        yield


def _metrics(context: Any) -> Any:
    request = getattr(context, "request", None)
    return getattr(request.app.state, "metrics", None) if request is not None else None


def _operation_type(execution_context: Any) -> str:
    try:
        kind = execution_context.operation_type
    except RuntimeError:  # the document did not parse or names no operation
        return "invalid"
    return str(getattr(kind, "value", kind))
