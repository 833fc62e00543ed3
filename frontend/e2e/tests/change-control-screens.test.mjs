// The screens of change control: delegating approvals, licences expiring soon,
// approval rules as data, the promise while an order is entered.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("finance sees the tender waiting at level 2; the manager delegates and ends it", async () => {
  const finance = await newPage(browser);
  await signIn(finance, "finance");
  await finance.goto("/approvals");
  await finance.getByText(/Implant tender \(level 2, finance\)/).first().waitFor();
  await finance.context().close();

  const page = await newPage(browser);
  await signIn(page, "manager");
  await page.goto("/approvals");
  await page.getByRole("button", { name: "Delegate approvals" }).click();
  const form = page.getByRole("form", { name: "Delegate approvals" });
  const option = await form.getByLabel("Delegate to").locator("option", { hasText: "(finance)" }).getAttribute("value");
  await form.getByLabel("Delegate to").selectOption(option);
  await form.getByRole("button", { name: "Delegate approvals" }).click();
  const end = page.getByRole("button", { name: "End delegation" });
  await end.first().waitFor();
  const before = await end.count();
  await screenshot(page, "manager-delegation");
  await end.first().click();
  await page.waitForFunction(
    (n) => document.querySelectorAll("button").length && [...document.querySelectorAll("button")].filter((b) => b.textContent === "End delegation").length < n,
    before,
  );
  await page.context().close();
});

test("QA sees the licences ending within 30 days", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.getByRole("link", { name: "Licences" }).click();
  await page.getByRole("heading", { name: "Licences", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Add licence" }).waitFor();
  // All licences first, the expired one among them; then only those ending within 30 days.
  await page.getByRole("cell", { name: /SN-DD-2024-118/ }).waitFor();
  await page.getByLabel("Expiring within 30 days").check();
  await page.getByRole("cell", { name: /SN-DD-2024-118/ }).waitFor({ state: "detached" });
  await page.getByRole("cell", { name: /SN-DD-2026-031/ }).waitFor();
  assert.ok((await page.getByRole("button", { name: "Revoke…" }).count()) >= 1);
  await screenshot(page, "qa-licences-expiring");
  await page.context().close();
});

test("the admin reads the approval rules with their levels", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Approval rules" }).click();
  await page.getByRole("heading", { name: "Approval rules", level: 1 }).waitFor();
  await page.getByText("IMPLANT_TENDER").waitFor();
  await page.getByText("Level 2: Finance + Qa manager").waitFor();
  await screenshot(page, "admin-approval-rules");
  await page.context().close();
});

test("a new order says when each line can be promised", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.getByRole("link", { name: "New order" }).first().click();
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "DIST-A — Nordmed Distributie B.V." });
  const product = page.getByLabel("Product");
  await product.fill("CAN-IV20G");
  await page.locator("datalist option").first().waitFor({ state: "attached" });
  await product.fill(await page.locator("datalist option").first().getAttribute("value"));
  await page.getByLabel("Quantity").fill("5");
  await page.getByTestId("line-promises").getByText(/Line 1: Promised /).waitFor();
  await screenshot(page, "sales-new-order-promise");
  await page.context().close();
});

test("QA adds a licence (a class is required) and revokes it", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto("/licences");
  await page.getByRole("button", { name: "Add licence" }).click();
  const form = page.getByRole("form", { name: "Add licence" });
  const option = await form.getByLabel("Customer").locator("option", { hasText: "CLIN-DRS" }).getAttribute("value");
  await form.getByLabel("Customer").selectOption(option);
  await form.getByLabel("Licence number").fill("SN-DD-2026-E2E");
  await form.getByLabel("Issuer").fill("Landesdirektion Sachsen");
  const today = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.now() + 200 * 86400000).toISOString().slice(0, 10);
  await form.getByLabel("Valid from").fill(today);
  await form.getByLabel("Valid until").fill(until);
  // No device class ticked: refused, nothing added.
  await form.getByRole("button", { name: "Add licence" }).click();
  await page.getByRole("alert").filter({ hasText: /class/i }).waitFor();
  assert.equal(await page.getByRole("cell", { name: /SN-DD-2026-E2E/ }).count(), 0);
  await form.getByLabel("IIB").check();
  await form.getByRole("button", { name: "Add licence" }).click();
  const row = page.getByRole("row").filter({ hasText: "SN-DD-2026-E2E" });
  await row.getByText("Valid", { exact: true }).waitFor();
  await row.getByRole("button", { name: "Revoke…" }).click();
  await row.getByLabel("Reason for revoking").fill("Withdrawn by the authority");
  await row.getByRole("button", { name: "Revoke licence" }).click();
  await row.getByText("Revoked", { exact: true }).waitFor();
  await row.getByText("Withdrawn by the authority").waitFor();
  await screenshot(page, "qa-licence-revoked");
  await page.context().close();
});
