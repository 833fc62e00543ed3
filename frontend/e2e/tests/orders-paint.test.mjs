// How long the orders list takes to show its first rows on the demo data, cold and warm.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, resultsPath, screenshot, token } from "../helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

// Before any script of the app runs: the signed-in session, and an observer that
// stamps the first frame painted after the first order row exists.
function instrument({ session }) {
  localStorage.setItem("erp.token", JSON.stringify(session));
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="orders-table"] tbody tr')) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => (window.__ordersPainted = performance.now())));
  }).observe(document, { childList: true, subtree: true });
}

async function measure(page) {
  await page.waitForFunction(() => window.__ordersPainted !== undefined);
  return page.evaluate(() => ({
    ordersPaintedMs: Math.round(window.__ordersPainted),
    firstContentfulPaintMs: Math.round(
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
    ),
  }));
}

test("the orders list paints its first rows quickly", async () => {
  const page = await newPage(browser);
  const session = { token: await token("sales"), username: "sales", roles: ["SALES"], expiresAt: Date.now() + 3_600_000 };
  await page.addInitScript(instrument, { session });
  await page.goto("/orders");
  const cold = await measure(page);
  await page.reload();
  const warm = await measure(page);
  await screenshot(page, "orders-list");
  await page.setViewportSize({ width: 800, height: 1100 }); // a tablet held upright
  await screenshot(page, "orders-list-tablet");
  const figures = { cold, warm };
  writeFileSync(resultsPath("orders-paint.json"), JSON.stringify(figures, null, 2));
  console.log(`orders list painted: ${JSON.stringify(figures)}`);
  assert.ok(cold.ordersPaintedMs < 5000, `cold paint took ${cold.ordersPaintedMs} ms`);
  await page.context().close();
});
