"""Nested lists cost one statement per level, not one per parent: the same count for 5 and 50 orders."""

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import event

from tests.support.client import gql, login
from tests.support.server import LiveServer

DEEP_WALK = """
query Deep($n: Int!) {
  salesOrders(first: $n, filter: {status: [SHIPPED, DELIVERED, INVOICED, CLOSED]}) { edges { node {
    customer { name }
    lines { product { sku } }
    shipments { lines {
      lot { lotNumber inspections { result inspector { username } } supplier { name } }
      serials { serialNumber } } }
  } } }
}
"""
MAX_STATEMENTS = 12


@contextmanager
def counting_statements(server: LiveServer) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = server.app.state.engine.sync_engine

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        # The server's own background work (outbox listener, webhook worker) shares the
        # engine; the walk never reads those tables.
        if "webhook" not in statement and "outbox_" not in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def shipped_lines(body: dict) -> int:
    return sum(
        len(shipment["lines"])
        for edge in body["data"]["salesOrders"]["edges"]
        for shipment in edge["node"]["shipments"]
    )


@pytest.mark.usefixtures("scale_data")
async def test_deep_walk_costs_the_same_statements_for_5_and_50_orders(
    api: httpx.AsyncClient, live_server: LiveServer
) -> None:
    token = await login(api, "admin")
    counts = {}
    for n in (5, 50):
        with counting_statements(live_server) as statements:
            body = await gql(api, DEEP_WALK, {"n": n}, token=token)
        assert len(body["data"]["salesOrders"]["edges"]) == n
        counts[n] = len(statements)
        if n == 50:
            assert shipped_lines(body) > 5, "the walk must reach shipments, lots and serials"
    print(f"deep walk SQL statements: {counts}")
    assert counts[5] == counts[50], counts
    assert counts[50] <= MAX_STATEMENTS, counts
