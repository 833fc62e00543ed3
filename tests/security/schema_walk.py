"""Documents that walk every edge of the read graph, generated from introspection.

From each root query field the walk follows object fields (a connection's
`edges { node }` counts as one step) down to a number of steps, selecting every
scalar on the way. A subtree goes into one document while it stays within the
server's token and depth limits; otherwise it is split per field. Required
arguments are filled from `values` by argument name or type, so the caller
decides which ids and numbers are tried.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import build_client_schema, get_introspection_query
from graphql.pyutils import Undefined
from graphql.type import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)

INTROSPECTION = get_introspection_query()
PAGE = 3
MAX_TOKENS = 2000  # well under the server's limits
MAX_LENGTH = 30_000


@dataclass(frozen=True)
class WalkDocument:
    path: tuple[str, ...]
    query: str


def client_schema(introspection: Mapping[str, Any]) -> GraphQLSchema:
    return build_client_schema(introspection)  # type: ignore[arg-type]


class Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        values: Mapping[str, Sequence[Any]],
        *,
        steps: int = 4,
        max_depth: int = 12,
        exclude: set[tuple[str, str]] | None = None,
    ) -> None:
        self.schema = schema
        # (type, field) edges left out, e.g. those refused to this caller whatever the data.
        self.exclude = exclude or set()
        self.values = values
        self.steps = steps
        self.max_depth = max_depth
        self.edges: set[tuple[str, str]] = set()

    # --- arguments ----------------------------------------------------------

    def argument_sets(self, field: GraphQLField) -> list[str]:
        """Argument lists to try: one per candidate value of the first required argument."""
        fixed: list[str] = []
        varying: list[str] = []
        for name, arg in field.args.items():
            if name in ("first", "last"):
                fixed.append(f"{name}: {PAGE}")
                continue
            if not _is_required(arg):
                continue
            candidates = self.candidates(name, arg.type)
            if not candidates:
                return []  # cannot call this field
            if not varying and len(candidates) > 1:
                varying = [f"{name}: {c}" for c in candidates]
            else:
                fixed.append(f"{name}: {candidates[0]}")
        if not varying:
            return [", ".join(fixed)]
        return [", ".join([v, *fixed]) for v in varying]

    def candidates(self, name: str, type_: Any) -> list[str]:
        named = get_named_type(type_)
        for key in (name, named.name):
            if key in self.values:
                return [_literal(v) for v in self.values[key]]
        if isinstance(named, GraphQLEnumType):
            return [next(iter(named.values))]
        if isinstance(named, GraphQLInputObjectType):
            required = [f for f in named.fields.values() if is_non_null_type(f.type)]
            return [] if required else ["{}"]
        return []

    # --- selections ---------------------------------------------------------

    def object_fields(self, type_: Any) -> list[tuple[str, GraphQLField, Any]]:
        """(name, field, target type) of every non-leaf field, connections seen through."""
        found = []
        for name, field in getattr(type_, "fields", {}).items():
            target = get_named_type(field.type)
            if not is_leaf_type(target) and (type_.name, name) not in self.exclude:
                found.append((name, field, target))
        return found

    def scalars(self, type_: Any) -> str:
        # Abstract types show their own fields only: the same field name may have different
        # types in different members, and the members' edges are walked from other roots.
        names = [
            name for name, field in getattr(type_, "fields", {}).items()
            if is_leaf_type(get_named_type(field.type)) and not _required_args(field)
        ]
        if isinstance(type_, GraphQLUnionType | GraphQLInterfaceType):
            return " ".join(["__typename", *names])
        return " ".join(names) or "__typename"

    def node_type(self, target: Any) -> tuple[Any, bool]:
        """The item type of a connection (and True), or the type itself."""
        edges = getattr(target, "fields", {}).get("edges")
        if edges is not None and target.name.endswith("Connection"):
            node = get_named_type(edges.type).fields.get("node")
            if node is not None:
                return get_named_type(node.type), True
        return target, False

    def wrap(self, name: str, args: str, connection: bool, inner: str) -> str:
        call = f"{name}({args})" if args else name
        if connection:
            return f"{call} {{ totalCount edges {{ node {{ {inner} }} }} }}"
        return f"{call} {{ {inner} }}"

    def subtree(self, type_: Any, steps: int, depth: int) -> str | None:
        """Scalars of `type_` and every edge below it, or None if it would be too deep."""
        parts = [self.scalars(type_)]
        if steps == 0:
            return parts[0]
        for name, field, target in self.object_fields(type_):
            node, connection = self.node_type(target)
            arg_sets = self.argument_sets(field)
            if not arg_sets:
                continue
            extra = 3 if connection else 1
            if depth + extra > self.max_depth:
                return None
            inner = self.subtree(node, steps - 1, depth + extra)
            if inner is None:
                return None
            self.edges.add((type_.name, name))
            parts.append(self.wrap(name, arg_sets[0], connection, inner))
        return " ".join(parts)

    def documents(self) -> Iterator[WalkDocument]:
        query = self.schema.query_type
        assert query is not None
        for name, field, target in self.object_fields(query):
            node, connection = self.node_type(target)
            for args in self.argument_sets(field):
                depth = 3 if connection else 1
                yield from self._split((name,), node, self.steps - 1, depth,
                                       lambda inner, n=name, a=args, c=connection:
                                       self.wrap(n, a, c, inner))
                self.edges.add((query.name, name))

    def _split(self, path, type_, steps, depth, enclose) -> Iterator[WalkDocument]:
        inner = self.subtree(type_, steps, depth)
        if inner is not None:
            document = "{ " + enclose(inner) + " }"
            tokens = len(document.replace("{", " { ").replace("}", " } ").split())
            if tokens <= MAX_TOKENS and len(document) <= MAX_LENGTH:
                yield WalkDocument(path, document)
                return
        # Too large or too deep as one document: the scalars here, then each edge apart.
        yield WalkDocument(path, "{ " + enclose(self.scalars(type_)) + " }")
        if steps == 0:
            return
        for name, field, target in self.object_fields(type_):
            node, connection = self.node_type(target)
            arg_sets = self.argument_sets(field)
            extra = 3 if connection else 1
            if not arg_sets or depth + extra > self.max_depth:
                continue
            self.edges.add((type_.name, name))
            yield from self._split(
                (*path, name), node, steps - 1, depth + extra,
                lambda inner, n=name, a=arg_sets[0], c=connection, outer=enclose:
                outer(self.wrap(n, a, c, inner)),
            )


def edge_at(schema: GraphQLSchema, path: Sequence[str | int]) -> tuple[str, str] | None:
    """The (type, field) edge at the end of a response path such as an error's `path`."""
    type_: Any = schema.query_type
    edge = None
    for element in path:
        if isinstance(element, int):
            continue
        field = getattr(type_, "fields", {}).get(element)
        if field is None:
            return None
        edge = (type_.name, element)
        type_ = get_named_type(field.type)
    return edge


def _is_required(arg: Any) -> bool:
    return is_non_null_type(arg.type) and arg.default_value in (None, Undefined)


def _required_args(field: GraphQLField) -> bool:
    return any(_is_required(a) for a in field.args.values())


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(value)


__all__ = ["INTROSPECTION", "Walk", "WalkDocument", "client_schema", "edge_at"]
