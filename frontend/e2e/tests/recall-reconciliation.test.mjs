// Recall closure by customer: staff record an acknowledgement by channel and contact and
// enter a customer's figures (more than shipped is refused); a partner acknowledges in the
// portal (PORTAL) and reports its own figures, seeing only its own lines.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql as request, launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

const gql = async (...args) => {
  const body = await request(...args);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};

const RECALL = `query($id: ID!) { node(id: $id) { ... on Recall { number notices { customer { code }
  acknowledgedAt acknowledgementChannel acknowledgedByContact }
  reconciliation { customer { code } lot { lotNumber } shipped destroyed used confirmedOnHand outstanding } } } }`;

let browser;
let recall;

before(async () => {
  browser = await launchBrowser();
  // VP3-2403 (infusion pumps) went to DIST-A (3) and DIST-B (2).
  const lots = await gql("qa", `{ lots(first: 100) { edges { node { id lotNumber } } } }`);
  const lot = lots.lots.edges.map((e) => e.node).find((l) => l.lotNumber === "VP3-2403");
  const started = await gql(
    "qa",
    `mutation($input: InitiateRecallInput!) { initiateRecall(input: $input) { recall { id number } userErrors { message } } }`,
    { input: { lotIds: [lot.id], reason: "E2E: pump occlusion alarm may stay silent", recallClass: "II",
               signature: { password: PASSWORD, meaning: "Recall initiated" } } },
  );
  recall = started.initiateRecall.recall;
  assert.ok(recall, JSON.stringify(started));
});
after(() => browser?.close());

test("staff record an acknowledgement by phone and a customer's figures", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto(`/recalls/${encodeURIComponent(recall.id)}`);
  await page.getByRole("heading", { name: new RegExp(`^Recall ${recall.number}`), level: 1 }).waitFor();

  const cell = page.getByTestId("acknowledgement-DIST-A");
  await cell.getByRole("button", { name: "Record acknowledgement…" }).click();
  const form = page.getByRole("form", { name: "Acknowledgement of DIST-A" });
  // No contact named: refused at the field.
  await form.getByRole("button", { name: "Record acknowledgement" }).click();
  await form.getByText("Name who acknowledged.").waitFor();
  await form.getByLabel("Channel").selectOption("PHONE");
  await form.getByLabel("Contact").fill("Nora Meyer, biomedical engineering");
  await form.getByRole("button", { name: "Record acknowledgement" }).click();
  await cell.getByText(/Phone · Nora Meyer, biomedical engineering/).waitFor();

  const line = page.locator('[data-testid="reconciliation-line"][data-customer="DIST-A"]');
  await line.getByRole("button", { name: "Enter figures…" }).click();
  const figures = page.getByRole("form", { name: "Figures for DIST-A lot VP3-2403" });
  await figures.getByLabel("Destroyed").fill("2");
  await figures.getByLabel("Used").fill("2");
  await figures.getByRole("button", { name: "Save figures" }).click();
  // 3 shipped: 4 accounted for is refused, and nothing changes.
  await figures.getByRole("alert").filter({ hasText: "account for more" }).waitFor();
  assert.equal(await line.locator('td[data-column="destroyed"]').innerText(), "0");
  await figures.getByLabel("Used").fill("0");
  await figures.getByLabel("Confirmed on hand").fill("1");
  await figures.getByLabel("Evidence").fill("Destruction certificate DC-77");
  await figures.getByRole("button", { name: "Save figures" }).click();
  await line.locator('td[data-column="outstanding"]').filter({ hasText: /^0$/ }).waitFor();
  assert.equal(await line.locator('td[data-column="destroyed"]').innerText(), "2");
  assert.equal(await line.locator('td[data-column="onHand"]').innerText(), "1");
  await screenshot(page, "recall-reconciliation-staff");

  const stored = (await gql("qa", RECALL, { id: recall.id })).node;
  const notice = stored.notices.find((n) => n.customer.code === "DIST-A");
  assert.equal(notice.acknowledgementChannel, "PHONE");
  assert.equal(notice.acknowledgedByContact, "Nora Meyer, biomedical engineering");
  await page.context().close();
});

test("a partner acknowledges in the portal and reports its own figures", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-b");
  await page.goto("/portal/recalls");
  const card = page.getByTestId("recall-notice").filter({ hasText: recall.number });
  await card.waitFor();
  // Its own line only: DIST-A's line is not in the portal.
  const lines = card.getByTestId("reconciliation-line");
  assert.equal(await lines.count(), 1);
  assert.equal(await lines.first().getAttribute("data-customer"), "DIST-B");
  await card.getByRole("button", { name: "Field safety notice (PDF)" }).waitFor();

  await card.getByRole("button", { name: "Acknowledge notice" }).click();
  await card.getByText(/^Acknowledged /).waitFor();

  await lines.first().getByRole("button", { name: "Enter figures…" }).click();
  const figures = card.getByRole("form", { name: "Figures for DIST-B lot VP3-2403" });
  await figures.getByLabel("Confirmed on hand").fill("2");
  await figures.getByRole("button", { name: "Save figures" }).click();
  await lines.first().locator('td[data-column="outstanding"]').filter({ hasText: /^0$/ }).waitFor();
  await screenshot(page, "recall-reconciliation-partner");

  const stored = (await gql("qa", RECALL, { id: recall.id })).node;
  const notice = stored.notices.find((n) => n.customer.code === "DIST-B");
  assert.equal(notice.acknowledgementChannel, "PORTAL");
  const own = stored.reconciliation.find((r) => r.customer.code === "DIST-B");
  assert.deepEqual([own.shipped, own.confirmedOnHand, own.outstanding], [2, 2, 0]);
  await page.context().close();
});
