"""partner-a walks every edge of the read graph and never sees DIST-B's data.

The documents are generated from introspection at run time (tests/security/
schema_walk.py), so fields added to the schema are walked as soon as they exist.
One id of each type and one number of each kind that belong to DIST-B are tried
wherever an argument takes one (node(id:), salesOrder(number:), serial(...),
scan(code:), ...); every one of DIST-B's ids and numbers is looked for in the answers.
"""

import asyncio
import json
from collections.abc import Callable

import httpx

from tests.security.schema_walk import INTROSPECTION, Walk, client_schema, edge_at
from tests.support.client import gql, login
from tests.support.ids import from_global_id
from tests.support.server import AppClient

DIST_B = """query($after: String) { customers(first: 5, search: "DIST-B") { edges { node {
  id code name
  orders(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    id number documents { id }
    invoices { id number }
    shipments { id number documents { id }
                lines { serials { id serialNumber udi product { gtin } } } }
  } } } } } } }"""


async def dist_b_records(client: httpx.AsyncClient, token: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"ids": set(), "numbers": set(), "serials": set(),
                                  "udis": set(), "gtins": set(), "names": set()}
    after = None
    while True:
        data = (await gql(client, DIST_B, {"after": after}, token=token))["data"]
        customer = next(e["node"] for e in data["customers"]["edges"]
                        if e["node"]["code"] == "DIST-B")
        found["ids"].add(customer["id"])
        found["names"].update({customer["code"], customer["name"]})
        for edge in customer["orders"]["edges"]:
            order = edge["node"]
            found["ids"].add(order["id"])
            found["numbers"].add(order["number"])
            found["ids"].update(d["id"] for d in order["documents"])
            for invoice in order["invoices"]:
                found["ids"].add(invoice["id"])
                found["numbers"].add(invoice["number"])
            for shipment in order["shipments"]:
                found["ids"].add(shipment["id"])
                found["numbers"].add(shipment["number"])
                found["ids"].update(d["id"] for d in shipment["documents"])
                for line in shipment["lines"]:
                    for serial in line["serials"]:
                        found["ids"].add(serial["id"])
                        found["serials"].add(serial["serialNumber"])
                        found["udis"].add(serial["udi"])
                        found["gtins"].add(serial["product"]["gtin"])
        page = customer["orders"]["pageInfo"]
        if not page["hasNextPage"]:
            return found
        after = page["endCursor"]


def one_of_each(values: set[str], kind: Callable[[str], str]) -> list[str]:
    """The first value (in sorted order) of each kind."""
    firsts: dict[str, str] = {}
    for value in sorted(values):
        firsts.setdefault(kind(value), value)
    return sorted(firsts.values())


async def test_partner_a_never_sees_dist_b(app_client: AppClient) -> None:
    client = await app_client(max_query_cost=10**9, cost_budget=10**9, cost_restore_rate=10**9)
    dist_b = await dist_b_records(client, await login(client, "admin"))
    partner_b = (await gql(client, "{ viewer { id } }", token=await login(client, "partner-b")))
    dist_b["ids"].add(partner_b["data"]["viewer"]["id"])
    assert dist_b["numbers"] and dist_b["serials"], "the demo data ships orders and serials to B"

    token = await login(client, "partner-a")
    introspection = (await gql(client, INTROSPECTION, token=token))["data"]
    schema = client_schema(introspection)
    # One record of each kind is tried wherever an argument takes one: partner scoping is a
    # rule per type, so a second order or serial of DIST-B goes through the same check.
    values = {
        "ID": one_of_each(dist_b["ids"], lambda i: from_global_id(i)[0]),
        "number": one_of_each(dist_b["numbers"], lambda n: n.split("-")[0]),
        "gtin": sorted(dist_b["gtins"])[:1],
        "serialNumber": sorted(dist_b["serials"])[:1],
        "lotNumber": ["L-UNKNOWN"],
        "code": sorted(dist_b["udis"])[:1],
        "Date": ["2020-01-01"],
        "String": ["DIST-B"],
        "Int": [1],
    }
    needles = dist_b["ids"] | dist_b["numbers"] | dist_b["serials"] | dist_b["names"] | {
        "partner-b"
    }

    async def run(query: str) -> dict:
        response = await client.post("/graphql", json={"query": query},
                                     headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 200, (query, response.text)
        return response.json()

    # A field refused to partners (FORBIDDEN) nulls its parents and hides the data next
    # to it, so each round leaves out the edges refused in the one before and walks again.
    forbidden: set[tuple[str, str]] = set()
    own_data_seen, already_run = False, set()
    for _ in range(6):
        walk = Walk(schema, values, exclude=set(forbidden))
        queries = [d.query for d in walk.documents() if d.query not in already_run]
        already_run.update(queries)
        refused_now = set()
        for start in range(0, len(queries), 16):
            batch = queries[start:start + 16]
            for query, body in zip(batch, await asyncio.gather(*map(run, batch)), strict=True):
                errors = body.get("errors") or []
                codes = {e.get("extensions", {}).get("code") for e in errors}
                assert "INTERNAL_SERVER_ERROR" not in codes, (query, errors)
                assert not codes & {"GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED",
                                    "MAX_DEPTH_EXCEEDED", "MAX_TOKENS_EXCEEDED"}, (query, body)
                data = json.dumps(body.get("data"))
                # A value the query itself sent may be echoed (scan parses its code); the
                # objects behind it are caught by their ids.
                # Ids match as whole JSON strings: "U2FsZXNPcmRlcjoy" (SalesOrder:2) is a
                # prefix of SalesOrder:21's id, which may well be partner-a's own.
                leaked = [n for n in needles - dist_b["ids"] if n in data and n not in query]
                leaked += [n for n in dist_b["ids"] if f'"{n}"' in data and n not in query]
                assert not leaked, f"partner-a saw {leaked} through:\n{query}"
                own_data_seen = own_data_seen or "DIST-A" in data
                for error in errors:
                    edge = edge_at(schema, error.get("path") or [])
                    if error.get("extensions", {}).get("code") == "FORBIDDEN" and edge:
                        refused_now.add(edge)
        if refused_now <= forbidden:
            break
        forbidden |= refused_now
    assert own_data_seen, "the walk reached partner-a's own data"
    assert len(walk.edges) > 50, sorted(walk.edges)
    print(f"walked {len(walk.edges)} edges in {len(already_run)} documents; "
          f"{len(forbidden)} edges refused to partners")
