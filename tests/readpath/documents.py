"""The query documents the suite and the web app send, and variables to send them with.

Test documents are the module-level strings of `tests/**` that parse as GraphQL
queries; the web app's are the `graphql(\\`...\\`)` templates of `frontend/src`, with
the fragments they spread appended.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    visit,
)
from graphql.language import Visitor

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = re.compile(r"graphql\(\s*`([^`]*)`", re.S)


def _queries_only(text: str) -> bool:
    try:
        document = parse(text)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) == 1 and operations[0].operation is OperationType.QUERY


def _strings(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "{" in node.value:
            found.append(node.value)
    return found


def suite_documents() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for text in _strings(ast.parse(path.read_text())):
            if _queries_only(text):
                found[text] = None
    return list(found)


def _spreads(text: str) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            names.add(node.name.value)

    visit(parse(text), Spreads())
    return names


def app_documents() -> list[str]:
    templates = []
    for path in sorted((ROOT / "frontend" / "src").rglob("*.ts*")):
        if ".test." in path.name:
            continue
        templates += [t for t in TEMPLATE.findall(path.read_text()) if "${" not in t]
    fragments: dict[str, str] = {}
    for text in templates:
        try:
            for definition in parse(text).definitions:
                if isinstance(definition, FragmentDefinitionNode):
                    fragments[definition.name.value] = text
        except GraphQLError:
            continue
    found: dict[str, None] = {}
    for text in templates:
        if not _queries_only(text):
            continue
        wanted, done, parts = _spreads(text), set(), [text]
        while wanted - done:
            name = (wanted - done).pop()
            done.add(name)
            if name in fragments:
                parts.append(fragments[name])
                wanted |= _spreads(fragments[name])
        found["\n".join(parts)] = None
    return list(found)


def variables_for(text: str, known: dict[str, Any]) -> dict[str, Any] | None:
    """Values for the operation's required variables (by name, else by type), None if some
    cannot be given."""
    operation = next(d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode))
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if not isinstance(definition.type, NonNullTypeNode) or definition.default_value:
            continue
        inner = definition.type.type
        if name in known:
            values[name] = known[name]
        elif isinstance(inner, NamedTypeNode) and inner.name.value in known:
            values[name] = known[inner.name.value]
        elif isinstance(inner, ListTypeNode):
            values[name] = []
        else:
            return None
    return values
