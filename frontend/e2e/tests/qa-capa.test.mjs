// A CAPA from the QA work page: opened on a nonconformance, refused while incomplete
// (CAPA_INCOMPLETE), its actions completed with evidence, checked effective, closed e-signed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql as request, launchBrowser, newPage, PASSWORD, screenshot, signIn } from "../helpers.mjs";

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

async function sign(page) {
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign", exact: true }).click();
}

test("QA opens a CAPA from QA work, completes its actions and closes it", async () => {
  const opened = await gql(
    "sales",
    `mutation($input: OpenNonconformanceInput!) { openNonconformance(input: $input) {
      nonconformance { id number } userErrors { message } } }`,
    { input: { source: "CUSTOMER_COMPLAINT", title: "E2E torn sterile pouch", description: "Two reports", hold: false,
               lotId: (await gql("qa", `{ lots(first: 100, status: [RELEASED]) { edges { node { id lotNumber } } } }`))
                 .lots.edges.map((e) => e.node).find((l) => l.lotNumber === "PGA-2407").id } },
  );
  const nc = opened.openNonconformance.nonconformance;
  assert.ok(nc, JSON.stringify(opened));

  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.getByRole("link", { name: "QA work" }).click();
  await page.getByRole("heading", { name: "CAPAs", level: 2 }).waitFor();
  await page.getByRole("link", { name: "New CAPA…" }).click();
  await page.getByRole("heading", { name: "New CAPA", level: 1 }).waitFor();

  // Nothing filled in: each field says what is missing, nothing is created.
  await page.getByRole("button", { name: "Create CAPA" }).click();
  await page.getByText("Give a title.").waitFor();
  await page.getByText("A CAPA addresses at least one nonconformance.").waitFor();
  await page.getByText("Describe the action.").waitFor();

  await page.getByLabel("Title", { exact: true }).fill("E2E pouch seal failures");
  await page.getByLabel("Problem statement").fill("Pouches tear at the seal on opening");
  await page.getByLabel(new RegExp(nc.number)).check();
  await page.getByLabel("Action", { exact: true }).fill("Re-qualify the sealing process");
  await page.getByRole("button", { name: "Create CAPA" }).click();
  const heading = page.getByRole("heading", { name: /^CAPA-\d{4}-\d{6}/, level: 1 });
  await heading.waitFor();
  const number = (await heading.innerText()).match(/CAPA-\d{4}-\d{6}/)[0];
  await page.getByRole("link", { name: nc.number }).waitFor();

  // QA work lists it under CAPAs (no action done yet) and its number opens it again.
  await page.getByRole("link", { name: "QA work" }).click();
  const listed = page.locator("tr", { has: page.getByRole("link", { name: number }) });
  await listed.getByText("0 of 1").waitFor();
  await listed.getByRole("link", { name: number }).click();
  await heading.waitFor();

  // An open action: closing is refused, and the dialog says why.
  await page.getByRole("button", { name: "Close CAPA…" }).click();
  await sign(page);
  await page.getByRole("dialog").getByText(`CAPA ${number} cannot close: 1 action(s) are open.`).waitFor();
  await page.getByRole("button", { name: "Cancel" }).click();

  const addForm = page.getByRole("form", { name: "Add action" });
  await addForm.getByLabel("Action kind").selectOption("PREVENTIVE");
  await addForm.getByLabel("Action", { exact: true }).fill("Add a seal peel test to incoming inspection");
  await addForm.getByRole("button", { name: "Add action" }).click();
  const actions = page.getByTestId("capa-action");
  await page.getByRole("heading", { name: "Actions (0 of 2 done)" }).waitFor();

  for (const [i, evidence] of [["0", "Validation report VR-118"], ["1", "Inspection plan v3 in force"]]) {
    const row = actions.nth(Number(i));
    await row.getByRole("button", { name: "Complete…" }).click();
    await row.getByLabel("Evidence", { exact: true }).fill(evidence);
    await row.getByRole("button", { name: "Mark done" }).click();
    await row.getByText(evidence).waitFor();
    await row.locator('[data-status="DONE"]').waitFor();
  }
  await page.getByRole("heading", { name: "Actions (2 of 2 done)" }).waitFor();

  // Actions done, no effectiveness check yet: still refused.
  await page.getByRole("button", { name: "Close CAPA…" }).click();
  await sign(page);
  await page.getByRole("dialog").getByText(`CAPA ${number} cannot close: no effectiveness check is recorded.`).waitFor();
  await page.getByRole("button", { name: "Cancel" }).click();

  const checkForm = page.getByRole("form", { name: "Record effectiveness" });
  await checkForm.getByLabel("Outcome").selectOption("yes");
  await checkForm.getByLabel("Check evidence").fill("No torn pouch in 3 months of complaints");
  await checkForm.getByRole("button", { name: "Record check" }).click();
  await page.getByTestId("effectiveness").filter({ hasText: "Effective: No torn pouch in 3 months of complaints" }).waitFor();

  await page.getByRole("button", { name: "Close CAPA…" }).click();
  await sign(page);
  await page.locator('h1 [data-status="CLOSED"]').waitFor();
  await screenshot(page, "capa-closed");

  const stored = await gql("qa", `{ capas(first: 50, status: [CLOSED]) { edges { node { number closureSignature { meaning }
    actions { status evidence } nonconformances { number } } } } }`);
  const capa = stored.capas.edges.map((e) => e.node).find((c) => c.number === number);
  assert.deepEqual(capa.nonconformances, [{ number: nc.number }]);
  assert.deepEqual(capa.actions.map((a) => [a.status, a.evidence]), [
    ["DONE", "Validation report VR-118"],
    ["DONE", "Inspection plan v3 in force"],
  ]);
  assert.equal(capa.closureSignature.meaning, "CAPA closed");
  await page.context().close();
});
