"""Root mutations of customers and suppliers."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.errors import Forbidden
from backend.api.ids import input_pk, optional_input_pk
from backend.domain.actor import Actor
from backend.domain.errors import NotAllowed
from backend.domain.masterdata import customers, parties
from backend.domain.masterdata.customer_details import CREDIT_LIMIT, Address, Contact
from backend.domain.purchasing import suppliers
from backend.resolvers.context import Info
from backend.resolvers.mutations import Outcome, ref, run_mutation
from backend.schema.common import payload
from backend.schema.masterdata.inputs import (
    CreateCustomerInput,
    CreateSupplierInput,
    CustomerAddressInput,
    CustomerContactInput,
    UpdateCustomerInput,
    UpdateSupplierInput,
)
from backend.schema.masterdata.payloads import CustomerPayload, SupplierPayload
from backend.schema.permissions import requires

MASTERDATA_EDIT = "masterdata.edit"


async def run(info: Info, action: Any, operation: str, **options: Any) -> Outcome:
    """A refusal of the record (a credit limit without the permission) is FORBIDDEN; the
    transaction is rolled back with it."""
    try:
        return await run_mutation(info.context, action, operation=operation, **options)
    except NotAllowed as refusal:
        raise Forbidden(str(refusal)) from None


def _contacts(items: list[CustomerContactInput] | None) -> list[Contact] | None:
    if items is None:
        return None
    return [Contact(name=c.name, role=c.role, email=c.email, phone=c.phone) for c in items]


def _addresses(items: list[CustomerAddressInput] | None) -> list[Address] | None:
    if items is None:
        return None
    return [Address(kind=a.kind, street=a.street, postal_code=a.postal_code, city=a.city,
                    country=a.country, name=a.name, region=a.region) for a in items]


def _price_list(value: strawberry.ID | None) -> int | None:
    return optional_input_pk(value, "PriceList", ("input", "priceListId"))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def create_customer(info: Info, input: CreateCustomerInput) -> CustomerPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        customer = await parties.create_customer(
            session, actor=actor, code=input.code.strip(), name=input.name.strip(),
            kind=input.kind, region=input.region.strip(), latitude=input.latitude,
            longitude=input.longitude, credit_limit=input.credit_limit,
            min_remaining_shelf_life_days=input.min_remaining_shelf_life_days or 0,
            payment_terms_days=(30 if input.payment_terms_days is None
                                else input.payment_terms_days),
            price_list_id=_price_list(input.price_list_id),
            contacts=_contacts(input.contacts) or [],
            addresses=_addresses(input.addresses) or [],
            custom_fields=input.custom_fields or [],
        )
        return {"customer": ref("Customer", customer.id)}

    return payload(CustomerPayload, await run(
        info, action, "createCustomer", idempotency_key=input.idempotency_key,
        request=dataclasses.asdict(input)))


@strawberry.mutation(
    extensions=requires(MASTERDATA_EDIT, CREDIT_LIMIT),
    description="The credit limit needs customer.credit_limit (FINANCE); every other field "
    "needs masterdata.edit.")
async def update_customer(info: Info, input: UpdateCustomerInput) -> CustomerPayload:
    changes = customers.CustomerChanges(
        name=input.name, kind=input.kind, region=input.region, latitude=input.latitude,
        longitude=input.longitude, credit_limit=input.credit_limit,
        min_remaining_shelf_life_days=input.min_remaining_shelf_life_days,
        payment_terms_days=input.payment_terms_days,
        price_list_id=None, contacts=_contacts(input.contacts),
        addresses=_addresses(input.addresses), custom_fields=input.custom_fields,
        active=input.active,
    )
    if (changes.master_data() or input.price_list_id is not None) and not (
            info.context.actor.has_permission(MASTERDATA_EDIT)):
        raise Forbidden(f"Changing a customer's master data needs the permission "
                        f"{MASTERDATA_EDIT}.")

    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        customer = await customers.update_customer(
            session, actor=actor,
            customer_id=input_pk(input.customer_id, "Customer", ("input", "customerId")),
            changes=dataclasses.replace(changes, price_list_id=_price_list(input.price_list_id)),
        )
        return {"customer": ref("Customer", customer.id)}

    return payload(CustomerPayload, await run(info, action, "updateCustomer"))


@strawberry.mutation(
    extensions=requires(MASTERDATA_EDIT),
    description="A new supplier, not approved: QA qualifies it (setSupplierQualification).")
async def create_supplier(info: Info, input: CreateSupplierInput) -> SupplierPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        supplier = await suppliers.register_supplier(
            session, actor=actor, code=input.code, name=input.name, country=input.country,
            address=input.address, custom_fields=input.custom_fields or [],
        )
        return {"supplier": ref("Supplier", supplier.id)}

    return payload(SupplierPayload, await run(
        info, action, "createSupplier", idempotency_key=input.idempotency_key,
        request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def update_supplier(info: Info, input: UpdateSupplierInput) -> SupplierPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        supplier = await parties.update_supplier(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            name=input.name, country=input.country, address=input.address,
            custom_fields=input.custom_fields,
        )
        return {"supplier": ref("Supplier", supplier.id)}

    return payload(SupplierPayload, await run(info, action, "updateSupplier"))
