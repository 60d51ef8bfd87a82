"""A counter that cannot start says so: a dialog at a cashier's counter, the "out of order" page on
a kiosk (which keeps retrying and never exits into a restart loop)."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_member.flows.start import StartFailure
from pos_member.i18n import tr
from pos_member.ui.shared import style
from pos_member.ui.shared.forms import button_row

log = logging.getLogger("pos_member")


class StartFailureDialog(QDialog):
    """What went wrong and what to tell IT. ``choice``: "retry", "connect" (no token: the connect
    dialog behind the manager PIN) or "close"."""

    def __init__(self, failure: StartFailure, parent: QWidget | None = None):
        super().__init__(parent)
        self.failure = failure
        self.choice = "close"
        self.setWindowTitle(tr("Membership counter"))
        self.setStyleSheet(style.APP_QSS)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title = QLabel(failure.title)
        title.setObjectName("memberName")
        title.setWordWrap(True)
        self.text = QLabel(failure.message)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # IT copies it
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(lambda: self._choose("close"))
        self.retry = QPushButton(tr("Try again"))
        self.retry.clicked.connect(lambda: self._choose("retry"))
        buttons = [self.close_button, self.retry]
        self.connect_button: QPushButton | None = None
        if failure.kind == "token":
            self.connect_button = QPushButton(tr("Connect (manager PIN)"))
            self.connect_button.clicked.connect(lambda: self._choose("connect"))
            buttons.append(self.connect_button)
        buttons[-1].setObjectName("primary")
        buttons[-1].setDefault(True)
        layout.addLayout(button_row(*buttons))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class OutOfOrderPage(QWidget):
    """The kiosk's face when it cannot start: full screen, for customers and staff, retrying."""

    def __init__(self, failure: StartFailure, retry_s: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kioskRoot")
        self.setStyleSheet(style.APP_QSS)
        self.setWindowTitle(tr("Membership counter"))
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.headline = QLabel(tr("Out of order — please ask our staff"))
        self.headline.setObjectName("memberName")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSize(max(font.pointSize(), 10) * 2)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        layout.addStretch(1)
        self.for_staff = QLabel()
        self.for_staff.setObjectName("muted")
        self.for_staff.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.for_staff.setWordWrap(True)
        layout.addWidget(self.for_staff)
        layout.addStretch(1)
        self.retry_s = retry_s
        self._left = retry_s
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self.show_failure(failure)

    def show_failure(self, failure: StartFailure) -> None:
        self.failure = failure
        self._left = self.retry_s
        self._words()

    def _words(self) -> None:
        self.for_staff.setText(tr("For staff: {title}. {message}\nTrying again in {seconds} s.").format(
            title=self.failure.title, message=self.failure.message, seconds=max(0, round(self._left))))

    def _count(self) -> None:
        self._left -= 1
        self._words()

    async def wait_retry(self) -> None:
        """Show the page (full screen) until it is time to try starting again."""
        if not self.isVisible():
            self.showFullScreen()
            log.info("on screen: the out-of-order page (%s)", self.failure.kind)
        self._tick.start()
        try:
            await asyncio.sleep(self.retry_s)
        finally:
            self._tick.stop()


async def show_start_failure(failure: StartFailure, quit_after: float | None = None) -> str:
    """The dialog, awaited without a nested event loop (``open()``, not ``exec()``); its choice.
    ``quit_after`` closes it by itself (tests and benchmarks)."""
    dialog = StartFailureDialog(failure)
    log.info("on screen: %s", failure.title)  # in the store's language: what the counter shows
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda result: None if done.done() else done.set_result(result))
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), dialog.reject)
    await done
    dialog.deleteLater()
    return dialog.choice
