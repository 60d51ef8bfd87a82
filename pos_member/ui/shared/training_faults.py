"""Training mode only: the trainer switches a bad day on (Stamps slow, Stamps down, network off)
and back to normal, from the counter's Training menu or behind the kiosk's staff gesture."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.sandbox.faults import PRESETS, preset_now

CHOICES = (
    ("slow", QT_TR_NOOP("Stamps slow (answers take about 5 s)")),
    ("down", QT_TR_NOOP("Stamps down (every answer is a server error)")),
    ("network_off", QT_TR_NOOP("Network off (no connection)")),
    ("normal", QT_TR_NOOP("Back to normal")),
)


def apply(training: Any, preset: str) -> None:
    """Switch the embedded training server's faults to a preset."""
    training.faults.update(**PRESETS[preset])


def training_menu(training: Any, parent: QWidget) -> QMenu:
    """The Training menu: one checked choice, the one in force now."""
    menu = QMenu(tr("Training"), parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    for name, label in CHOICES:
        action = QAction(tr(label), menu)
        action.setCheckable(True)
        action.setObjectName(f"training_{name}")
        action.triggered.connect(lambda _checked=False, n=name: apply(training, n))
        group.addAction(action)
        menu.addAction(action)
        actions[name] = action

    def show_current() -> None:
        current = preset_now(training.faults)
        for name, action in actions.items():
            action.setChecked(name == current)

    menu.aboutToShow.connect(show_current)
    show_current()
    return menu
