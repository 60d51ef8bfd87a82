"""The QR widget draws exactly segno's symbol, with its quiet zone, on whole pixels."""

from __future__ import annotations

import segno
from PySide6.QtGui import QColor

from pos_member.ui.shared.qr import QUIET_ZONE, QrCode, qr_matrix


def read_back(widget: QrCode) -> list[list[bool]]:
    """Sample the centre of every module of the drawn picture (quiet zone included)."""
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    area = widget.symbol_rect()
    modules = len(widget.matrix()) + 2 * QUIET_ZONE
    scale = area.width() / modules
    rows = []
    for y in range(modules):
        row = []
        for x in range(modules):
            px = int((area.left() + (x + 0.5) * scale) * ratio)
            py = int((area.top() + (y + 0.5) * scale) * ratio)
            row.append(QColor(image.pixel(px, py)).lightness() < 128)
        rows.append(row)
    return rows


def test_drawn_modules_match_the_symbol(qtbot):
    widget = QrCode("RRR0001234")
    qtbot.addWidget(widget)
    widget.resize(333, 290)  # not a multiple of the module count: still whole pixels per module
    drawn = read_back(widget)
    expected = [[bool(b) for b in row] for row in segno.make_qr("RRR0001234", error="m", boost_error=True).matrix]
    width = len(expected) + 2 * QUIET_ZONE
    quiet = [False] * width
    framed = [quiet] * QUIET_ZONE + [[False] * QUIET_ZONE + r + [False] * QUIET_ZONE for r in expected] + [quiet] * QUIET_ZONE
    assert drawn == framed
    assert widget.symbol_rect().width() % width == 0


def test_other_text_other_symbol_and_empty_draws_nothing(qtbot):
    widget = QrCode("RRR0001234")
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    first = read_back(widget)
    widget.set_text("RRR0001235")
    assert read_back(widget) != first and widget.text() == "RRR0001235"
    widget.clear()
    assert widget.symbol_rect().isNull() and widget.minimumWidth() == 0
    assert qr_matrix("RRR0001235") == [[bool(b) for b in row] for row in segno.make_qr("RRR0001235", error="m").matrix]


def test_never_smaller_than_a_camera_can_read(qtbot):
    widget = QrCode("RRR0001234", module_px=6)
    qtbot.addWidget(widget)
    modules = len(qr_matrix("RRR0001234")) + 2 * QUIET_ZONE
    assert widget.minimumWidth() == modules * 6 == widget.minimumHeight()


def test_only_a_public_address_is_kept_encoded_never_a_members_number(qapp):
    from pos_member.ui.shared import qr

    qr._public_matrix.cache_clear()  # noqa: SLF001 (the module's own cache)
    widget = qr.QrCode()
    widget.set_text("RRR0000002")  # a member's number: encoded, drawn, not kept
    assert qr._public_matrix.cache_info().currsize == 0  # noqa: SLF001
    widget.set_text("https://example.com/privacy", public=True)
    again = qr.QrCode()
    again.set_text("https://example.com/privacy", public=True)
    assert qr._public_matrix.cache_info().hits == 1  # noqa: SLF001
    assert again.matrix() == widget.matrix() == qr.qr_matrix("https://example.com/privacy")
