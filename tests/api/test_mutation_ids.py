"""Every mutation answers a malformed or wrong-type id in its input with a `userErrors` entry
of code INVALID at that input's path, never with a top-level error.

The cases are generated from the served schema: for each Mutation field, each ID argument
and each ID field inside its input objects (lists too, at index "0") is sent once as
"not-an-id" and once as the id of a real object of another type, in an otherwise
valid-looking request as ADMIN. The requests run against a database of their own: a
mutation that wrongly accepted a wrong-type id must not change the shared demo data.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNamedType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    is_list_type,
    is_non_null_type,
)
from sqlalchemy import func, select

from backend.app import create_app
from backend.db import models
from backend.db.embedded import to_async_url
from backend.db.engine import create_engine, create_sessionmaker
from backend.domain.quality.certificates import render_pdf
from backend.enums import Role
from backend.schema.root import schema as served_schema
from backend.seed.demo import load_demo
from backend.settings import Settings
from tests.support import builders
from tests.support.client import DEMO_PASSWORD, Client
from tests.support.database import fresh_database
from tests.support.ids import gid

SCHEMA: GraphQLSchema = build_schema(served_schema.as_str())
MALFORMED = "not-an-id"
# The type an id names, where its name alone does not say (`orderId` is a SalesOrder's).
TYPE_OF = {"order": "SalesOrder", "fromWarehouse": "Warehouse", "toWarehouse": "Warehouse",
           # change control
           "delegate": "User", "rule": "OrderApprovalRule",
           "requirement": "LicenceRequirement", "licence": "CustomerLicence",
           "delegation": "ApprovalDelegation",
           # quality loop
           "hold": "QualityHold", "task": "InspectionTask", "sample": "RetainedSample",
           "owner": "User",
           # purchasing flow
           "requisition": "PurchaseRequisition", "requisitionLine": "PurchaseRequisitionLine",
           # production
           "deviation": "BatchDeviation",
           # admin: policies, price lists
           "policy": "ConfigPolicy", "priceList": "PriceList"}
# Where the same name means another type in another mutation (`lineId`).
TYPE_OF_IN = {
    # finance desk
    **{m: {"line": "BankStatementLine"} for m in (
        "matchBankStatementLine", "unmatchBankStatementLine", "postBankStatementLine")},
    # change control
    **{m: {"line": "OrderLine"} for m in ("amendSalesOrder", "shortCloseSalesOrder")},
    # quality loop
    "completeCapaAction": {"action": "CapaAction"},
    # permissions as data
    "updateSeparationOfDutiesRule": {"rule": "SeparationOfDutiesRule"},
    # custom fields
    "updateCustomFieldDefinition": {"definition": "CustomFieldDefinition"},
}
ANY_NODE = {"attachTo",  # documents attach to several types (not to warehouses)
            "documentId",  # a purchase approval decides a requisition or a purchase order
            "nodeId"}  # custom fields are set on products, lots, orders, ...
# Values a valid-looking request sends for arguments and input fields, by name.
BY_NAME: dict[str, Any] = {
    "password": DEMO_PASSWORD,
    "meaning": "Approved",
    "url": "https://example.com/hook",
    "secret": "whsec-" + "0123456789abcdef" * 2,
    "quantity": 1,
    "sampleSize": 1,
    "defectsFound": 0,
    "amount": "1.00",
    "approve": True,
    "maxAttempts": 3,
}


def today() -> str:
    return datetime.now(UTC).date().isoformat()


SCALARS: dict[str, Any] = {
    "String": "Test",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Decimal": "1.00",
    "Date": None,  # today, when the request is made
    "DateTime": None,
    "Upload": None,  # sent as a multipart file
}


@dataclass(frozen=True)
class Case:
    mutation: str
    path: tuple[str, ...]  # the input's path, as userErrors name it: ("input", "lines", "0", "productId")
    expected_type: str | None  # None: several types are right
    wrong: str  # "malformed" or "wrong-type"

    @property
    def id(self) -> str:
        return f"{self.mutation}:{'.'.join(self.path)}:{self.wrong}"


def _unwrap(type_: GraphQLInputType) -> GraphQLInputType:
    return type_.of_type if is_non_null_type(type_) else type_


def id_paths(type_: GraphQLInputType, path: tuple[str, ...], depth: int = 0) -> Iterator[tuple]:
    """Paths of every ID inside a value of `type_`."""
    inner = _unwrap(type_)
    if is_list_type(inner):
        yield from id_paths(inner.of_type, (*path, "0"), depth)
    elif isinstance(inner, GraphQLInputObjectType) and depth < 5:
        for name, field in inner.fields.items():
            yield from id_paths(field.type, (*path, name), depth + 1)
    elif getattr(inner, "name", None) == "ID":
        yield path


def expected_type(mutation: str, path: tuple[str, ...]) -> str | None:
    name = next(p for p in reversed(path) if not p.isdigit())
    if name in ANY_NODE:
        return None
    if name == "id":  # deleteWebhookEndpoint(id:), updateWebhookEndpoint(input: {id}), ...
        verb_end = next(i for i, c in enumerate(mutation) if c.isupper())
        type_name = mutation[verb_end:]
    else:
        base = name.removesuffix("Ids") if name.endswith("Ids") else name.removesuffix("Id")
        type_name = TYPE_OF_IN.get(mutation, {}).get(base) or TYPE_OF.get(
            base, base[:1].upper() + base[1:])
    assert is_node(type_name), f"which type does {mutation}({'.'.join(path)}) take? See TYPE_OF"
    return type_name


def is_node(type_name: str) -> bool:
    found = SCHEMA.get_type(type_name)
    return found is not None and "Node" in [i.name for i in getattr(found, "interfaces", [])]


def cases() -> list[Case]:
    found = []
    for mutation, field in SCHEMA.mutation_type.fields.items():
        for arg_name, arg in field.args.items():
            for path in id_paths(arg.type, (arg_name,)):
                for wrong in ("malformed", "wrong-type"):
                    found.append(Case(mutation, path, expected_type(mutation, path), wrong))
    return found


@dataclass
class Target:
    """An app over a database of its own, with the demo data, and a real id of each type."""

    client: Client
    ids: dict[str, str]
    # Holds every staff role: each mutation's own permission, so ids are what is checked.
    username: str

    def real(self, type_name: str) -> str:
        return self.ids.get(type_name) or gid(type_name, 1)


@pytest.fixture(scope="module")
async def target(postgres_url: str, settings: Settings) -> AsyncIterator[Target]:
    async with fresh_database(postgres_url, "erp_ids") as url:
        engine = create_engine(to_async_url(url), pool_size=2)
        try:
            sessions = create_sessionmaker(engine)
            await load_demo(sessions)
            ids = {}
            async with sessions() as session:
                for type_name in SCHEMA.type_map:
                    model = getattr(models, type_name, None)
                    if is_node(type_name) and isinstance(model, type) and hasattr(model, "id"):
                        pk = await session.scalar(select(func.min(model.id)))
                        if pk is not None:
                            ids[type_name] = gid(type_name, pk)
            username = await builders.staff_user(
                sessions, *(r for r in Role if r is not Role.PARTNER))
        finally:
            await engine.dispose()
        app = create_app(settings.model_copy(update={"database_url": to_async_url(url)}))
        async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
            base_url="http://testserver",
            timeout=30,
        ) as http:
            yield Target(Client(http), ids, username)


def value_of(
    target: Target, mutation: str, type_: GraphQLInputType, path: tuple[str, ...],
    case: Case, name: str,
) -> Any:
    """A valid-looking value of `type_`, but with the case's bad id at the case's path."""
    if path == case.path:
        if case.wrong == "malformed":
            return MALFORMED
        return target.real("SalesOrder" if case.expected_type == "Warehouse" else "Warehouse")
    inner = _unwrap(type_)
    if is_list_type(inner):
        return [value_of(target, mutation, inner.of_type, (*path, "0"), case, name)]
    inner = _unwrap(inner)
    if isinstance(inner, GraphQLInputObjectType):
        return {
            field_name: value_of(target, mutation, field.type, (*path, field_name), case, field_name)
            for field_name, field in inner.fields.items()
            if needed(field.type, (*path, field_name), case)
        }
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values))
    assert isinstance(inner, GraphQLNamedType)
    if inner.name == "ID":
        type_name = expected_type(mutation, path)
        return target.real(type_name or "Lot")
    if name in BY_NAME:
        return BY_NAME[name]
    if inner.name == "Date":
        return today()
    if inner.name == "DateTime":
        return datetime.now(UTC).isoformat()
    return SCALARS.get(inner.name, "Test")


def needed(type_: GraphQLInputType, path: tuple[str, ...], case: Case) -> bool:
    """Required, or on the way to the case's id."""
    return is_non_null_type(type_) or case.path[: len(path)] == path


async def send(target: Target, case: Case) -> dict:
    field = SCHEMA.mutation_type.fields[case.mutation]
    variables, declared, passed = {}, [], []
    files: list[str] = []
    for arg_name, arg in field.args.items():
        if not needed(arg.type, (arg_name,), case):
            continue
        variables[arg_name] = value_of(target, case.mutation, arg.type, (arg_name,), case, arg_name)
        declared.append(f"${arg_name}: {arg.type}")
        passed.append(f"{arg_name}: ${arg_name}")
        files += [f"variables.{arg_name}.{p}" for p in upload_paths(arg.type, ())]
    query = (
        f"mutation Probe({', '.join(declared)}) {{ {case.mutation}({', '.join(passed)}) "
        "{ userErrors { field code message } } }"
    )
    headers = await target.client.headers(target.username)
    if not files:
        response = await target.client.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    else:
        response = await target.client.http.post(
            "/graphql",
            data={"operations": json.dumps({"query": query, "variables": variables}),
                  "map": json.dumps({str(i): [p] for i, p in enumerate(files)})},
            files={str(i): ("probe.pdf", render_pdf("Probe", ["x"]), "application/pdf")
                   for i in range(len(files))},
            headers={**headers, "apollo-require-preflight": "true"},
        )
    return response.json()


def upload_paths(type_: GraphQLInputType, path: tuple[str, ...]) -> Iterator[str]:
    inner = _unwrap(type_)
    if is_list_type(inner):
        return
    if isinstance(inner, GraphQLInputObjectType):
        for name, field in inner.fields.items():
            if is_non_null_type(field.type):
                yield from upload_paths(field.type, (*path, name))
    elif get_named_type(inner).name == "Upload":
        yield ".".join(path)


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.id)
async def test_a_bad_id_in_a_mutation_is_invalid_at_its_input_path(
    target: Target, case: Case
) -> None:
    body = await send(target, case)
    assert not body.get("errors"), f"a top-level error instead of userErrors: {body}"
    errors = body["data"][case.mutation]["userErrors"]
    assert {"code": "INVALID", "field": list(case.path)} in [
        {"code": e["code"], "field": e["field"]} for e in errors
    ], errors
