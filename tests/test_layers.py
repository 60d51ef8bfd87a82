"""Imports only point down (DESIGN.md section 1), read from the source with ast: a module that
reaches up a layer fails here, whatever the tests happen to import."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pos_member"


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(*parts: str) -> list[Path]:
    base = PACKAGE.joinpath(*parts)
    return [base] if base.suffix == ".py" else sorted(base.rglob("*.py"))


def reaching(paths: list[Path], *forbidden: str) -> list[str]:
    return sorted(f"{p.relative_to(PACKAGE)} imports {name}" for p in paths for name in imports(p)
                  if any(name == f or name.startswith(f + ".") for f in forbidden))


def test_no_qt_below_the_ui():
    below = modules("api") + modules("sandbox") + modules("flows") + modules("outbox") + modules("background.py")
    assert reaching(below, "PySide6", "shiboken6", "qasync", "pos_member.ui") == []


def test_i18n_core_and_api_do_not_reach_up():
    assert reaching(modules("api"), "pos_member.flows", "pos_member.ui", "pos_member.outbox") == []
    assert reaching(modules("i18n"), "pos_member.flows", "pos_member.ui") == []


def test_api_and_outbox_give_codes_never_words():
    """The API module and the outbox return codes and data; ``flows/problems.py`` words them."""
    assert reaching(modules("api") + modules("outbox"), "pos_member.i18n") == []


def test_no_module_borrows_another_modules_private_names():
    """Pieces two screens share live in ui/shared (or flows/), under public names."""
    borrowed = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("pos_member"):
                borrowed += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_") and not a.name.startswith("__")]
    assert borrowed == []


def test_widgets_never_talk_http():
    assert reaching(modules("ui"), "httpx") == []


def test_outbox_does_not_import_flows():
    assert reaching(modules("outbox"), "pos_member.flows") == []


def test_ui_is_grouped_by_screen_and_shared_reaches_no_screen():
    loose = sorted(p.name for p in (PACKAGE / "ui").glob("*.py") if p.name != "__init__.py")
    assert loose == []
    screens = [f"pos_member.ui.{d.name}" for d in (PACKAGE / "ui").iterdir()
               if d.is_dir() and d.name not in ("shared", "__pycache__")]
    assert reaching(modules("ui", "shared"), *screens) == []


def test_development_tools_are_not_in_the_package():
    assert not (PACKAGE / "tools").exists()
    assert reaching(modules(), "tools") == []


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    """Imports run when the module loads (not those inside functions or ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("pos_member")}


def test_no_import_circles():
    paths = {module_name(p): p for p in modules()}
    graph = {name: {dep for dep in top_level_imports(p) if dep in paths and dep != name} for name, p in paths.items()}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in graph[node]:
            if state.get(dep) == 1:
                cycle = trail[trail.index(dep):] + [dep]
                inside = any(all(n == p or n.startswith(p + ".") for n in cycle) for p in cycle)
                if not inside:  # a package's modules importing names its __init__ gathers are not a circle
                    circles.append(" -> ".join(cycle))
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
