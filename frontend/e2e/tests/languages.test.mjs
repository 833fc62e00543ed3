// Two languages: the sign-in page and the header offer English and 中文, a browser set to
// Chinese opens in Chinese, the choice follows the user to another browser, refusals are
// shown by their code in the user's language, and numbers and dates follow the locale.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { BASE_URL, chooseLanguage, gql, launchBrowser, screenshot } from "../helpers.mjs";

const TEMPORARY = "temporary-Pass-1";
const OWN = "a-long-own-password";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function context(locale, width = 1280) {
  const ctx = await browser.newContext({ baseURL: BASE_URL, viewport: { width, height: 900 }, locale });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  return { ctx, page };
}

/** An account of its own, so that saving a language touches no demo user other tests use. */
async function newSalesUser({ choosePassword = true } = {}) {
  const username = `lang-${randomUUID().slice(0, 8)}`;
  const made = await gql("admin", `mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { message } } }`, {
    input: { username, displayName: `Language ${username}`, email: `${username}@example.com`, roles: ["SALES"], password: TEMPORARY },
  });
  assert.deepEqual(made.data.createUser.userErrors, []);
  if (choosePassword) {
    const tokenResponse = await fetch(`${BASE_URL}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: TEMPORARY }),
    });
    const { access_token } = await tokenResponse.json();
    const changed = await fetch(`${BASE_URL}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
      body: JSON.stringify({
        query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { message } } }`,
        variables: { input: { currentPassword: TEMPORARY, newPassword: OWN } },
      }),
    });
    assert.deepEqual((await changed.json()).data.changePassword.userErrors, []);
  }
  return username;
}

async function signIn(page, username, password, { username: userLabel, password: passwordLabel, button }) {
  await page.getByLabel(userLabel).fill(username);
  await page.getByLabel(passwordLabel).fill(password);
  await page.getByRole("button", { name: button }).click();
  await page.getByTestId("signed-in-user").filter({ hasText: username }).waitFor();
}

const ENGLISH = { username: "Username", password: "Password", button: "Sign in" };
const CHINESE = { username: "用户名", password: "密码", button: "登录" };

for (const width of [1280, 800]) {
  test(`the sign-in page and the header switch between English and 中文 (${width} px)`, async () => {
    const username = await newSalesUser();
    const { ctx, page } = await context("en-GB", width);
    await page.goto("/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const menu = page.getByRole("combobox", { name: "Language" });
    assert.deepEqual(await menu.locator("option").allTextContents(), ["English", "中文"]);

    await chooseLanguage(page, "zh-CN");
    await page.getByRole("heading", { name: "登录" }).waitFor();
    await signIn(page, username, OWN, CHINESE);
    const nav = page.getByRole("navigation");
    await nav.getByRole("link", { name: "订单", exact: true }).waitFor();
    await nav.getByRole("link", { name: "新建订单" }).waitFor();
    await nav.getByRole("link", { name: "报价" }).waitFor();
    await page.getByRole("combobox", { name: "语言" }).waitFor();
    await screenshot(page, `languages-zh-${width}`);

    // The choice stays in this browser across a reload.
    await page.reload();
    await nav.getByRole("link", { name: "订单", exact: true }).waitFor();

    await chooseLanguage(page, "en");
    await nav.getByRole("link", { name: "Orders", exact: true }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await ctx.close();
  });
}

test("a browser set to Chinese opens in Chinese", async () => {
  const { ctx, page } = await context("zh-CN");
  await page.goto("/login");
  await page.getByRole("heading", { name: "登录" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
  await ctx.close();
});

test("the language chosen follows the user to another browser, with numbers and dates for it", async () => {
  const username = await newSalesUser();
  const first = await context("en-GB");
  await first.page.goto("/login");
  await signIn(first.page, username, OWN, ENGLISH);
  await chooseLanguage(first.page, "zh-CN");
  await first.ctx.close();

  const second = await context("en-GB");
  await second.page.goto("/login");
  await signIn(second.page, username, OWN, ENGLISH);
  await second.page.getByRole("navigation").getByRole("link", { name: "订单", exact: true }).waitFor();

  const orders = await gql("sales", `{ salesOrders(first: 1) { edges { node { number total currency createdAt } } } }`);
  const order = orders.data.salesOrders.edges[0].node;
  await second.page.goto("/orders");
  const row = second.page.getByRole("row").filter({ hasText: order.number });
  const money = new Intl.NumberFormat("zh-CN", { style: "currency", currency: order.currency }).format(Number(order.total));
  const created = new Date(order.createdAt);
  const day = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium" }).format(new Date(created.getFullYear(), created.getMonth(), created.getDate()));
  await row.filter({ hasText: money }).filter({ hasText: day }).waitFor();
  await screenshot(second.page, "languages-orders-zh");
  await second.ctx.close();
});

test("a refusal is shown by its code in the user's language", async () => {
  const username = await newSalesUser({ choosePassword: false });
  const { ctx, page } = await context("zh-CN");
  await page.goto("/login");
  await page.getByLabel(CHINESE.username).fill(username);
  await page.getByLabel(CHINESE.password).fill(TEMPORARY);
  await page.getByRole("button", { name: CHINESE.button }).click();
  // A temporary password leads to the password screen; keeping it is refused (INVALID).
  await page.locator("#choose-password-title").waitFor();
  await page.locator("input[name=new-password]").fill(TEMPORARY);
  await page.locator("input[name=repeat-password]").fill(TEMPORARY);
  await page.locator("form button[type=submit]").click();
  await page.getByRole("alert").filter({ hasText: "输入的值无效。" }).waitFor();
  await screenshot(page, "languages-refusal-zh");
  await ctx.close();
});
