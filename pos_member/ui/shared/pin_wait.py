"""The manager PIN's lock-out, counted down next to the PIN field: a right PIN typed during it is
refused, and the field must say why and for how long (not just empty itself)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from pos_member.flows.pin import ManagerPinGate, PinCheck, PinVerdict
from pos_member.i18n import tr


class LockoutCountdown(QObject):
    """While ``gate`` is locked, ``say(message)`` every second; once it opens, says so once."""

    def __init__(self, gate: ManagerPinGate, say: Callable[[str], None], parent: QObject):
        super().__init__(parent)
        self.gate, self.say = gate, say
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        """After a refused PIN: counts down if that started (or met) a lock-out."""
        if self.gate.locked_for() > 0 and not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        wait = self.gate.locked_for()
        if wait > 0:
            self.say(PinCheck(PinVerdict.LOCKED, wait_s=wait).message)
        else:
            self.timer.stop()
            self.say(tr("You can type the manager PIN again now."))
