"""The lots, shipments and notices of recalls."""

from functools import cached_property
from typing import Any

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from backend.domain import access
from backend.resolvers.loaders.base import LoaderBase, t


class RecallLoaders(LoaderBase):
    @cached_property
    def recall_lots_by_recall_id(self) -> DataLoader[int, list[Any]]:
        lot, rl = t["lots"], t["recall_lots"]
        stmt = (
            select(lot, rl.c.recall_id, rl.c.is_root)
            .join(rl, rl.c.lot_id == lot.c.id)
            .where(access.visible_lots(self.actor))
            .order_by(lot.c.id)
        )
        return self.many(stmt, rl.c.recall_id)

    @cached_property
    def recall_shipments_by_recall_id(self) -> DataLoader[int, list[Any]]:
        sh, rs = t["shipments"], t["recall_shipments"]
        stmt = (
            select(sh, rs.c.recall_id)
            .join(rs, rs.c.shipment_id == sh.c.id)
            .where(access.owned_by(self.actor, sh.c.customer_id))
            .order_by(sh.c.id)
        )
        return self.many(stmt, rs.c.recall_id)

    @cached_property
    def notices_by_recall_id(self) -> DataLoader[int, list[Any]]:
        n = t["recall_notices"]
        stmt = (
            select(n)
            .where(access.owned_by(self.actor, n.c.customer_id))
            .order_by(n.c.notified_at, n.c.id)
        )
        return self.many(stmt, n.c.recall_id)
