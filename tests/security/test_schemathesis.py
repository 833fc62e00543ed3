"""Schemathesis in GraphQL mode against the live server: generated operations, no server errors.

Every query and mutation field gets generated documents (valid and invalid
arguments, as admin so that every resolver runs). The only check is the one
that matters here: no 5xx and no masked INTERNAL_SERVER_ERROR (schemathesis_hooks.py).
Generated mutations may write, so the run has a database and server of its own.
`make test` sends a few documents to each operation, once; the drill (`make drills`)
keeps generating for a time budget.
"""

import asyncio
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.db.embedded import to_async_url
from backend.settings import Settings
from tests.support.client import login
from tests.support.database import fresh_database
from tests.support.server import serve

ROOT = Path(__file__).resolve().parents[2]
# Every operation gets its examples and generated documents, once (no time budget: with one,
# fuzzing repeats until the budget is spent).
EXAMPLES_PER_OPERATION = 1
DRILL_EXAMPLES_PER_OPERATION = 25
DRILL_SECONDS = 300


@pytest.fixture
async def fuzz_database(postgres_url: str) -> AsyncIterator[str]:
    async with fresh_database(postgres_url, "erp_fuzz", demo=True) as url:
        yield to_async_url(url)


@pytest.fixture
def fuzz_server(fuzz_database: str, settings: Settings) -> Iterator[str]:
    # Invalid documents cost budget; a fuzzer sends thousands, so its budget is unbounded.
    app = create_app(settings.model_copy(update={
        "database_url": fuzz_database, "cost_budget": 10**12, "cost_restore_rate": 10**12,
    }))
    with serve(app, log_level="critical") as base_url:
        yield base_url


async def _schemathesis(base_url: str, report_dir: Path, *extra: str) -> str:
    """The run's output, once it has passed."""
    async with httpx.AsyncClient(base_url=base_url) as client:
        token = await login(client, "admin")
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is installed with the test dependencies"
    result = await asyncio.to_thread(
        subprocess.run,
        [
            executable, "run", f"{base_url}/graphql",
            "--header", f"Authorization: Bearer {token}",
            "--checks", "no_server_failure",
            "--phases", "examples,fuzzing",
            "--seed", "7",
            "--workers", "2",
            "--no-shrink",
            "--report", "junit",
            "--report-dir", str(report_dir),
            *extra,
        ],
        capture_output=True, text=True, timeout=DRILL_SECONDS + 120, cwd=report_dir,
        env={
            "PATH": str(Path(sys.executable).parent), "NO_COLOR": "1", "COLUMNS": "200",
            "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.security.schemathesis_hooks",
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    cases = re.search(r"(\d+) generated", output)
    assert cases and int(cases.group(1)) > 0, output[-3000:]
    print(f"schemathesis: {cases.group(0)} test cases")
    return output


async def test_generated_operations_never_fail_on_the_server(
    fuzz_server: str, tmp_path: Path
) -> None:
    output = await _schemathesis(
        fuzz_server, tmp_path, "--max-examples", str(EXAMPLES_PER_OPERATION))
    # Every query and mutation field was an operation of the run.
    operations = re.search(r"(\d+) selected", output)
    assert operations and int(operations.group(1)) > 100, output[-3000:]


@pytest.mark.drill
async def test_long_generated_runs_never_fail_on_the_server(
    fuzz_server: str, tmp_path: Path
) -> None:
    await _schemathesis(fuzz_server, tmp_path, "--max-examples",
                        str(DRILL_EXAMPLES_PER_OPERATION), "--max-time", str(DRILL_SECONDS))
