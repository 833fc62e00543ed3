"""The operations the master data tests send, and small readers of their answers."""

from typing import Any

from tests.support.client import Client

ERRORS = "userErrors { field message code }"
CUSTOMER = """id code name kind region latitude longitude creditLimit active
  minRemainingShelfLifeDays paymentTermsDays priceList { code }
  contacts { id name role email phone }
  addresses { id kind name street postalCode city country region }"""
CREATE_CUSTOMER = f"""mutation($input: CreateCustomerInput!) {{ createCustomer(input: $input) {{
  customer {{ {CUSTOMER} }} {ERRORS} }} }}"""
UPDATE_CUSTOMER = f"""mutation($input: UpdateCustomerInput!) {{ updateCustomer(input: $input) {{
  customer {{ {CUSTOMER} }} {ERRORS} }} }}"""
CUSTOMERS = """query($s: String) { customers(search: $s, first: 10) { totalCount
  edges { node { code creditLimit active } } } }"""
PRODUCT = """id sku gtin name deviceClass trackingMode shelfLifeDays unitPrice taxRate
  productLine sellable active"""
CREATE_PRODUCT = f"""mutation($input: CreateProductInput!) {{ createProduct(input: $input) {{
  product {{ {PRODUCT} }} {ERRORS} }} }}"""
UPDATE_PRODUCT = f"""mutation($input: UpdateProductInput!) {{ updateProduct(input: $input) {{
  product {{ {PRODUCT} }} {ERRORS} }} }}"""
PRODUCTS = """query($s: String) { products(search: $s, first: 10) { totalCount
  edges { node { id sku gtin unitPrice active trackingMode } } } }"""
SUPPLIER = "id code name country address approved qualificationStatus"
CREATE_SUPPLIER = f"""mutation($input: CreateSupplierInput!) {{ createSupplier(input: $input) {{
  supplier {{ {SUPPLIER} }} {ERRORS} }} }}"""
UPDATE_SUPPLIER = f"""mutation($input: UpdateSupplierInput!) {{ updateSupplier(input: $input) {{
  supplier {{ {SUPPLIER} }} {ERRORS} }} }}"""
WAREHOUSE = """id code name region latitude longitude gln address active
  transitLanes { region transitDays carrier }"""
CREATE_WAREHOUSE = f"""mutation($input: CreateWarehouseInput!) {{ createWarehouse(input: $input) {{
  warehouse {{ {WAREHOUSE} }} {ERRORS} }} }}"""
UPDATE_WAREHOUSE = f"""mutation($input: UpdateWarehouseInput!) {{ updateWarehouse(input: $input) {{
  warehouse {{ {WAREHOUSE} }} {ERRORS} }} }}"""
WAREHOUSES = "{ warehouses { code gln active } }"
PRICE_LIST = """id code name currency validFrom validTo isDefault
  prices(first: 100) { totalCount edges { node { unitPrice product { sku } } } }"""
CREATE_PRICE_LIST = f"""mutation($input: CreatePriceListInput!) {{ createPriceList(input: $input) {{
  priceList {{ {PRICE_LIST} }} {ERRORS} }} }}"""
UPDATE_PRICE_LIST = f"""mutation($input: UpdatePriceListInput!) {{ updatePriceList(input: $input) {{
  priceList {{ {PRICE_LIST} }} {ERRORS} }} }}"""
SET_PRICES = f"""mutation($input: SetPriceListPricesInput!) {{
  setPriceListPrices(input: $input) {{ priceList {{ {PRICE_LIST} }} {ERRORS} }} }}"""
PRICE_LISTS = f"""query($s: String) {{ priceLists(search: $s) {{ totalCount
  edges {{ node {{ {PRICE_LIST} }} }} }} }}"""
TRAIL = """query($id: ID!) { auditTrail(entityId: $id, first: 50) { edges { node {
  action reason actor { username } changes { field before after } } } } }"""
PREVIEW = """query($input: CreateSalesOrderInput!) { previewSalesOrder(input: $input) {
  lines { unitPrice listPrice product { sku } } userErrors { field message code } } }"""
CREATE_ORDER = """mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) {
  order { id number } userErrors { field message code } } }"""


def errors(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


def top_codes(body: dict[str, Any]) -> list[str | None]:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


async def trail(client: Client, entity_id: str) -> list[dict[str, Any]]:
    """The audit events of one record, oldest first, each with its changes as a dict."""
    data = await client.call("admin", TRAIL, id=entity_id)
    events = [edge["node"] for edge in data["auditTrail"]["edges"]]
    for event in events:
        event["changed"] = {c["field"]: (c["before"], c["after"]) for c in event["changes"]}
    return events


async def product_id(client: Client, sku: str) -> str:
    data = await client.call("admin", PRODUCTS, s=sku)
    return next(e["node"]["id"] for e in data["products"]["edges"] if e["node"]["sku"] == sku)


async def customer_id(client: Client, code: str) -> str:
    query = "query($s: String) { customers(search: $s) { edges { node { id code } } } }"
    data = await client.call("admin", query, s=code)
    return next(e["node"]["id"] for e in data["customers"]["edges"] if e["node"]["code"] == code)
