"""Windows sized to what they show, and never taller than the screen a counter has."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QPushButton, QSizePolicy, QStackedWidget, QWidget

from pos_member.ui.shared.a11y import spoken

#: The client height a dialog may take on 1366×768 with the Windows taskbar (728 px usable)
#: minus a title bar and frame.
COUNTER_SCREEN_HEIGHT = 690
#: Room for the title bar and frame on any screen.
FRAME_PX = 38


def prepare(window: QWidget) -> None:
    """Do now what a hidden window's first show would: polish its widgets (the style sheet),
    lay them out and create its native window, so that first show costs no more than the next."""
    window.ensurePolished()
    for child in window.findChildren(QWidget):
        child.ensurePolished()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    window.winId()


def fit_screen(window: QWidget, width: int, height: int, *, cap: bool = True) -> None:
    """``width`` × ``height``, but inside the available screen (and, with ``cap``, the counter's
    1366×768); a window larger than the space left moves to the top left of the screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if available is not None:
        width = min(width, available.width())
        height = min(height, available.height() - FRAME_PX)
    window.resize(width, min(height, COUNTER_SCREEN_HEIGHT) if cap else height)
    if available is not None and not cap:
        window.move(available.left() + max(0, (available.width() - width) // 2), available.top())


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


#: Between two windows placed side by side.
BESIDE_GAP = 8
#: The narrowest a window placed beside another may become to fit the screen.
BESIDE_MIN_WIDTH = 220


def beside(anchor: QRect, size: QSize, screen: QRect) -> tuple[QPoint, QRect]:
    """Where a window of ``size`` goes beside ``anchor`` (both frames) on ``screen``, so it covers
    none of it: returns the anchor's (possibly moved) top left and the window's frame. Right of
    the anchor if there is room, else left; else both move so the pair is centred, the window
    narrowed (not below BESIDE_MIN_WIDTH) to what is left. Only a screen too small for even that
    lets it overlap, at the screen's right edge."""
    width, height = size.width(), min(size.height(), screen.height())
    top = max(screen.top(), min(anchor.top(), screen.bottom() + 1 - height))
    if anchor.right() + BESIDE_GAP + width <= screen.right():
        return anchor.topLeft(), QRect(anchor.right() + 1 + BESIDE_GAP, top, width, height)
    if anchor.left() - BESIDE_GAP - width >= screen.left():
        return anchor.topLeft(), QRect(anchor.left() - BESIDE_GAP - width, top, width, height)
    width = min(width, screen.width() - anchor.width() - BESIDE_GAP)
    if width < BESIDE_MIN_WIDTH:
        width = min(size.width(), screen.width())
        return anchor.topLeft(), QRect(screen.right() + 1 - width, top, width, height)
    left = screen.left() + (screen.width() - anchor.width() - BESIDE_GAP - width) // 2
    return QPoint(left, anchor.top()), QRect(left + anchor.width() + BESIDE_GAP, top, width, height)


def place_beside(window: QWidget, anchor: QWidget) -> None:
    """Put ``window`` beside ``anchor`` on the anchor's screen (see ``beside``); the anchor moves
    only when the screen has no room on either side of it."""
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    frame, own = anchor.frameGeometry(), window.frameGeometry()
    extra = QSize(own.width() - window.width(), own.height() - window.height())  # the window's own frame
    anchor_at, rect = beside(frame, own.size(), screen.availableGeometry())
    if anchor_at != frame.topLeft():
        anchor.move(anchor_at)
    if rect.width() != own.width() or rect.height() != own.height():
        window.resize(rect.width() - extra.width(), rect.height() - extra.height())
    window.move(rect.topLeft())


def keep_on_screen(window: QWidget) -> None:
    """A window that grew while shown moves up so its bottom stays on the screen (nothing else
    moves it: there may be no window manager, and Windows leaves it where it was)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available, frame = screen.availableGeometry(), window.frameGeometry()
    if frame.bottom() > available.bottom():
        window.move(frame.left(), max(available.top(), available.bottom() - frame.height()))


class ElidedLabel(QLabel):
    """One line that gives way: cut with "…" when there is no room, the whole text in its tooltip
    and for screen readers. ``text()`` is always the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("M…") + 8), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), shown,
                                  self.foregroundRole())


class FoldingRow(QWidget):
    """Buttons in one row, in order; those that do not fit fold into a menu behind the last
    button ("More"), so every action stays one click away at any width. A folded button keeps its
    shortcut (the window's) and its enabled state (read when the menu opens)."""

    def __init__(self, more_text: str, parent: QWidget | None = None, *, spacing: int = 6, align_right: bool = False):
        super().__init__(parent)
        self.spacing = spacing
        self.align_right = align_right
        self.buttons: list[QAbstractButton] = []
        self.more = QPushButton(more_text, self)
        self.more.setAutoDefault(False)
        self.more.setObjectName("moreButton")
        self.more.setMenu(QMenu(self.more))
        self.more.menu().aboutToShow.connect(self._fill_menu)
        self.more.hide()
        self.folded: list[QAbstractButton] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def add(self, button: QAbstractButton) -> None:
        button.setParent(self)
        self.buttons.append(button)
        self.updateGeometry()
        self._lay_out()

    def _height(self) -> int:
        return max([b.sizeHint().height() for b in (*self.buttons, self.more)] or [0])

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        widths = [b.sizeHint().width() for b in self.buttons]
        return QSize(sum(widths) + self.spacing * max(0, len(widths) - 1), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self.more.sizeHint().width(), self._height())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        super().resizeEvent(event)
        self._lay_out()

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LanguageChange):
            self._lay_out()

    def _lay_out(self) -> None:
        width, height = self.width(), self._height()
        widths = [b.sizeHint().width() for b in self.buttons]
        fits = sum(widths) + self.spacing * max(0, len(widths) - 1) <= width
        room = width if fits else width - self.more.sizeHint().width() - self.spacing
        x, shown = 0, 0
        for w in widths:
            if x + w > room:
                break
            x += w + self.spacing
            shown += 1
        self.folded = self.buttons[shown:]
        used = sum(widths[:shown]) + self.spacing * shown
        used += self.more.sizeHint().width() if self.folded else -self.spacing
        x = max(0, width - used) if self.align_right else 0
        for i, (button, w) in enumerate(zip(self.buttons, widths, strict=True)):
            button.setVisible(i < shown)
            if i < shown:
                button.setGeometry(x, 0, w, height)
                x += w + self.spacing
        self.more.setVisible(bool(self.folded))
        if self.folded:
            self.more.setGeometry(x, 0, self.more.sizeHint().width(), height)

    def _fill_menu(self) -> None:
        menu = self.more.menu()
        menu.clear()
        for button in self.folded:
            name, keys = spoken(button.text())
            submenu = button.menu() if isinstance(button, QPushButton) else None
            if submenu is not None:  # a button with its own menu folds in as a submenu
                submenu.setTitle(name)
                menu.addMenu(submenu).setEnabled(button.isEnabled())
                continue
            action = menu.addAction(f"{name}\t{keys}" if keys else name)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
