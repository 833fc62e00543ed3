"""GraphQL over HTTP: graphql-http's server audits, run by Node against the real server."""

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.client import login
from tests.support.server import LiveServer


def _audit(folder: Path, url: str, token: str | None) -> list[dict]:
    command = ["node", str(folder / "graphql_http_audit.mjs"), url, *([token] if token else [])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "with-token"])
async def test_every_must_and_should_audit_passes(
    node_validators: Path, live_server: LiveServer, api: httpx.AsyncClient, signed_in: bool
) -> None:
    token = await login(api, "sales") if signed_in else None
    results = _audit(node_validators, f"{live_server.base_url}/graphql", token)
    assert len(results) > 50  # the audits ran
    failed = [f"{r['name']}: {r['reason']}" for r in results
              if r["status"] != "ok" and r["name"].split()[0] in ("MUST", "SHOULD")]
    assert not failed, "\n".join(failed)
