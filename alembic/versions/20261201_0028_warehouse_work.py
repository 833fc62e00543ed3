"""warehouse work: QA roles record external builds (stock.produce).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-01

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy: the catalogue module may change after this revision.
PERMISSION = "stock.produce"
ROLES = ("QA_MANAGER", "QA_INSPECTOR")


def upgrade() -> None:
    # Idempotent: a site that granted it by hand already keeps its row.
    for role in ROLES:
        op.execute(sa.text(
            "INSERT INTO role_permissions (role, permission_code) "
            "SELECT :role, :code WHERE EXISTS (SELECT 1 FROM permissions WHERE code = :code) "
            "ON CONFLICT DO NOTHING"
        ).bindparams(role=role, code=PERMISSION))


def downgrade() -> None:
    for role in ROLES:
        op.execute(sa.text(
            "DELETE FROM role_permissions WHERE role = :role AND permission_code = :code"
        ).bindparams(role=role, code=PERMISSION))
