// QA reviews the batch record of VP3-2409's work order: closes its open deviation with a
// disposition, approves the record with a signature and sees who approved it; the lot page
// then lists the device history record, and the lot can be released. At 800 px an
// inspector reads the approved record.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const RELEASE = `mutation($input: ReleaseLotInput!) { releaseLot(input: $input) { userErrors { code } } }`;

async function vp3Lot() {
  const data = await gql("qa", `{ workOrders(first: 50) { edges { node { outputLots { id lotNumber } } } } }`);
  return data.data.workOrders.edges.flatMap((e) => e.node.outputLots).find((l) => l.lotNumber === "VP3-2409").id;
}

async function sign(page) {
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Sign" }).click();
  return dialog;
}

async function fitsTheWindow(page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px window`);
}

test("QA closes VP3-2409's deviation, approves its batch record and the lot gets its DHR", async () => {
  const lotId = await vp3Lot();
  const gated = await gql("qa", RELEASE, { input: { lotId, signature: { password: PASSWORD, meaning: "Released" } } });
  assert.ok(gated.data.releaseLot.userErrors.some((e) => e.code === "BATCH_RECORD_NOT_REVIEWED"));

  const page = await newPage(browser, { width: 1280 });
  await signIn(page, "qa");
  await page.getByRole("link", { name: "Batch record review" }).click();
  await page.getByRole("heading", { name: "Batch record review", level: 1 }).waitFor();
  const row = page.getByRole("row").filter({ hasText: "VP3-2409" });
  const number = (await row.getByRole("link", { name: /^WO-/ }).textContent()).trim();
  await row.getByRole("link", { name: number }).click();
  await page.getByRole("heading", { name: `Batch record ${number}`, level: 1 }).waitFor();
  // Steps as entered, with limits and both signatures.
  const torque = page.getByRole("group", { name: "Housing torque" });
  await torque.getByRole("cell", { name: "2.4 Nm" }).waitFor();
  await torque.getByText(/Out of limits — DEV-\d{4}-\d{6}/).waitFor();
  await torque.getByText(/^Elif Yilmaz, .*“/).first().waitFor();

  // Approval is refused while the deviation is open, and says why.
  await page.getByRole("button", { name: "Approve batch record…" }).click();
  let dialog = await sign(page);
  await dialog.getByText(/Deviation DEV-\d{4}-\d{6} is still OPEN/).waitFor();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const deviations = page.getByRole("region", { name: /Deviations/ });
  const open = deviations.getByRole("row").filter({ hasText: "Open" });
  const deviation = (await open.getByRole("cell").first().textContent()).trim();
  assert.match(deviation, /^DEV-\d{4}-\d{6}$/);
  await open.getByRole("button", { name: /Close deviation/ }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Disposition").selectOption("USE_AS_IS");
  await dialog.getByLabel("Rationale").fill("2.4 Nm is within the screw maker's tolerance; no effect on the seal.");
  await sign(page);
  await dialog.waitFor({ state: "detached" });
  const closed = deviations.getByRole("row").filter({ hasText: deviation });
  await closed.getByText("Closed", { exact: true }).waitFor();
  await closed.getByText("Use as is").waitFor();
  await closed.getByText(/^Dr\. Katrin Vogel, /).waitFor();

  await page.getByRole("button", { name: "Approve batch record…" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Comment").fill("Complete; deviation dispositioned.");
  await sign(page);
  await page.getByText("Approved by Dr. Katrin Vogel").waitFor();
  assert.equal(await page.getByRole("button", { name: "Approve batch record…" }).count(), 0);
  await screenshot(page, "batch-record-review-1280");

  // The lot page lists the device history record, and it downloads as a PDF.
  await page.getByRole("link", { name: "VP3-2409" }).click();
  await page.getByRole("heading", { name: /Lot VP3-2409/, level: 1 }).waitFor();
  const made = page.getByRole("definition").filter({ has: page.getByRole("link", { name: number }) });
  await made.getByRole("link", { name: "batch record" }).waitFor();
  await made.getByText("Approved", { exact: true }).waitFor();
  const dhr = page.getByRole("button", { name: `Device history record ${number}` });
  const download = page.waitForEvent("download");
  await dhr.click();
  const file = await download;
  assert.equal(file.suggestedFilename(), `dhr-${number}.pdf`);
  assert.equal(readFileSync(await file.path()).subarray(0, 5).toString(), "%PDF-");

  // Released once inspected: the batch record no longer stands in the way.
  const inspected = await gql(
    "inspector",
    `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { userErrors { code message } } }`,
    { input: { lotId, kind: "FINAL", result: "PASS", sampleSize: 6, defectsFound: 0 } },
  );
  assert.deepEqual(inspected.data.recordInspection.userErrors, []);
  await page.reload();
  await page.getByRole("button", { name: "Release lot…" }).click();
  await sign(page);
  await page.getByRole("heading", { name: /Lot VP3-2409/, level: 1 }).getByText("Released").waitFor();
  await page.close();
});

test("at 800 px an inspector finds the approved record with its approval", async () => {
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "inspector");
  await page.getByRole("link", { name: "Batch record review" }).click();
  await page.getByRole("heading", { name: "Batch record review", level: 1 }).waitFor();
  await page.getByLabel("Batch record status").selectOption("APPROVED");
  const row = page.getByRole("row").filter({ hasText: "VP3-2409" });
  await row.getByRole("link", { name: /^WO-/ }).click();
  await page.getByText("Approved by Dr. Katrin Vogel").waitFor();
  await page.getByRole("button", { name: /^Device history record WO-/ }).waitFor();
  // Reading is for every QA role; deciding is the manager's.
  assert.equal(await page.getByRole("button", { name: "Approve batch record…" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: /Close deviation/ }).count(), 0);
  await fitsTheWindow(page);
  await screenshot(page, "batch-record-review-800");
  await page.close();
});
