// Users: the administrator creates an account with a temporary password; its owner signs in,
// must choose a new password, and lands home. The administrator deactivates that account,
// and unlocks one locked by failed sign-ins. At desktop and narrow widths.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { signInOwnUser } from "../flows.mjs";
import { BASE_URL, chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const TEMPORARY = "first-Temporary-1";
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function attempt(username, password) {
  const response = await fetch(`${BASE_URL}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: await response.json() };
}

/** An account locked through the sign-in endpoint itself: five wrong passwords in a row. */
async function lockedAccount(username) {
  const made = await gql(
    "admin",
    `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { message } } }`,
    { input: { username, displayName: `Locked ${username}`, roles: ["WAREHOUSE"], password: TEMPORARY } },
  );
  assert.deepEqual(made.data.createUser.userErrors, []);
  for (let i = 0; i < 5; i++) assert.equal((await attempt(username, "wrong-password")).status, 401);
  const locked = await attempt(username, TEMPORARY);
  assert.equal(locked.status, 403);
  assert.equal(locked.body.error, "account_locked");
}

function row(page, username) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: username, exact: true }) });
}

async function openUsers(page) {
  const admin = page.getByRole("navigation", { name: "Main" });
  await admin.getByRole("link", { name: "Users", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
}

async function usersFlow(width) {
  const stamp = `${width}-${Date.now().toString(36)}`;
  const username = `e2e.new-${stamp}`;
  const lockedName = `e2e.locked-${stamp}`;
  await lockedAccount(lockedName);

  const page = await newPage(browser, { width });
  await signIn(page, "admin");
  await openUsers(page);

  // Bad input first: a short temporary password is refused at its field, nothing is made.
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Display name").fill(`New hire ${width}`);
  await form.getByLabel("Email").fill(`${username}@example.com`);
  await form.getByLabel("Sales", { exact: true }).check();
  await form.getByLabel("Temporary password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await form.getByText(/at least 10 characters/).waitFor();
  assert.equal(await row(page, username).count(), 0);

  await form.getByLabel("Temporary password").fill(TEMPORARY);
  await form.getByRole("button", { name: "Create user" }).click();
  await row(page, username).waitFor();
  assert.match(await row(page, username).innerText(), /Must choose a password/);
  await screenshot(page, `admin-users-${width}`);

  // The new user's first sign-in: a new password before anything else, then home.
  const own = await newPage(browser, { width });
  await own.goto("/login");
  await own.getByLabel("Username").fill(username);
  await own.getByLabel("Password").fill(TEMPORARY);
  await own.getByRole("button", { name: "Sign in" }).click();
  await own.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await own.getByLabel("New password", { exact: true }).fill("my-own-password-1");
  await own.getByLabel("Repeat new password").fill("not-the-same-one");
  await own.getByRole("button", { name: "Set password" }).click();
  await own.getByText("The two new passwords differ.").waitFor();
  await own.getByLabel("Repeat new password").fill("my-own-password-1");
  await screenshot(own, `admin-users-choose-password-${width}`);
  await own.getByRole("button", { name: "Set password" }).click();
  await own.getByTestId("signed-in-user").filter({ hasText: username }).waitFor();
  await own.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
  assert.equal(await own.getByRole("heading", { name: "Choose a new password" }).count(), 0);
  assert.equal((await attempt(username, TEMPORARY)).status, 401);
  assert.equal((await attempt(username, "my-own-password-1")).status, 200);
  await own.context().close();

  // Deactivate… with a reason: the account can no longer sign in.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  await row(page, username).getByRole("button", { name: "Deactivate…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Contract ended");
  await dialog.getByRole("button", { name: "Deactivate", exact: true }).click();
  await row(page, username).filter({ hasText: "Deactivated" }).waitFor();
  assert.equal((await attempt(username, "my-own-password-1")).status, 401);

  // Unlock the locked account: it signs in again.
  assert.match(await row(page, lockedName).innerText(), /Locked/);
  await row(page, lockedName).getByRole("button", { name: "Unlock" }).click();
  await page.getByText(`${lockedName} is unlocked.`).waitFor();
  await row(page, lockedName).getByRole("button", { name: "Unlock" }).waitFor({ state: "detached" });
  assert.equal((await attempt(lockedName, TEMPORARY)).status, 200);
  assert.ok(await row(page, lockedName).getByRole("button", { name: "Reset password…" }).isVisible());
  await screenshot(page, `admin-users-after-${width}`);
  await page.context().close();
}

test("users: create, first sign-in password, deactivate, unlock at 1280 px", () => usersFlow(1280));
test("users: create, first sign-in password, deactivate, unlock at 800 px", () => usersFlow(800));

test("users in Chinese: heading, Create user and the last sign-in time formatted for zh-CN (1280 px)", async () => {
  const page = await newPage(browser, { width: 1280 });
  // The choice is saved with the account: an administrator of its own leaves the demo users alone.
  const own = await signInOwnUser(page, ["ADMIN"]);
  await chooseLanguage(page, "zh-CN");
  const found = await gql("admin", `query($s: String) { users(first: 5, search: $s) { edges { node { username lastLoginAt } } } }`, { s: own });
  const admin = found.data.users.edges.map((e) => e.node).find((u) => u.username === own);
  await page.goto("/admin/users");
  await page.getByRole("heading", { level: 1, name: "用户" }).waitFor();
  const form = page.getByRole("form", { name: "新建用户" });
  await form.getByRole("button", { name: "创建用户" }).waitFor();
  await form.getByLabel("销售", { exact: true }).waitFor();
  const shown = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short" }).format(new Date(admin.lastLoginAt));
  assert.match(await row(page, own).innerText(), new RegExp(shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await screenshot(page, "admin-users-zh-CN");
  await page.context().close();
});
