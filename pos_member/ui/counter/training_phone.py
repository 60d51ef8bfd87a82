"""Training only: the customer's phone and inbox, so a trainee can finish flows that send the
customer a message (one-time codes, welcome messages). Never part of a real store's app.

It is a window of its own (no parent): a code dialog open on the cashier window must not block
it, since the trainee reads the code from it while that dialog waits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from pos_member.flows import format as fmt
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.runtime import Backend
from pos_member.ui.shared import style
from pos_member.ui.shared.fit import fit_screen
from pos_member.ui.shared.ops import Ops

CHANNEL = {"sms": "SMS", "whatsapp": "WhatsApp", "email": QT_TR_NOOP("Email")}


class CustomerPhone(QDialog):
    def __init__(self, backend: Backend, ops: Ops):
        super().__init__(None)
        self.backend, self.ops = backend, ops
        self.setWindowTitle(tr("Customer's phone and inbox — TRAINING"))
        self.setStyleSheet(style.APP_QSS)
        self.setModal(False)
        fit_screen(self, 400, 560)
        layout = QVBoxLayout(self)
        header = QLabel(tr("TRAINING: what the customer receives on their phone or in their inbox. In a real store the customer reads the code from their own phone."))
        header.setObjectName("trainingBanner")
        header.setWordWrap(True)
        layout.addWidget(header)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Messages to customers"))
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.timer = QTimer(self)
        self.timer.setInterval(1500)
        self.timer.timeout.connect(self.refresh)
        self.seen_up_to = 0  # messages up to this id were for an earlier cashier's customers
        #: Where the keyboard goes back to when this window is activated (the code window beside it).
        self.keyboard_to: Callable[[], object] | None = None

    def start_over(self) -> None:
        """A cashier signed in: what earlier customers received is not theirs to read."""
        self.list.clear()
        self.ops.run(self, self.backend.training_messages, self._forget, lambda _problem: None,
                     key="start_over", show_busy=False)

    def _forget(self, messages: list[dict]) -> None:
        self.seen_up_to = max((m["id"] for m in messages), default=self.seen_up_to)
        self._show(messages)

    def event(self, event: QEvent) -> bool:
        """Activated while shown beside a code window (a click, or the window manager mapping
        it): the keyboard goes back there at once, since nothing is typed here."""
        if event.type() == QEvent.Type.WindowActivate and self.keyboard_to is not None:
            QTimer.singleShot(0, self, self.keyboard_to)
            QTimer.singleShot(0, self, self.raise_)  # still in sight beside it
        return super().event(event)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802
        self.timer.stop()
        self.keyboard_to = None
        super().hideEvent(event)

    def refresh(self) -> None:
        self.ops.run(self, self.backend.training_messages, self._show, lambda _problem: None, show_busy=False)

    def _show(self, messages: list[dict]) -> None:
        self.list.clear()
        for m in [m for m in messages if m["id"] > self.seen_up_to][:30]:
            to = fmt.phone(m["recipient"]) if m["recipient"].startswith("+") else m["recipient"]
            head = tr("{channel} to {to} · {time}").format(channel=tr(CHANNEL.get(m["channel"], m["channel"])), to=to,
                                                           time=m["created"][11:16])
            item = QListWidgetItem(f"{head}\n{m['subject']}\n{m['body']}")
            self.list.addItem(item)
