"""Kiosk mode: customers register themselves on a store tablet.

Full screen, frameless, on top; closing is ignored. The way out is five taps on the logo within
three seconds, then the manager PIN. After a quiet spell a "Still there?" countdown, then
everything typed is wiped and the welcome screen returns.
"""

from __future__ import annotations

import asyncio
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_member.flows.kiosk import FIELD_STEP, KioskFlow
from pos_member.flows.registration import Registrar
from pos_member.i18n import LANGUAGES, tr
from pos_member.i18n.qt import apply_language
from pos_member.runtime import Backend

from . import style
from .ops import Ops
from .setup_dialogs import PinGate

#: Seconds of "Still there?" before the screen is wiped.
STILL_THERE_S = 15
#: Seconds the done screen stays before returning to welcome.
DONE_S = 20
TAPS_TO_EXIT, TAP_WINDOW_S = 5, 3.0

KIOSK_QSS = style.APP_QSS + f"""
QWidget {{ font-size: 18pt; }}
QLabel#kioskTitle {{ font-size: 28pt; font-weight: bold; }}
QLabel#kioskHint {{ color: {style.MUTED}; font-size: 14pt; }}
QLabel#kioskError {{ color: {style.BAD_INK}; font-size: 14pt; }}
QLineEdit, QComboBox {{ min-height: 56px; font-size: 20pt; }}
QPushButton {{ min-height: 64px; min-width: 160px; font-size: 18pt; }}
QCheckBox {{ min-height: 56px; font-size: 18pt; }}
QCheckBox::indicator {{ width: 40px; height: 40px; }}
QLabel#logo {{ font-size: 22pt; font-weight: bold; color: {style.ACCENT}; }}
QPushButton:checked {{ background: #dbeafe; border: 3px solid {style.ACCENT}; }}
"""


class _Logo(QLabel):
    tapped = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.tapped.emit()
        super().mousePressEvent(event)


class _Activity(QObject):
    """Any touch, click or key anywhere counts as the customer still being there."""

    def __init__(self, on_activity):  # noqa: ANN001
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.on_activity()
        return False


class KioskWindow(QMainWindow):
    finished = Signal(str)

    def __init__(self, backend: Backend, *, fullscreen: bool = True):
        super().__init__()
        self.backend = backend
        self.cashier_code = None
        self.ops = Ops(None, self)
        self.flow = KioskFlow(Registrar(backend.outbox, backend.sender), backend.client, backend.settings)
        self.idle_s = backend.settings.kiosk_idle_seconds
        self._unlocked = False
        self._finished = False
        self._taps: list[float] = []
        self._task: asyncio.Task | None = None
        self.setStyleSheet(KIOSK_QSS)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(tr("Become a member"))

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._still_there)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.done_timer = QTimer(self)
        self.done_timer.setSingleShot(True)
        self.done_timer.timeout.connect(self.wipe)
        self._activity = _Activity(self.touched)
        QApplication.instance().installEventFilter(self._activity)
        self._build()
        if fullscreen:
            self.showFullScreen()

    # ------------------------------------------------------------------ building (again on language change)

    def _build(self, step: str = "welcome") -> None:
        root = QWidget()
        outer = QVBoxLayout(root)
        outer.setContentsMargins(32, 16, 32, 16)
        top = QHBoxLayout()
        self.logo = _Logo(self.backend.settings.store_name or "★ Stamps")
        self.logo.setObjectName("logo")
        self.logo.setAccessibleName(tr("Store logo"))
        self.logo.tapped.connect(self._logo_tapped)
        top.addWidget(self.logo)
        top.addStretch(1)
        if self.backend.training is not None:
            badge = QLabel(tr("TRAINING"))
            badge.setObjectName("trainingBanner")
            top.addWidget(badge)
        self.language_buttons = {}
        for code, name in LANGUAGES.items():
            button = QPushButton(name)
            button.setCheckable(True)
            button.setChecked(code == self._language())
            button.setAccessibleName(name)
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
        self._page("welcome", tr("Become a member"), tr("Join in one minute and start collecting rewards today."),
                   [], next_text=tr("Start"))
        self._page("name", tr("What is your name?"), tr("As on your ID card."), [("name", self._line(tr("Full name")))])
        self._page("mobile", tr("Your mobile number"), tr("We send your member card number here."),
                   [("mobile_number", self._line("0812 3456 7890", digits=True))])
        self._page("email", tr("Your email address"), "", [("email", self._line(tr("name@example.com")))])
        gender = QComboBox()
        gender.addItem(tr("Prefer not to say"), None)
        gender.addItem(tr("Male"), "male")
        gender.addItem(tr("Female"), "female")
        gender.setAccessibleName(tr("Gender"))
        self._page("more", tr("A little more (optional)"), tr("For birthday treats. You can skip this."),
                   [("birthday", self._line(tr("Birthday: DD-MM-YYYY"))), ("gender", gender)])
        consents = [(key, self._check(text)) for key, text in (
            ("allow_whatsapp_marketing", tr("Yes, send me offers on WhatsApp")),
            ("allow_sms_marketing", tr("Yes, send me offers by SMS")),
            ("allow_newsletters", tr("Yes, send me the email newsletter")))]
        self._page("consent", tr("How may we contact you?"), tr("Tick only what you want. You can change it later."),
                   consents)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._page("summary", tr("Is this right?"), "", [("summary", self.summary)], next_text=tr("Register"))
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self._page("done", tr("All done"), "", [("done", self.done_text)], next_text=tr("Finish"))
        self.still = QLabel()
        self.still.setObjectName("kioskTitle")
        self.still.setWordWrap(True)
        self._page("still_there", tr("Still there?"), "", [("still", self.still)], next_text=tr("Yes, I'm here"))
        self.gate = PinGate(self.backend.settings.manager_pin_hash)
        self.gate.unlocked.connect(self.unlock)
        self.stack.addWidget(self.gate)
        self.pages["admin"] = self.gate

        bottom = QHBoxLayout()
        help_hint = QLabel(tr("Need help? Ask our staff."))
        help_hint.setObjectName("kioskHint")
        bottom.addWidget(help_hint)
        bottom.addStretch(1)
        self.back = QPushButton(tr("Back"))
        self.back.clicked.connect(self.go_back)
        self.next = QPushButton(tr("Next"))
        self.next.setObjectName("primary")
        self.next.clicked.connect(self.go_next)
        bottom.addWidget(self.back)
        bottom.addWidget(self.next)
        outer.addLayout(bottom)
        old = self.takeCentralWidget()
        self.setCentralWidget(root)
        root.show()
        if old is not None:
            old.deleteLater()
        for key, value in self.flow.data.items():
            self._set_value(key, value)
        self.show_step(step)

    def _line(self, placeholder: str, *, digits: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(placeholder)
        if digits:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        edit.returnPressed.connect(self.go_next)
        return edit

    def _check(self, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(False)  # never ticked in advance
        return box

    def _page(self, name: str, title: str, hint: str, fields: list[tuple[str, QWidget]], next_text: str = "") -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        label = QLabel(title)
        label.setObjectName("kioskTitle")
        label.setWordWrap(True)
        label.setVisible(bool(title))
        column.addWidget(label)
        self.titles[name] = label
        if hint:
            label = QLabel(hint)
            label.setObjectName("kioskHint")
            label.setWordWrap(True)
            column.addWidget(label)
        for key, widget in fields:
            column.addWidget(widget)
            if isinstance(widget, (QLineEdit, QComboBox, QCheckBox)):
                self.inputs[key] = widget
                error = QLabel()
                error.setObjectName("kioskError")
                error.setWordWrap(True)
                error.setVisible(False)
                column.addWidget(error)
                self.errors[key] = error
        column.addStretch(2)
        page.setProperty("next_text", next_text or tr("Next"))
        self.stack.addWidget(page)
        self.pages[name] = page

    def _language(self) -> str:
        from pos_member.i18n import language

        return language()

    def switch_language(self, code: str) -> None:
        self._collect()
        apply_language(code)
        self._build(self.step)

    # ------------------------------------------------------------------ moving through the steps

    @property
    def step(self) -> str:
        return next((k for k, v in self.pages.items() if v is self.stack.currentWidget()), "welcome")

    def show_step(self, step: str) -> None:
        self.stack.setCurrentWidget(self.pages[step])
        self.next.setText(self.pages[step].property("next_text") or tr("Next"))
        self.back.setVisible(step not in ("welcome", "done", "still_there", "admin"))
        self.next.setVisible(step != "admin")
        if step == "summary":
            self._fill_summary()
        first = next((w for k, w in self.inputs.items() if w.parentWidget() is self.pages[step]), None)
        if isinstance(first, QLineEdit):
            first.setFocus()
        self.touched()

    def _values(self, step: str) -> dict:
        out = {}
        for key, widget in self.inputs.items():
            if widget.parentWidget() is not self.pages.get(step):
                continue
            if isinstance(widget, QLineEdit):
                out[key] = widget.text()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
        return out

    def _collect(self) -> None:
        for step in ("name", "mobile", "email", "more", "consent"):
            self.flow.data.update(self._values(step))

    def _set_value(self, key: str, value) -> None:  # noqa: ANN001
        widget = self.inputs.get(key)
        if isinstance(widget, QLineEdit):
            widget.setText(value or "")
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def go_next(self) -> None:
        step = self.step
        if step == "welcome":
            self.show_step("name")
        elif step in ("name", "mobile", "email", "more"):
            errors = self.flow.check(step, self._values(step))
            self._show_errors(errors)
            if not errors:
                order = ["name", "mobile", "email", "more", "consent"]
                self.show_step(order[order.index(step) + 1])
        elif step == "consent":
            self.flow.data.update(self._values("consent"))
            self.show_step("summary")
        elif step == "summary":
            if self._task is None or self._task.done():
                self._task = self.ops.spawn(self._register())
        elif step == "done":
            self.wipe()
        elif step == "still_there":
            self.countdown.stop()
            self.show_step(self._before_idle)

    def go_back(self) -> None:
        order = ["welcome", "name", "mobile", "email", "more", "consent", "summary"]
        step = self.step
        if step in order and step != "welcome":
            self._collect()
            self.show_step(order[order.index(step) - 1])

    def _fill_summary(self) -> None:
        d = self.flow.data
        consents = [text for key, text in (("allow_whatsapp_marketing", "WhatsApp"), ("allow_sms_marketing", "SMS"),
                                          ("allow_newsletters", tr("Newsletter"))) if d.get(key)]
        rows = [(tr("Name"), d.get("name")), (tr("Mobile"), d.get("mobile_number")), (tr("Email"), d.get("email")),
                (tr("Birthday"), d.get("birthday")), (tr("Offers by"), ", ".join(consents) or tr("None"))]
        self.summary.setText("<br>".join(f"{k}: <b>{_html(v)}</b>" for k, v in rows if v))

    async def _register(self) -> None:
        self.next.setEnabled(False)
        self.next.setText(tr("Registering…"))
        try:
            outcome = await self.flow.submit()
        finally:
            self.next.setEnabled(True)
        if outcome.state == "invalid":
            step = next((FIELD_STEP[k] for k in outcome.errors if k in FIELD_STEP), "name")
            self.show_step(step)
            self._show_errors(outcome.errors)
            return
        if outcome.state == "already_member":
            text = tr("You are already a member — please ask our staff, they will help you.")
        elif outcome.state == "queued":
            text = tr("Thank you! Your registration is saved and will be confirmed by message shortly.")
        else:
            text = tr("Welcome! Your member number is {card}. Show it at the counter to collect rewards.").format(
                card=f"<b>{outcome.card}</b>")
        self.done_text.setText(text)
        self.titles["done"].setText(tr("All done") if outcome.state != "already_member" else tr("Hello again!"))
        self.show_step("done")
        self.done_timer.start(DONE_S * 1000)

    # ------------------------------------------------------------------ idle and wipe

    def touched(self) -> None:
        if self.step not in ("welcome", "still_there", "admin"):
            self.idle.start(self.idle_s * 1000)
        else:
            self.idle.stop()

    def _still_there(self) -> None:
        self._before_idle = self.step
        self._left = STILL_THERE_S
        self.show_step("still_there")
        self.still.setText(tr("The screen will be cleared in {seconds} seconds.").format(seconds=self._left))
        self.countdown.start()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.countdown.stop()
            self.wipe()
            return
        self.still.setText(tr("The screen will be cleared in {seconds} seconds.").format(seconds=self._left))

    def wipe(self) -> None:
        """Forget the customer: flow data and every widget (rebuilt empty)."""
        self.countdown.stop()
        self.done_timer.stop()
        self.idle.stop()
        self.flow.reset()
        # Empty the old widgets too: they linger until Qt deletes them on its next pass.
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QCheckBox):
                widget.setChecked(False)
        for label in (self.summary, self.done_text, *self.errors.values()):
            label.clear()
        self._build("welcome")

    # ------------------------------------------------------------------ the way out

    def _logo_tapped(self) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < TAP_WINDOW_S] + [now]
        if len(self._taps) >= TAPS_TO_EXIT:
            self._taps = []
            self.show_step("admin")
            self.gate.pin.setFocus()

    def unlock(self) -> None:
        self._unlocked = True
        self.finish("quit")

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
        QApplication.instance().removeEventFilter(self._activity)
        await self.ops.shutdown()


def _html(value) -> str:  # noqa: ANN001
    import html

    return html.escape(str(value))
