"""The root fields that compile: the rows each selects, from the resolver's own statement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

from backend.api.pagination import SortKey
from backend.domain.actor import Actor
from backend.resolvers import orders as order_reads

# (actor, the field's arguments as the resolver receives them) -> the statement of its rows
Rows = Callable[[Actor, dict[str, Any]], Select[Any]]


@dataclass(frozen=True)
class RootSpec:
    rows: Rows
    # A Relay connection paged by `first`/`after` in this order, or one object.
    sort: SortKey | None = None
    # Arguments only the resolvers follow (another ordering): a document naming one is
    # answered by them.
    resolver_only: frozenset[str] = frozenset()

    @property
    def connection(self) -> bool:
        return self.sort is not None


def _orders(actor: Actor, args: dict[str, Any]) -> Select[Any]:
    wanted = args.get("filter")
    return order_reads.order_list(
        actor, order_reads.OrderFilter() if wanted is None else wanted.to_query()
    )


ROOTS: dict[str, RootSpec] = {
    "salesOrder": RootSpec(lambda actor, args: order_reads.order_numbered(actor, args["number"])),
    "salesOrders": RootSpec(_orders, order_reads.ORDER_SORT, frozenset({"orderBy"})),
}
