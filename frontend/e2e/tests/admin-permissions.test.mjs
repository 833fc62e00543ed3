// Roles & permissions: the administrator edits a role's permission codes and the
// separation-of-duties rules, sees no business screens, and cannot release a lot.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql as request, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
const gql = async (...args) => {
  const body = await request(...args);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};
const buyerCodes = async () =>
  (await gql("admin", "{ rolePermissions { role permissions } }")).rolePermissions.find((r) => r.role === "BUYER").permissions;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("the admin edits a role's codes on Roles & permissions; ADMIN's business codes are disabled", async () => {
  const before = await buyerCodes();
  assert.ok(!before.includes("label.print"));
  const page = await newPage(browser);
  await signIn(page, "admin");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Roles & permissions" }).click();
  await page.getByRole("heading", { name: "Roles & permissions" }).waitFor();

  await page.getByRole("button", { name: "Edit Admin" }).click();
  const adminForm = page.getByRole("form", { name: "Permissions of Admin" });
  assert.equal(await adminForm.getByRole("checkbox", { name: /^lot\.release/ }).isDisabled(), true);
  assert.equal(await adminForm.getByRole("checkbox", { name: /^users\.manage/ }).isChecked(), true);
  await adminForm.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Edit Buyer" }).click();
  const form = page.getByRole("form", { name: "Permissions of Buyer" });
  await form.getByRole("checkbox", { name: /^label\.print/ }).check();
  await form.getByLabel("Reason").fill("Buyers print sample labels");
  await screenshot(page, "roles-permissions-editor");
  await form.getByRole("button", { name: "Save permissions" }).click();
  await form.waitFor({ state: "detached" });
  const buyerRow = page.getByRole("table", { name: "Roles" }).getByRole("row").filter({ hasText: "Buyer" });
  await buyerRow.getByText("label.print").waitFor();
  assert.ok((await buyerCodes()).includes("label.print"));
  // Back as it was, for the other tests.
  const restored = await gql("admin", `mutation($input: SetRolePermissionsInput!) {
    setRolePermissions(input: $input) { userErrors { code } } }`, { input: { role: "BUYER", permissions: before } });
  assert.deepEqual(restored.setRolePermissions.userErrors, []);
  await page.context().close();
});

test("the admin adds a separation-of-duties rule and deactivates it", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await page.goto("/admin/permissions");
  const rules = page.getByRole("table", { name: "Separation of duties rules" });
  await rules.getByText("SOD-LOT-INSPECT-RELEASE").waitFor();
  const code = `SOD-E2E-${Date.now()}`;
  const form = page.getByRole("form", { name: "New separation rule" });
  await form.getByLabel("Rule code").fill(code);
  await form.getByLabel("Rule description").fill("Whoever inspects does not reject");
  await form.getByLabel("First permission").selectOption("lot.inspect");
  await form.getByLabel("Second permission").selectOption("lot.reject");
  await form.getByRole("button", { name: "Add rule" }).click();
  const row = rules.getByRole("row").filter({ hasText: code });
  await row.getByRole("cell", { name: "Yes" }).waitFor();
  await row.getByRole("button", { name: `Deactivate ${code}` }).click();
  await row.getByRole("cell", { name: "No" }).waitFor();
  await screenshot(page, "separation-rules");
  await page.context().close();
});

test("a pure ADMIN sees no Approvals or New order, no release button, and a release attempt is refused", async () => {
  const lots = await gql("qa", "{ lots(first: 50, status: [QUARANTINE]) { edges { node { id lotNumber } } } }");
  const lot = lots.lots.edges[0].node;
  const page = await newPage(browser);
  await signIn(page, "admin");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Roles & permissions" }).waitFor();
  assert.equal(await nav.getByRole("link", { name: "Approvals" }).count(), 0);
  assert.equal(await nav.getByRole("link", { name: "New order" }).count(), 0);
  await page.goto(`/lots/${lot.id}`);
  await page.getByRole("heading", { name: new RegExp(`^Lot ${lot.lotNumber}`) }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Release lot…" }).count(), 0);
  // Straight to the API from the admin's own session: FORBIDDEN, and the lot stays in quarantine.
  const refusal = await page.evaluate(async (lotId) => {
    const { token } = JSON.parse(localStorage.getItem("erp.token"));
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($input: ReleaseLotInput!) { releaseLot(input: $input) { lot { status } } }`,
        variables: { input: { lotId, signature: { password: "demo1234", meaning: "Released for distribution" } } },
      }),
    });
    return response.json();
  }, lot.id);
  assert.equal(refusal.errors?.[0]?.extensions?.code, "FORBIDDEN");
  const after = await gql("qa", `query($id: ID!) { node(id: $id) { ... on Lot { status } } }`, { id: lot.id });
  assert.equal(after.node.status, "QUARANTINE");
  await page.goto("/approvals");
  await page.getByText("This screen is not part of your role.").waitFor();
  await page.context().close();
});
