"""Customer licences and the requirements saying what needs one."""

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend import enums
from backend.api.ids import input_pk, pk_of
from backend.domain.actor import Actor
from backend.domain.sales import licences
from backend.enums import CustomerLicenceStatus
from backend.resolvers import orders_change as reads
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.base import FromRow, Node, graph
from backend.schema.common import Connection, UserError, payload
from backend.schema.enums import CustomerKind, DeviceClass, Role
from backend.schema.permissions import requires, signed_in
from backend.schema.quality.types import Document
from backend.schema.requests import as_request

if TYPE_CHECKING:
    from backend.schema.parties.types import Customer

CustomerT = Annotated["Customer", strawberry.lazy("backend.schema.parties.types")]
LICENSERS = (Role.QA_MANAGER, Role.SALES_MANAGER)

strawberry.enum(enums.CustomerLicenceStatus)


@strawberry.type(description="A licence or registration that allows a customer to be sold "
                 "devices of the classes it covers.")
class CustomerLicence(FromRow, Node):
    number: str
    issuer: str
    device_classes: list[DeviceClass]
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    revoked_reason: str | None
    customer_id: strawberry.Private[int]
    document_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Any) -> "CustomerLicence":
        licence = super().from_row(row)
        licence.device_classes = [DeviceClass(c) for c in licence.device_classes]
        return licence

    @strawberry.field
    def status(self) -> CustomerLicenceStatus:
        return licences.status_of(self)

    @strawberry.field(description="Days from today to validUntil; negative once expired.")
    def days_to_expiry(self) -> int:
        return (self.valid_until - datetime.now(UTC).date()).days

    @strawberry.field
    async def customer(self, info: Info) -> CustomerT:
        return graph("Customer", await info.context.loaders.customer_by_id.load(self.customer_id))

    @strawberry.field(description="A scan of the licence, attached with attachDocument.")
    async def document(self, info: Info) -> Document | None:
        if self.document_id is None:
            return None
        return Document.maybe(await info.context.loaders.document_by_id.load(self.document_id))


@strawberry.type(description="Which device classes need a covering licence, for which "
                 "customers. Null region or kind: every one.")
class LicenceRequirement(FromRow, Node):
    region: str | None
    customer_kind: CustomerKind | None
    device_classes: list[DeviceClass]
    active: bool

    @classmethod
    def from_row(cls, row: Any) -> "LicenceRequirement":
        requirement = super().from_row(row)
        requirement.device_classes = [DeviceClass(c) for c in requirement.device_classes]
        return requirement


@strawberry.input
class AddCustomerLicenceInput:
    customer_id: strawberry.ID
    number: str
    issuer: str
    device_classes: list[DeviceClass]
    valid_from: date
    valid_until: date
    document_id: strawberry.ID | None = None
    idempotency_key: str | None = None


@strawberry.input
class RevokeCustomerLicenceInput:
    licence_id: strawberry.ID
    reason: str


@strawberry.input
class SetLicenceRequirementInput:
    requirement_id: strawberry.ID | None = strawberry.field(
        default=None, description="Omit to add a requirement.")
    region: str | None = None
    customer_kind: CustomerKind | None = None
    device_classes: list[DeviceClass] = strawberry.field(default_factory=list)
    active: bool | None = True


@strawberry.type
class CustomerLicencePayload:
    licence: CustomerLicence | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LicenceRequirementPayload:
    requirement: LicenceRequirement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.field(
    description="Staff: every customer's; a partner: its own. expiringWithinDays keeps VALID "
    "licences whose validUntil is at most that many days away.",
    extensions=signed_in(),
)
async def customer_licences(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    customer_id: strawberry.ID | None = None,
    status: list[CustomerLicenceStatus] | None = None,
    expiring_within_days: int | None = None,
) -> Connection[CustomerLicence]:
    customer = None if customer_id is None else pk_of(customer_id, "Customer",
                                                      argument="customerId")
    page = await reads.customer_licences(info.context, first, after, customer,
                                         tuple(status or ()), expiring_within_days)
    return Connection.of(page, CustomerLicence.from_row)


@strawberry.field(extensions=signed_in())
async def licence_requirements(info: Info) -> list[LicenceRequirement]:
    return LicenceRequirement.many(await reads.licence_requirements(info.context))


@strawberry.mutation(extensions=requires("customer.licence"))
async def add_customer_licence(
    info: Info, input: AddCustomerLicenceInput
) -> CustomerLicencePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        licence = await licences.add_customer_licence(
            s, actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            number=input.number, issuer=input.issuer, device_classes=input.device_classes,
            valid_from=input.valid_from, valid_until=input.valid_until,
            document_id=None if input.document_id is None
            else input_pk(input.document_id, "Document", ("input", "documentId")))
        return {"licence": ref("CustomerLicence", licence.id)}

    return payload(CustomerLicencePayload, await run_mutation(
        info.context, action, operation="addCustomerLicence",
        idempotency_key=input.idempotency_key,
        request={k: str(v) for k, v in as_request(input).items()}))


@strawberry.mutation(extensions=requires("customer.licence"))
async def revoke_customer_licence(
    info: Info, input: RevokeCustomerLicenceInput
) -> CustomerLicencePayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        licence = await licences.revoke_customer_licence(
            s, actor=actor,
            licence_id=input_pk(input.licence_id, "CustomerLicence", ("input", "licenceId")),
            reason=input.reason)
        return {"licence": ref("CustomerLicence", licence.id)}

    return payload(CustomerLicencePayload, await run_mutation(
        info.context, action, operation="revokeCustomerLicence"))


@strawberry.mutation(extensions=requires("config.edit"))
async def set_licence_requirement(
    info: Info, input: SetLicenceRequirementInput
) -> LicenceRequirementPayload:
    async def action(s: AsyncSession, actor: Actor) -> dict[str, Any]:
        requirement = await licences.set_licence_requirement(
            s, actor=actor,
            requirement_id=None if input.requirement_id is None
            else input_pk(input.requirement_id, "LicenceRequirement", ("input", "requirementId")),
            region=input.region, customer_kind=input.customer_kind,
            device_classes=input.device_classes,
            active=True if input.active is None else input.active)
        return {"requirement": ref("LicenceRequirement", requirement.id)}

    return payload(LicenceRequirementPayload, await run_mutation(
        info.context, action, operation="setLicenceRequirement"))
