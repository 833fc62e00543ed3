"""Root mutations of the approved supplier list."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.purchasing import overrides, suppliers
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.permissions import requires
from backend.schema.purchasing.inputs import (
    GrantSupplierOverrideInput,
    RegisterSupplierInput,
    SetSupplierQualificationInput,
)
from backend.schema.purchasing.payloads import (
    RegisterSupplierPayload,
    SupplierOverridePayload,
    SupplierQualificationPayload,
)


def _request(input: Any) -> dict[str, Any]:
    request = dataclasses.asdict(input)
    request.pop("signature", None)  # the password never reaches the idempotency store
    return request


@strawberry.mutation(extensions=requires("supplier.register"))
async def register_supplier(info: Info, input: RegisterSupplierInput) -> RegisterSupplierPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        supplier = await suppliers.register_supplier(
            session, actor=actor, code=input.code, name=input.name, country=input.country,
            payment_terms_days=input.payment_terms_days,
        )
        return {"supplier": ref("Supplier", supplier.id)}

    return payload(RegisterSupplierPayload, await run_mutation(
        info.context, action, operation="registerSupplier",
        idempotency_key=input.idempotency_key, request=_request(input),
    ))


@strawberry.mutation(extensions=requires("supplier.qualify"))
async def set_supplier_qualification(
    info: Info, input: SetSupplierQualificationInput
) -> SupplierQualificationPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        supplier = await suppliers.set_qualification(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            status=input.status, valid_until=input.valid_until, note=input.note,
            product_ids=[input_pk(p, "Product", ("input", "productIds", str(i)))
                         for i, p in enumerate(input.product_ids)],
            password=input.signature.password, meaning=input.signature.meaning,
        )
        return {"supplier": ref("Supplier", supplier.id)}

    return payload(SupplierQualificationPayload, await run_mutation(
        info.context, action, operation="setSupplierQualification",
    ))


@strawberry.mutation(extensions=requires("supplier.qualify"))
async def grant_supplier_override(
    info: Info, input: GrantSupplierOverrideInput
) -> SupplierOverridePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        override = await overrides.grant_override(
            session, actor=actor,
            supplier_id=input_pk(input.supplier_id, "Supplier", ("input", "supplierId")),
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            max_quantity=input.max_quantity, valid_until=input.valid_until, reason=input.reason,
            password=input.signature.password, meaning=input.signature.meaning,
        )
        return {"supplier_override": ref("SupplierOverride", override.id)}

    return payload(SupplierOverridePayload, await run_mutation(
        info.context, action, operation="grantSupplierOverride",
        idempotency_key=input.idempotency_key, request=_request(input),
    ))
