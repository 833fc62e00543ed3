"""From a validated query operation to a plan of what each root field reads, or None.

The plan is the selection tree resolved against the declarations: every field
it holds is declared compilable for the viewer's scope kind. Anything else
(an undeclared field, a directive, an abstract type, a field guarded by a
permission the scope may fail, a repeated response key) leaves the operation
to the resolvers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.type.definition import GraphQLField, GraphQLOutputType

from backend.readpath.declarations import type_map
from backend.readpath.declare import Col, GlobalId, Many, One, Spec, Value
from backend.readpath.roots import ROOTS, RootSpec

MAX_PAIRS = 50  # json_build_object takes at most 100 arguments


class NotCompilable(Exception):
    pass


@dataclass(frozen=True)
class Leaf:
    spec: Col | GlobalId | None  # None: __typename


@dataclass(frozen=True)
class Obj:
    type_name: str
    fields: tuple[tuple[str, Any], ...]  # (response key, Leaf | Rel)


@dataclass(frozen=True)
class Rel:
    spec: One | Many
    obj: Obj
    nullable: bool  # a missing related row is null, not an error


@dataclass(frozen=True)
class ConnectionPlan:
    """edges { cursor node { ... } } pageInfo { ... } totalCount, by response key."""

    fields: tuple[tuple[str, str, Any], ...]  # (key, edges|pageInfo|totalCount|__typename, sub)


@dataclass(frozen=True)
class RootPlan:
    key: str
    spec: RootSpec
    node: FieldNode
    field: GraphQLField
    body: Obj | ConnectionPlan


@dataclass(frozen=True)
class Plan:
    roots: tuple[RootPlan | str, ...]  # a str is a root __typename's response key


def plan_operation(
    schema: GraphQLSchema, document: Any, operation: OperationDefinitionNode, staff: bool
) -> Plan:
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    builder = _Builder(schema, fragments, staff)
    query = schema.query_type
    assert query is not None
    roots: list[RootPlan | str] = []
    for key, node in builder.fields(operation.selection_set, query):
        name = node.name.value
        if name == "__typename":
            roots.append(key)
            continue
        spec = ROOTS.get(name)
        field = query.fields.get(name)
        if spec is None or field is None:
            raise NotCompilable(name)
        if any(a.name.value in spec.resolver_only for a in node.arguments or ()):
            raise NotCompilable(f"{name} argument")
        builder.check_permission(field)
        inner = _named(field.type)
        assert isinstance(inner, GraphQLObjectType)
        body: Obj | ConnectionPlan
        if spec.connection:
            body = builder.connection(node, inner)
        else:
            body = builder.obj(node.selection_set, inner)
        roots.append(RootPlan(key, spec, node, field, body))
    return Plan(tuple(roots))


def _named(type_: GraphQLOutputType) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


class _Builder:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 staff: bool) -> None:
        self.schema = schema
        self.fragments = fragments
        self.staff = staff

    def fields(self, selection_set: SelectionSetNode | None,
               parent: GraphQLObjectType) -> list[tuple[str, FieldNode]]:
        """The selected fields in answer order, fragments inlined."""
        if selection_set is None:
            raise NotCompilable("no selection")
        found: list[tuple[str, FieldNode]] = []
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompilable("directive")
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                found.append((key, selection))
                continue
            condition: Any
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                condition, inner = fragment.type_condition, fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                condition, inner = selection.type_condition, selection.selection_set
            if condition is not None and condition.name.value != parent.name:
                raise NotCompilable("type condition")
            found.extend(self.fields(inner, parent))
        keys = [k for k, _ in found]
        if len(set(keys)) != len(keys):
            raise NotCompilable("repeated response key")
        if len(keys) > MAX_PAIRS:
            raise NotCompilable("too many fields")
        return found

    def check_permission(self, field: GraphQLField) -> None:
        definition = (field.extensions or {}).get("strawberry-definition")
        for extension in getattr(definition, "extensions", None) or ():
            permissions = getattr(extension, "permissions", None)
            if permissions is None:
                raise NotCompilable("field extension")
            names = {type(p).__name__ for p in permissions}
            # Staff-only fields answer staff as any other field; other guards run in Python.
            if not (self.staff and names <= {"Staff", "SignedIn"}):
                raise NotCompilable("permission")

    def obj(self, selection_set: SelectionSetNode | None, type_: GraphQLObjectType) -> Obj:
        declared = type_map(type_.name)
        if declared is None:
            raise NotCompilable(type_.name)
        out: list[tuple[str, Any]] = []
        for key, node in self.fields(selection_set, type_):
            name = node.name.value
            if name == "__typename":
                out.append((key, Leaf(None)))
                continue
            spec: Spec | None = declared.fields.get(name)
            field = type_.fields.get(name)
            if spec is None or field is None or node.arguments:
                raise NotCompilable(f"{type_.name}.{name}")
            self.check_permission(field)
            if isinstance(spec, Col | GlobalId):
                if isinstance(spec, Col) and spec.value is Value.ENUM:
                    _check_enum(_named(field.type))
                out.append((key, Leaf(spec)))
                continue
            inner = _named(field.type)
            if not isinstance(inner, GraphQLObjectType):
                raise NotCompilable("abstract type")
            nullable = not isinstance(field.type, GraphQLNonNull)
            out.append((key, Rel(spec, self.obj(node.selection_set, inner), nullable)))
        return Obj(type_.name, tuple(out))

    def connection(self, node: FieldNode, type_: GraphQLObjectType) -> ConnectionPlan:
        out: list[tuple[str, str, Any]] = []
        for key, sub in self.fields(node.selection_set, type_):
            name = sub.name.value
            if name == "__typename":
                out.append((key, name, type_.name))
            elif name == "totalCount":
                out.append((key, name, None))
            elif name == "pageInfo":
                page_type = _named(type_.fields[name].type)
                keys = tuple(self.fields(sub.selection_set, page_type))
                out.append((key, name, tuple((k, n.name.value, page_type.name)
                                             for k, n in keys)))
            elif name == "edges":
                edge_type = _named(type_.fields[name].type)
                edge: list[tuple[str, str, Any]] = []
                for edge_key, edge_node in self.fields(sub.selection_set, edge_type):
                    edge_name = edge_node.name.value
                    if edge_name == "node":
                        node_type = _named(edge_type.fields["node"].type)
                        edge.append((edge_key, "node", self.obj(edge_node.selection_set,
                                                                node_type)))
                    else:
                        edge.append((edge_key, edge_name, edge_type.name))
                out.append((key, name, tuple(edge)))
            else:
                raise NotCompilable(name)
        return ConnectionPlan(tuple(out))


def _check_enum(type_: Any) -> None:
    """Only enums whose names are their stored values compile as the stored text."""
    if not isinstance(type_, GraphQLEnumType):
        raise NotCompilable("not an enum")
    for name, value in type_.values.items():
        if name != getattr(value.value, "value", value.value):
            raise NotCompilable(f"enum {type_.name}")
