"""GraphQL documents and small builders the custom field tests share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from backend.db.models import Product
from tests.support.builders import Sessions, tag
from tests.support.client import Client

ERRORS = "userErrors { field message code }"
DEFINITION = ("id entity key label type required enumValues productLines deviceClasses "
              "visibleToPartners helpText active")
CREATE = f"""mutation($input: CreateCustomFieldDefinitionInput!) {{
  createCustomFieldDefinition(input: $input) {{ definition {{ {DEFINITION} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateCustomFieldDefinitionInput!) {{
  updateCustomFieldDefinition(input: $input) {{ definition {{ {DEFINITION} }} {ERRORS} }} }}"""
DEFINITIONS = f"""query($entity: CustomFieldEntity, $all: Boolean) {{
  customFieldDefinitions(entity: $entity, includeInactive: $all) {{ {DEFINITION} }} }}"""
SET = f"""mutation($input: SetCustomFieldsInput!) {{
  setCustomFields(input: $input) {{ customFields {{ key label type value }} {ERRORS} }} }}"""
FIELDS = """query($id: ID!) { node(id: $id) {
  ... on Product { customFields { key label type value } }
  ... on Lot { customFields { key label type value } }
  ... on Customer { customFields { key label type value } }
  ... on Supplier { customFields { key label type value } }
  ... on SalesOrder { customFields { key label type value } }
  ... on Shipment { customFields { key label type value } }
} }"""
TRAIL = """query($id: ID!) { auditTrail(entityId: $id, first: 20) { edges { node {
  action actor { username } changes { field before after } } } } }"""


def key(prefix: str = "f") -> str:
    return f"{prefix}{tag()}"


async def define(client: Client, user: str = "admin", **fields: Any) -> dict[str, Any]:
    """A new definition (defaults: a TEXT field); fails the test on userErrors."""
    body = {"key": key(), "label": "Field " + tag(), "type": "TEXT", **fields}
    result = (await client.call(user, CREATE, input=body))["createCustomFieldDefinition"]
    assert result["userErrors"] == [], result["userErrors"]
    return result["definition"]


async def deactivate(client: Client, definition_id: str) -> None:
    result = (await client.call("admin", UPDATE, input={
        "definitionId": definition_id, "active": False}))["updateCustomFieldDefinition"]
    assert result["userErrors"] == [], result["userErrors"]


async def fields_of(client: Client, user: str, node_id: str) -> dict[str, str | None]:
    node = (await client.call(user, FIELDS, id=node_id))["node"]
    return {f["key"]: f["value"] for f in node["customFields"]}


async def set_fields(client: Client, user: str, node_id: str,
                     values: list[dict[str, Any]]) -> dict[str, Any]:
    return (await client.call(user, SET, input={"nodeId": node_id, "values": values}))[
        "setCustomFields"]


async def put_in_line(sessions: Sessions, product_id: int, line: str) -> None:
    """Tests scope product fields to a line of their own, so other tests never meet them."""
    async with sessions() as s, s.begin():
        await s.execute(update(Product).where(Product.id == product_id).values(product_line=line))


def problems(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]
