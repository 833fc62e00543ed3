// Shared steps of the browser tests: a headless Chromium, sign-in, screenshots, API calls.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:8000";
export const PASSWORD = "demo1234";
const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), "../test-results");

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // Background networking off: this machine's closed network refuses it noisily.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width, height },
    locale: "en-GB",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function signIn(page, username) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").filter({ hasText: username }).waitFor();
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export function resultsPath(name) {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, name);
}

export async function token(username) {
  const response = await fetch(`${BASE_URL}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return (await response.json()).access_token;
}

/** A GraphQL request as `username`, outside the browser (set-up and checks). */
export async function gql(username, query, variables = {}) {
  const response = await fetch(`${BASE_URL}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await token(username)}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** Picks a language from the header's (or the sign-in page's) language menu: "en" or "zh-CN". */
export async function chooseLanguage(page, code) {
  const menu = page.getByRole("combobox", { name: /^(Language|语言)$/ }).first();
  await menu.selectOption(code);
  await page.locator(`html[lang="${code}"]`).waitFor({ state: "attached" });
}
