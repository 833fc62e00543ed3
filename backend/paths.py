"""Locations inside a source checkout."""

from pathlib import Path

# The directory holding the `backend` package, alembic/ and frontend/.
REPO_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = REPO_ROOT / "alembic.ini"
ALEMBIC_DIR = REPO_ROOT / "alembic"
FRONTEND_DIST = REPO_ROOT / "frontend" / "dist"
SCHEMA_FILE = REPO_ROOT / "schema.graphql"
