"""Root reads: the definitions, and the records whose custom fields match filters."""

import asyncio

import strawberry

from backend.resolvers import customfields as reads
from backend.resolvers.context import Info
from backend.schema.base import graph
from backend.schema.common import PageInfo
from backend.schema.customfields.inputs import CustomFieldFilterInput
from backend.schema.customfields.types import (
    CustomFieldDefinition,
    CustomFieldEntity,
    CustomFieldMatchConnection,
    CustomFieldMatchEdge,
)
from backend.schema.permissions import signed_in


@strawberry.field(extensions=signed_in(), description=(
    "Every definition, in definition order; partners get the active partner-visible ones."))
async def custom_field_definitions(
    info: Info, entity: CustomFieldEntity | None = None, include_inactive: bool | None = False,
) -> list[CustomFieldDefinition]:
    rows = await reads.definitions(info.context, entity, bool(include_inactive))
    return CustomFieldDefinition.many(rows)


@strawberry.field(extensions=signed_in(),
                  description="Nodes of the entity whose custom fields match every filter.")
async def custom_field_matches(
    info: Info, entity: CustomFieldEntity, filter: list[CustomFieldFilterInput],
    first: int | None = None, after: str | None = None,
) -> CustomFieldMatchConnection:
    page = await reads.matches(info.context, entity, [(f.key, f.value) for f in filter],
                               first, after)
    type_name = reads.RECORD_TABLES[entity][1]
    # Gathered, so that the rows load in one batch.
    found = await asyncio.gather(*(reads.match_row(info.context, entity, row.id)
                                   for row in page.rows))
    edges = [CustomFieldMatchEdge(cursor=cursor, node=graph(type_name, row))
             for cursor, row in zip(page.cursors, found, strict=True) if row is not None]
    return CustomFieldMatchConnection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page,
                           has_previous_page=page.has_previous_page,
                           start_cursor=edges[0].cursor if edges else None,
                           end_cursor=edges[-1].cursor if edges else None),
        count=page.count)
