"""Users, customers and suppliers."""

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select

from backend.db import models as m
from backend.resolvers import scoping
from backend.schema.enums import CustomerKind, Role
from backend.schema.node import FromRow, Node
from backend.schema.pagination import Connection, SortKey, paginate

if TYPE_CHECKING:
    from backend.schema.types.orders import SalesOrder, SalesOrderFilter
    from backend.schema.types.quality import Document, Lot

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.types.orders")]
SalesOrderFilterT = Annotated["SalesOrderFilter", strawberry.lazy("backend.schema.types.orders")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.types.quality")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.types.quality")]


@strawberry.type
class User(FromRow, Node):
    username: str
    display_name: str
    customer_id: strawberry.Private[int | None]

    @strawberry.field
    async def roles(self, info: strawberry.Info) -> list[Role]:
        return await info.context.loaders.roles_by_user_id.load(self.pk)

    @strawberry.field(
        description="Set for PARTNER users: the one customer whose data they may see."
    )
    async def customer(self, info: strawberry.Info) -> "Customer | None":
        if self.customer_id is None:
            return None
        return await info.context.loaders.customer_by_id.load(self.customer_id)


@strawberry.type
class Customer(FromRow, Node):
    code: str
    name: str
    kind: CustomerKind
    region: str | None
    latitude: float | None
    longitude: float | None
    credit_limit: Decimal
    min_remaining_shelf_life_days: int = strawberry.field(
        description=(
            "Lots shipped to this customer must have at least this many days left before expiry."
        )
    )

    @strawberry.field(description="Open receivables: issued invoices minus payments.")
    async def receivable_balance(self, info: strawberry.Info) -> Decimal:
        balance = await info.context.loaders.receivable_by_customer_id.load(self.pk)
        return balance if balance is not None else Decimal("0.00")

    @strawberry.field
    async def orders(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        filter: SalesOrderFilterT | None = None,
    ) -> Connection[SalesOrderT]:
        from backend.resolvers.orders import sales_orders_connection

        return await sales_orders_connection(
            info, first=first, after=after, filter=filter, customer_id=self.pk
        )


@strawberry.type
class Supplier(FromRow, Node):
    code: str
    name: str
    country: str | None
    approved: bool
    created_at: strawberry.Private[datetime]

    @strawberry.field
    async def lots(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[LotT]:
        from backend.schema.types.quality import Lot

        info.context.require_staff()
        lots = m.Lot.__table__
        stmt = select(lots).where(lots.c.supplier_id == self.pk, scoping.lot_visible(None))
        return await paginate(
            info.context.engine,
            stmt,
            sort=SortKey((lots.c.id,), descending=True),
            first=first,
            after=after,
            node=Lot.from_row,
        )

    @strawberry.field
    async def documents(self, info: strawberry.Info) -> list[DocumentT]:
        info.context.require_staff()
        return await info.context.loaders.documents_by_node.load(("Supplier", self.pk))
