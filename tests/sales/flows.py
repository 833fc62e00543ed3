"""Steps of the order-to-cash flow through the graph, for tests that need an order at a stage."""

from __future__ import annotations

from typing import Any

from tests.sales.gql import ALLOCATE, CREATE_ORDER, SUBMIT, gid, line


async def approved_order(call: Any, customer_id: int, lines: list[tuple[int, int]]) -> dict:
    """A submitted order (list prices, so no approval needed) for (product id, quantity) lines."""
    created = await call(
        "sales",
        CREATE_ORDER,
        input={
            "customerId": gid("Customer", customer_id),
            "lines": [line(product_id, quantity) for product_id, quantity in lines],
        },
    )
    order = created["createSalesOrder"]["order"]
    submitted = await call("sales", SUBMIT, id=order["id"])
    assert submitted["submitSalesOrder"]["order"]["status"] == "APPROVED"
    return submitted["submitSalesOrder"]["order"]


async def allocated_order(call: Any, customer_id: int, lines: list[tuple[int, int]]) -> dict:
    order = await approved_order(call, customer_id, lines)
    result = (await call("sales", ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert result["userErrors"] == [], result["userErrors"]
    return result["order"]
