"""The write path under load: full order-to-cash cycles from N concurrent clients.

    python bench/order_flow.py [--clients 1,4,8] [--duration 20] [--workers 1] [--json out.json]

Builds a fresh database (embedded PostgreSQL in /tmp, or a new database on the
server named by DATABASE_URL) with the demo users and `erp seed --scale 1`,
serves it with `erp serve --workers N` in a subprocess, and runs, for each
client count, complete cycles for a fixed time: createSalesOrder,
submitSalesOrder, decideApproval (every 10th order carries a 15 % discount and
needs a SALES_MANAGER's e-signed approval), allocateSalesOrder, createShipment,
confirmDelivery, issueInvoice, recordPayment. Each client works for its own
customers, as the sales, manager, warehouse and finance demo users.

Reported per client count: cycles/s, p50/p95 per mutation, server CPU ms per
cycle (psutil: the server and its workers) and SQL statements per cycle counted
inside the server (`ERP_SQL_COUNT_DIR`, `backend/observability/sql_count.py`,
BEGIN/COMMIT/ROLLBACK included). Then the invariants (`backend/seed/invariants.py`:
no negative stock, moves sum to balances, trial balance zero), `erp audit verify`,
and each bench order's `order.status_changed` events must chain unbroken up to its
final status (one event per committed change, none lost, none doubled).

Targets (2 cores): >= 25 cycles/s at 8 clients with one process, p95 < 150 ms
for every mutation; >= 1.7x that with --workers 2.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backend.db.embedded import to_libpq_url  # noqa: E402

JWT_SECRET = "bench-order-flow-secret-" + secrets.token_hex(16)
PASSWORD = "demo1234"
USERS = ("sales", "manager", "warehouse", "finance")
ERRORS = "userErrors { code message field }"
ORDER = f"order {{ id number status total approvals {{ status requiredRole }} }} {ERRORS}"
SHIPMENT = f"shipment {{ id number status order {{ status }} }} {ERRORS}"
INVOICE = f"invoice {{ id number status total order {{ status }} }} {ERRORS}"
PAID = f"invoices {{ number status balance order {{ status }} }} unappliedAmount {ERRORS}"
DOCS = {name: f"mutation({args}) {{ {name}({call}) {{ {body} }} }}" for name, args, call, body in (
    ("createSalesOrder", "$input: CreateSalesOrderInput!", "input: $input", ORDER),
    ("submitSalesOrder", "$id: ID!", "orderId: $id", ORDER),
    ("decideApproval", "$input: DecideApprovalInput!", "input: $input", ORDER),
    ("allocateSalesOrder", "$id: ID!", "orderId: $id", ORDER),
    ("createShipment", "$input: CreateShipmentInput!", "input: $input", SHIPMENT),
    ("confirmDelivery", "$id: ID!", "shipmentId: $id", SHIPMENT),
    ("issueInvoice", "$input: IssueInvoiceInput!", "input: $input", INVOICE),
    ("recordPayment", "$input: RecordPaymentInput!", "input: $input", PAID),
)}
MUTATIONS = tuple(DOCS)



def provision_database(stack: ExitStack) -> str:
    """A new empty database (libpq URL), dropped (and an embedded server removed) on exit."""
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver
        pgdata = Path(tempfile.mkdtemp(prefix="erp-bench-pg-", dir="/tmp"))
        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        stack.callback(server.cleanup)
        server_url = server.get_uri("postgres")
    server_url = to_libpq_url(server_url)
    name = f"erp_bench_flow_{secrets.token_hex(4)}"
    asyncio.run(_admin(server_url, f'create database "{name}"'))
    stack.callback(lambda: asyncio.run(_admin(server_url, f'drop database if exists "{name}" '
                                                          "with (force)")))
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def erp(*args: str) -> list[str]:
    # `python -m backend` from ROOT: the server is the code of the tree this script is in.
    return [sys.executable, "-m", "backend", *args]


def server_env(url: str, count_dir: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "ERP_JWT_SECRET": JWT_SECRET,
            "ERP_LOG_LEVEL": "warning", "ERP_LOG_FORMAT": "text",
            "ERP_SQL_COUNT_DIR": count_dir,
            # The figures are the write path's, not the query-cost throttle's.
            "ERP_COST_BUDGET": str(10**12), "ERP_COST_RESTORE_RATE": str(10**12)}


def seed(url: str) -> None:
    env = server_env(url, "")
    started = time.monotonic()
    for args in (("seed", "--demo"), ("seed", "--scale", "1")):
        subprocess.run(erp(*args), env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"seeded (demo + scale 1) in {time.monotonic() - started:.0f} s", file=sys.stderr)


def start_server(stack: ExitStack, url: str, workers: int, count_dir: str) -> tuple[str, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        erp("serve", "--no-seed", "--port", str(port), "--workers", str(workers)),
        env=server_env(url, count_dir), cwd=ROOT,
    )

    stack.callback(lambda: (process.terminate(), process.wait(timeout=30)))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return base, process.pid
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become ready within 90 s")


def server_cpu_seconds(pid: int) -> float:
    """CPU time of the server process and every live child (the workers)."""
    parent = psutil.Process(pid)
    total = 0.0
    for process in (parent, *parent.children(recursive=True)):
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def statements(count_dir: str) -> int:
    total = 0
    for path in Path(count_dir).iterdir():
        if path.suffix != ".tmp":
            total += int(path.read_text() or 0)
    return total



async def fixtures(url: str) -> tuple[list[int], list[int]]:
    """Customers that need no credit approval and LOT-tracked products with plenty of stock."""
    conn = await asyncpg.connect(url)
    try:
        # Credit approvals are not what is measured: these customers get a limit they never reach.
        customers = [r["id"] for r in await conn.fetch(
            "UPDATE customers SET credit_limit = 1000000000 WHERE id IN (SELECT id FROM customers "
            "WHERE code LIKE 'SC%' ORDER BY id LIMIT 64) RETURNING id")]
        products = [r["product_id"] for r in await conn.fetch(
            "SELECT b.product_id FROM stock_balances b JOIN lots l ON l.id = b.lot_id "
            "JOIN products p ON p.id = b.product_id "
            "WHERE l.status = 'RELEASED' AND p.tracking_mode = 'LOT' "
            "AND (l.expires_on IS NULL OR l.expires_on > current_date + 400) "
            "GROUP BY b.product_id HAVING sum(b.on_hand - b.reserved) >= 2000 "
            "ORDER BY sum(b.on_hand - b.reserved) DESC LIMIT 8")]
    finally:
        await conn.close()
    if not customers or not products:
        raise RuntimeError("the scale data set has no usable customers or products")
    return customers, products


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


class Flow:
    def __init__(self, http: httpx.AsyncClient, tokens: dict[str, str],
                 customers: list[int], products: list[int]) -> None:
        self.http = http
        self.tokens = tokens
        self.customers = customers
        self.products = products
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.cycles = 0
        self.failures: list[str] = []
        self.orders: list[int] = []

    async def call(self, user: str, name: str, variables: dict) -> dict:
        started = time.perf_counter()
        response = await self.http.post(
            "/graphql", json={"query": DOCS[name], "variables": variables},
            headers={"authorization": f"Bearer {self.tokens[user]}"})
        self.latencies[name].append(time.perf_counter() - started)
        body = response.json()
        data = (body.get("data") or {}).get(name)
        if body.get("errors") or data is None or data.get("userErrors"):
            raise RuntimeError(f"{name}: {body.get('errors') or data}")
        return data

    async def cycle(self, n: int) -> None:
        customer = self.customers[n % len(self.customers)]
        line: dict = {"productId": gid("Product", self.products[n % len(self.products)]),
                      "quantity": 1}
        if n % 10 == 0:
            line["discountPercent"] = "15"
        created = await self.call("sales", "createSalesOrder", {"input": {
            "customerId": gid("Customer", customer), "lines": [line]}})
        order_id = created["order"]["id"]
        self.orders.append(int(_pk(order_id)))
        order = (await self.call("sales", "submitSalesOrder", {"id": order_id}))["order"]
        if order["status"] == "PENDING_APPROVAL":
            order = (await self.call("manager", "decideApproval", {"input": {
                "orderId": order_id, "approve": True,
                "signature": {"password": PASSWORD, "meaning": "Approved: discount"}}}))["order"]
        assert order["status"] == "APPROVED", order
        await self.call("sales", "allocateSalesOrder", {"id": order_id})
        shipped = await self.call("warehouse", "createShipment", {"input": {"orderId": order_id}})
        await self.call("warehouse", "confirmDelivery", {"id": shipped["shipment"]["id"]})
        invoice = (await self.call("finance", "issueInvoice", {"input": {"orderId": order_id}}))
        paid = await self.call("finance", "recordPayment", {"input": {
            "customerId": gid("Customer", customer), "amount": invoice["invoice"]["total"],
            "receivedOn": str(datetime.now(UTC).date()), "reference": f"BENCH-{order_id}",
            "invoiceIds": [invoice["invoice"]["id"]]}})
        assert paid["invoices"][0]["order"]["status"] == "CLOSED", paid
        self.cycles += 1


def _pk(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def login(http: httpx.AsyncClient) -> dict[str, str]:
    tokens = {}
    for user in USERS:
        response = await http.post("/auth/token", json={"username": user, "password": PASSWORD})
        response.raise_for_status()
        tokens[user] = response.json()["access_token"]
    return tokens


async def run_clients(base: str, pid: int, count_dir: str, clients: int, duration: float,
                      customers: list[int], products: list[int], offset: int) -> dict:
    limits = httpx.Limits(max_connections=clients * 2, max_keepalive_connections=clients * 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        tokens = await login(http)
        # Each client its own customers, so that clients race for stock, not for one customer.
        share = max(1, len(customers) // clients)
        flows = [Flow(http, tokens, customers[i * share:(i + 1) * share] or customers, products)
                 for i in range(clients)]
        await asyncio.sleep(1.0)  # let the statement counts settle
        cpu0, sql0, t0 = server_cpu_seconds(pid), statements(count_dir), time.monotonic()
        deadline = t0 + duration

        async def client(flow: Flow, index: int) -> None:
            n = offset + index
            while time.monotonic() < deadline:
                try:
                    await flow.cycle(n)
                except Exception as exc:  # a failed cycle is reported, the client goes on
                    flow.failures.append(str(exc)[:300])
                n += clients

        await asyncio.gather(*(client(flow, i) for i, flow in enumerate(flows)))
        elapsed = time.monotonic() - t0
        cpu1 = server_cpu_seconds(pid)
        await asyncio.sleep(WRITE_SETTLE)
        sql1 = statements(count_dir)
    cycles = sum(f.cycles for f in flows)
    latencies: dict[str, list[float]] = defaultdict(list)
    for flow in flows:
        for name, values in flow.latencies.items():
            latencies[name].extend(values)
    failures = [msg for f in flows for msg in f.failures]
    return {
        "clients": clients,
        "cycles": cycles,
        "seconds": round(elapsed, 1),
        "cycles_per_s": round(cycles / elapsed, 2),
        "server_cpu_ms_per_cycle": round((cpu1 - cpu0) * 1000 / max(cycles, 1), 1),
        "sql_statements_per_cycle": round((sql1 - sql0) / max(cycles, 1), 1),
        "failures": len(failures),
        "first_failures": failures[:3],
        "mutations": {
            name: {"n": len(values),
                   "p50_ms": round(statistics.median(values) * 1000, 1),
                   "p95_ms": round(_quantile(values, 0.95) * 1000, 1)}
            for name in MUTATIONS if (values := latencies.get(name))
        },
        "orders": [o for f in flows for o in f.orders],
    }


WRITE_SETTLE = 0.6  # > sql_count.WRITE_EVERY_SECONDS


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]



async def check_invariants(url: str, orders: list[int]) -> list[str]:
    from backend.db.engine import create_engine, create_sessionmaker
    from backend.seed.invariants import check_invariants as whole_database

    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            problems = list(await whole_database(session))
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT o.id, o.status::text AS status, "
            "coalesce(array_agg(e.payload->>'from' ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL),"
            " '{}') AS froms, "
            "coalesce(array_agg(e.payload->>'to' ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL),"
            " '{}') AS tos "
            "FROM sales_orders o LEFT JOIN outbox_events e ON e.aggregate_type = 'SalesOrder' "
            "AND e.aggregate_id = o.id AND e.topic = 'order.status_changed' "
            "WHERE o.id = ANY($1::bigint[]) GROUP BY o.id", orders)
    finally:
        await conn.close()
    broken = 0
    for row in rows:
        froms, tos = list(row["froms"]), list(row["tos"])
        chain_ok = bool(tos) and tos[-1] == row["status"] and all(
            froms[i + 1] == tos[i] for i in range(len(tos) - 1))
        if not chain_ok and not (row["status"] == "DRAFT" and not tos):
            broken += 1
            if broken <= 3:
                problems.append(f"order {row['id']} ({row['status']}): events {froms} -> {tos}")
    if broken:
        problems.append(f"{broken} of {len(rows)} bench orders have a broken event chain")
    if len(rows) != len(set(orders)):
        problems.append(f"{len(set(orders)) - len(rows)} acknowledged orders are missing")
    return problems


def audit_verify(url: str) -> tuple[bool, str]:
    done = subprocess.run(erp("audit", "verify"), env=server_env(url, ""), cwd=ROOT,
                          capture_output=True, text=True)
    return done.returncode == 0, " ".join((done.stdout + done.stderr).split())[-300:]



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,4,8", help="client counts, comma-separated")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per client count")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args()

    with ExitStack() as stack:
        url = provision_database(stack)
        seed(url)
        count_dir = tempfile.mkdtemp(prefix="erp-bench-sql-", dir="/tmp")
        stack.callback(shutil.rmtree, count_dir, ignore_errors=True)
        base, pid = start_server(stack, url, args.workers, count_dir)
        customers, products = asyncio.run(fixtures(url))
        results = []
        offset = 0
        for clients in (int(c) for c in args.clients.split(",")):
            result = asyncio.run(run_clients(base, pid, count_dir, clients, args.duration,
                                             customers, products, offset))
            offset += 100_000
            results.append(result)
            print(_line(result), file=sys.stderr)
        orders = [o for r in results for o in r.pop("orders")]
        problems = asyncio.run(check_invariants(url, orders))
        verified, verify_text = audit_verify(url)
        if not verified:
            problems.append(f"erp audit verify failed: {verify_text}")
        report = {"workers": args.workers, "duration_s": args.duration, "runs": results,
                  "invariants": problems or "ok", "audit_verify": verify_text}
        print(json.dumps(report, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2))
        if problems:
            sys.exit(1)


def _line(r: dict) -> str:
    worst = max((m["p95_ms"] for m in r["mutations"].values()), default=0)
    return (f"clients={r['clients']}: {r['cycles_per_s']} cycles/s, worst p95 {worst} ms, "
            f"{r['server_cpu_ms_per_cycle']} CPU ms/cycle, "
            f"{r['sql_statements_per_cycle']} statements/cycle, {r['failures']} failures")


if __name__ == "__main__":
    main()
