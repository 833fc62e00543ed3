// Orders brought to a stage through the API, as the demo users would: set-up for screen tests.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { BASE_URL, gql } from "./helpers.mjs";

const ERRORS = "userErrors { field message code }";

async function call(username, query, variables) {
  const result = await gql(username, query, variables);
  assert.ok(result.data, JSON.stringify(result.errors));
  const payload = Object.values(result.data)[0];
  assert.deepEqual(payload.userErrors ?? [], [], `${username}: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/** An order of `quantity` × `sku` for `customerCode`, submitted and approved: { id, number }. */
export async function approvedOrder(customerCode, sku, quantity) {
  const customers = await gql("sales", `query($s: String) { customers(first: 20, search: $s) { edges { node { id code } } } }`, { s: customerCode });
  const customerId = customers.data.customers.edges.find((e) => e.node.code === customerCode).node.id;
  const products = await gql("sales", `query($s: String) { products(first: 5, search: $s) { edges { node { id sku } } } }`, { s: sku });
  const productId = products.data.products.edges.find((e) => e.node.sku === sku).node.id;
  const { order } = await call(
    "sales",
    `mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { order { id number } ${ERRORS} } }`,
    { input: { customerId, lines: [{ productId, quantity }] } },
  );
  await call("sales", `mutation($id: ID!) { submitSalesOrder(orderId: $id) { order { status } ${ERRORS} } }`, { id: order.id });
  return order;
}

/** The same, allocated and shipped: { id, number, shipmentId, shipmentNumber }. */
export async function shippedOrder(customerCode, sku, quantity) {
  const order = await approvedOrder(customerCode, sku, quantity);
  await call("warehouse", `mutation($id: ID!) { allocateSalesOrder(orderId: $id) { order { status } ${ERRORS} } }`, { id: order.id });
  const { shipment } = await call(
    "warehouse",
    `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { shipment { id number } ${ERRORS} } }`,
    { input: { orderId: order.id } },
  );
  return { id: order.id, number: order.number, shipmentId: shipment.id, shipmentNumber: shipment.number };
}

/** Delivered, then invoiced by finance, so that a return earns a credit note. */
export async function deliverAndInvoice(order) {
  await call("warehouse", `mutation($id: ID!) { confirmDelivery(shipmentId: $id) { shipment { status } ${ERRORS} } }`, { id: order.shipmentId });
  await call("finance", `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { number } ${ERRORS} } }`, {
    input: { orderId: order.id },
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's violations on the page (or inside `selector`), one line each. */
export async function axeViolations(page, selector = "body") {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (context) => {
    const result = await window.axe.run(context, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, selector);
}

/**
 * A staff account of its own with these roles, signed in on `page`: choosing a language in the
 * header saves it with the account, so the demo users other tests sign in as stay in English.
 */
export async function signInOwnUser(page, roles) {
  const username = `own-${randomUUID().slice(0, 8)}`;
  const temporary = "temporary-Pass-1";
  const password = "an-own-long-password";
  await call("admin", `mutation($input: CreateUserInput!) { createUser(input: $input) { ${ERRORS} } }`, {
    input: { username, displayName: `Own ${username}`, email: `${username}@example.com`, roles, password: temporary },
  });
  const response = await fetch(`${BASE_URL}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: temporary }),
  });
  const { access_token } = await response.json();
  const changed = await fetch(`${BASE_URL}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
    body: JSON.stringify({
      query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ${ERRORS} } }`,
      variables: { input: { currentPassword: temporary, newPassword: password } },
    }),
  });
  assert.deepEqual((await changed.json()).data.changePassword.userErrors, []);
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").filter({ hasText: username }).waitFor();
  return username;
}
