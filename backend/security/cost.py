"""What an operation may cost, computed from the document before it runs.

The model follows GitHub's and Shopify's: a leaf (scalar, enum) costs 0, an object
1; a paginated field (one with a `first` or `last` argument) costs 1 plus its list
children (edges, nodes) times the page size it asks for, so nesting connections
multiplies. Plain lists count like one object: their length is bounded by the
data, not by the client, and the depth and alias limits bound how many there are.
Fragments on different types of an abstract field are all counted, which makes
the figure an upper bound.
"""

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef
from graphql.utilities import get_operation_ast

from backend.api.pagination import DEFAULT_PAGE_SIZE

PAGE_ARGUMENTS = ("first", "last")
# A mutation writes; it costs more than reading the same object.
MUTATION_FIELD_COST = 10


class CostError(Exception):
    """The document has no single operation to cost (validation reports why)."""


def operation_cost(
    schema: GraphQLSchema,
    document: Any,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    read: set[str] | None = None,
) -> int:
    """The cost; the names of the variables it depended on are added to `read`."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        raise CostError("no operation to run")
    root = schema.get_root_type(operation.operation)
    if root is None:
        raise CostError(f"the schema has no {operation.operation.value} type")
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    defaults = {
        v.variable.name.value: v.default_value for v in operation.variable_definitions or ()
    }
    walker = _Walker(schema, fragments, dict(variables or {}), defaults)
    if read is not None:
        walker.read = read
    cost = walker.selection_cost(root, operation.selection_set)
    if operation.operation is OperationType.MUTATION:
        cost += MUTATION_FIELD_COST * walker.field_count(root, operation.selection_set)
    return cost


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        defaults: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.defaults = defaults
        self.read: set[str] = set()

    def fields(
        self, parent: Any, selection_set: SelectionSetNode, seen: frozenset[str] = frozenset()
    ) -> list[tuple[FieldNode, GraphQLField, Any]]:
        """The fields selected, fragments expanded, each with its definition and parent type."""
        found: list[tuple[FieldNode, GraphQLField, Any]] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                definition = _field_definition(self.schema, parent, selection.name.value)
                if definition is not None:
                    found.append((selection, definition, parent))
            elif isinstance(selection, InlineFragmentNode):
                target = parent
                if selection.type_condition is not None:
                    target = self.schema.get_type(selection.type_condition.name.value) or parent
                found.extend(self.fields(target, selection.selection_set, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # validation refuses cycles; be safe anyway
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                found.extend(self.fields(target, fragment.selection_set, seen | {name}))
        return found

    def field_count(self, parent: Any, selection_set: SelectionSetNode) -> int:
        return len(self.fields(parent, selection_set))

    def selection_cost(self, parent: Any, selection_set: SelectionSetNode) -> int:
        total = 0
        for node, definition, _ in self.fields(parent, selection_set):
            total += self.field_cost(node, definition)
        return total

    def field_cost(self, node: FieldNode, definition: GraphQLField) -> int:
        named = get_named_type(definition.type)
        if is_leaf_type(named) or node.selection_set is None:
            return 0
        page = self.page_size(node, definition)
        if page is None:
            return 1 + self.selection_cost(named, node.selection_set)
        # A page: its list children repeat per item, the rest (pageInfo, counts) once.
        cost = 1
        for child, child_definition, _ in self.fields(named, node.selection_set):
            child_cost = self.field_cost(child, child_definition)
            cost += page * child_cost if _is_list(child_definition.type) else child_cost
        return cost

    def page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        names = [n for n in PAGE_ARGUMENTS if n in definition.args]
        if not names:
            return None
        given = {a.name.value: a.value for a in node.arguments or ()}
        sizes = []
        for name in names:
            if name in given:
                value = self.value_of(given[name])
            else:
                value = definition.args[name].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                sizes.append(max(value, 0))
        return max(sizes) if sizes else DEFAULT_PAGE_SIZE

    def value_of(self, value: Any) -> Any:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            name = value.name.value
            self.read.add(name)
            if name in self.variables:
                return self.variables[name]
            default = self.defaults.get(name)
            return int(default.value) if isinstance(default, IntValueNode) else None
        return None


def _field_definition(schema: GraphQLSchema, parent: Any, name: str) -> GraphQLField | None:
    if name == "__typename":
        return TypeNameMetaFieldDef
    if parent is schema.query_type:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
    fields = getattr(parent, "fields", None)
    return fields.get(name) if fields is not None else None


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)

