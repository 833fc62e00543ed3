"""Master data: what a customer's address is for."""

from enum import StrEnum

__all__ = ["CustomerAddressKind"]


class CustomerAddressKind(StrEnum):
    BILLING = "BILLING"
    SHIPPING = "SHIPPING"
