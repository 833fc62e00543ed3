"""Text PostgreSQL cannot store: a NUL character (U+0000) in any string a request sends.

Variables are checked as they arrive (backend/graphql_app.py); string literals in
the document by a validation rule, so both are refused as BAD_USER_INPUT before
anything runs.
"""

from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule
from strawberry.extensions import AddValidationRules

NUL = "\x00"
MESSAGE = "Strings may not contain the NUL character (U+0000)."


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class NoNulInStrings(ValidationRule):
    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if NUL in node.value:
            self.report_error(GraphQLError(MESSAGE, node, extensions={"code": "BAD_USER_INPUT"}))


class RefuseNulStrings(AddValidationRules):
    def __init__(self) -> None:
        super().__init__([NoNulInStrings])
