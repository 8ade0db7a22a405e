"""The shape of the code: core is the lowest layer, nothing imports in a circle, and an import inside a
function says why. These read the source; they run no app."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "community"
# What core may import from the package: the extensions and itself.
CORE_MAY_IMPORT = ("community.core", "community.extensions")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The module an import of `name` loads (a module, or the package a name lives in)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, node, inside a function) for every import of the package in `module`."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("community"):
                        found.append((_resolve(alias.name), child, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - child.level + 1] + ([base] if base else []))
                if base.startswith("community"):
                    for alias in child.names:
                        target = _resolve(f"{base}.{alias.name}")
                        found.append((target if target and target.startswith(base) else _resolve(base), child, in_function))
            visit(child, nested)

    visit(tree, False)
    return [(target, node, inner) for target, node, inner in found if target and target != module]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        # Explicit imports only: a package's __init__ that re-exports its own modules is not a circle.
        graph[module] = {target for target, _node, _inner in _imports(module)}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strongconnect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return found


def test_core_imports_no_feature_and_not_the_policy():
    wrong = [f"{module}: {target}" for module in MODULES if module.startswith("community.core")
             for target, _node, _inner in _imports(module) if not target.startswith(CORE_MAY_IMPORT)]
    assert wrong == []


def test_no_module_imports_in_a_circle_not_even_from_inside_a_function():
    assert [" -> ".join(cycle) for cycle in _cycles(_graph())] == []


def _explained(lines: list[str], at: int) -> bool:
    """A comment on the import's line, or just above the block of imports it stands in."""
    if "#" in lines[at]:
        return True
    above = at - 1
    while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


# Strict: once the features are clean this passes, and the mark must go.
def test_an_import_inside_a_function_says_why():
    silent = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target, node, inner in _imports(module):
            if inner and not _explained(lines, node.lineno - 1):
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert sorted(silent) == []
