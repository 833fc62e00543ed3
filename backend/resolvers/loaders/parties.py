"""Users, customers and suppliers."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.domain import access
from backend.domain.sales import credit
from backend.resolvers.loaders.base import LoaderBase, t


class PartyLoaders(LoaderBase):
    @cached_property
    def user_by_id(self) -> DataLoader[int, Any]:
        u = t["users"]
        return self.one(select(u).where(access.visible_users(self.actor, u.c.customer_id)), u.c.id)

    @cached_property
    def roles_by_user_id(self) -> DataLoader[int, list[Any]]:
        r = t["user_roles"]
        return self.many(select(r).order_by(r.c.role), r.c.user_id)

    @cached_property
    def customer_by_id(self) -> DataLoader[int, Any]:
        c = t["customers"]
        return self.one(select(c).where(access.owned_by(self.actor, c.c.id)), c.c.id)

    @cached_property
    def receivable_by_customer_id(self) -> DataLoader[int, Any]:
        """The customer's share of Accounts Receivable, as the credit rules count it."""
        stmt = credit.receivables_by_customer()
        return self.one_value(stmt, stmt.selected_columns.customer_id, "balance")

    @cached_property
    def supplier_by_id(self) -> DataLoader[int, Any]:
        s = t["suppliers"]
        return self.one(select(s), s.c.id)
