"""Root mutations of products, warehouses and price lists."""

import dataclasses
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.api.ids import input_pk
from backend.domain.actor import Actor
from backend.domain.masterdata import catalog, price_lists, warehouses
from backend.resolvers.context import Info
from backend.resolvers.mutations import ref, run_mutation
from backend.schema.common import payload
from backend.schema.masterdata.inputs import (
    CreatePriceListInput,
    CreateProductInput,
    CreateWarehouseInput,
    SetPriceListPricesInput,
    TransitLaneInput,
    UpdatePriceListInput,
    UpdateProductInput,
    UpdateWarehouseInput,
)
from backend.schema.masterdata.party_mutations import MASTERDATA_EDIT
from backend.schema.masterdata.payloads import PriceListPayload, ProductPayload, WarehousePayload
from backend.schema.permissions import requires


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def create_product(info: Info, input: CreateProductInput) -> ProductPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        product = await catalog.create_product(
            session, actor=actor, sku=input.sku.strip(), gtin=input.gtin,
            name=input.name.strip(), device_class=input.device_class,
            tracking_mode=input.tracking_mode, unit_price=input.unit_price,
            tax_rate=input.tax_rate, shelf_life_days=input.shelf_life_days,
            sellable=True if input.sellable is None else input.sellable,
            product_line=input.product_line, custom_fields=input.custom_fields or [],
        )
        return {"product": ref("Product", product.id)}

    return payload(ProductPayload, await run_mutation(
        info.context, action, operation="createProduct", idempotency_key=input.idempotency_key,
        request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def update_product(info: Info, input: UpdateProductInput) -> ProductPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        product = await catalog.update_product(
            session, actor=actor,
            product_id=input_pk(input.product_id, "Product", ("input", "productId")),
            changes=catalog.ProductChanges(
                name=input.name, device_class=input.device_class,
                tracking_mode=input.tracking_mode, shelf_life_days=input.shelf_life_days,
                unit_price=input.unit_price, tax_rate=input.tax_rate,
                product_line=input.product_line, sellable=input.sellable, active=input.active,
                custom_fields=input.custom_fields,
            ),
        )
        return {"product": ref("Product", product.id)}

    return payload(ProductPayload, await run_mutation(
        info.context, action, operation="updateProduct"))


def _lanes(items: list[TransitLaneInput]) -> list[warehouses.Lane]:
    return [warehouses.Lane(region=lane.region, transit_days=lane.transit_days,
                            carrier=lane.carrier) for lane in items]


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def create_warehouse(info: Info, input: CreateWarehouseInput) -> WarehousePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        warehouse = await warehouses.create_warehouse(
            session, actor=actor, code=input.code, name=input.name, region=input.region,
            latitude=input.latitude, longitude=input.longitude, gln=input.gln or None,
            address=input.address, lanes=_lanes(input.transit_lanes),
        )
        return {"warehouse": ref("Warehouse", warehouse.id)}

    return payload(WarehousePayload, await run_mutation(
        info.context, action, operation="createWarehouse",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def update_warehouse(info: Info, input: UpdateWarehouseInput) -> WarehousePayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        warehouse = await warehouses.update_warehouse(
            session, actor=actor,
            warehouse_id=input_pk(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            name=input.name, gln=input.gln, address=input.address,
            lanes=None if input.transit_lanes is None else _lanes(input.transit_lanes),
            active=input.active,
        )
        return {"warehouse": ref("Warehouse", warehouse.id)}

    return payload(WarehousePayload, await run_mutation(
        info.context, action, operation="updateWarehouse"))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def create_price_list(info: Info, input: CreatePriceListInput) -> PriceListPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        price_list = await price_lists.create_price_list(
            session, actor=actor, code=input.code, name=input.name, currency=input.currency,
            valid_from=input.valid_from, valid_to=input.valid_to,
        )
        return {"price_list": ref("PriceList", price_list.id)}

    return payload(PriceListPayload, await run_mutation(
        info.context, action, operation="createPriceList",
        idempotency_key=input.idempotency_key, request=dataclasses.asdict(input)))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT))
async def update_price_list(info: Info, input: UpdatePriceListInput) -> PriceListPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        price_list = await price_lists.update_price_list(
            session, actor=actor,
            price_list_id=input_pk(input.price_list_id, "PriceList", ("input", "priceListId")),
            name=input.name, valid_from=input.valid_from, valid_to=input.valid_to,
        )
        return {"price_list": ref("PriceList", price_list.id)}

    return payload(PriceListPayload, await run_mutation(
        info.context, action, operation="updatePriceList"))


@strawberry.mutation(extensions=requires(MASTERDATA_EDIT),
                     description="Sets or (null) removes each product's price; all or nothing.")
async def set_price_list_prices(info: Info, input: SetPriceListPricesInput) -> PriceListPayload:
    async def action(session: AsyncSession, actor: Actor) -> dict[str, Any]:
        price_list = await price_lists.set_prices(
            session, actor=actor,
            price_list_id=input_pk(input.price_list_id, "PriceList", ("input", "priceListId")),
            prices=[price_lists.Price(
                product_id=input_pk(p.product_id, "Product",
                                    ("input", "prices", str(i), "productId")),
                unit_price=p.unit_price) for i, p in enumerate(input.prices)],
        )
        return {"price_list": ref("PriceList", price_list.id)}

    return payload(PriceListPayload, await run_mutation(
        info.context, action, operation="setPriceListPrices"))
