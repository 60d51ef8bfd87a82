"""A QR code of a short text (a member number), drawn crisp at any size.

segno builds the symbol; the widget paints its modules on whole pixels with the quiet zone scanners
need, black on white whatever the theme, so a phone camera reads it off a tablet screen.
"""

from __future__ import annotations

import functools

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Modules of white around the symbol (the QR standard asks for 4).
QUIET_ZONE = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The symbol's modules, True for dark, without the quiet zone. Error correction M (15 %)
    survives screen glare; segno raises its level for free when the version has room."""
    code = segno.make_qr(text, error="m")
    return [[bool(bit) for bit in row] for row in code.matrix]


@functools.lru_cache(maxsize=4)
def _public_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """A public text's symbol (the privacy policy's address), encoded once: segno's mask search
    costs ~7 ms, on every registration form that was built."""
    return tuple(tuple(row) for row in qr_matrix(text))


class QrCode(QWidget):
    """Shows ``text`` as a QR code; empty text draws nothing. ``module_px`` is the smallest size
    of one module, so the widget never shrinks below what a camera can read."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, module_px: int = 6):
        super().__init__(parent)
        self.module_px = module_px
        self._text = ""
        self._matrix: list[list[bool]] | tuple[tuple[bool, ...], ...] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.set_text(text)

    def text(self) -> str:
        return self._text

    def matrix(self) -> list[list[bool]]:
        """The modules drawn (dark = True), without the quiet zone."""
        return [list(row) for row in self._matrix]

    def set_text(self, text: str, *, public: bool = False) -> None:
        """``public``: the text is no one's (a web address), so its symbol may be kept and reused;
        a member's number is never kept after it leaves the screen."""
        self._text = text or ""
        if not self._text:
            self._matrix = []
        else:
            self._matrix = _public_matrix(self._text) if public else qr_matrix(self._text)
        side = self._side_modules() * self.module_px
        self.setMinimumSize(side, side)
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_text("")

    def _side_modules(self) -> int:
        return len(self._matrix) + 2 * QUIET_ZONE if self._matrix else 0

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self._side_modules() * max(self.module_px, 8)
        return QSize(side, side)

    def symbol_rect(self) -> QRect:
        """Where the symbol (quiet zone included) is drawn: centred, whole pixels per module."""
        modules = self._side_modules()
        if not modules:
            return QRect()
        scale = max(1, min(self.width(), self.height()) // modules)
        side = modules * scale
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self._matrix:
            return
        area = self.symbol_rect()
        scale = area.width() // self._side_modules()
        painter = QPainter(self)
        painter.fillRect(area, QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        left, top = area.left() + QUIET_ZONE * scale, area.top() + QUIET_ZONE * scale
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(left + x * scale, top + y * scale, scale, scale)
        painter.end()
