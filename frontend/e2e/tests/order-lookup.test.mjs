// Orders and the partner portal find an order by a lot or serial number it shipped.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let shipped; // { number, lot, serial } of a DIST-A order that shipped
let withLot; // every order that shipped that lot: [number, customer code]
before(async () => {
  browser = await launchBrowser();
  const result = await gql(
    "admin",
    `{ salesOrders(first: 100) { edges { node { number customer { code }
         shipments { lines { lot { lotNumber } serials { serialNumber } } } } } } }`,
  );
  const orders = result.data.salesOrders.edges.map((e) => e.node);
  const customersOf = (lot) =>
    new Set(orders.filter((o) => o.shipments.some((s) => s.lines.some((l) => l.lot.lotNumber === lot))).map((o) => o.customer.code));
  // A lot that went to DIST-A only, so that partner-b has no order of its own with it.
  for (const order of orders.filter((o) => o.customer.code === "DIST-A")) {
    const line = order.shipments.flatMap((s) => s.lines).find((l) => [...customersOf(l.lot.lotNumber)].join() === "DIST-A");
    if (line) {
      shipped = { number: order.number, lot: line.lot.lotNumber, serial: line.serials[0]?.serialNumber };
      break;
    }
  }
  assert.ok(shipped, "a lot shipped to DIST-A only");
  withLot = orders
    .filter((o) => o.shipments.some((s) => s.lines.some((l) => l.lot.lotNumber === shipped.lot)))
    .map((o) => [o.number, o.customer.code]);
});
after(() => browser?.close());

async function search(page, term) {
  await page.getByLabel("Search").fill(term);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === term);
}

/** The order numbers the list shows, once it has settled on the search. */
async function listed(page, expected) {
  const links = page.getByRole("link", { name: /^SO-\d{4}-\d+$/ });
  for (let i = 0; i < 50; i += 1) {
    const shown = (await links.allInnerTexts()).sort();
    if (shown.join() === expected.join()) return shown;
    await page.waitForTimeout(200);
  }
  return (await links.allInnerTexts()).sort();
}

for (const [width, user] of [[1280, "sales"], [800, "partner-a"]]) {
  test(`${user} finds an order by the lot it shipped (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, user);
    await search(page, shipped.lot);
    const expected = withLot.filter(([, code]) => user === "sales" || code === "DIST-A").map(([n]) => n).sort();
    assert.ok(expected.includes(shipped.number));
    assert.deepEqual(await listed(page, expected), expected);
    await screenshot(page, `order-by-lot-${user}-${width}`);
    await page.context().close();
  });
}

test("partner-b does not find partner-a's order by its lot", async () => {
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "partner-b");
  await search(page, shipped.lot);
  await page.getByText("No orders match these filters.").waitFor();
  assert.equal(await page.getByRole("link", { name: shipped.number }).count(), 0);
  await page.context().close();
});
