// The trace graph by keyboard and screen reader: lot nodes are named links reachable by Tab,
// the graph has a text alternative (lots and links as lists), and axe finds no violation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
let made; // a demo lot made from component lots
before(async () => {
  browser = await launchBrowser();
  const result = await gql(
    "qa",
    `{ lots(first: 100) { edges { node { id lotNumber components { id lotNumber } } } } }`,
  );
  made = result.data.lots.edges.map((e) => e.node).find((lot) => lot.components.length > 0);
  assert.ok(made, "the demo data has a lot made from components");
});
after(() => browser?.close());

async function axeViolations(page, selector) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (context) => {
    const result = await window.axe.run(context, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, selector);
}

for (const width of [1280, 800]) {
  test(`the trace graph is reachable by keyboard and has a text alternative (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "qa");
    await page.goto(`/lots/${made.id}`);
    const graph = page.getByRole("group", { name: "Trace graph" });
    await graph.waitFor();
    const component = made.components[0];
    const node = graph.getByRole("link", { name: new RegExp(`^${component.lotNumber}\\b`) });
    await node.waitFor();

    // Tab reaches the node's link; Enter opens that lot's page.
    await page.getByRole("heading", { name: "Trace" }).click();
    let reached = false;
    for (let i = 0; i < 80 && !reached; i += 1) {
      await page.keyboard.press("Tab");
      reached = await node.evaluate((el) => el === document.activeElement);
    }
    assert.ok(reached, "Tab reaches the component lot's node");

    const list = page.getByTestId("trace-list");
    await list.getByText("Trace as a list").click();
    await list.getByRole("link", { name: new RegExp(`^${made.lotNumber} `) }).waitFor();
    await list.getByText(`${component.lotNumber} → ${made.lotNumber}`).waitFor();

    assert.deepEqual(await axeViolations(page, "main"), []);
    await screenshot(page, `trace-graph-${width}`);

    await node.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/lots/${component.id}`);
    await page.getByRole("heading", { level: 1, name: new RegExp(component.lotNumber) }).waitFor();
    await page.context().close();
  });
}
