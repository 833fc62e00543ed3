// One session per browser: two tabs of one browser sign in and out together, and an
// expired session sends the user to sign-in with a message, back to the page after it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, PASSWORD, screenshot, BASE_URL } from "../helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function twoTabs(width) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width, height: 900 }, locale: "en-GB" });
  const first = await context.newPage();
  const second = await context.newPage();
  for (const page of [first, second]) page.setDefaultTimeout(15_000);
  return { context, first, second };
}

async function fillSignIn(page, username) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

for (const width of [1280, 800]) {
  test(`signing in and out in one tab does it in the other (${width} px)`, async () => {
    const { context, first, second } = await twoTabs(width);
    await first.goto("/lots");
    await second.goto("/orders");
    await first.getByRole("button", { name: "Sign in" }).waitFor();
    await second.getByRole("button", { name: "Sign in" }).waitFor();

    await fillSignIn(first, "manager");
    await first.getByTestId("signed-in-user").filter({ hasText: "manager" }).waitFor();
    // The other tab, untouched, is signed in and on the page it had asked for.
    await second.getByTestId("signed-in-user").filter({ hasText: "manager" }).waitFor();
    assert.equal(new URL(second.url()).pathname, "/orders");
    // A tab opened afterwards needs no sign-in either.
    const third = await context.newPage();
    await third.goto("/stock");
    await third.getByTestId("signed-in-user").filter({ hasText: "manager" }).waitFor();
    await screenshot(second, `session-second-tab-${width}`);

    await second.getByRole("button", { name: "Sign out" }).click();
    for (const page of [first, second, third]) {
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      assert.equal(await page.getByTestId("signed-in-user").count(), 0);
    }
    await context.close();
  });
}

test("an expired session returns to sign-in with a message and then to the page it was on", async () => {
  const { context, first, second } = await twoTabs(1280);
  await first.goto("/login");
  await fillSignIn(first, "qa");
  await first.getByTestId("signed-in-user").filter({ hasText: "qa" }).waitFor();
  await first.goto("/recalls");
  await first.getByRole("heading", { level: 1 }).waitFor();

  // The token's lifetime runs out while the page is open.
  await second.goto("/lots");
  await second.getByTestId("signed-in-user").waitFor();
  await first.evaluate(() => {
    const session = JSON.parse(localStorage.getItem("erp.token"));
    localStorage.setItem("erp.token", JSON.stringify({ ...session, expiresAt: Date.now() + 3000 }));
  });
  await first.reload();
  // The other tab hears of the new expiry through the storage event and ends at the same time.
  for (const page of [first, second]) {
    await page.getByTestId("session-expired").waitFor();
    assert.match(await page.getByTestId("session-expired").innerText(), /Your session has expired/);
  }
  await screenshot(second, "session-expired");
  await fillSignIn(second, "qa");
  await second.getByTestId("signed-in-user").filter({ hasText: "qa" }).waitFor();
  assert.equal(new URL(second.url()).pathname, "/lots");
  await first.getByTestId("signed-in-user").filter({ hasText: "qa" }).waitFor();
  assert.equal(new URL(first.url()).pathname, "/recalls");

  // A token the server no longer accepts ends the session the same way (in the one tab left).
  await first.close();
  await second.evaluate(() => {
    const session = JSON.parse(localStorage.getItem("erp.token"));
    localStorage.setItem("erp.token", JSON.stringify({ ...session, token: `${session.token}x` }));
  });
  await second.goto("/orders");
  await second.getByTestId("session-expired").waitFor();
  assert.equal(new URL(second.url()).pathname, "/login");
  assert.equal(await second.getByTestId("signed-in-user").count(), 0);
  await context.close();
});
