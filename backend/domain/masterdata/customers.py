"""Changing a customer: master data (masterdata.edit) and its credit limit (finance)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Customer
from backend.domain.actor import Actor
from backend.domain.customfields.values import ValueInput, apply_values
from backend.domain.errors import DomainError, ErrorCode
from backend.domain.masterdata import checks, customer_details, events
from backend.domain.masterdata.customer_details import Address, Contact
from backend.domain.masterdata.parties import price_list_problem, snapshot, terms_problems
from backend.domain.trust import audit
from backend.enums import AuditAction, CustomerKind, CustomFieldEntity


@dataclass(frozen=True)
class CustomerChanges:
    """What an update gives; None leaves a field as it is, a list replaces the list."""

    name: str | None = None
    kind: CustomerKind | None = None
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    credit_limit: Decimal | None = None
    min_remaining_shelf_life_days: int | None = None
    payment_terms_days: int | None = None
    price_list_id: int | None = None
    contacts: Sequence[Contact] | None = None
    addresses: Sequence[Address] | None = None
    custom_fields: Sequence[ValueInput] | None = None
    active: bool | None = None

    def master_data(self) -> bool:
        """Anything besides the credit limit: the part masterdata.edit guards."""
        return any(getattr(self, name) is not None for name in self.__dataclass_fields__
                   if name != "credit_limit")


async def update_customer(
    session: AsyncSession,
    *,
    actor: Actor,
    customer_id: int,
    changes: CustomerChanges,
    reason: str | None = None,
) -> Customer:
    """Apply the changes at once or not at all; the trail keeps before and after."""
    customer = await session.get(Customer, customer_id, with_for_update=True)
    if customer is None:
        raise DomainError.single(ErrorCode.NOT_FOUND, "No such customer.", ("input", "customerId"))
    c = changes
    if c.credit_limit is not None and c.credit_limit != customer.credit_limit:
        customer_details.ensure_may_set_credit_limit(actor)
    latitude = customer.latitude if c.latitude is None else c.latitude
    longitude = customer.longitude if c.longitude is None else c.longitude
    checks.refuse([
        *([] if c.name is None else checks.name_problems(c.name)),
        *terms_problems(credit_limit=c.credit_limit,
                        shelf_life_days=c.min_remaining_shelf_life_days,
                        payment_terms_days=c.payment_terms_days),
        *(checks.coordinate_problems(latitude, longitude)
          if c.latitude is not None or c.longitude is not None else []),
        None if c.region is None else await checks.region_problem(session, c.region,
                                                                  ("input", "region")),
        await price_list_problem(session, c.price_list_id),
        *customer_details.contact_problems(c.contacts or ()),
        *await customer_details.address_problems(session, c.addresses or ()),
    ])
    before: dict[str, Any] = snapshot(customer)
    lists_before = await customer_details.current(session, customer.id)
    for name in ("name", "kind", "region", "credit_limit", "min_remaining_shelf_life_days",
                 "payment_terms_days", "price_list_id", "active"):
        value = getattr(c, name)
        if value is not None:
            setattr(customer, name, value.strip() if isinstance(value, str) else value)
    customer.latitude, customer.longitude = latitude, longitude
    await session.flush()
    diff = audit.diff(before, snapshot(customer))
    if c.contacts is not None:
        after = await customer_details.replace_contacts(session, customer.id, c.contacts)
        diff.update(audit.diff({"contacts": lists_before["contacts"]}, {"contacts": after}))
    if c.addresses is not None:
        after = await customer_details.replace_addresses(session, customer.id, c.addresses)
        diff.update(audit.diff({"addresses": lists_before["addresses"]}, {"addresses": after}))
    if c.custom_fields is not None:  # audited by the custom fields themselves
        await apply_values(session, actor, CustomFieldEntity.CUSTOMER, customer.id,
                           c.custom_fields, ("input", "customFields"), creating=False)
    if diff:
        action = (AuditAction.CUSTOMER_CREDIT_LIMIT_SET if set(diff) == {"credit_limit"}
                  else AuditAction.CUSTOMER_UPDATED)
        await audit.record(session, actor_id=actor.user_id, action=action,
                           entity_type="Customer", entity_id=customer.id, reason=reason,
                           changes=diff)
        await events.changed(session, "Customer", customer.id, diff, customer_id=customer.id)
    return customer
