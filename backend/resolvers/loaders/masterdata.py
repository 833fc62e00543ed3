"""A customer's contacts and addresses, a warehouse's lanes, price lists by id."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain import access
from backend.resolvers.loaders.base import LoaderBase

contacts_t = m.CustomerContact.__table__
addresses_t = m.CustomerAddress.__table__
lanes_t = m.TransitLane.__table__
price_lists_t = m.PriceList.__table__


class MasterDataLoaders(LoaderBase):
    @cached_property
    def contacts_by_customer_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(contacts_t).where(access.owned_by(self.actor, contacts_t.c.customer_id))
        return self.many(stmt.order_by(contacts_t.c.position), contacts_t.c.customer_id)

    @cached_property
    def addresses_by_customer_id(self) -> DataLoader[int, list[Any]]:
        stmt = select(addresses_t).where(access.owned_by(self.actor, addresses_t.c.customer_id))
        return self.many(stmt.order_by(addresses_t.c.position), addresses_t.c.customer_id)

    @cached_property
    def lanes_by_warehouse_id(self) -> DataLoader[int, list[Any]]:
        return self.many(select(lanes_t).order_by(lanes_t.c.region), lanes_t.c.warehouse_id)

    @cached_property
    def price_list_by_id(self) -> DataLoader[int, Any]:
        return self.one(select(price_lists_t), price_lists_t.c.id)
