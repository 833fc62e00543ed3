"""Root fields of the audit trail and the key figures."""

from datetime import date
from typing import Annotated

import strawberry

from backend.api.ids import from_global_id
from backend.resolvers import audit as reads
from backend.resolvers.context import Info
from backend.schema.audit.types import AuditEvent, Kpis
from backend.schema.common import Connection
from backend.schema.permissions import staff_only


@strawberry.field(extensions=staff_only())
async def kpis(
    info: Info, from_: Annotated[date, strawberry.argument(name="from")], to: date
) -> Kpis:
    return Kpis.of(await reads.kpis(info.context, from_, to))


@strawberry.field(extensions=staff_only())
async def audit_trail(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    entity_id: strawberry.ID | None = None,
) -> Connection[AuditEvent]:
    entity = None if entity_id is None else from_global_id(entity_id)
    page = await reads.audit_trail(info.context, first, after, entity)
    return Connection.of(page, AuditEvent.from_row)
