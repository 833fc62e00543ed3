"""Until a user replaces a temporary password, their token opens only `viewer`,
`securityPolicy` (the password rules) and `changePassword`; any other root field is
FORBIDDEN and the operation does not run."""

from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult, FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from backend.api.errors import Forbidden

OPEN = frozenset({"viewer", "securityPolicy", "changePassword", "__typename"})
MESSAGE = "Choose a new password first (changePassword)."


def _root_fields(execution_context: Any) -> list[FieldNode | None]:
    document = execution_context.graphql_document
    if document is None:
        return []
    name = execution_context.operation_name
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
                name is None or (definition.name and definition.name.value == name)):
            # Fragments at the root are not looked into: refused as a whole (None).
            return [s if isinstance(s, FieldNode) else None
                    for s in definition.selection_set.selections]
    return []


class PasswordChangeGate(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution_context = self.execution_context
        claims = getattr(execution_context.context, "claims", None)
        if (claims is not None and claims.password_change_required
                and execution_context.result is None
                and not execution_context.pre_execution_errors):
            refused = [f for f in _root_fields(execution_context)
                       if f is None or f.name.value not in OPEN]
            if refused:
                error = Forbidden(MESSAGE)
                first = refused[0]
                if first is not None:
                    error.path = [(first.alias or first.name).value]
                execution_context.result = ExecutionResult(data=None, errors=[error])
        yield
