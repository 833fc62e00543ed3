"""Log lines are JSON objects naming the request id, the principal and the operation."""

import io
import json
import logging

import httpx
import pytest

from backend.observability.logging import RequestContextFilter, formatter
from tests.support.client import login
from tests.support.server import AppClient


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter("json"))
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger(n) for n in ("backend.access", "backend.graphql")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


async def test_access_log_names_request_principal_and_operation(
    app_client: AppClient, json_lines
) -> None:
    client: httpx.AsyncClient = await app_client()
    token = await login(client, "partner-a")
    response = await client.post(
        "/graphql",
        json={"query": "query PartnerOrders { salesOrders(first: 1) { totalCount } }"},
        headers={"authorization": f"Bearer {token}", "x-request-id": "log-test-1"},
    )
    assert response.status_code == 200
    lines = [line for line in json_lines() if line.get("request_id") == "log-test-1"]
    assert len(lines) == 1
    line = lines[0]
    assert line["logger"] == "backend.access" and line["level"] == "INFO"
    assert line["principal"].startswith("partner-a#")
    assert line["operation"] == "PartnerOrders"
    assert line["status"] == 200 and line["path"] == "/graphql" and line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")
