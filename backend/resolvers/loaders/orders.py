"""Sales orders, their lines, allocations and approvals, and quote lines."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.domain import access
from backend.domain.sales import licences, order_actions
from backend.enums import OrderAction
from backend.resolvers.loaders.base import LoaderBase, SharedLoader, t


class OrderLoaders(LoaderBase):
    @cached_property
    def order_by_id(self) -> DataLoader[int, Any]:
        so = t["sales_orders"]
        return self.one(select(so).where(access.owned_by(self.actor, so.c.customer_id)), so.c.id)

    @cached_property
    def lines_by_order_id(self) -> DataLoader[int, list[Any]]:
        line = t["sales_order_lines"]
        return self.many(select(line).order_by(line.c.line_number), line.c.order_id)

    @cached_property
    def allocations_by_line_id(self) -> DataLoader[int, list[Any]]:
        a = t["allocations"]
        return self.many(select(a).order_by(a.c.id), a.c.order_line_id)

    @cached_property
    def approvals_by_order_id(self) -> DataLoader[int, list[Any]]:
        a = t["approvals"]
        return self.many(select(a).order_by(a.c.requested_at, a.c.id), a.c.order_id)

    @cached_property
    def actions_by_order_id(self) -> DataLoader[int, list[OrderAction]]:
        """What the actor may do with each order now (two statements per batch)."""

        async def load(keys: list[int]) -> list[list[OrderAction]]:
            async with self.engine.connect() as conn:
                found = await order_actions.available_actions_by_order(conn, self.actor, keys)
            return [found.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)

    # change control
    @cached_property
    def versions_by_order_id(self) -> DataLoader[int, list[Any]]:
        v = t["sales_order_versions"]
        return self.many(select(v).order_by(v.c.version), v.c.order_id)

    @cached_property
    def licences_by_customer_id(self) -> DataLoader[int, list[Any]]:
        lic = t["customer_licences"]
        return self.many(
            select(lic).where(access.owned_by(self.actor, lic.c.customer_id))
            .order_by(lic.c.created_at.desc(), lic.c.id.desc()),
            lic.c.customer_id,
        )

    @cached_property
    def qualified_classes_by_customer_id(self) -> DataLoader[int, list[Any]]:
        """The device classes each customer may be sold today (three statements a batch)."""

        async def load(keys: list[int]) -> list[list[Any]]:
            async with self.engine.connect() as conn:
                found = await licences.qualified_classes_by_customer(conn, keys)
            return [found.get(k, []) for k in keys]

        return SharedLoader(load_fn=load)

    @cached_property
    def quote_lines_by_quote_id(self) -> DataLoader[int, list[Any]]:
        line = t["quote_lines"]
        return self.many(select(line).order_by(line.c.line_number), line.c.quote_id)
