// A partner notified of an open recall sees a banner on every page, and its shipments of
// recalled lots are marked Recalled.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("partner-b sees the open demo recall everywhere and its recalled shipments marked", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-b");
  const banner = page.getByRole("alert").filter({ hasText: /Open recall RC-/ });
  await banner.waitFor();
  await page.getByRole("link", { name: "Shipments & certificates" }).click();
  await banner.waitFor();
  // DIST-B received the recalled stent lot STN-2311.
  const row = page.locator("tr", { hasText: "STN-2311" }).first();
  await row.locator('[data-status="RECALLED"]').waitFor();
  await page.getByRole("link", { name: "Recall notices" }).click();
  await banner.waitFor();
  assert.ok((await banner.innerText()).includes("RC-"));
  await screenshot(page, "partner-recall-banner");
  await page.context().close();
});
