"""Fixtures of the standards tests: the standards' own validators (see validators.py)."""

from tests.standards.validators import epcis_schema, node_validators

__all__ = ["epcis_schema", "node_validators"]
