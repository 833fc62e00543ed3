// Stock transfers: the warehouse moves units of a lot between warehouses; the lot page then
// shows the move out of one and into the other.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { signInOwnUser } from "../flows.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

for (const width of [1280, 800]) {
  test(`the warehouse transfers a lot's units and the lot page shows both moves (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "warehouse");
    await page.getByRole("link", { name: "Transfers", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Transfers" }).waitFor();

    // Nothing chosen: each empty choice says what is missing, nothing is sent.
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    await page.getByText("Choose the warehouse to take the stock from").waitFor();
    await page.getByText("Choose a lot", { exact: true }).waitFor();
    assert.equal(await page.getByText("is not an id").count(), 0);

    await page.getByLabel("From").selectOption({ label: "NL-RTM — Rotterdam Distribution Centre" });
    const lot = page.getByLabel("Lot", { exact: true });
    const options = await lot.locator("option").allInnerTexts();
    assert.ok(options.length > 1, "lots with stock at NL-RTM");
    // A lot-tracked one: serial-tracked lots also ask for the serial numbers.
    let chosen = null;
    for (const label of options.slice(1)) {
      await lot.selectOption({ label });
      if ((await page.getByLabel("Serial numbers (one per line)").count()) === 0) {
        chosen = label;
        break;
      }
    }
    assert.ok(chosen, "a lot-tracked lot at NL-RTM");
    const lotNumber = chosen.split(" ")[0];
    await page.getByText(/available here/).waitFor();

    // The same warehouse on both sides: the server refuses, the form keeps the input.
    await page.getByLabel("To").selectOption({ label: "NL-RTM — Rotterdam Distribution Centre" });
    await page.getByLabel("Quantity").fill("2");
    await page.getByLabel("Reference").fill(`E2E-TR-${width}`);
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    await page.locator(".field-error, .form-errors, [role=alert]").first().waitFor();
    assert.equal(await page.getByLabel("Quantity").inputValue(), "2");
    assert.equal(await page.getByLabel("Reference").inputValue(), `E2E-TR-${width}`);

    await page.getByLabel("To").selectOption({ label: "DE-LEJ — Leipzig Assembly & Logistics" });
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    const done = page.getByTestId("transfer-done");
    await done.waitFor();
    assert.match(await done.innerText(), new RegExp(`2 of lot ${lotNumber} moved from NL-RTM to DE-LEJ`));
    const number = (await done.innerText()).match(/TR-\d{4}-\d+/)[0];
    await screenshot(page, `transfer-done-${width}`);

    await done.getByRole("link", { name: "See the lot's moves" }).click();
    const moves = page.getByTestId("lot-moves");
    await moves.waitFor();
    const out = moves.getByRole("row").filter({ hasText: number }).filter({ hasText: "NL-RTM" });
    const into = moves.getByRole("row").filter({ hasText: number }).filter({ hasText: "DE-LEJ" });
    await out.waitFor();
    await into.waitFor();
    assert.match(await out.innerText(), /Transfer out[\s\S]*-2/i);
    assert.match(await into.innerText(), /Transfer in[\s\S]*2/i);
    await screenshot(page, `transfer-lot-moves-${width}`);
    await page.context().close();
  });
}

test("in Chinese the transfers screen says 调拨 and the lot's moves show zh-CN dates (1280 px)", async () => {
  const page = await newPage(browser, { width: 1280 });
  await signInOwnUser(page, ["WAREHOUSE"]);
  await chooseLanguage(page, "zh-CN");
  await page.getByRole("navigation").getByRole("link", { name: "调拨", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "调拨" }).waitFor();
  const form = page.getByRole("form", { name: "新建调拨" });
  await form.getByRole("heading", { name: "新建调拨" }).waitFor();
  await form.getByLabel("调出仓库").selectOption({ label: "NL-RTM — Rotterdam Distribution Centre" });
  const lot = form.getByLabel("批次", { exact: true });
  let chosen = null;
  for (const label of (await lot.locator("option").allInnerTexts()).slice(1)) {
    await lot.selectOption({ label });
    if ((await form.getByLabel("序列号（每行一个）").count()) === 0) {
      chosen = label;
      break;
    }
  }
  assert.ok(chosen, "a lot-tracked lot at NL-RTM");
  await form.getByText(/此处可用/).waitFor();
  await form.getByLabel("调入仓库").selectOption({ label: "DE-LEJ — Leipzig Assembly & Logistics" });
  await form.getByLabel("数量").fill("1");
  await form.getByRole("button", { name: "调拨", exact: true }).click();
  const done = page.getByTestId("transfer-done");
  await done.waitFor();
  const number = (await done.innerText()).match(/TR-\d{4}-\d+/)[0];
  assert.match(await done.innerText(), new RegExp(`调拨单 ${number}：批次 ${chosen.split(" ")[0]} 的 1 件已从 NL-RTM 调至 DE-LEJ`));

  await done.getByRole("link", { name: "查看该批次的库存移动" }).click();
  const moves = page.getByTestId("lot-moves");
  await moves.getByRole("columnheader", { name: "时间" }).waitFor();
  const lotId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
  const read = await gql("warehouse", `query($id: ID!) { node(id: $id) { ... on Lot { moves(first: 100) {
    edges { node { reference occurredAt warehouse { code } } } } } } }`, { id: lotId });
  const move = read.data.node.moves.edges.map((e) => e.node).find((m) => m.reference?.includes(number) && m.warehouse.code === "DE-LEJ");
  const when = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short" }).format(new Date(move.occurredAt));
  const row = moves.getByRole("row").filter({ hasText: number }).filter({ hasText: "DE-LEJ" });
  assert.equal(await row.getByRole("cell").first().innerText(), when);
  await screenshot(page, "transfer-zh-CN-1280");
  await page.context().close();
});
