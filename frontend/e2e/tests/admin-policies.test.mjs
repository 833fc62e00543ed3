// Policies (Administration): the admin reads the demo policies, sets one (a mistyped value
// is refused at its field), looks up what applies to a sale, deactivates with a reason;
// the shipment of a cardiac implant lists its implant cards.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("the admin sets, looks up and deactivates a policy", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Policies" }).click();
  await page.getByRole("heading", { name: "Policies", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "Policies" });
  await table.getByRole("row", { name: /class III, region ES.*180/ }).waitFor();
  await table.getByRole("row", { name: /line Cardiac, class III.*true/ }).waitFor();

  const line = `E2E-${Date.now().toString(36)}`;
  const form = page.getByRole("form", { name: "Set a policy" });
  await form.getByLabel("Kind").selectOption({ label: "Minimum shelf life (days)" });
  await form.getByLabel("Product line").fill(line);
  await form.getByLabel("Region").fill("NL");
  await form.getByLabel("Value").fill("ninety");
  await form.getByLabel("Description").fill("Longer transport by sea");
  await form.getByRole("button", { name: "Save policy" }).click();
  await form.getByRole("alert").filter({ hasText: /whole number of days/ }).waitFor();
  assert.equal(await table.getByRole("row", { name: new RegExp(line) }).count(), 0);

  await form.getByLabel("Value").fill("90");
  await form.getByRole("button", { name: "Save policy" }).click();
  await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  const row = table.getByRole("row", { name: new RegExp(`line ${line}, region NL`) });
  await row.waitFor();
  assert.match(await row.innerText(), /90/);
  assert.match(await row.innerText(), /Yes/);

  // What selling the stent to the Madrid clinic takes: the Spanish class III policy.
  const lookup = page.getByRole("group", { name: "Effective policies lookup" });
  await lookup.getByLabel("Product").selectOption({ label: "STN-CR3018 — Coronary stent system 3.0 x 18 mm" });
  await lookup.getByLabel("Customer").selectOption({ label: "CLIN-MAD — Clínica Valdemar" });
  const effective = page.getByRole("table", { name: "Effective policies" });
  await effective.getByRole("row", { name: /Minimum shelf life \(days\) 180 Policy for class III, region ES/ }).waitFor();
  await effective.getByRole("row", { name: /Implant card true Policy for line Cardiac, class III/ }).waitFor();
  await screenshot(page, "admin-policies");

  await row.getByRole("button", { name: "Deactivate…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Sea freight ended");
  await dialog.getByRole("button", { name: "Deactivate", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await page.waitForFunction(
    (name) => [...document.querySelectorAll("tr")].some((tr) => tr.textContent.includes(name) && tr.textContent.includes("No")),
    `line ${line}`,
  );
  assert.equal(await row.getByRole("button", { name: "Deactivate…" }).count(), 0);
  await page.context().close();
});

test("a shipment of cardiac implants lists an implant card per unit", async () => {
  const found = await gql("sales", `{ salesOrders(first: 100) { edges { node { number
    shipments { number documents { kind } } } } } }`);
  const order = found.data.salesOrders.edges
    .map((e) => e.node)
    .find((o) => o.shipments.some((s) => s.documents.some((d) => d.kind === "IMPLANT_CARD")));
  assert.ok(order, "a demo shipment carries implant cards");
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${order.number}`);
  await page.getByRole("cell", { name: "Implant card", exact: true }).first().waitFor();
  assert.ok((await page.getByRole("cell", { name: /^Implant card STN-CR3018 / }).count()) >= 1);
  await screenshot(page, "shipment-implant-cards");
  await page.context().close();
});
