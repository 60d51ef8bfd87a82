"""Read one application's windows through AT-SPI, the way Orca does, and report what a screen reader would miss.

Runs under the *system* Python (Debian's python3-pyatspi cannot be imported by the project's venv), as a
child of tools.atspi_audit: one JSON request per line on stdin, one JSON answer per line on
stdout. Imports nothing from pos_member.

Request: {"pid": 123, "window": "title or null", "placeholders": [...], "values": [...]}
Answer:  {"controls": N, "problems": [{"kind", "role", "name", "id"}], "status": [status bar texts], "seconds": s}

Kinds: "unnamed" (empty name), "placeholder" (named by its placeholder text), "decorated" (the name carries
a shortcut hint or layout spaces), "unlabelled" (a field whose only name is its current value or
placeholder, with no label relation).
"""

from __future__ import annotations

import json
import re
import sys
import time

import pyatspi

FIELDS = {pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_COMBO_BOX,
          pyatspi.ROLE_SPIN_BUTTON}
CONTROLS = FIELDS | {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
                     pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX,
                     pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_PAGE_TAB,
                     pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_LINK,
                     pyatspi.ROLE_LIST_ITEM}
#: What a person would not say: shortcut hints, mnemonics' ampersands, layout spaces.
DECORATION = re.compile(r"\((Ctrl|Alt|Shift|F\d)|&\w|\s{2}")


def application(pid: int):  # noqa: ANN201
    for _ in range(100):  # the app registers with the registry shortly after it starts
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.get_process_id() == pid:
                return app
        time.sleep(0.1)
    raise SystemExit(f"no AT-SPI application with pid {pid}: is the AT-SPI bus running, Qt accessibility on?")


def label_of(node) -> str:  # noqa: ANN001
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                target = relation.getTarget(i)
                if target is not None and target.name.strip():
                    return target.name
    return ""


def controls(node):  # noqa: ANN001, ANN201
    """Every showing node below `node`; hidden subtrees and closed combo popups are skipped."""
    for child in node:
        if child is None:
            continue
        states = child.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            continue
        yield child, states
        if child.getRole() == pyatspi.ROLE_COMBO_BOX and not states.contains(pyatspi.STATE_EXPANDED):
            continue  # Qt reports the closed popup list as showing
        yield from controls(child)


def is_control(node, states) -> bool:  # noqa: ANN001
    role = node.getRole()
    if role not in CONTROLS or not states.contains(pyatspi.STATE_ENABLED):
        return False
    return role != pyatspi.ROLE_TEXT or states.contains(pyatspi.STATE_EDITABLE)  # not a read-only text


def check(node, placeholders: set[str], values: set[str]) -> list[str]:  # noqa: ANN001
    role = node.getRole()
    name = (node.name or "").strip()
    kinds = []
    if not name:
        kinds.append("unnamed")
    elif name in placeholders:
        kinds.append("placeholder")
    elif DECORATION.search(name):
        kinds.append("decorated")
    if role in FIELDS and (not name or name in values or name in placeholders) and not label_of(node):
        kinds.append("unlabelled")
    return kinds


def walk(request: dict) -> dict:
    started = time.monotonic()
    app = application(request["pid"])
    placeholders = {p.strip() for p in request.get("placeholders", []) if p.strip()}
    values = {v.strip() for v in request.get("values", []) if v.strip()}
    count, problems, nodes, status = 0, [], [], []
    for window in app:
        if window is None or (request.get("window") and window.name != request["window"]):
            continue
        if not window.getState().contains(pyatspi.STATE_SHOWING):
            continue
        for node, states in controls(window):
            if node.getRole() == pyatspi.ROLE_STATUS_BAR:
                status += [c.name for c in node if c is not None and c.getState().contains(pyatspi.STATE_SHOWING)]
            if not is_control(node, states):
                continue
            count += 1
            if request.get("dump"):
                nodes.append({"role": node.getRoleName(), "name": node.name, "description": node.description,
                              "label": label_of(node), "id": getattr(node, "accessibleId", "") or ""})
            for kind in check(node, placeholders, values):
                problems.append({"kind": kind, "role": node.getRoleName(), "name": node.name,
                                 "label": label_of(node), "id": getattr(node, "accessibleId", "") or ""})
    answer = {"controls": count, "problems": problems, "status": status,
              "seconds": round(time.monotonic() - started, 3)}
    return answer | ({"nodes": nodes} if request.get("dump") else {})


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = walk(json.loads(line))
        except Exception as error:  # noqa: BLE001 (reported to the parent, which fails the run)
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
