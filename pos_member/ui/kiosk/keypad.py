"""Touch input for a tablet without a keyboard: a numeric keypad, a date entry that needs only
digits, and an on-screen text keyboard for kiosks where the system's own one is unavailable.

The keys never take the focus, so the field being filled keeps its cursor; they type by calling
the field's ``insert``/``backspace`` (what ``DateEntry`` overrides to place its dashes).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from pos_member.flows.typing_aids import DOMAINS, ENDINGS, MOBILE_START
from pos_member.i18n import tr

#: Tallest a key of the keyboard grows: a fingertip is 8–10 mm, 64 px on a 10" 1280x800 tablet is
#: about 11 mm. The smallest sizes are in the kiosk's style sheet (48 px high, 36 px wide, for a
#: portrait tablet's 11 keys a row); keys grow to share the width they are given.
KEY_PX = 72
#: Digit keys stop growing past a thumb's reach.
MAX_KEY_PX = 140
ERASE, SHIFT, SPACE = "⌫", "⇧", " "
#: A held ⌫ deletes once on the press, again after half a second, then ten times a second.
REPEAT_DELAY_MS, REPEAT_INTERVAL_MS = 500, 100


class DateEntry(QLineEdit):
    """A date typed as digits only, day first: 30051993 shows as 30-05-1993 (the dashes come by
    themselves). A physical keyboard may still type anything: the flow parses and explains."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(tr("DD-MM-YYYY"))
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

    def insert(self, text: str) -> None:
        self._show(_digits(self.text()) + _digits(text))

    def backspace(self) -> None:
        self._show(_digits(self.text())[:-1])

    def _show(self, digits: str) -> None:
        digits = digits[:8]
        parts = [digits[:2], digits[2:4], digits[4:]]
        text = parts[0]
        if len(digits) >= 2:
            text += "-" + parts[1]
        if len(digits) >= 4:
            text += "-" + parts[2]
        self.setText(text)


class MobileEntry(QLineEdit):
    """A mobile number that starts as "08" (almost every Indonesian one does: two taps fewer). A
    customer who types the 0 or + themselves starts over from it, so "08" is never doubled.

    A national number is shown grouped as it is typed, as the summary shows it (0812 3456 7890,
    13 digits 0812 3456 78901); ``text()`` is the number without the spaces, as typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._grouping = False
        self.textChanged.connect(self._regroup)

    def text(self) -> str:
        return QLineEdit.text(self).replace(" ", "")

    def insert(self, text: str) -> None:
        if self.text() == MOBILE_START and text[:1] in ("0", "+"):
            self.setText(text)
        else:
            super().insert(text)

    def _regroup(self, shown: str) -> None:
        if self._grouping:
            return
        typed = shown.replace(" ", "")
        grouped = group_mobile(typed)
        if grouped == shown:
            return
        before = len(shown[: self.cursorPosition()].replace(" ", ""))  # characters before the cursor
        self._grouping = True
        try:
            self.setText(grouped)
        finally:
            self._grouping = False
        cursor, seen = 0, 0
        while cursor < len(grouped) and seen < before:
            seen += grouped[cursor] != " "
            cursor += 1
        self.setCursorPosition(cursor)


def group_mobile(typed: str) -> str:
    """0812 3456 7890: a national number (0 and digits only) in fours, the rest at the end (as the
    summary's 0812-3456-78901); anything else as typed."""
    if not typed.startswith("0") or not typed.isdigit() or len(typed) <= 4:
        return typed
    return " ".join(part for part in (typed[:4], typed[4:8], typed[8:]) if part)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class _Key(QPushButton):
    """A key that never takes the focus. A repeating key (⌫) acts on the press and, held, repeats
    (``REPEAT_DELAY_MS``, then every ``REPEAT_INTERVAL_MS``) until the finger lifts; the others act
    on the tap."""

    struck = Signal()  # the key's action is due: a tap, or a press and each repeat of a held key

    def __init__(self, label: str, name: str, parent: QWidget | None = None, *, repeats: bool = False):
        super().__init__(label, parent)
        self.setObjectName("key")
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps its cursor
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        #: Drives the repeat (tests fire its timeout themselves instead of waiting).
        self.repeat: QTimer | None = None
        if repeats:
            self.repeat = QTimer(self)
            self.repeat.timeout.connect(self._repeat)
            self.pressed.connect(self._press)
            self.released.connect(self.repeat.stop)  # also when the finger slides off the key
        else:
            self.clicked.connect(lambda _checked=False: self.struck.emit())

    def _press(self) -> None:
        self.struck.emit()
        if self.repeat is not None:
            self.repeat.start(REPEAT_DELAY_MS)

    def _repeat(self) -> None:
        if self.repeat is None or not self.isDown() or not self.isEnabled() or not self.isVisible():
            if self.repeat is not None:
                self.repeat.stop()
            return
        self.repeat.setInterval(REPEAT_INTERVAL_MS)
        self.struck.emit()

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        if self.repeat is not None:
            self.repeat.stop()  # a page change under the finger ends the repeat
        super().hideEvent(event)


class _Pad(QWidget):
    """Types into ``target`` (set it with ``serve``)."""

    typed = Signal(str)  # the key's text, ERASE for a deletion

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.target: QLineEdit | None = None
        self.keys: dict[str, _Key] = {}

    def serve(self, target: QLineEdit) -> None:
        self.target = target

    def _key(self, label: str, name: str | None = None) -> _Key:
        key = _Key(label, name or label, self, repeats=label == ERASE)
        key.struck.connect(lambda k=label: self.press(k))
        self.keys[label] = key
        return key

    def press(self, key: str) -> None:
        target = self.target
        if target is None or not target.isEnabled():
            return
        if key == ERASE:
            target.backspace()
        else:
            target.insert(self._text_of(key))
        self.typed.emit(key)

    def _text_of(self, key: str) -> str:
        return key


class Keypad(_Pad):
    """0–9 and erase, phone-style (1 2 3 on top). ``extra`` fills the free key, e.g. "+".

    ``roomy`` (under the question on a portrait screen): the keys ask for a thumb's full size, not
    the narrowest that fits."""

    def __init__(self, extra: str = "", parent: QWidget | None = None, *, prefixes: tuple[str, ...] = ()):
        super().__init__(parent)
        self.roomy = False
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        top = (len(prefixes) + 2) // 3
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), top + i // 3, i % 3)
        if extra:
            grid.addWidget(self._key(extra), top + 3, 0)
        grid.addWidget(self._key("0"), top + 3, 1)
        grid.addWidget(self._key(ERASE, tr("Delete")), top + 3, 2)
        for key in self.keys.values():
            key.setObjectName("digitKey")
            key.setMaximumSize(MAX_KEY_PX, MAX_KEY_PX)
        #: Whole starts of a number (a mobile operator's 08xx): one tap for four digits, shown
        #: while the number has not got past its start.
        self.prefix_keys: dict[str, _Key] = {}
        for i, prefix in enumerate(prefixes):
            key = _Key(prefix, prefix, self)
            key.setObjectName("digitKey")
            key.setProperty("prefix", True)  # smaller text, as big a key
            key.setMaximumSize(MAX_KEY_PX, MAX_KEY_PX)
            key.clicked.connect(lambda _=False, p=prefix: self._start(p))
            grid.addWidget(key, i // 3, i % 3)
            self.prefix_keys[prefix] = key
            self.keys[prefix] = key  # a key like the others (walks tap it by its text)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().sizeHint()
        if not self.roomy:
            return hint
        layout = self.layout()
        spacing = layout.spacing() if isinstance(layout, QGridLayout) else 0
        rows = layout.rowCount() if isinstance(layout, QGridLayout) else 4
        return QSize(max(hint.width(), 3 * MAX_KEY_PX + 2 * spacing),
                     max(hint.height(), rows * MAX_KEY_PX + (rows - 1) * spacing))

    def serve(self, target: QLineEdit) -> None:
        super().serve(target)
        if self.prefix_keys:
            target.textChanged.connect(lambda _text: self._show_prefixes())
            self._show_prefixes()

    def _show_prefixes(self) -> None:
        text = self.target.text() if self.target is not None else ""
        for prefix, key in self.prefix_keys.items():
            key.setEnabled(len(text) < len(prefix) and prefix.startswith(text))

    def _start(self, prefix: str) -> None:
        target = self.target
        if target is None or not target.isEnabled():
            return
        target.setText(prefix)
        self.typed.emit(prefix)


class TextKeyboard(_Pad):
    """Letters for a name (one-shot Shift, capital after a space) or, with ``email=True``,
    digits and the characters of an address."""

    ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

    def __init__(self, *, email: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.email = email
        self.shift = False
        column = QVBoxLayout(self)
        column.setSpacing(8)
        column.setContentsMargins(0, 0, 0, 0)
        #: Whole addresses proposed from the customer's name: one tap instead of twenty.
        self.proposals = QHBoxLayout()
        self.proposals.setSpacing(8)
        self.proposal_buttons: dict[str, QPushButton] = {}
        if email:
            # The row keeps a proposal's height with none in it: proposals coming and going never
            # move the keys under a finger.
            room = QPushButton(self)
            room.setObjectName("proposal")
            room.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            room.setMaximumWidth(0)
            policy = room.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            room.setSizePolicy(policy)
            room.hide()
            self.proposals.addWidget(room)
            column.addLayout(self.proposals)
        rows = ("1234567890",) + self.ROWS if email else self.ROWS
        for i, letters in enumerate(rows):
            row = QHBoxLayout()
            row.setSpacing(8)
            for ch in letters:
                row.addWidget(self._key(ch))
            if i == len(rows) - 1:
                for ch in ("@", ".", "-", "_") if email else ("-", "'"):
                    row.addWidget(self._key(ch))
            column.addLayout(row)
        last = QHBoxLayout()
        last.setSpacing(8)
        if email:  # an address has no spaces: no Space key; the common endings are one key each
            for ending in (*DOMAINS[:2], *ENDINGS):
                key = self._key(ending)
                key.setObjectName("wordKey")
                last.addWidget(key, 2 if ending.startswith("@") else 1)
        else:
            shift = self._key(SHIFT, tr("Capital letter"))
            shift.setCheckable(True)
            space = self._key(SPACE, tr("Space"))
            space.setText(tr("Space"))
            last.addWidget(space, 4)
        last.addWidget(self._key(ERASE, tr("Delete")), 1)
        column.addLayout(last)
        if not email:
            last.insertWidget(0, self.keys[SHIFT], 1)
        for key in self.keys.values():  # keys share the width they are given, up to a thumb's size
            key.setMaximumHeight(KEY_PX + 8)
            if len(key.text()) == 1:
                key.setMaximumWidth(MAX_KEY_PX)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As tall as its keys at their tallest: placed at the top of a taller room (a portrait
        screen), the rows stay together under the field instead of spreading out."""
        hint = super().sizeHint()
        column = self.layout()
        if not isinstance(column, QVBoxLayout):
            return hint
        rows = [item.layout() for item in (column.itemAt(i) for i in range(column.count())) if item is not None]
        heights = [self.proposals.sizeHint().height() if row is self.proposals else KEY_PX + 8
                   for row in rows if row is not None]
        tall = sum(heights) + column.spacing() * max(0, len(heights) - 1)
        return QSize(hint.width(), max(hint.height(), tall))

    def propose(self, addresses: list[str]) -> None:
        """Offer these whole addresses above the keys (a tap puts one in the field)."""
        if list(self.proposal_buttons) == addresses:
            return
        for button in self.proposal_buttons.values():
            self.proposals.removeWidget(button)
            button.deleteLater()
        self.proposal_buttons = {}
        for address in addresses:
            button = QPushButton(address, self)
            button.setObjectName("proposal")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleDescription(tr("Use this email address"))
            button.clicked.connect(lambda _=False, a=address: self._use(a))
            self.proposals.addWidget(button)
            self.proposal_buttons[address] = button
        self._fit_proposals()

    def _use(self, address: str) -> None:
        if self.target is not None and self.target.isEnabled():
            self.target.setText(address)
            self.typed.emit(address)

    def _fit_proposals(self) -> None:
        """As many proposals as the width holds, most likely first; none cut."""
        room, used = self.width(), 0
        for button in self.proposal_buttons.values():
            used += button.sizeHint().width() + self.proposals.spacing()
            button.setVisible(used <= room + self.proposals.spacing())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        super().resizeEvent(event)
        self._fit_proposals()

    def press(self, key: str) -> None:
        if key == SHIFT:
            self.shift = not self.shift
            self.keys[SHIFT].setChecked(self.shift)
            return
        super().press(key)
        if key != ERASE and self.shift:
            self.shift = False
            self.keys[SHIFT].setChecked(False)

    def _text_of(self, key: str) -> str:
        if self.email or not key.isalpha():
            return key
        before = self.target.text()[: self.target.cursorPosition()] if self.target is not None else ""
        capital = self.shift or not before.strip() or before.endswith((" ", "-", "'"))
        return key.upper() if capital else key
