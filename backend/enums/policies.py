"""Configuration policies: values keyed by product line, device class and region."""

from enum import StrEnum

__all__ = ["ConfigPolicyKind"]


class ConfigPolicyKind(StrEnum):
    MIN_SHELF_LIFE_DAYS = "MIN_SHELF_LIFE_DAYS"
    IMPLANT_CARD = "IMPLANT_CARD"
