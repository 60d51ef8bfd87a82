"""Small helpers shared by tests (no fixtures here; see conftest.py)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

SEED = Path(__file__).parent / "fixtures" / "seed"


def seed(name: str) -> Any:
    return json.loads((SEED / f"{name}.json").read_text(encoding="utf-8"))


class Recorder:
    """An ``httpx.MockTransport`` that answers from a function and keeps every request."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]):
        self.requests: list[httpx.Request] = []
        self._answer = answer
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._answer(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def write_row(outbox: Any, item_id: int, **columns: Any) -> None:
    """Leave an item's row as a dead delivery, another process or an older version left it: the
    file written with a connection of its own (a fault harness), then read again by the outbox."""
    columns.setdefault("updated", time.time())
    assignments = ", ".join(f"{k} = ?" for k in columns)
    db = sqlite3.connect(str(outbox.path), timeout=30)
    try:
        with db:
            db.execute(f"UPDATE items SET {assignments} WHERE id = ?", (*columns.values(), item_id))
    finally:
        db.close()
    outbox.reload()


def fill_the_disk(outbox: Any) -> None:
    """A full disk, as far as SQLite can tell: the file may not grow (``max_page_count``) and its
    pages are filled, so any write that needs more room fails with "database or disk is full"."""
    with outbox._db_lock:  # noqa: SLF001 (a fault harness: the disk fills under the outbox)
        db = outbox.db
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        for size in (2000, 500, 100, 20, 1):
            while True:
                try:
                    db.execute("INSERT INTO items (kind, created, payload, state, updated) "
                               "VALUES ('filler', 0, ?, 'delivered', ?)", (json.dumps({"x": "x" * size}), time.time()))
                except sqlite3.OperationalError:
                    break


def free_the_disk(outbox: Any) -> None:
    with outbox._db_lock:  # noqa: SLF001 (the fault harness again)
        outbox.db.execute("PRAGMA max_page_count = 1073741823")
        outbox.db.execute("DELETE FROM items WHERE kind = 'filler'")


def press(widget: Any, key: Any, modifiers: Any = None, text: str = "", timestamp: int = 0, *,
          focus: bool = True) -> None:
    """A key as the system delivers it: to ``widget``'s window (active, as the one being typed
    in), which hands it to its focus widget (``widget`` takes the focus first, unless ``focus``
    is False: then wherever the focus is). Filters on the window see it, as they see a real key;
    QTest.keyClick(widget) goes to the widget alone."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QGuiApplication, QKeyEvent
    from PySide6.QtWidgets import QApplication

    top = widget.window()
    window = top.windowHandle()
    assert window is not None, "a key goes to a window on screen"
    if QGuiApplication.focusWindow() is not window:
        top.activateWindow()
        QApplication.processEvents()
    if focus and top.focusWidget() is not widget:
        widget.setFocus()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier, text)
        if timestamp:
            event.setTimestamp(timestamp)
        QApplication.sendEvent(window, event)
