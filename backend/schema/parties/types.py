"""Users, customers and suppliers."""

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.domain.actor import Actor
from backend.resolvers import orders as order_reads
from backend.resolvers import parties as reads
from backend.resolvers.context import Info
from backend.schema.admin.permission_fields import UserPermissionFields
from backend.schema.admin.user_fields import UserAccountFields
from backend.schema.base import FromRow, Node, graph, graphs
from backend.schema.common import Connection
from backend.schema.customfields.types import CustomerCustomFields, SupplierCustomFields
from backend.schema.enums import CustomerKind, DeviceClass, Role
from backend.schema.finance.extensions import CustomerFinance
from backend.schema.masterdata.types import CustomerMasterData, SupplierMasterData
from backend.schema.permissions import staff_only
from backend.schema.purchasing.cost_fields import SupplierPayables
from backend.schema.purchasing.types import SupplierPurchasing

if TYPE_CHECKING:
    from backend.schema.orders.licences import CustomerLicence
    from backend.schema.orders.types import SalesOrder, SalesOrderFilter
    from backend.schema.quality.types import Document, Lot

SalesOrderT = Annotated["SalesOrder", strawberry.lazy("backend.schema.orders.types")]
SalesOrderFilterT = Annotated["SalesOrderFilter", strawberry.lazy("backend.schema.orders.types")]
LotT = Annotated["Lot", strawberry.lazy("backend.schema.quality.types")]
DocumentT = Annotated["Document", strawberry.lazy("backend.schema.quality.types")]
CustomerLicenceT = Annotated["CustomerLicence", strawberry.lazy("backend.schema.orders.licences")]


@strawberry.type
class User(UserAccountFields, UserPermissionFields, FromRow, Node):
    username: str
    display_name: str
    customer_id: strawberry.Private[int | None]

    @strawberry.field
    async def roles(self, info: Info) -> list[Role]:
        return [row.role for row in await info.context.loaders.roles_by_user_id.load(self.pk)]

    @strawberry.field(
        description="True for a partner distributor's user: sees only its own customer's data."
    )
    async def is_partner(self, info: Info) -> bool:
        roles = await info.context.loaders.roles_by_user_id.load(self.pk)
        return Actor.of(self.pk, [row.role for row in roles], self.customer_id).is_partner

    @strawberry.field(
        description="Set for PARTNER users: the one customer whose data they may see."
    )
    async def customer(self, info: Info) -> "Customer | None":
        if self.customer_id is None:
            return None
        return Customer.maybe(await info.context.loaders.customer_by_id.load(self.customer_id))


@strawberry.type
class Customer(CustomerMasterData, CustomerFinance, CustomerCustomFields, FromRow, Node):
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
    payment_terms_days: int = strawberry.field(description="Days from invoice date to due date.")
    gln: str | None = strawberry.field(
        description="GLN of the party (PGLN in EPCIS): 13 digits with a valid check digit."
    )

    @strawberry.field(description="Open receivables: issued invoices minus payments.")
    async def receivable_balance(self, info: Info) -> Decimal:
        balance = await info.context.loaders.receivable_by_customer_id.load(self.pk)
        return balance if balance is not None else Decimal("0.00")

    @strawberry.field
    async def orders(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: SalesOrderFilterT | None = None,
    ) -> Connection[SalesOrderT]:
        wanted = order_reads.OrderFilter() if filter is None else filter.to_query()
        page = await order_reads.sales_orders(
            info.context, first, after, wanted.for_customer(self.pk)
        )
        return Connection.of(page, lambda row: graph("SalesOrder", row))

    # change control
    @strawberry.field(description="Newest first, every status.")
    async def licences(self, info: Info) -> list[CustomerLicenceT]:
        return graphs("CustomerLicence",
                      await info.context.loaders.licences_by_customer_id.load(self.pk))

    @strawberry.field(description="The device classes this customer may be sold today "
                      "(covered, or needing no licence).")
    async def qualified_device_classes(self, info: Info) -> list[DeviceClass]:
        return await info.context.loaders.qualified_classes_by_customer_id.load(self.pk)

    @strawberry.field(
        extensions=staff_only(),
        description="Papers attached to the customer (contracts, quality agreements), newest "
        "version of each first; staff only.",
    )
    async def documents(self, info: Info) -> list[DocumentT]:
        return graphs("Document", await info.context.loaders.documents_by_node.load(
            ("Customer", self.pk)))


@strawberry.type
class Supplier(SupplierMasterData, SupplierPurchasing, SupplierPayables, SupplierCustomFields,
               FromRow, Node):
    code: str
    name: str
    country: str | None
    gln: str | None = strawberry.field(description="GLN of the party (PGLN in EPCIS).")
    created_at: strawberry.Private[datetime]

    @strawberry.field(extensions=staff_only())
    async def lots(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LotT]:
        page = await reads.supplier_lots(info.context, self.pk, first, after)
        return Connection.of(page, lambda row: graph("Lot", row))

    @strawberry.field(extensions=staff_only())
    async def documents(self, info: Info) -> list[DocumentT]:
        return graphs("Document", await info.context.loaders.documents_by_node.load(
            ("Supplier", self.pk)))
