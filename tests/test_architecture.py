"""The shape of the code: arrows point one way, no import cycles, modules of one purpose.

schema -> resolvers -> domain -> db; `backend.api` (ids, errors, pagination) sits
below schema and resolvers; infrastructure (events, security, http) never reaches
up into the GraphQL schema. Imports inside `if TYPE_CHECKING:` are for the type
checker only and are left out; every other import counts, wherever it stands.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "backend"
MAX_MODULE_LINES = 420  # "about 400": a module past this does more than one thing

# package -> packages it must never import
FORBIDDEN = {
    "resolvers": {"schema", "http", "graphql_app"},
    "api": {"schema", "resolvers", "http", "events", "security"},
    "domain": {"schema", "resolvers", "api", "http", "events", "security", "graphql_app"},
    "db": {"schema", "resolvers", "api", "domain", "http", "events", "security"},
    "events": {"schema", "http", "graphql_app"},
    "security": {"schema", "http", "graphql_app"},
    "http": {"schema", "graphql_app"},
    "auth": {"schema", "resolvers", "http", "events", "security", "graphql_app"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = module.split(".")
                    anchor = anchor[: len(anchor) - child.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in BACKEND.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for imported in _imports(tree, name, path.name == "__init__.py"):
            # `from backend.x import y` names module backend.x.y when that is a module.
            if imported in files and imported != name:
                graph[name].add(imported)
        graph.setdefault(name, set())
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_packages_point_one_way() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _package(target) in FORBIDDEN.get(_package(module), set())
    )
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = _graph()
    # Packages import their own __init__ implicitly; an __init__ importing a submodule
    # that imports the package back is the ordinary layout, not a cycle.
    edges = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def strongconnect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            strongconnect(node)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_walker_sees_imports() -> None:
    # Guard against a walker that finds nothing and so passes everything.
    graph = _graph()
    assert "backend.domain.actor" in graph["backend.domain.access"]
    assert "backend.resolvers.context" in graph["backend.resolvers.nodes"]
    assert sum(len(targets) for targets in graph.values()) > 300


@pytest.mark.parametrize("path", sorted(BACKEND.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
