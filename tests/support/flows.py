"""Test data made through the API, as the demo users make it: orders at a stage, and goods
received, inspected and released."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from backend.db.models import Supplier, Warehouse
from backend.enums import TrackingMode
from tests.support import builders
from tests.support.builders import Lines, Sessions, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.documents import (
    ALLOCATE,
    CREATE_ORDER,
    INSPECT,
    RECEIVE,
    RELEASE,
    SUBMIT,
    line,
)
from tests.support.ids import gid


async def approved_order(client: Client, customer_id: int, lines: Lines) -> dict:
    """A submitted order (list prices, so no approval needed) for (product id, quantity) lines."""
    created = await client.call(
        "sales",
        CREATE_ORDER,
        input={
            "customerId": gid("Customer", customer_id),
            "lines": [line(product_id, quantity) for product_id, quantity in lines],
        },
    )
    order = created["createSalesOrder"]["order"]
    submitted = await client.call("sales", SUBMIT, id=order["id"])
    assert submitted["submitSalesOrder"]["order"]["status"] == "APPROVED"
    return submitted["submitSalesOrder"]["order"]


async def allocated_order(client: Client, customer_id: int, lines: Lines) -> dict:
    order = await approved_order(client, customer_id, lines)
    result = (await client.call("sales", ALLOCATE, id=order["id"]))["allocateSalesOrder"]
    assert result["userErrors"] == [], result["userErrors"]
    return result["order"]


@dataclass
class Quality:
    """Receiving, inspecting and releasing through the API at the demo warehouse DE-LEJ,
    from the demo supplier SUP-ALP; new products come from the domain (`builders`)."""

    client: Client
    sessionmaker: Sessions
    supplier_id: str
    warehouse_id: str
    warehouse_pk: int

    @classmethod
    async def at_demo_site(cls, client: Client, sessionmaker: Sessions) -> Quality:
        async with sessionmaker() as session:
            supplier = await session.scalar(select(Supplier.id).where(Supplier.code == "SUP-ALP"))
            warehouse = await session.scalar(select(Warehouse.id).where(Warehouse.code == "DE-LEJ"))
        return cls(client, sessionmaker, gid("Supplier", supplier), gid("Warehouse", warehouse),
                   warehouse)

    async def product(self, tracking: TrackingMode = TrackingMode.LOT,
                      shelf_life_days: int | None = 365) -> dict:
        return await builders.product_ref(self.sessionmaker, tracking=tracking, price="10.00",
                                          shelf_life_days=shelf_life_days)

    async def receive(self, product: dict, quantity: int, *, serials: list[str] | None = None,
                      lot_number: str | None = None, **line_fields: Any) -> dict:
        data = await self.client.call("warehouse", RECEIVE, {"input": {
            "supplierId": self.supplier_id, "warehouseId": self.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": lot_number or unique("L"),
                       "quantity": quantity, "serialNumbers": serials, **line_fields}],
        }})
        payload = data["receiveGoods"]
        assert payload["userErrors"] == [], payload
        return payload["lots"][0]

    async def inspect(self, lot_id: str, kind: str = "INCOMING", result: str = "PASS",
                      username: str = "inspector") -> dict:
        data = await self.client.call(username, INSPECT, {"input": {
            "lotId": lot_id, "kind": kind, "result": result, "sampleSize": 5, "defectsFound": 0,
        }})
        return data["recordInspection"]

    async def release(self, lot_id: str, username: str = "qa",
                      password: str = DEMO_PASSWORD) -> dict:
        data = await self.client.call(username, RELEASE, {"input": {
            "lotId": lot_id,
            "signature": {"password": password, "meaning": "Released for distribution"},
        }})
        return data["releaseLot"]

    async def released_lot(self, product: dict, quantity: int, **kwargs: Any) -> dict:
        lot = await self.receive(product, quantity, **kwargs)
        assert (await self.inspect(lot["id"]))["userErrors"] == []
        released = await self.release(lot["id"])
        assert released["userErrors"] == [], released
        return released["lot"]
