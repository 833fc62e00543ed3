"""The committed schema.graphql is current, and a superset of the public contract."""

from pathlib import Path

from graphql import build_schema
from graphql.utilities import find_breaking_changes

from backend.schema.root import schema

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema.graphql"
# The product's public contract lives beside the repository.
CONTRACT = ROOT.parent / "shared" / "contract" / "schema.graphql"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text() == str(schema) + "\n", (
        "schema.graphql is stale: run `make schema` and commit it"
    )


def test_schema_keeps_every_name_of_the_public_contract() -> None:
    assert CONTRACT.exists(), f"the public contract is missing at {CONTRACT}"
    changes = find_breaking_changes(
        build_schema(CONTRACT.read_text()), build_schema(COMMITTED.read_text())
    )
    assert [c.description for c in changes] == []
