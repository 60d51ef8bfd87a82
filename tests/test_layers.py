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
    below = modules("api") + modules("sandbox") + modules("flows") + modules("outbox.py") + modules("background.py")
    assert reaching(below, "PySide6", "shiboken6", "qasync", "pos_member.ui") == []


def test_i18n_core_and_api_do_not_reach_up():
    assert reaching(modules("api"), "pos_member.flows", "pos_member.ui", "pos_member.outbox") == []
    assert reaching(modules("i18n"), "pos_member.flows", "pos_member.ui") == []


def test_widgets_never_talk_http():
    assert reaching(modules("ui"), "httpx") == []


def test_outbox_does_not_import_flows():
    assert reaching(modules("outbox.py"), "pos_member.flows") == []
