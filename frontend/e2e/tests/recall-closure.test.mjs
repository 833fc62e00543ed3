// The recall wizard signs and opens the recall; its page shows the reconciliation and the
// field safety notices, and QA closes it with a justification and a signature.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("a recall is initiated, reconciled on its page and closed", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto("/recalls/new");
  // WD-24A went to DIST-A: the recall has a shipped line to reconcile.
  await page.getByLabel(/^WD-24A /).check();
  await page.getByRole("button", { name: "Preview impact" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Reason").fill("E2E: dressing pouches may not be sealed");
  await page.getByRole("button", { name: "Initiate recall…" }).click();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  const heading = page.getByRole("heading", { name: /^Recall RC-/, level: 1 });
  await heading.waitFor();
  await page.getByRole("heading", { name: "Reconciliation" }).waitFor();
  await page.getByRole("button", { name: /^FSN / }).first().waitFor();
  await screenshot(page, "recall-opened");

  await page.getByRole("button", { name: "Close recall…" }).click();
  await page.getByText("Not reconciled yet: a justification is required.").waitFor();
  await page.getByLabel("Justification").fill("E2E: exercise recall, units confirmed by phone");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await page.locator('h1 [data-status="CLOSED"]').waitFor();
  assert.match(await heading.innerText(), /Closed/);
  await screenshot(page, "recall-closed");
  await page.context().close();
});
