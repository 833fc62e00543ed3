"""Size, depth and alias limits, checked right after parsing and before validation.

Validation runs every rule over the whole document, which costs milliseconds on
a hostile one; these checks cost one pass over the syntax tree. Fragments count
where they are spread (each spread of a fragment counts its aliases again), each
fragment is measured once, and a fragment cycle counts as nothing here (the
validation that follows refuses it). Introspection fields are not counted, as in
Strawberry's own limiters: their depth comes from the schema, not the client.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)
from strawberry.extensions import SchemaExtension

INTROSPECTION_LISTS = frozenset(
    {"types", "fields", "args", "inputFields", "interfaces", "possibleTypes", "enumValues",
     "directives"}
)
# The standard introspection query nests three: types { fields { args } }.
MAX_INTROSPECTION_NESTING = 3
STAND_IN = parse("{ __typename }")


@dataclass(frozen=True)
class Shape:
    depth: int
    aliases: int


class _Measure:
    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.measured: dict[str, Shape] = {}
        self.visiting: set[str] = set()
        self.introspection_nesting = 0

    def introspection_lists(
        self, node: SelectionSetNode | None, seen: frozenset[str] = frozenset()
    ) -> int:
        """How deeply introspection's lists (types, fields, args, ...) nest below `node`."""
        deepest = 0
        for selection in node.selections if node else ():
            if isinstance(selection, FieldNode):
                inner = self.introspection_lists(selection.selection_set, seen)
                deepest = max(deepest, inner + (selection.name.value in INTROSPECTION_LISTS))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.introspection_lists(selection.selection_set, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                definition = self.fragments.get(name)
                if definition is not None and name not in seen:
                    inner = self.introspection_lists(definition.selection_set, seen | {name})
                    deepest = max(deepest, inner)
        return deepest

    def selection_set(self, node: SelectionSetNode | None) -> Shape:
        if node is None:
            return Shape(0, 0)
        depth = aliases = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value.startswith("__"):
                    # Introspection is deep by nature (ofType chains); what can blow up is
                    # lists of types and fields nested in each other, counted apart.
                    nesting = self.introspection_lists(selection.selection_set)
                    self.introspection_nesting = max(self.introspection_nesting, nesting)
                    continue
                inner = self.selection_set(selection.selection_set)
                depth = max(depth, inner.depth + 1 if selection.selection_set else 0)
                aliases += inner.aliases + (selection.alias is not None)
            elif isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
        return Shape(depth, aliases)

    def fragment(self, name: str) -> Shape:
        if name in self.measured:
            return self.measured[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return Shape(0, 0)
        self.visiting.add(name)
        shape = self.selection_set(definition.selection_set)
        self.visiting.discard(name)
        self.measured[name] = shape
        return shape


def operation_shapes(document: DocumentNode) -> Iterator[tuple[str, Shape, int]]:
    """Per operation: its name, its shape and how deeply its introspection lists nest."""
    measure = _Measure(document)
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            name = definition.name.value if definition.name else "anonymous"
            measure.introspection_nesting = 0
            shape = measure.selection_set(definition.selection_set)
            yield name, shape, measure.introspection_nesting


class DocumentLimits(SchemaExtension):
    """Refusals are set as the operation's errors, which makes Strawberry skip validation."""

    def __init__(self, *, max_length: int, max_depth: int, max_aliases: int) -> None:
        self.max_length = max_length
        self.max_depth = max_depth
        self.max_aliases = max_aliases

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        if len(query) > self.max_length:
            # A stand-in document spares parsing the real one; nothing runs either way.
            self.execution_context.graphql_document = STAND_IN
            self._refuse(
                f"The document is {len(query)} characters long; the limit is {self.max_length}.",
                "MAX_SIZE_EXCEEDED",
            )
        yield
        document = self.execution_context.graphql_document
        if document is None or document is STAND_IN:
            return
        for name, shape, introspection in operation_shapes(document):
            if introspection > MAX_INTROSPECTION_NESTING:
                self._refuse(
                    f"'{name}' nests {introspection} introspection lists; the limit is "
                    f"{MAX_INTROSPECTION_NESTING}.",
                    "MAX_DEPTH_EXCEEDED",
                )
            elif shape.depth > self.max_depth:
                self._refuse(
                    f"'{name}' exceeds maximum operation depth of {self.max_depth}",
                    "MAX_DEPTH_EXCEEDED",
                )
            elif shape.aliases > self.max_aliases:
                self._refuse(
                    f"'{name}' has {shape.aliases} aliases; the limit is {self.max_aliases}.",
                    "MAX_ALIASES_EXCEEDED",
                )
            else:
                continue
            return

    def _refuse(self, message: str, code: str) -> None:
        self.execution_context.pre_execution_errors = [
            GraphQLError(message, extensions={"code": code})
        ]
