"""Fixtures for the quality tests: fresh products and lots of their own beside the demo data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Supplier, Warehouse
from backend.domain.actor import SYSTEM
from backend.domain.catalog import create_product
from backend.domain.rules.gtin import make_gtin14
from backend.enums import DeviceClass, TrackingMode
from backend.schema.ids import to_global_id
from tests.conftest import LiveServer
from tests.helpers import gql, login


def new_gtin() -> str:
    return make_gtin14("08" + "".join(secrets.choice("0123456789") for _ in range(11)))


def utc_today() -> date:
    return datetime.now(UTC).date()


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(3).upper()}"


@dataclass
class Quality:
    """Acts through the API as the demo users; makes products straight through the domain."""

    api: httpx.AsyncClient
    sessionmaker: async_sessionmaker[AsyncSession]
    supplier_id: str
    warehouse_id: str
    warehouse_pk: int
    api_app: Any
    tokens: dict[str, str]

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await login(self.api, username)
        return self.tokens[username]

    async def call(self, username: str, query: str, variables: dict | None = None) -> dict:
        return (await gql(self.api, query, variables, token=await self.token(username)))["data"]

    async def product(self, tracking: TrackingMode = TrackingMode.LOT,
                      shelf_life_days: int | None = 365) -> dict:
        async with self.sessionmaker() as session, session.begin():
            product = await create_product(
                session, actor=SYSTEM, sku=unique("T"), gtin=new_gtin(), name="Test device",
                device_class=DeviceClass.IIA, tracking_mode=tracking, unit_price=Decimal("10.00"),
                tax_rate=Decimal("0.21"), shelf_life_days=shelf_life_days,
            )
        return {"id": to_global_id("Product", product.id), "gtin": product.gtin, "pk": product.id}

    async def receive(self, product: dict, quantity: int, *, serials: list[str] | None = None,
                      lot_number: str | None = None) -> dict:
        data = await self.call("warehouse", RECEIVE, {"input": {
            "supplierId": self.supplier_id, "warehouseId": self.warehouse_id,
            "lines": [{"productId": product["id"], "lotNumber": lot_number or unique("L"),
                       "quantity": quantity, "serialNumbers": serials}],
        }})
        payload = data["receiveGoods"]
        assert payload["userErrors"] == [], payload
        return payload["lots"][0]

    async def inspect(self, lot_id: str, kind: str = "INCOMING", result: str = "PASS",
                      username: str = "inspector") -> dict:
        data = await self.call(username, INSPECT, {"input": {
            "lotId": lot_id, "kind": kind, "result": result, "sampleSize": 5, "defectsFound": 0,
        }})
        return data["recordInspection"]

    async def release(self, lot_id: str, username: str = "qa", password: str = "demo1234") -> dict:
        data = await self.call(username, RELEASE, {"input": {
            "lotId": lot_id,
            "signature": {"password": password, "meaning": "Released for distribution"},
        }})
        return data["releaseLot"]

    async def released_lot(self, product: dict, quantity: int, **kwargs) -> dict:
        lot = await self.receive(product, quantity, **kwargs)
        assert (await self.inspect(lot["id"]))["userErrors"] == []
        released = await self.release(lot["id"])
        assert released["userErrors"] == [], released
        return released["lot"]


LOT_FIELDS = "id lotNumber status expiresOn manufacturedOn stock { onHand reserved }"
RECEIVE = f"""mutation($input: ReceiveGoodsInput!) {{ receiveGoods(input: $input) {{
  lots {{ {LOT_FIELDS} serials(first: 100) {{ totalCount edges {{ node {{ serialNumber udi }} }} }}
          moves(first: 100) {{ edges {{ node {{ kind quantity }} }} }} }}
  userErrors {{ field message code }} }} }}"""
INSPECT = """mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  inspection { id kind result inspector { username } } userErrors { field message code } } }"""
RELEASE = f"""mutation($input: ReleaseLotInput!) {{ releaseLot(input: $input) {{
  lot {{ {LOT_FIELDS} release {{ signature {{ meaning signedAt signer {{ username }} }}
         certificate {{ id kind title sha256 contentType sizeBytes downloadUrl version }} }} }}
  userErrors {{ field message code }} }} }}"""


@pytest.fixture
async def api(http: httpx.AsyncClient, demo_data: object) -> httpx.AsyncClient:
    """An HTTP client for a live server whose database holds the demo data."""
    return http


@pytest.fixture
async def quality(
    api: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], live_server: LiveServer
) -> Quality:
    async with sessionmaker() as session:
        supplier = await session.scalar(select(Supplier.id).where(Supplier.code == "SUP-ALP"))
        warehouse = await session.scalar(select(Warehouse.id).where(Warehouse.code == "DE-LEJ"))
    return Quality(api, sessionmaker, to_global_id("Supplier", supplier),
                   to_global_id("Warehouse", warehouse), warehouse, live_server.app, {})


