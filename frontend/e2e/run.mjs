// End-to-end test run: start `erp serve` on a fresh embedded database in a
// temporary ERP_DATA_DIR on a free port (it serves the built app from
// frontend/dist), run the browser tests against it, then stop everything.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const erp = process.env.ERP_BIN ?? join(repo, ".venv/bin/erp");
const READY_TIMEOUT_MS = 180_000;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilReady(baseUrl, server) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`erp serve exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

function stopServer(server) {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    server.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    server.kill("SIGTERM");
  });
}

const dataDir = mkdtempSync(join(tmpdir(), "erp-e2e-"));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// A fresh embedded database: no DATABASE_URL, a data directory of our own.
const env = { ...process.env, ERP_DATA_DIR: dataDir, ERP_LOG_LEVEL: "warning", ERP_ENV: "development" };
// Every browser of the run signs in from 127.0.0.1: one address for many users, some of
// whose tests fail on purpose. The per-username limit stays as shipped.
env.ERP_LOGIN_FAILURES_PER_ADDRESS = "600";
delete env.DATABASE_URL;
delete env.ERP_JWT_SECRET;

const started = Date.now();
const server = spawn(erp, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
let status = 1;
try {
  await waitUntilReady(baseUrl, server);
  console.log(`e2e: server ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const only = process.argv.slice(2);
  const files = readdirSync(join(here, "tests"))
    .filter((f) => f.endsWith(".test.mjs"))
    .filter((f) => !only.length || only.some((o) => f.includes(o)))
    .sort()
    .map((f) => join(here, "tests", f));
  // Two files at a time against the one server: each signs in on its own and makes the data
  // it looks for, and a test file mostly waits on the server or the browser.
  const concurrency = process.env.E2E_CONCURRENCY ?? "2";
  const run = spawnSync(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...files], {
    env: { ...process.env, E2E_BASE_URL: baseUrl },
    stdio: "inherit",
  });
  status = run.status ?? 1;
} catch (error) {
  console.error(`e2e: ${error.message}`);
} finally {
  await stopServer(server);
  spawnSync(erp, ["db-stop"], { env, stdio: "ignore" });
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status);
