"""Kiosk mode: customers register themselves on a store tablet, by touch alone.

This window renders ``flows.kiosk.KioskSession`` (the steps, the visit, the deadlines and the staff
exit live there, without Qt) and forwards the customer's taps to it, with what the fields hold.

Full screen, frameless, on top; closing is ignored. One question per step, answered with big
keys (``keypad.py``); a mobile number or email that belongs to a member is answered at once,
with nothing about that member. After a quiet spell a "Still there?" countdown, then everything
is wiped: the registration in flight is cancelled and never shown, every widget is emptied and
built again, the language goes back to the store's. Staff leave with five taps on the logo, the
manager PIN and one more tap to confirm; Cancel, Esc and the idle timeout leave the PIN screen,
and wrong PINs lock only the gesture (``flows/pin.py``).

Fingers double-tap: for a moment after a page changes its buttons ignore taps (``TAP_GUARD_S``),
so the second tap of a double tap never answers the next page.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QClipboard,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from pos_member.flows import consent
from pos_member.flows import format as fmt
from pos_member.flows.kiosk import (
    BUSY_WORDS,
    CONSENTS,
    ROW_STEP,
    STEP_FIELDS,
    Change,
    KioskFlow,
    KioskOutcome,
    KioskSession,
)
from pos_member.flows.registration import Registrar
from pos_member.flows.typing_aids import MOBILE_PREFIXES, MOBILE_START, email_proposals
from pos_member.i18n import LANGUAGES, language, tr
from pos_member.i18n.qt import apply_language
from pos_member.runtime import Backend
from pos_member.sandbox.faults import preset_now
from pos_member.ui.kiosk.keypad import DateEntry, Keypad, MobileEntry, TextKeyboard
from pos_member.ui.shared import a11y, style
from pos_member.ui.shared.fit import ElidedLabel
from pos_member.ui.shared.qr import QrCode
from pos_member.ui.shared.training_faults import CHOICES as TRAINING_CHOICES
from pos_member.ui.shared.training_faults import apply as apply_training_fault

#: Steps a customer may leave empty: their button says Skip until something is given.
OPTIONAL_STEPS = ("birthday", "gender", "consent")

KIOSK_QSS = style.APP_QSS + f"""
QWidget {{ font-size: 18pt; }}
QLabel#kioskTitle {{ font-size: 28pt; font-weight: bold; }}
QLabel#kioskHint {{ color: {style.MUTED}; font-size: 15pt; }}
QLabel#kioskError {{ color: {style.BAD_INK}; font-size: 18pt; font-weight: bold; }}
QLabel#kioskCard {{ font-size: 44pt; font-weight: bold; letter-spacing: 2px; }}
QLabel#kioskCountdown {{ color: {style.MUTED}; font-size: 16pt; }}
QLabel#kioskNotice {{ color: {style.MUTED}; font-size: 12pt; }}
QPushButton[staff="true"] {{ font-size: 13pt; min-height: 48px; }}
QLabel#kioskStill {{ font-size: 24pt; }}
QLineEdit {{ min-height: 60px; font-size: 24pt; }}
QPushButton {{ min-height: 64px; min-width: 96px; padding: 6px 12px; font-size: 18pt; }}
QLabel#trainingBanner {{ font-size: 12pt; padding: 4px 8px; }}
QPushButton#wordKey {{ min-width: 36px; min-height: 48px; padding: 0px 4px; font-size: 15pt; }}
QPushButton#proposal {{ min-height: 52px; min-width: 0px; padding: 0px 12px; font-size: 16pt; background: #eef2ff;
                        border: 2px solid {style.ACCENT}; }}
QPushButton#language {{ min-height: 48px; }}
QPushButton#primary {{ min-width: 160px; }}
QPushButton#key, QPushButton#digitKey {{ min-width: 36px; min-height: 48px; padding: 0px; font-size: 24pt; }}
QPushButton#digitKey {{ min-width: 72px; min-height: 64px; }}
QPushButton#digitKey[prefix="true"] {{ font-size: 16pt; }}
QPushButton#clearKey {{ min-width: 72px; min-height: 60px; padding: 0px; font-size: 28pt; }}
QPushButton#summaryRow {{ min-height: 60px; padding: 0px; background: white; border: 1px solid {style.LINE};
                          border-radius: 6px; text-align: left; }}
QPushButton#summaryRow:pressed {{ background: #dbeafe; border: 3px solid {style.ACCENT}; }}
QRadioButton#choice {{ min-height: 72px; padding: 6px 24px; spacing: 16px; font-size: 18pt; background: white;
                       border: 1px solid {style.LINE}; border-radius: 6px; }}
QRadioButton#choice:focus {{ border: 2px solid {style.ACCENT}; }}
QRadioButton#choice:checked {{ background: #dbeafe; border: 3px solid {style.ACCENT}; }}
QRadioButton#choice::indicator {{ width: 32px; height: 32px; }}
QCheckBox {{ min-height: 64px; font-size: 18pt; }}
QCheckBox::indicator {{ width: 44px; height: 44px; }}
QLabel#logo {{ font-size: 22pt; font-weight: bold; color: {style.ACCENT}; }}
QPushButton:checked, QPushButton[current="true"] {{ background: #dbeafe; border: 3px solid {style.ACCENT}; }}
"""

#: The room kept under a field for its error, in lines at least (more when one of the step's
#: own errors needs it; one on a short screen, where the keyboard needs the height); an answer
#: from Stamps longer than that is cut with "…", read out whole.
ERROR_LINES = 2
#: The most lines the summary's error takes (the rows give way to it).
SUMMARY_ERROR_LINES = 3

#: Lower than this (Qt pixels: 1024x768 at 125 % is 614), the kiosk draws its titles and keys a
#: little smaller so a question, its field and the whole keyboard fit one screen.
SHORT_SCREEN_PX = 700
COMPACT_QSS = """
QLabel#kioskTitle { font-size: 22pt; }
QLineEdit { min-height: 48px; font-size: 22pt; }
QPushButton#key, QPushButton#digitKey, QPushButton#wordKey { min-height: 40px; }
QPushButton#clearKey { min-height: 48px; }
QPushButton#summaryRow { min-height: 52px; }
QPushButton { min-height: 56px; }
QPushButton#language { min-height: 44px; }
QLabel#kioskError { font-size: 15pt; }
QPushButton#proposal { min-height: 42px; }
"""


class _Logo(ElidedLabel):
    tapped = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.tapped.emit()
        super().mousePressEvent(event)


class _Page(QWidget):
    """One step. A keypad (or the QR code) sits beside the question on a wide screen and under it
    on a narrow or portrait one, and turns with the tablet."""

    def __init__(self, *, turns: bool):
        super().__init__()
        self.turns = turns
        self.pad: QWidget | None = None
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        if turns:
            screen = QGuiApplication.primaryScreen()
            size = screen.geometry().size() if screen is not None else QSize(1280, 800)
            self.fit(size.width(), size.height())

    def fit(self, width: int, height: int) -> None:
        beside = self.turns and width > height
        wanted = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
        self.turn()

    def turn(self) -> None:
        if self.pad is not None:
            beside = self.box.direction() == QBoxLayout.Direction.LeftToRight
            below = Qt.AlignmentFlag.AlignHCenter
            if isinstance(self.pad, Keypad):
                below |= Qt.AlignmentFlag.AlignTop
            self.box.setAlignment(self.pad, Qt.AlignmentFlag.AlignVCenter if beside else below)
            if isinstance(self.pad, Keypad):
                # Under the question (portrait): thumb-sized keys, the pad taking the height the
                # question does not need, right under its field rather than far below it.
                self.pad.roomy = not beside
                self.pad.updateGeometry()
                self.box.setStretch(0, 3 if beside else 0)
                self.box.setStretch(1, 2 if beside else 1)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        if self.turns:
            window = self.window()
            self.fit(window.width(), window.height())
        super().resizeEvent(event)


class _RoomyLabel(QLabel):
    """A wrapped label with a room of its own, so what is under it never moves when its text
    comes, goes or grows a line: as high as the longest of ``samples`` and at least ``lines``
    lines, whatever it says, shown or hidden. With ``keep=False`` it takes no room while hidden
    and, shown, what its text needs up to ``lines`` lines.

    A text longer than the room (an answer from Stamps the kiosk has no words of its own for, a
    code it quotes) is cut after the last line that fits, that line ending in "…". ``text()``
    stays the whole text, and screen readers read all of it (the label's accessible name)."""

    def __init__(self, samples: list[str], parent: QWidget | None = None, *, lines: int = 1, keep: bool = True):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # Stamps' words are never markup
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.lines, self.keep = lines, keep
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(keep)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.samples = [text for text in samples if text]
        self._room: dict[tuple[int, str], int] = {}

    def _spacing(self) -> int:
        return QFontMetrics(self.font()).lineSpacing()

    def _chrome(self) -> int:
        margins = self.contentsMargins()
        return margins.top() + margins.bottom()

    def _text_width(self, width: int) -> int:
        margins = self.contentsMargins()
        return max(1, width - margins.left() - margins.right())

    def wrapped(self, text: str, width: int) -> list[str]:
        """``text`` broken into the lines this label draws at ``width`` (its contents' width): at
        spaces, and inside a word longer than a line (a quoted code) rather than past the edge."""
        units = text.encode("utf-16-le")  # Qt counts UTF-16 units
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        lines: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(units[2 * start:2 * (start + length)].decode("utf-16-le", errors="ignore"))
        layout.endLayout()
        return lines

    def room(self, width: int) -> int:
        font = self.font()
        key = (width, font.toString())
        if key not in self._room:
            inner = self._text_width(width)
            most = max([self.lines, *(len(self.wrapped(text, inner)) for text in self.samples)])
            self._room[key] = most * self._spacing() + self._chrome()
        return self._room[key]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name): also while it says nothing
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        if self.keep:
            return self.room(width)
        needed = len(self.wrapped(self.text(), self._text_width(width))) if self.text() else 0
        return min(needed, self.lines) * self._spacing() + self._chrome()

    def _narrow(self) -> int:
        """Its words never widen the page (a quoted code may be longer than the screen): it
        wraps anywhere, so it asks for little more than a short word."""
        margins = self.contentsMargins()
        return QFontMetrics(self.font()).horizontalAdvance("M" * 8) + margins.left() + margins.right()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        width = self._narrow()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._narrow(), self._spacing() + self._chrome() if self.keep else 0)

    def shown_lines(self) -> list[str]:
        """The lines on screen: as many as the room holds, the last one cut with "…" when more
        of the text follows."""
        rect = self.contentsRect()
        lines = self.wrapped(self.text(), rect.width()) if self.text() else []
        fits = max(1, rect.height() // self._spacing())
        if len(lines) <= fits:
            return [line.rstrip() for line in lines]
        rest = "".join(lines[fits - 1:]).replace("\n", " ")
        cut = QFontMetrics(self.font()).elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())
        return [line.rstrip() for line in lines[:fits - 1]] + [cut]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._room.clear()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        spacing = self._spacing()
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextSingleLine)
        for i, line in enumerate(self.shown_lines()):
            painter.drawText(QRect(rect.left(), rect.top() + i * spacing, rect.width(), spacing), align, line)


class _WideCheck(QCheckBox):
    """A tick box that a tap anywhere on its row toggles (not only on the box or its text). Its
    text wraps (a label beside the box) so a long sentence fits a portrait tablet."""

    GAP = 16

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__("", parent)
        self._label = QLabel(text, self)
        self._label.setWordWrap(True)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # taps reach the box
        self.setAccessibleName(text)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:  # the sentence, shown by the label
        return self._label.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        self._label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def _indent(self) -> int:
        indicator = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, QStyleOptionButton(), self)
        return max(indicator.width(), 44) + self.GAP

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return max(super().sizeHint().height(), self._label.heightForWidth(max(1, width - self._indent())) + 8)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        label = self._label.sizeHint()
        return QSize(self._indent() + label.width(), max(super().sizeHint().height(), label.height() + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._indent() + 120, super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        super().resizeEvent(event)
        indent = self._indent()
        self._label.setGeometry(indent, 0, max(1, self.width() - indent), self.height())

    def hitButton(self, pos) -> bool:  # noqa: ANN001, N802
        return self.rect().contains(pos)


class _SummaryRow(QPushButton):
    """One answer on the summary, the whole row a touch target: a tap opens its step to change it.
    Caption and answer are labels inside (they wrap: a long name or address fits a portrait
    tablet); the row is read as "Name: Ani Wijaya — tap to change"."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setObjectName("summaryRow")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a finger's control, like the kiosk's other buttons
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("kioskHint")
        self.value = QLabel(self)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.change = QLabel("›", self)  # says "this opens something"
        self.change.setObjectName("kioskHint")
        layout = QGridLayout(self)  # the caption small above the answer, "›" at the end
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(0)
        for label in (self.caption, self.value, self.change):
            label.setWordWrap(label is not self.change)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # taps reach the row
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.caption, 0, 0)
        layout.addWidget(self.value, 1, 0)
        layout.addWidget(self.change, 0, 1, 2, 1)
        layout.setColumnStretch(0, 1)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        self.setSizePolicy(policy)
        self.set_value("")

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        spoken = text.replace("\u200b", "")
        self.setAccessibleName(tr("{caption}: {value} — tap to change").format(caption=self.caption.text(),
                                                                              value=spoken))
        self.updateGeometry()

    def value_text(self) -> str:
        return self.value.text()

    def clear(self) -> None:
        self.value.clear()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        layout = self.layout()
        inner = layout.totalHeightForWidth(width) if layout is not None else 0
        return max(self.minimumHeight(), QPushButton.sizeHint(self).height(), inner)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        layout = self.layout()
        inner = layout.totalMinimumSize() if layout is not None else QSize()
        return QSize(inner.width(), max(inner.height(), QPushButton.sizeHint(self).height()))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As narrow as its words wrap to (the row takes the width it is given), as high as that needs."""
        width = self.minimumSizeHint().width()
        return QSize(width, self.heightForWidth(width))


def onscreen_keyboard(settings: Any) -> bool:
    """Whether the kiosk draws its own keyboard: "auto" trusts only Windows' touch keyboard
    (Linux without a desktop has none, and then the name step would be a dead end)."""
    value = settings.kiosk_onscreen_keyboard
    return sys.platform != "win32" if value == "auto" else bool(value)


class _Activity(QObject):
    """Any touch, click or key anywhere counts as the customer still being there; a tap anywhere
    answers "Still there?"; taps just after a page change are dropped; Esc leaves the PIN screen."""

    PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)

    def __init__(self, kiosk: KioskWindow):
        super().__init__()
        self.kiosk = kiosk

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        kind = event.type()
        session = self.kiosk.session
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.kiosk.touched()
        mine = isinstance(obj, QWidget) and obj.window() is self.kiosk
        if mine and kind == QEvent.Type.ContextMenu:
            return True  # a long press opens nothing (Qt's menu would offer Paste, in English)
        if mine and kind in self.PRESSES and event.button() == Qt.MouseButton.MiddleButton:
            return True  # X11 pastes the selection with the middle button
        if mine and kind == QEvent.Type.KeyPress and (
                event.matches(QKeySequence.StandardKey.Paste)
                or (event.key() == Qt.Key.Key_Insert and event.modifiers() & Qt.KeyboardModifier.ShiftModifier)):
            return True  # nothing one customer copied reaches the next one's fields
        if kind in self.PRESSES and mine:
            if session.step == "still_there":
                self.kiosk.go_next()  # "Yes, I'm here", wherever the finger landed
                return True
            if session.tap_guarded(burst=True):
                return True
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and session.step == "admin":
            session.escape()
            return True
        return False


class KioskWindow(QMainWindow):
    finished = Signal(str)

    def __init__(self, backend: Backend, *, fullscreen: bool = True, clock: Callable[[], float] | None = None):
        super().__init__()
        self.backend = backend
        self.settings = backend.settings
        self.cashier_code = None
        #: "Updating — back in a minute", once the installer asked the app to close.
        self.updating: QLabel | None = None
        if backend.outbox is None or backend.sender is None:  # open_backend always gives both
            raise RuntimeError("the kiosk registers through the outbox")
        flow = KioskFlow(Registrar(backend.outbox, backend.sender), backend.client, backend.settings)
        # The PIN gate is shared with the app: wrong tries add up, wipes do not reset them.
        self.session = KioskSession(flow, backend.pin_gate, backend.settings, self._render,
                                    **({"clock": clock} if clock is not None else {}))
        self._unlocked = False
        self._finished = False
        self._restoring = False  # filling widgets from the session: no edit to report
        self._shown_step = ""
        screen = QGuiApplication.primaryScreen()
        short = screen is not None and screen.geometry().height() < SHORT_SCREEN_PX
        self.setStyleSheet(KIOSK_QSS + (COMPACT_QSS if short else ""))
        #: Lines kept under a field for its error (see ERROR_LINES).
        self.error_lines = 1 if short else ERROR_LINES
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(tr("Become a member"))

        #: Wakes the session when a deadline of it is due (idle, a countdown, the PIN lock-out).
        self.alarm = QTimer(self)
        self.alarm.setSingleShot(True)
        self.alarm.timeout.connect(self._wake)
        self._activity = _Activity(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)
        self._build()
        self._sync()
        if fullscreen:
            self._fill_screen()
            self.screen().geometryChanged.connect(self._fill_screen)  # a tablet turned round
            self.showFullScreen()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        """Every page turns with the window, the hidden ones too (they get no resize of their own)."""
        for page in getattr(self, "pages", {}).values():
            if isinstance(page, _Page):
                page.fit(self.width(), self.height())
        self._arrange_summary(self.width(), self.height())
        super().resizeEvent(event)

    def _fill_screen(self) -> None:
        """Cover the whole screen ourselves too: without a window manager (a Shell Launcher
        kiosk, X without one) "full screen" alone leaves the window at its own size."""
        self.setGeometry(self.screen().geometry())

    # ------------------------------------------------------------------ building (again on language change)

    @property
    def step(self) -> str:
        return self.session.step

    def _build(self) -> None:
        """Every page, empty, in the language of the moment; then what the session holds."""
        if hasattr(self, "inputs"):
            self._empty_widgets()
        root = QWidget()
        outer = QVBoxLayout(root)
        screen = QGuiApplication.primaryScreen()
        side = 32 if screen is None or screen.geometry().width() >= 800 else 16  # a portrait tablet: room for keys
        outer.setContentsMargins(side, 8, side, 8)
        top = QHBoxLayout()
        top.setSpacing(8)
        # The shop the customer knows (in training the demo merchant's), as the consent lines say.
        self.logo = _Logo(self.backend.shop_name or "★ Stamps")
        self.logo.setObjectName("logo")
        # The store's name gives way first (cut with "…") when the languages need the room.
        self.logo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.logo.setMinimumWidth(self.logo.minimumSizeHint().width())
        self.logo.setAccessibleDescription(tr("Store logo"))  # read as what it shows, the store's name
        self.logo.tapped.connect(self.session.logo_tapped)
        top.addWidget(self.logo, 1)
        if self.backend.training is not None:
            badge = QLabel(tr("TRAINING"))
            badge.setObjectName("trainingBanner")
            top.addWidget(badge)
        self.language_buttons: dict[str, QPushButton] = {}
        for code, language_name in LANGUAGES.items():
            button = QPushButton(language_name)
            button.setObjectName("language")
            button.setProperty("current", code == language())  # a choice of language, not a tick box
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.switch_language(c))
            top.addWidget(button)
            self.language_buttons[code] = button
        outer.addLayout(top)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.pages: dict[str, QWidget] = {}
        self.titles: dict[str, QLabel] = {}
        self.pads: dict[str, Keypad | TextKeyboard] = {}
        self.clear_keys: dict[str, QPushButton] = {}
        onscreen = onscreen_keyboard(self.settings)

        self._page("welcome", tr("Become a member"), tr("Join in one minute and start collecting rewards today."),
                   next_text=tr("Start"))
        name = self._line("name", tr("Full name"))
        self._page("name", tr("What is your name?"), tr("As on your ID card."), name,
                   pad=TextKeyboard() if onscreen else None)
        mobile = self._line("mobile_number", "0812 0000 0000", MobileEntry())  # obviously no one's number
        mobile.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._page("mobile", tr("What is your mobile number?"), tr("So our staff can find your membership."),
                   mobile, pad=Keypad("+", prefixes=MOBILE_PREFIXES))
        email = self._line("email", tr("name@example.com"))
        email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase)
        email.textChanged.connect(lambda _text: self._propose())
        self._page("email", tr("What is your email address? (required)"), "", email,  # the API needs one
                   pad=TextKeyboard(email=True) if onscreen else None)
        birthday = DateEntry()
        birthday.textChanged.connect(lambda _text: self._answer_changed())
        birthday.returnPressed.connect(self.go_next)
        self.inputs["birthday"] = birthday
        self._page("birthday", tr("When is your birthday?"),
                            tr("Optional, for birthday treats. Day, month, year: for example 30-05-1993."), birthday,
                            pad=Keypad())
        age = self.settings.min_age_alone
        self._gender_page()
        self._consent_page()
        self._summary_page()
        self._done_page()
        self._page("already", tr("You are already a member"), tr("Please ask our staff, they will help you."),
                   next_text=tr("Finish"))
        self._page("child", tr(consent.KIOSK_CHILD_TITLE), tr(consent.PARENT_AT_COUNTER).format(age=age),
                   next_text=tr("Finish"))
        self.still = QLabel()
        self.still.setObjectName("kioskStill")
        self.still.setWordWrap(True)
        self._page("still_there", tr("Still there?"), "", self.still, next_text=tr("Yes, I'm here"))
        self._admin_page()
        self._page("close", tr("Close the kiosk?"), tr("Staff only. Cancel goes back to the start."),
                   self._training_faults(), next_text=tr("Close"))

        outer.addSpacing(12)  # keys never touch Back/Next
        bottom = QHBoxLayout()
        self.help_hint = QLabel(tr("Need help? Ask our staff."))
        self.help_hint.setObjectName("kioskHint")
        self.help_hint.setWordWrap(True)
        bottom.addWidget(self.help_hint, 1)
        self.notice = QLabel()  # for staff, in its place: why five taps on the logo did nothing
        self.notice.setObjectName("kioskHint")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        bottom.addWidget(self.notice, 1)
        bottom.addStretch(1)
        self.back = QPushButton(tr("Back"))
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.go_back)
        self.next = QPushButton(tr("Next"))
        self.next.setObjectName("primary")
        self.next.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in a field goes next; the field keeps focus
        self.next.clicked.connect(self.go_next)
        bottom.addWidget(self.back)
        bottom.addWidget(self.next)
        outer.addLayout(bottom)
        old = self.takeCentralWidget()
        self.setCentralWidget(root)
        root.show()
        if old is not None:
            old.deleteLater()
        self._refill()
        self._shown_step = ""  # focus the field of the step again
        self._done_drawn: KioskOutcome | None = None

    def _line(self, key: str, placeholder: str, edit: QLineEdit | None = None) -> QLineEdit:
        edit = edit if edit is not None else QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        edit.setAcceptDrops(False)
        edit.returnPressed.connect(self.go_next)
        self.inputs[key] = edit
        return edit

    def _training_faults(self) -> QWidget | None:
        """Training mode: behind the staff gesture, the trainer switches a bad day on and off."""
        if self.backend.training is None:
            return None
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 12, 0, 0)
        now = tr("Training: Stamps' faults now: {fault}")  # a long fault's name wraps: the buttons stay put
        self.training_now = _RoomyLabel([now.format(fault=tr(text)) for _name, text in TRAINING_CHOICES])
        self.training_now.setObjectName("kioskHint")
        self.training_now.setWordWrap(True)
        column.addWidget(self.training_now)
        for name, label in TRAINING_CHOICES:
            button = QPushButton(tr(label))
            button.setObjectName(f"training_{name}")
            button.setProperty("staff", True)  # staff's words, smaller: they fit a portrait tablet
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, n=name: self._training_fault(n))
            column.addWidget(button)
        self._training_fault(None)
        return box

    def _training_fault(self, preset: str | None) -> None:
        training = self.backend.training
        if training is None:
            return
        if preset is not None:
            apply_training_fault(training, preset)
        now = preset_now(training.faults)
        label = next((tr(text) for name, text in TRAINING_CHOICES if name == now and name != "normal"), tr("none"))
        self.training_now.setText(tr("Training: Stamps' faults now: {fault}").format(fault=label))

    def _page(self, name: str, title: str, hint: str = "", field: QWidget | None = None, *,
              pad: Keypad | TextKeyboard | None = None, next_text: str = "") -> QVBoxLayout:
        """A step: its question, a hint, the field labelled by the question, its error, and a
        keypad beside it (a keyboard below it)."""
        wide = isinstance(pad, TextKeyboard)
        page = _Page(turns=not wide)
        outer = page.box
        column = QVBoxLayout()
        column.addStretch(1)
        label = QLabel(title)
        label.setObjectName("kioskTitle")
        label.setWordWrap(True)
        column.addWidget(label)
        self.titles[name] = label
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("kioskHint")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        if isinstance(field, QLineEdit):  # the field and, beside it (never over it), its ×
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(field, 1)
            row.addWidget(self._clear_key(name, field, title))
            column.addLayout(row)
        elif field is not None:
            column.addWidget(field)
        if field is not None:
            if isinstance(field, QLineEdit):
                field.setAccessibleName(title)  # the question, not the example in the box
                label.setBuddy(field)
                key = next(k for k, w in self.inputs.items() if w is field) if field in self.inputs.values() else name
                self.errors[key] = self._error_label(column, name)
                field.textChanged.connect(lambda _text, k=key: self._edited(k))  # fixed: say no more
        column.addStretch(2)
        outer.addLayout(column, 1 if wide else 3)  # a keyboard takes the height it can: bigger keys
        if pad is not None:
            if isinstance(field, QLineEdit):  # every pad types into its page's line
                pad.serve(field)
            outer.addWidget(pad, 4 if wide else 2)
            if wide:  # its rows together under the field, however tall the screen (TextKeyboard.sizeHint)
                outer.setAlignment(pad, Qt.AlignmentFlag.AlignTop)
            page.pad = pad if isinstance(pad, Keypad) else None
            page.turn()
            self.pads[name] = pad
        page.setProperty("next_text", next_text or tr("Next"))
        self.stack.addWidget(page)
        self.pages[name] = page
        return column

    def _clear_key(self, step: str, field: QLineEdit, question: str) -> QPushButton:
        """A finger-sized × that empties the field and leaves the cursor in it."""
        key = QPushButton("×")
        key.setObjectName("clearKey")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps its cursor
        key.setAccessibleName(tr("Erase all"))
        key.setAccessibleDescription(question)
        key.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        def clear() -> None:
            field.clear()
            field.setFocus(Qt.FocusReason.OtherFocusReason)

        key.clicked.connect(clear)
        field.textChanged.connect(lambda text: key.setEnabled(bool(text)))
        key.setEnabled(bool(field.text()))
        self.clear_keys[step] = key
        return key

    def _error_label(self, column: QVBoxLayout, step: str = "") -> QLabel:
        """The step's error, under its field. On a step with a field its room is kept while there
        is none, as high as its longest error: an error coming or going never moves the keys under
        a customer's finger (the summary has no keys: its rows take the room)."""
        if step:
            error = _RoomyLabel(self.session.flow.error_samples(step), lines=self.error_lines)
        else:  # the summary: no keys under it, no room kept; a long answer still cannot push Register off
            error = _RoomyLabel([], lines=SUMMARY_ERROR_LINES, keep=False)
        error.setObjectName("kioskError")
        error.setVisible(False)
        column.addWidget(error)
        return error


    def _gender_page(self) -> None:
        column = self._page("gender", tr("Your gender (optional)"), "")
        self.gender = QButtonGroup(self.pages["gender"])
        self.gender.setExclusive(True)
        self.gender_buttons: dict[str | None, a11y.Choice] = {}
        for value, text in ((None, tr("Prefer not to say")), ("female", tr("Female")), ("male", tr("Male"))):
            button = a11y.Choice(text)
            button.toggled.connect(lambda _on: self._answer_changed())
            button.setObjectName("choice")
            button.setAccessibleName(text)
            button.setAccessibleDescription(tr("Your gender (optional)"))
            button.setChecked(value is None)
            self.gender.addButton(button)
            self.gender_buttons[value] = button
            column.insertWidget(column.count() - 1, button)

    def _consent_page(self) -> None:
        column = self._page("consent", tr("How may we contact you?"), tr(consent.KIOSK_CONSENT_HINT))
        for key in CONSENTS:  # one question a channel, naming the store
            text = consent.kiosk_line(key, self.backend.shop_name)
            box = _WideCheck(text)
            box.toggled.connect(lambda _on: self._answer_changed())
            box.setChecked(False)  # never ticked in advance
            box.setAccessibleName(text)
            self.inputs[key] = box
            column.insertWidget(column.count() - 1, box)

    def _summary_page(self) -> None:
        column = self._page("summary", tr("Is this right?"),
                            tr("This is everything we will send. Tap a line to change it."),
                            next_text=tr("Register"))
        rows = QGridLayout()
        rows.setSpacing(6)
        self.summary_grid = rows
        self.summary_rows: dict[str, _SummaryRow] = {}
        captions = (("name", tr("Name")), ("mobile_number", tr("Mobile")), ("email", tr("Email")),
                    ("birthday", tr("Birthday")), ("gender", tr("Gender")),
                    *((key, tr(consent.SHORT[key])) for key in CONSENTS))
        for key, text in captions:  # each row opens its step: the answer kept, Next comes back here
            row = _SummaryRow(text)
            row.clicked.connect(lambda _=False, k=key: self.correct(k))
            self.summary_rows[key] = row
        screen = QGuiApplication.primaryScreen()
        size = screen.geometry().size() if screen is not None else QSize(1280, 800)
        self._arrange_summary(size.width(), size.height())
        # A long name and the notice on a short screen: the rows scroll, nothing is cut.
        rows_box = QWidget()
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addLayout(rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(rows_box)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a finger scrolls it; the keys have no use for it
        column.insertWidget(column.count() - 1, scroll, 20)  # the rows take the room, not the margins
        # Before the customer registers: who keeps the data, why, their rights, how to withdraw,
        # and the store's privacy policy as text and a QR code for their phone.
        policy = str(self.settings.privacy_policy_url or "")
        self.privacy_notice = QLabel(consent.notice(self.backend.shop_name, policy, kiosk=True))
        self.privacy_notice.setObjectName("kioskNotice")
        self.privacy_notice.setWordWrap(True)
        self.policy_qr = QrCode(module_px=4)
        self.policy_qr.setAccessibleName(tr("QR code of the privacy policy"))
        self.policy_qr.set_text(policy, public=True)
        self.policy_qr.setFixedSize(self.policy_qr.minimumSize())  # a phone reads 4 px modules off the tablet
        self.policy_qr.setVisible(bool(policy))
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.privacy_notice, 1)
        notice_row.addWidget(self.policy_qr, 0, Qt.AlignmentFlag.AlignVCenter)
        rows_layout.addLayout(notice_row)
        rows_layout.addStretch(1)
        self.errors["summary"] = self._error_label(column)

    def _arrange_summary(self, width: int, height: int) -> None:
        """The rows in two columns on a landscape screen (the details, then the choices), so the
        privacy notice under them stays in sight; one column on a portrait one."""
        grid = getattr(self, "summary_grid", None)
        if grid is None:
            return
        columns = 2 if width > height else 1
        if getattr(self, "_summary_columns", 0) == columns and grid.count() == len(self.summary_rows):
            return
        self._summary_columns = columns
        per_column = -(-len(self.summary_rows) // columns)
        for row in self.summary_rows.values():
            grid.removeWidget(row)
        for i, row in enumerate(self.summary_rows.values()):
            grid.addWidget(row, i % per_column, i // per_column, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def _done_page(self) -> None:
        page = _Page(turns=True)  # the QR code beside the number, or under it on a portrait tablet
        row = page.box
        column = QVBoxLayout()
        column.addStretch(1)
        title = QLabel(tr("All done"))
        title.setObjectName("kioskTitle")
        title.setWordWrap(True)
        self.titles["done"] = title
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.card = QLabel()
        self.card.setObjectName("kioskCard")
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.done_hint = QLabel()
        self.done_hint.setObjectName("kioskHint")
        self.done_hint.setWordWrap(True)
        self.done_countdown = QLabel()
        self.done_countdown.setObjectName("kioskCountdown")
        for widget in (title, self.done_text, self.card, self.done_hint, self.done_countdown):
            column.addWidget(widget)
        column.addStretch(2)
        row.addLayout(column, 3)
        self.qr = QrCode(module_px=8)
        self.qr.setAccessibleName(tr("QR code of your member number"))
        row.addWidget(self.qr, 2)
        page.pad = self.qr
        page.turn()
        page.setProperty("next_text", tr("Finish"))
        self.stack.addWidget(page)
        self.pages["done"] = page

    def _admin_page(self) -> None:
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.pin.setMaxLength(12)
        self.pin.returnPressed.connect(self.go_next)
        self.inputs["pin"] = self.pin
        self._page("admin", tr("Staff only: manager PIN"), tr("Customers: tap Cancel to go back."), self.pin,
                   pad=Keypad(), next_text=tr("Unlock"))

    # ------------------------------------------------------------------ intents, forwarded with what the fields hold

    def go_next(self) -> None:
        step = self.session.step
        values = self._values(step)
        if step == "admin":
            values = {"pin": self.pin.text()}
            self.pin.clear()  # never kept, in the session or on screen
        elif step == "birthday" and not values.get("birthday"):
            values["old_enough"] = True  # the button said "Skip: I am 17 or older"
        self.session.next(values)

    def correct(self, key: str) -> None:
        """A summary row tapped: its step, to change the answer."""
        self.session.correct(ROW_STEP[key])

    def go_back(self) -> None:
        self.session.back(self._values(self.session.step))

    def switch_language(self, code: str) -> None:
        self.session.choose_language(code, self._all_values())

    def show_step(self, step: str) -> None:
        self.session.show(step)

    def touched(self) -> None:
        self.session.touched()
        self._arm()

    def tap_guarded(self) -> bool:
        return self.session.tap_guarded()

    def seconds_left(self) -> int | None:
        return self.session.seconds_left()

    def wipe(self) -> None:
        self.session.wipe()

    def _edited(self, key: str) -> None:
        if not self._restoring:
            self.session.field_edited(key)

    def _values(self, step: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in STEP_FIELDS.get(step, ()):
            widget = self.inputs.get(key)
            if key == "gender":
                out[key] = next((v for v, b in self.gender_buttons.items() if b.isChecked()), None)
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
        return out

    def _all_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for step in STEP_FIELDS:
            out.update(self._values(step))
        return out

    def _refill(self) -> None:
        """The fields show the session's answers (a rebuilt page, a correction undone); filling
        them is not the customer typing, so it marks nothing as changed."""
        self._restoring = True
        try:
            for key, value in self.session.data.items():
                self._set_value(key, value)
        finally:
            self._restoring = False

    def _set_value(self, key: str, value: Any) -> None:
        widget = self.inputs.get(key)
        if key == "gender":
            self.gender_buttons.get(value, self.gender_buttons[None]).setChecked(True)
        elif isinstance(widget, QLineEdit):
            widget.setText(value or "")
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))

    # ------------------------------------------------------------------ rendering the session

    def _render(self, change: Change) -> None:
        if change == "finished":
            self.finish(self.session.finished or "quit")
            return
        if self.updating is not None:  # closing for an upgrade: the notice stays until the window goes
            return
        if change == "wipe":  # what one customer copied is gone before the next one comes
            clipboard = QApplication.clipboard()
            clipboard.clear(QClipboard.Mode.Clipboard)
            if clipboard.supportsSelection():
                clipboard.clear(QClipboard.Mode.Selection)
            self.backend.between_customers()  # between visits: a verified update may be installed
        if change == "answers":  # a correction undone: the fields show the answers kept
            self._refill()
        if change in ("wipe", "language"):
            if language() != self.session.language:
                apply_language(self.session.language)
                self.setWindowTitle(tr("Become a member"))
            self._build()
        self._sync()

    def _empty_widgets(self) -> None:
        """The old pages linger until Qt deletes them on its next pass: nothing of the customer
        stays in them meanwhile."""
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QCheckBox):
                widget.setChecked(False)
        for label in (self.done_text, self.card, self.still, *self.errors.values()):
            label.clear()
        for row in self.summary_rows.values():
            row.clear()
        self.qr.clear()

    def _sync(self) -> None:
        """Draw the session: its page, errors, buttons, countdown, PIN lock and notice."""
        session = self.session
        step = session.step
        self.stack.setCurrentWidget(self.pages[step])
        self.back.setText(tr("Cancel") if step in ("admin", "close") else tr("Back"))
        self.back.setVisible(step not in ("welcome", "done", "still_there"))
        for button in self.language_buttons.values():
            button.setVisible(step != "admin")
        for key, label in self.errors.items():
            label.setText(session.errors.get(key, ""))
            label.setVisible(key in session.errors)
        busy = bool(session.busy) and step != "still_there"  # "Yes, I'm here" always answers
        self.next.setText(tr(session.busy) if busy else self._next_text(step))
        locked = session.pin_locked_for() > 0
        self.next.setEnabled(not busy and not locked)
        self.back.setEnabled(not busy)
        for widget in (self.pin, self.pads["admin"]):
            widget.setEnabled(not locked)
        self.notice.setText(session.notice)
        self.notice.setVisible(bool(session.notice))
        self.help_hint.setVisible(not session.notice)
        left = session.seconds_left()
        if session.countdown == "still":
            self.still.setText(tr("The screen will be cleared in {seconds} seconds.").format(seconds=left))
        elif session.countdown == "done":
            self.done_countdown.setText(tr("Back to the start in {seconds} seconds.").format(seconds=left))
        if step == "summary":
            self._fill_summary()
        if session.outcome is not self._done_drawn:
            self._done_drawn = session.outcome
            if session.outcome is not None:
                self._fill_done(session.outcome)
        if step != self._shown_step:
            self._shown_step = step
            self._next_room(step)
            mobile = self.inputs["mobile_number"]
            if step == "mobile" and isinstance(mobile, QLineEdit) and not mobile.text():
                self._restoring = True  # not an edit of the customer's
                mobile.setText(MOBILE_START)  # almost every Indonesian mobile number: two taps fewer
                self._restoring = False
            if step == "email":
                self._propose()
            fields = [self.inputs.get(k) for k in STEP_FIELDS.get(step, ("pin",) if step == "admin" else ())]
            first = next((w for w in fields if isinstance(w, QLineEdit)), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
                first.end(False)
        self._arm()

    def _next_text(self, step: str) -> str:
        """An optional step with nothing given says Skip (the birthday's Skip says the customer's
        age: no birthday, no registering alone below it); a correction says OK (it goes back to
        the summary); otherwise the page's own word."""
        given = self._values(step)
        if step == "birthday" and not given.get("birthday"):
            return tr("Skip: I am {age} or older").format(age=self.settings.min_age_alone)
        if step == self.session.correcting:
            return tr("OK")
        if step in OPTIONAL_STEPS and not any(given.values()):
            return tr("Skip")
        return str(self.pages[step].property("next_text"))

    def _next_room(self, step: str) -> None:
        """Next as wide as the widest word it can say on this step (Skip, Next, OK, Checking…): its
        word changing never moves Back, or the keys over a help line that wraps once more."""
        words = {str(self.pages[step].property("next_text")), tr("OK"), self.next.text()}
        if step in BUSY_WORDS:
            words.add(tr(BUSY_WORDS[step]))
        if step in OPTIONAL_STEPS:
            words.add(tr("Skip"))
        if step == "birthday":
            words.add(tr("Skip: I am {age} or older").format(age=self.settings.min_age_alone))
        shown = self.next.text()
        self.next.setMinimumWidth(0)
        widths = []
        for word in words:
            self.next.setText(word)
            widths.append(self.next.sizeHint().width())
        self.next.setText(shown)
        self.next.setMinimumWidth(max(widths))

    def _answer_changed(self) -> None:
        step = self.session.step
        if step in OPTIONAL_STEPS and not self.session.busy:
            self.next.setText(self._next_text(step))

    def _propose(self) -> None:
        """Whole addresses made from the name the customer typed, above the keys."""
        pad = self.pads.get("email")
        email = self.inputs.get("email")
        if isinstance(pad, TextKeyboard) and isinstance(email, QLineEdit):
            pad.propose(email_proposals(str(self.session.data.get("name") or ""), email.text()))

    def _arm(self) -> None:
        wake = self.session.wake_in()
        if wake is None:
            self.alarm.stop()
        else:
            self.alarm.start(max(1, round(wake * 1000)))

    def _wake(self) -> None:
        self.session.tick()
        self._arm()

    def _fill_summary(self) -> None:
        form = self.session.form()
        gender = {None: tr("Prefer not to say"), "female": tr("Female"), "male": tr("Male")}
        for key, row in self.summary_rows.items():
            value = form.get(key)
            if key == "gender":
                text = gender.get(value, "")
            elif key in CONSENTS:
                text = tr("Yes") if value else tr("No")
            elif key == "mobile_number" and str(value or "").strip():
                text = fmt.phone(str(value).strip())  # grouped as everywhere else: 0812-7700-1235
            else:
                text = (value or "").strip() or tr("Not given")
            if key == "email":  # a long address breaks after its dots and @ on a narrow screen
                text = re.sub(r"([@.])", "\\1\u200b", text)
            row.set_value(text)

    def _fill_done(self, outcome: KioskOutcome) -> None:
        self.card.clear()
        self.qr.clear()
        if outcome.state == "queued" or not outcome.card:
            self.titles["done"].setText(tr("Thank you!"))
            self.done_text.setText(tr("Your registration is saved. Our staff can find your member number at the counter."))
            self.done_hint.clear()
        else:
            self.titles["done"].setText(tr("Welcome, you are a member!"))
            self.done_text.setText(tr("Your member number:"))
            self.card.setText(outcome.card)
            self.qr.set_text(outcome.card)
            self.done_hint.setText(tr("Photograph your number or scan the QR code, and show it at the counter."))

    # ------------------------------------------------------------------ the way out

    def unlock(self) -> None:
        self.session.unlock()

    def show_updating(self) -> None:
        """The installer asked the app to close for an upgrade: the whole kiosk says so, without
        buttons, until the window goes (the app comes back by itself after the upgrade)."""
        if self.updating is None:
            self.updating = QLabel(tr("Updating — back in a minute"))
            self.updating.setObjectName("kioskTitle")
            self.updating.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.updating.setWordWrap(True)
            self.stack.addWidget(self.updating)
        self.stack.setCurrentWidget(self.updating)
        for widget in (self.back, self.next, self.help_hint, self.notice):
            widget.setVisible(False)
        self.alarm.stop()

    def hand_over_work(self) -> int:
        """The app is going (the installer's request, a log-off): a registration the customer sent
        that is still in its duplicate check goes to the outbox now, as at the counter
        (``RegistrationFlow.hand_over``). How many were handed over."""
        return int(self.session.flow.registration.hand_over())

    def finish(self, how: str) -> None:
        if not self._finished:
            self._finished = True
            self._unlocked = True
            self.finished.emit(how)
            self.close()

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if not self._unlocked:
            event.ignore()  # customers cannot close the kiosk
            return
        super().closeEvent(event)

    async def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        self.alarm.stop()
        self.session.close()
