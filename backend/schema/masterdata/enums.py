"""The master data enums, registered as GraphQL enums under the same names."""

import strawberry

from backend import enums
from backend.enums import CustomerAddressKind  # noqa: F401 - re-exported

strawberry.enum(enums.CustomerAddressKind)
