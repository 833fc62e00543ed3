"""Custom fields an administrator adds to records: which records, which value types."""

from enum import StrEnum

__all__ = ["CustomFieldEntity", "CustomFieldType"]


class CustomFieldEntity(StrEnum):
    PRODUCT = "PRODUCT"
    LOT = "LOT"
    CUSTOMER = "CUSTOMER"
    SUPPLIER = "SUPPLIER"
    SALES_ORDER = "SALES_ORDER"
    SHIPMENT = "SHIPMENT"


class CustomFieldType(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    ENUM = "ENUM"
    BOOLEAN = "BOOLEAN"
