"""Windows sized to what they show, and never taller than the screen a counter has."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

#: The client height a dialog may take on 1366×768 with the Windows taskbar (728 px usable)
#: minus a title bar and frame.
COUNTER_SCREEN_HEIGHT = 690
#: Room for the title bar and frame on any screen.
FRAME_PX = 38


def fit_screen(window: QWidget, width: int, height: int) -> None:
    """``width`` × ``height``, but inside the available screen and the counter's 1366×768."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if available is not None:
        width = min(width, available.width())
        height = min(height, available.height() - FRAME_PX)
    window.resize(width, min(height, COUNTER_SCREEN_HEIGHT))


def fit_page(window: QWidget, stack: QStackedWidget) -> None:
    """Size ``window`` to the page ``stack`` shows (a stack is otherwise as big as its biggest page)."""
    current = stack.currentWidget()
    for i in range(stack.count()):
        page = stack.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    layout = window.layout()
    if layout is not None:
        layout.invalidate()  # the stack does not tell its parent that its page changed size
        layout.activate()
    stack.adjustSize()
    window.adjustSize()
    if layout is None or current is None:
        return
    margins = layout.contentsMargins()
    # adjustSize goes by size hints; a page's own minimum width counts too.
    width = max(window.width(), current.minimumWidth() + margins.left() + margins.right())
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else window.height()
    window.resize(width, max(height, window.minimumSizeHint().height()))


def keep_on_screen(window: QWidget) -> None:
    """A window that grew while shown moves up so its bottom stays on the screen (nothing else
    moves it: there may be no window manager, and Windows leaves it where it was)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available, frame = screen.availableGeometry(), window.frameGeometry()
    if frame.bottom() > available.bottom():
        window.move(frame.left(), max(available.top(), available.bottom() - frame.height()))
