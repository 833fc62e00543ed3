"""Custom field values of records: one statement per entity and batch."""

from collections import defaultdict
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader

from backend.domain.customfields.applicable import values_statement
from backend.enums import CustomFieldEntity
from backend.resolvers.loaders.base import LoaderBase, SharedLoader


class CustomFieldLoaders(LoaderBase):
    @cached_property
    def custom_fields_by_record(self) -> DataLoader[tuple[CustomFieldEntity, int], list[Any]]:
        """Per (entity, record id): the applicable active fields in definition order, with
        their values (null when unset); a partner gets the partner-visible ones only."""

        async def load(keys: list[tuple[CustomFieldEntity, int]]) -> list[list[Any]]:
            by_entity: dict[CustomFieldEntity, list[int]] = defaultdict(list)
            for entity, record_id in keys:
                by_entity[entity].append(record_id)
            grouped: dict[tuple[CustomFieldEntity, int], list[Any]] = defaultdict(list)
            for entity, ids in by_entity.items():
                stmt = values_statement(entity, sorted(set(ids)), partner=self.actor.is_partner)
                for row in await self.rows(stmt):
                    grouped[(entity, row.record_id)].append(row)
            return [grouped.get(key, []) for key in keys]

        return SharedLoader(load_fn=load)
