"""What a screen reader says for a control: what the person sees, said the way a person says it.

Qt reads an accessible name *instead of* the visible text, so names are set only where the visible
text would read badly: a shortcut hint in it (moved to the description), a bare symbol, a status
whose meaning is in its colour. Fields get a label relation (``QLabel.setBuddy``); on Linux a combo
box is always named by its current text, so the relation is the only way its name is heard.
tests/test_atspi.py reads the result through AT-SPI; tests/test_i18n_a11y.py checks the rules here.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QRadioButton, QToolButton, QWidget

from pos_member.i18n import tr

#: A trailing shortcut hint: "Register  (Ctrl+Enter)", "Help (F1)".
_SHORTCUT = re.compile(r"\s*\(((?:Ctrl|Alt|Shift|Meta|F\d{1,2})[^()]*)\)\s*$")


def spoken(text: str) -> tuple[str, str]:
    """(name, shortcut) for a visible text: mnemonic ampersands, the shortcut hint, leading symbols
    ("● Online") and layout spaces removed."""
    match = _SHORTCUT.search(text)
    keys = match.group(1) if match else ""
    if match:
        text = text[:match.start()]
    text = re.sub(r"&(.)", r"\1", text)
    while text and (text[0].isspace() or unicodedata.category(text[0]) in ("So", "Sm")):
        text = text[1:]  # "● Online": the dot is colour, not a word
    return " ".join(text.split()), keys


def show_text(button: QAbstractButton, text: str) -> None:
    """Set a button's text; a screen reader hears it without the shortcut hint, the shortcut in the description."""
    button.setText(text)
    name, keys = spoken(text)
    button.setAccessibleName("" if name == text else name)  # empty: Qt follows the text by itself
    button.setAccessibleDescription(tr("Shortcut: {keys}").format(keys=keys) if keys else "")


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Name the × button Qt adds for ``setClearButtonEnabled`` (it has no name of its own)."""
    edit.setClearButtonEnabled(True)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)


def label(caption: QLabel, field: QWidget) -> QLabel:
    """The caption names the field for screen readers (the label relation) and Alt+letter focuses it."""
    caption.setBuddy(field)
    return caption


class StatusLabel(QLabel):
    """A status shown by a word and a colour, read as "<what>: <state>" and updated with the text
    (a plain accessible name would be read instead of the state)."""

    def __init__(self, what: str, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        state = spoken(text)[0]
        self.setAccessibleName(f"{self.what}: {state}" if state else self.what)


class Choice(QRadioButton):
    """One of a few exclusive answers, drawn as a big button: read as a radio button ("2 of 3,
    selected"), where a checkable push button would be read as a tick box; answers a touch anywhere
    on it, not only on its circle and text."""

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 (Qt name)
        return self.rect().contains(pos)
