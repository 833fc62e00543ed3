"""Invoices and journal lines."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.resolvers.loaders.base import LoaderBase, t


class FinanceLoaders(LoaderBase):
    @cached_property
    def invoices_by_order_id(self) -> DataLoader[int, list[Any]]:
        i = t["invoices"]
        return self.many(select(i).order_by(i.c.issued_on, i.c.id), i.c.order_id)

    @cached_property
    def journal_lines_by_entry_id(self) -> DataLoader[int, list[Any]]:
        jl = t["journal_lines"]
        return self.many(select(jl).order_by(jl.c.id), jl.c.entry_id)
