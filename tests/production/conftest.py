"""Production test data: a work centre at the demo site, component products with released
lots there, and an approved BOM version for a new finished product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.models import Product, Warehouse
from backend.enums import Replenishment, TrackingMode
from tests.support import builders
from tests.support.builders import today, unique
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.ids import gid

ERRORS = "userErrors { field message code }"
BOM = """id version status effectiveFrom effectiveTo changeNote product { sku }
  approval { meaning signer { username } }
  components { lineNumber quantityPer scrapPercent product { id sku } }
  operations { sequence name setupMinutes runMinutesPerUnit workCenter { code } }
  batchSteps { sequence title instructions operationSequence requiresVerification
    parameters { code name kind unit min max } }"""
WORK_ORDER = """id number status quantity completedQuantity dueDate late
  scheduledStart scheduledFinish releasedAt product { sku } bomVersion { version }
  warehouse { code } salesOrder { number } replenishmentRequest { id }
  components { lineNumber requiredQuantity issuedQuantity product { sku }
    reservations { quantity lot { id lotNumber } } }
  operations { sequence plannedMinutes scheduledStart scheduledFinish workCenter { code }
    bookings { date start finish minutes } }
  batchRecord { status steps { sequence title status } }"""
CREATE_CENTER = f"""mutation($input: CreateWorkCenterInput!) {{ createWorkCenter(input: $input) {{
  workCenter {{ id code name hoursPerDay active warehouse {{ code }} }} {ERRORS} }} }}"""
UPDATE_CENTER = f"""mutation($input: UpdateWorkCenterInput!) {{ updateWorkCenter(input: $input) {{
  workCenter {{ id hoursPerDay }} {ERRORS} }} }}"""
CREATE_BOM = f"""mutation($input: CreateBomVersionInput!) {{ createBomVersion(input: $input) {{
  bomVersion {{ {BOM} }} {ERRORS} }} }}"""
APPROVE_BOM = f"""mutation($input: ApproveBomVersionInput!) {{ approveBomVersion(input: $input) {{
  bomVersion {{ {BOM} }} {ERRORS} }} }}"""
CREATE_WO = f"""mutation($input: CreateWorkOrderInput!) {{ createWorkOrder(input: $input) {{
  workOrder {{ {WORK_ORDER} }} {ERRORS} }} }}"""
UPDATE_WO = f"""mutation($input: UpdateWorkOrderInput!) {{ updateWorkOrder(input: $input) {{
  workOrder {{ {WORK_ORDER} }} {ERRORS} }} }}"""
RELEASE_WO = f"""mutation($input: ReleaseWorkOrderInput!) {{ releaseWorkOrder(input: $input) {{
  workOrder {{ {WORK_ORDER} }} {ERRORS} }} }}"""
CANCEL_WO = f"""mutation($input: CancelWorkOrderInput!) {{ cancelWorkOrder(input: $input) {{
  workOrder {{ {WORK_ORDER} }} {ERRORS} }} }}"""
SIGN = {"password": DEMO_PASSWORD, "meaning": "BOM version approved for production"}


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


@dataclass
class Plant:
    """A work centre at DE-LEJ and ways to make products, lots and BOM versions there."""

    client: Client
    sessionmaker: async_sessionmaker[AsyncSession]
    warehouse_pk: int
    warehouse_id: str
    center: dict

    async def center_at(self, hours: str = "8") -> dict:
        data = await self.client.call("planner", CREATE_CENTER, input={
            "code": unique("WC"), "name": "Assembly cell", "warehouseId": self.warehouse_id,
            "hoursPerDay": hours})
        payload = data["createWorkCenter"]
        assert payload["userErrors"] == [], payload
        return payload["workCenter"]

    async def product(self, tracking: TrackingMode = TrackingMode.LOT, **kw: Any) -> dict:
        return await builders.product_ref(self.sessionmaker, tracking=tracking, **kw)

    async def lot(self, product: dict, quantity: int, expires_in_days: int = 365) -> int:
        async with self.sessionmaker() as s:
            row = await s.get(Product, product["pk"])
        lot = await builders.make_lot(self.sessionmaker, row, warehouse_id=self.warehouse_pk,
                                      quantity=quantity, expires_in_days=expires_in_days)
        return lot.id

    def bom_input(self, finished: dict, components: list[tuple[dict, int, str]],
                  center: dict | None = None, **over: Any) -> dict:
        center = center or self.center
        return {
            "productId": finished["id"], "effectiveFrom": today().isoformat(),
            "changeNote": "First release",
            "components": [{"productId": p["id"], "quantityPer": q, "scrapPercent": s}
                           for p, q, s in components],
            "operations": [{"sequence": 10, "name": "Assemble", "workCenterId": center["id"],
                            "setupMinutes": 30, "runMinutesPerUnit": "12.5"}],
            "batchSteps": [{"sequence": 1, "title": "Torque check", "instructions": "Torque",
                            "operationSequence": 10, "requiresVerification": True,
                            "parameters": [{"code": "TQ", "name": "Torque", "kind": "NUMERIC",
                                            "unit": "Nm", "min": "1.8", "max": "2.2"}]}],
            **over,
        }

    async def approved_bom(self, finished: dict, components: list[tuple[dict, int, str]],
                           **over: Any) -> dict:
        created = (await self.client.call("planner", CREATE_BOM, input=self.bom_input(
            finished, components, **over)))["createBomVersion"]
        assert created["userErrors"] == [], created
        approved = (await self.client.call("qa", APPROVE_BOM, input={
            "bomVersionId": created["bomVersion"]["id"], "signature": SIGN}))["approveBomVersion"]
        assert approved["userErrors"] == [], approved
        return approved["bomVersion"]

    async def work_order(self, finished: dict, quantity: int, due_in_days: int = 14,
                         **over: Any) -> dict:
        payload = (await self.client.call("planner", CREATE_WO, input={
            "productId": finished["id"], "quantity": quantity,
            "dueDate": (today() + timedelta(days=due_in_days)).isoformat(), **over,
        }))["createWorkOrder"]
        assert payload["userErrors"] == [], payload
        return payload["workOrder"]

    async def release(self, work_order: dict) -> dict:
        return (await self.client.call("planner", RELEASE_WO, input={
            "workOrderId": work_order["id"]}))["releaseWorkOrder"]

    async def simple(self, quantity: int = 10, *, stock: int = 100) -> tuple[dict, dict, dict]:
        """A finished product made of one stocked component (2 per unit, 5 % scrap)."""
        component = await self.product()
        await self.lot(component, stock)
        finished = await self.product(replenishment=Replenishment.PRODUCTION)
        await self.approved_bom(finished, [(component, 2, "5")])
        return finished, component, await self.work_order(finished, quantity)


@pytest.fixture
async def plant(client: Client, sessionmaker: async_sessionmaker[AsyncSession]) -> Plant:
    async with sessionmaker() as s:
        warehouse = await s.scalar(select(Warehouse.id).where(Warehouse.code == "DE-LEJ"))
    assert warehouse is not None
    made = Plant(client, sessionmaker, warehouse, gid("Warehouse", warehouse), {})
    made.center = await made.center_at()
    return made
