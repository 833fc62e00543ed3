"""Prometheus metrics of one application: operations, errors, HTTP, the pool and subscribers.

Each application owns its registry, so several apps in one process (tests,
benchmarks) never mix their figures. `GET /metrics` serves it in the text format.
"""

import re
from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.state import app_state

# Operation names come from clients: only this many distinct ones get their own series.
MAX_OPERATION_LABELS = 500
OTHER = "other"
ANONYMOUS = "anonymous"
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class PoolCollector(Collector):
    """Database pool use, read from the application's engine at scrape time."""

    def __init__(self, state: Any) -> None:
        self.state = state

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "erp_db_pool_connections", "Database pool connections by state.", labels=["state"]
        )
        engine = getattr(self.state, "engine", None)
        if engine is not None:
            pool = engine.pool
            for state, read in (
                ("checked_out", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow")
            ):
                method = getattr(pool, read, None)
                if method is not None:
                    family.add_metric([state], max(0, method()))
            size = getattr(pool, "size", None)
            if size is not None:
                family.add_metric(["size"], size())
        yield family


class Metrics:
    def __init__(self, state: Any) -> None:
        self.registry = CollectorRegistry()
        self.operation_seconds = Histogram(
            "erp_graphql_operation_seconds",
            "Time to answer a GraphQL query or mutation.",
            ["operation", "type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.operation_errors = Counter(
            "erp_graphql_errors",
            "Errors in GraphQL answers, by operation and error code.",
            ["operation", "code"],
            registry=self.registry,
        )
        self.http_requests = Counter(
            "erp_http_requests",
            "HTTP requests answered, by method and status code.",
            ["method", "status"],
            registry=self.registry,
        )
        self.websocket_connections = Gauge(
            "erp_graphql_websocket_connections",
            "Open GraphQL WebSocket connections.",
            registry=self.registry,
        )
        self.subscriptions = Gauge(
            "erp_graphql_subscriptions",
            "Active subscriptions, by operation.",
            ["operation"],
            registry=self.registry,
        )
        self.registry.register(PoolCollector(state))
        self._operation_names: set[str] = set()

    def operation_label(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if name in self._operation_names:
            return name
        if not _PLAIN_NAME.fullmatch(name) or len(self._operation_names) >= MAX_OPERATION_LABELS:
            return OTHER
        self._operation_names.add(name)
        return name


async def metrics_endpoint(request: Request) -> Response:
    metrics: Metrics = app_state(request).metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


routes = [Route("/metrics", metrics_endpoint, methods=["GET"])]
