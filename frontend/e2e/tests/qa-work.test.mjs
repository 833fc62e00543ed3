// QA work: the open nonconformances, CAPAs, holds, expiring lots and overdue recall notices;
// a nonconformance is decided and closed with e-signatures. Live stock splits by quality status.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { signInOwnUser } from "../flows.mjs";
import { chooseLanguage, gql as request, launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

const gql = async (...args) => {
  const body = await request(...args);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("QA works a nonconformance from the QA work page to closure", async () => {
  // A fresh nonconformance on a released demo lot, opened by sales through the API.
  const lots = await gql("qa", `{ lots(first: 100, status: [RELEASED]) { edges { node { id lotNumber } } } }`);
  const lot = lots.lots.edges.map((e) => e.node).find((l) => l.lotNumber === "BRD-2401");
  const opened = await gql(
    "sales",
    `mutation($input: OpenNonconformanceInput!) { openNonconformance(input: $input) {
      nonconformance { id number } userErrors { message } } }`,
    { input: { source: "CUSTOMER_COMPLAINT", title: "E2E scratched board", description: "Seen at goods-in", lotId: lot.id } },
  );
  const nc = opened.openNonconformance.nonconformance;

  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.getByRole("link", { name: "QA work" }).click();
  await page.getByRole("heading", { name: "QA work", level: 1 }).waitFor();
  for (const section of ["Nonconformances", "CAPAs", "Holds", "Expiring lots", "Overdue recall notices"]) {
    await page.getByRole("heading", { name: section, level: 2 }).waitFor();
  }
  // The demo set's overdue notice (HOSP-BER) and open CAPA are listed.
  await page.getByText("HOSP-BER").first().waitFor();
  await screenshot(page, "qa-work");

  await page.getByRole("link", { name: nc.number }).click();
  await page.getByRole("heading", { name: new RegExp(nc.number) }).waitFor();
  await page.getByRole("heading", { name: "Holds" }).waitFor();
  await page.getByRole("textbox", { name: "Note", exact: true }).fill("Boards quarantined at goods-in");
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Boards quarantined at goods-in").waitFor();

  await page.getByRole("button", { name: "Decide disposition…" }).click();
  await page.getByLabel("Root cause").fill("Handling damage in transit");
  await page.getByLabel("Disposition").selectOption("USE_AS_IS");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await page.getByRole("button", { name: "Close…" }).waitFor();
  await page.getByText("Root cause: Handling damage in transit").waitFor();

  await page.getByRole("button", { name: "Close…" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await page.locator('h1 [data-status="CLOSED"]').waitFor();
  await screenshot(page, "nonconformance-closed");
  const after = await gql("qa", `query($id: ID!) { node(id: $id) { ... on Nonconformance { status lot { status } } } }`, { id: nc.id });
  assert.deepEqual(after.node, { status: "CLOSED", lot: { status: "RELEASED" } });
  await page.context().close();
});

test("QA work reads in Chinese, with dates formatted for zh-CN", async () => {
  const found = await gql("qa", `{ capas(first: 50, status: [OPEN]) { edges { node { number dueOn } } } }`);
  const capa = found.capas.edges[0].node;
  const [y, m, d] = capa.dueOn.split("-").map(Number);
  const due = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium" }).format(new Date(y, m - 1, d));
  const page = await newPage(browser);
  try {
    // The choice is saved with the account: an account of its own leaves the demo users alone.
    await signInOwnUser(page, ["QA_MANAGER"]);
    await page.getByRole("link", { name: "QA work" }).click();
    await page.getByRole("heading", { name: "QA work", level: 1 }).waitFor();
    await chooseLanguage(page, "zh-CN");
    await page.getByRole("heading", { name: "质量工作", level: 1 }).waitFor();
    for (const section of ["不合格品报告", "纠正预防措施", "冻结", "即将失效的批次", "逾期的召回通知"]) {
      await page.getByRole("heading", { name: section, level: 2, exact: true }).waitFor();
    }
    await page.getByRole("link", { name: "新建纠正预防措施…" }).waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: capa.number, exact: true }) });
    await row.getByRole("cell", { name: due }).first().waitFor();
    assert.equal(await page.getByRole("heading", { name: "QA work" }).count(), 0);
    await screenshot(page, "qa-work-zh-CN");
  } finally {
    await page.context().close();
  }
});

test("live stock shows a hold as soon as it is placed", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto("/stock");
  await page.getByTestId("live-indicator").and(page.locator('[data-state="live"]')).waitFor();
  const row = page.locator('tr[data-sku="SUT-PGA30"]');
  for (const column of ["Available", "Released", "Quarantine", "On hold", "Recalled"]) {
    await page.getByRole("columnheader", { name: column, exact: true }).waitFor();
  }
  const cell = (column) => row.locator(`td[data-column="${column}"]`);
  const number = async (column) => Number((await cell(column).innerText()).replace(/\D/g, ""));
  const heldBefore = await number("On hold");
  const availableBefore = await number("Available");

  const lots = await gql("qa", `{ lots(first: 100, status: [RELEASED]) { edges { node { id lotNumber stock { onHand warehouse { id } } } } } }`);
  const lot = lots.lots.edges.map((e) => e.node).find((l) => l.lotNumber === "PGA-2407");
  const placed = await gql(
    "warehouse",
    `mutation($input: PlaceQualityHoldInput!) { placeQualityHold(input: $input) { hold { id } userErrors { message } } }`,
    { input: { lotId: lot.id, warehouseId: lot.stock[0].warehouse.id, quantity: 7, reason: "E2E: torn pouches" } },
  );
  assert.deepEqual(placed.placeQualityHold.userErrors, []);
  await page.waitForFunction(
    ({ expected }) => {
      const text = document.querySelector('tr[data-sku="SUT-PGA30"] td[data-column="On hold"]')?.textContent ?? "";
      return Number(text.replace(/\D/g, "")) === expected;
    },
    { expected: heldBefore + 7 },
  );
  assert.equal(await number("Available"), availableBefore - 7);
  await screenshot(page, "live-stock-hold");
  await page.context().close();
});
