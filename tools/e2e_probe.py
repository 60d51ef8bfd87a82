"""Development only: start the app with a probe that writes what the counter shows to a JSON file
a few times a second, so the end-to-end walk (``tools/e2e_walk.py``), which drives the real app
with real X key events, can check each step. ``python tools/e2e_probe.py [app args]`` with
``PM_E2E_STATE`` naming the file; it attaches to training windows only. Not shipped in the package."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from pos_member.ui.counter.main_window import MainWindow

ENV = "PM_E2E_STATE"


def snapshot(window: MainWindow) -> dict[str, Any]:
    from pos_member.ui.member.dialogs import TagsDialog
    from pos_member.ui.registration.dialogs import RegistrationDialog

    session = window.session
    member = session.member
    focus = QApplication.focusWidget()
    state: dict[str, Any] = {
        "cashier": session.cashier,
        "page": session.page,
        "search": window.search_box.text(),
        "member": member.name if member is not None and member.user_id else None,
        "loaded": bool(member is not None and member.complete),
        "enabled": sorted(name for name, button in window.actions_by_name.items() if button.isEnabled()),
        "dialogs": sorted(type(d).__name__ for d in window.dialogs if d.isVisible()),
        "focus": type(focus).__name__ if focus is not None else None,
        "focus_in_search": focus is window.search_box,
        "draft": {k: v for k, v in session.draft.items() if isinstance(v, str) and v},
        "marketing": window.profile_view.contact_grid.values["Marketing"].text() if member is not None else None,
        "phone_window": bool(window.customer_phone is not None and window.customer_phone.isVisible()),
        "phone_messages": window.customer_phone.list.count() if window.customer_phone is not None else 0,
        "highlighted": None,
        "problem": window.profile_view.problem.label.text() if window.profile_view.problem.isVisible() else None,
    }
    chosen = window.results.current_suggestion() if session.page == "results" else None
    if chosen is not None:
        state["highlighted"] = chosen.name
    for dialog in window.dialogs:
        if isinstance(dialog, TagsDialog):
            state["tags"] = [f"{g}:{t}" for g, t in dialog.tags]
        if isinstance(dialog, RegistrationDialog):
            state["registration"] = {k: v for k, v in dialog.form.values().items() if isinstance(v, str | int | None)}
            if dialog.isVisible() and dialog.clear_button.isVisible():  # where to click Clear form
                at = dialog.clear_button.mapTo(dialog, dialog.clear_button.rect().center())
                state["clear_form_at"] = [at.x(), at.y()]
    state["notice"] = window.notice.text() if window.notice.isVisible() else ""
    return state


class Probe(QObject):
    def __init__(self, window: MainWindow, path: Path):
        super().__init__(window)
        self.window, self.path = window, path
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.write)
        self.timer.start()

    def write(self) -> None:
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps(snapshot(self.window)), encoding="utf-8")
        temp.replace(self.path)  # the walk never reads half a file


def attach(window: MainWindow) -> Probe | None:
    path = os.environ.get(ENV)
    if not path or not window.training:
        return None
    return Probe(window, Path(path))


def main() -> int:
    """Run the app with every training ``MainWindow`` probed (the window knows nothing of it)."""
    from pos_member import app
    from pos_member.ui.counter import main_window

    original = main_window.MainWindow.__init__
    probes: list[Probe | None] = []

    def probed_init(self: MainWindow, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        probes.append(attach(self))

    main_window.MainWindow.__init__ = probed_init  # type: ignore[method-assign]
    return app.main()


if __name__ == "__main__":
    raise SystemExit(main())
