"""Per-request bookkeeping: the request id (X-Request-ID in and out), the access log, counters."""

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.observability import context

REQUEST_ID_HEADER = "x-request-id"
access_log = logging.getLogger("backend.access")


class RequestObserver:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        request_id = context.new_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        context.request_id.set(request_id)
        context.principal.set(None)
        context.operation.set(None)
        metrics = getattr(scope.get("app"), "state", None)
        metrics = getattr(metrics, "metrics", None)
        if scope["type"] == "websocket":
            return await self._websocket(scope, receive, send, metrics)

        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
            if metrics is not None:
                metrics.http_requests.labels(scope["method"], str(status)).inc()
            client = scope.get("client")
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": elapsed_ms,
                    "client": client[0] if client else None,
                },
            )

    async def _websocket(self, scope: Scope, receive: Receive, send: Send, metrics: object) -> None:
        gauge = getattr(metrics, "websocket_connections", None)
        if gauge is not None:
            gauge.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            if gauge is not None:
                gauge.dec()
