"""Shipping cartons and the signatures of generated documents."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.db import models as m
from backend.domain import access
from backend.resolvers.loaders.base import LoaderBase, t

cartons_t = m.ShippingCarton.__table__
signatures_t = m.DocumentSignature.__table__


class StandardsLoaders(LoaderBase):
    @cached_property
    def cartons_by_shipment_id(self) -> DataLoader[int, list[Any]]:
        c = cartons_t
        return self.many(select(c).order_by(c.c.sequence), c.c.shipment_id)

    @cached_property
    def carton_by_sscc(self) -> DataLoader[str, Any]:
        c, sh = cartons_t, t["shipments"]
        stmt = (select(c).join(sh, sh.c.id == c.c.shipment_id)
                .where(access.owned_by(self.actor, sh.c.customer_id)))
        return self.one(stmt, c.c.sscc)

    @cached_property
    def signature_by_document_id(self) -> DataLoader[int, Any]:
        s = signatures_t
        return self.one(select(s), s.c.document_id)
