"""Inputs of the master data mutations."""

from datetime import date
from decimal import Decimal

import strawberry

from backend.schema.customfields.inputs import CustomFieldValueInput
from backend.schema.enums import CustomerKind, DeviceClass, TrackingMode
from backend.schema.masterdata.enums import CustomerAddressKind


@strawberry.input
class CustomerContactInput:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@strawberry.input
class CustomerAddressInput:
    kind: CustomerAddressKind
    street: str
    postal_code: str
    city: str
    country: str
    name: str | None = None
    region: str | None = None


@strawberry.input
class CreateCustomerInput:
    code: str
    name: str
    kind: CustomerKind
    region: str = strawberry.field(description="A region some warehouse has a transit lane to.")
    latitude: float | None = None
    longitude: float | None = None
    credit_limit: Decimal | None = strawberry.field(
        default=None,
        description="Needs the permission customer.credit_limit (FINANCE); 0 when omitted.")
    min_remaining_shelf_life_days: int | None = 0
    payment_terms_days: int | None = 30
    price_list_id: strawberry.ID | None = None
    contacts: list[CustomerContactInput] | None = None
    addresses: list[CustomerAddressInput] | None = None
    custom_fields: list[CustomFieldValueInput] | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateCustomerInput:
    customer_id: strawberry.ID
    name: str | None = None
    kind: CustomerKind | None = None
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    credit_limit: Decimal | None = strawberry.field(
        default=None, description="Needs the permission customer.credit_limit (FINANCE); the "
        "other fields need masterdata.edit.")
    min_remaining_shelf_life_days: int | None = None
    payment_terms_days: int | None = None
    price_list_id: strawberry.ID | None = None
    contacts: list[CustomerContactInput] | None = strawberry.field(
        default=None, description="Replace the lists when given.")
    addresses: list[CustomerAddressInput] | None = None
    custom_fields: list[CustomFieldValueInput] | None = None
    active: bool | None = None


@strawberry.input
class CreateSupplierInput:
    code: str
    name: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2.")
    address: str | None = None
    custom_fields: list[CustomFieldValueInput] | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateSupplierInput:
    supplier_id: strawberry.ID
    name: str | None = None
    country: str | None = None
    address: str | None = None
    custom_fields: list[CustomFieldValueInput] | None = None


@strawberry.input
class CreateProductInput:
    sku: str
    gtin: str = strawberry.field(
        description="GTIN-14 (or 8/12/13, stored as 14 digits) with a valid check digit.")
    name: str
    device_class: DeviceClass
    tracking_mode: TrackingMode
    unit_price: Decimal = strawberry.field(description="Its price on the default price list.")
    tax_rate: Decimal
    shelf_life_days: int | None = None
    product_line: str | None = None
    sellable: bool | None = True
    custom_fields: list[CustomFieldValueInput] | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateProductInput:
    product_id: strawberry.ID
    name: str | None = None
    device_class: DeviceClass | None = None
    tracking_mode: TrackingMode | None = strawberry.field(
        default=None, description="Refused (INVALID_TRANSITION) once the product has lots.")
    shelf_life_days: int | None = None
    unit_price: Decimal | None = None
    tax_rate: Decimal | None = None
    product_line: str | None = None
    sellable: bool | None = None
    active: bool | None = None
    custom_fields: list[CustomFieldValueInput] | None = None


@strawberry.input
class TransitLaneInput:
    region: str
    transit_days: int
    carrier: str | None = None


@strawberry.input
class CreateWarehouseInput:
    code: str
    name: str
    region: str
    latitude: float
    longitude: float
    transit_lanes: list[TransitLaneInput]
    gln: str | None = strawberry.field(
        default=None,
        description="GS1 Global Location Number: 13 digits with a valid check digit.")
    address: str | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdateWarehouseInput:
    warehouse_id: strawberry.ID
    name: str | None = None
    gln: str | None = None
    address: str | None = None
    transit_lanes: list[TransitLaneInput] | None = strawberry.field(
        default=None, description="Replaces the lanes when given.")
    active: bool | None = None


@strawberry.input
class CreatePriceListInput:
    code: str
    name: str
    currency: str = "EUR"
    valid_from: date | None = None
    valid_to: date | None = None
    idempotency_key: str | None = None


@strawberry.input
class UpdatePriceListInput:
    price_list_id: strawberry.ID
    name: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@strawberry.input
class PriceListPriceInput:
    product_id: strawberry.ID
    unit_price: Decimal | None = strawberry.field(
        default=None, description="null removes the product from the list.")


@strawberry.input
class SetPriceListPricesInput:
    price_list_id: strawberry.ID
    prices: list[PriceListPriceInput]
