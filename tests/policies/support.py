"""What the policy tests share: their own product lines and regions, so that policies they
set never match another test's sales, and the GraphQL documents they send."""

from __future__ import annotations

from sqlalchemy import update

from backend.db.models import Product, TransitLane
from backend.enums import DeviceClass
from tests.support import builders

ERRORS = "userErrors { field code message }"
POLICY = "id kind productLine deviceClass region value description active updatedAt " \
         "updatedBy { username }"
SET = f"""mutation($input: SetConfigPolicyInput!) {{
  setConfigPolicy(input: $input) {{ policy {{ {POLICY} }} {ERRORS} }} }}"""
DEACTIVATE = f"""mutation($id: ID!, $reason: String!) {{
  deactivateConfigPolicy(policyId: $id, reason: $reason) {{ policy {{ {POLICY} }} {ERRORS} }} }}"""
EFFECTIVE = f"""query($product: ID!, $customer: ID!) {{
  effectivePolicies(productId: $product, customerId: $customer) {{
    kind value policy {{ {POLICY} }} }} }}"""
LIST = f"""query($kind: ConfigPolicyKind, $all: Boolean) {{
  configPolicies(kind: $kind, includeInactive: $all) {{ {POLICY} }} }}"""
TRAIL = """query($id: ID!) { auditTrail(entityId: $id, first: 20) { edges { node {
  action reason actor { username } changes { field before after } } } } }"""


def new_line() -> str:
    return builders.unique("Line")


async def new_region(sessionmaker, warehouse: str = "NL-RTM", days: int = 2) -> str:
    """A region of this test's own, served by a lane from the warehouse."""
    region = builders.unique("RG")
    wh = await builders.warehouses(sessionmaker)
    async with sessionmaker() as s, s.begin():
        s.add(TransitLane(warehouse_id=wh[warehouse], region=region, transit_days=days))
    return region


async def set_keys(sessionmaker, product_id: int, *, line: str | None,
                   device_class: DeviceClass | None = None) -> None:
    values: dict[str, object] = {"product_line": line}
    if device_class is not None:
        values["device_class"] = device_class
    async with sessionmaker() as s, s.begin():
        await s.execute(update(Product).where(Product.id == product_id).values(**values))


async def set_policy(client, kind: str, value: str, **keys: object) -> dict:
    result = (await client.call("admin", SET, input={"kind": kind, "value": value, **keys}))
    payload = result["setConfigPolicy"]
    assert payload["userErrors"] == [], payload
    return payload["policy"]
