// The approved supplier list: a buyer sees qualification, valid until and approved products;
// QA requalifies a supplier with an e-signature; a partner has no such screen.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const row = (page, code) => page.getByRole("row").filter({ hasText: code });

test("buyers see the approved supplier list and QA qualifies a supplier, signed", async () => {
  const page = await newPage(browser);
  await signIn(page, "buyer");
  await page.getByRole("link", { name: "Suppliers" }).click();
  await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
  await row(page, "SUP-CRV").getByText("100 % incoming inspection").waitFor();
  await row(page, "SUP-CRV").getByText("DRS-WD1010").waitFor();
  await row(page, "SUP-ALP").getByText(/DRS-WD1010: .*10 days/).waitFor();
  await row(page, "SUP-BAL").getByText("Disqualified", { exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: /Qualify/ }).count(), 0);
  await screenshot(page, "purchasing-suppliers");

  // A new supplier registered by the buyer, PENDING until QA decides.
  const code = `SUP-E2E${Date.now() % 100000}`;
  const made = await gql("buyer", `mutation($input: RegisterSupplierInput!) { registerSupplier(input: $input) {
    supplier { id } userErrors { message } } }`, { input: { code, name: "E2E Components", country: "NL" } });
  assert.deepEqual(made.data.registerSupplier.userErrors, []);

  const qa = await newPage(browser);
  await signIn(qa, "qa");
  await qa.getByRole("link", { name: "Suppliers" }).click();
  await row(qa, code).getByText("Pending", { exact: true }).waitFor();
  await row(qa, code).getByRole("button", { name: `Qualify ${code}…` }).click();
  const dialog = qa.getByRole("dialog");
  await dialog.getByLabel("Status").selectOption("CONDITIONAL");
  const until = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);
  await dialog.getByLabel("Valid until").fill(until);
  await dialog.getByLabel("Condition or note").fill("First three lots fully inspected");
  await dialog.getByRole("checkbox", { name: "DRS-WD1010" }).check();
  await dialog.getByLabel("Password").fill("wrong-password");
  await dialog.getByRole("button", { name: "Sign", exact: true }).click();
  await dialog.getByText(/password does not match/).waitFor();
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Sign", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await row(qa, code).getByText("Conditional", { exact: true }).waitFor();
  await row(qa, code).getByText("First three lots fully inspected").waitFor();
  await row(qa, code).getByText("DRS-WD1010").waitFor();

  const partner = await newPage(browser);
  await signIn(partner, "partner-a");
  assert.equal(await partner.getByRole("link", { name: "Suppliers" }).count(), 0);
  for (const p of [page, qa, partner]) await p.close();
});
