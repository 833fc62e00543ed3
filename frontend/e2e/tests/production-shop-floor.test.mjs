// An operator takes a released demo work order from the shop floor, issues its material and
// signs the first batch step with an out-of-limit torque: the deviation number is shown,
// and verification is left to someone else.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("an operator issues material and signs a batch step that raises a deviation", async () => {
  const page = await newPage(browser);
  await signIn(page, "operator");
  await page.getByRole("link", { name: "Shop floor" }).click();
  await page.getByRole("heading", { name: "Shop floor", level: 1 }).waitFor();
  const released = page.getByRole("listitem").filter({ hasText: "Released" }).first();
  const number = await released.getByRole("link", { name: /^WO-/ }).textContent();
  await released.getByRole("link", { name: number }).click();
  await page.getByRole("heading", { name: number, level: 1 }).waitFor();
  await page.getByRole("button", { name: "Issue material" }).click();
  await page.getByText("In progress", { exact: true }).first().waitFor();
  const step = page.getByRole("group", { name: "Housing torque" });
  await step.getByLabel("Screw torque").fill("2.5");
  await step.getByLabel("Comment").fill("Thread tight; re-torqued");
  await step.getByRole("button", { name: "Sign step" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Password").fill("demo1234");
  await dialog.getByRole("button", { name: "Sign" }).click();
  await step.getByText(/Out of limits — deviation DEV-\d{4}-\d{6}/).waitFor();
  assert.equal(await step.getByRole("button", { name: "Verify step" }).count(), 0);
  const flow = page.getByRole("group", { name: "Flow accuracy" });
  await flow.getByLabel("Flow deviation").fill("0.5");
  await flow.getByRole("radiogroup", { name: "Occlusion alarm" }).getByLabel("Pass").check();
  await flow.getByRole("button", { name: "Sign step" }).click();
  await page.getByRole("dialog").getByLabel("Password").fill("demo1234");
  await page.getByRole("dialog").getByRole("button", { name: "Sign" }).click();
  await flow.getByText("Performed by operator").waitFor();
  await screenshot(page, "production-shop-floor");
  await page.close();
});
