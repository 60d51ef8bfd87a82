"""The search box (typing and card scans) and the list of suggestions."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from pos_member.api import Suggestion
from pos_member.flows import format as fmt
from pos_member.flows.identify import digits_only, identify
from pos_member.i18n import QT_TR_NOOP, tr
from pos_member.ui.shared import a11y, style

SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2


class SearchBox(QLineEdit):
    """Reports Enter, arrow keys for the list and Esc (card scans are caught app-wide: scanner.py)."""

    submitted = Signal(str)
    navigate = Signal(int)          # rows to move
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setPlaceholderText(tr("Find a member: name, phone, email or member ID  (F2)"))
        self.setAccessibleName(tr("Member search"))
        a11y.name_clear_button(self, tr("Clear the search"))

    def event(self, event: QEvent) -> bool:
        # The window's keys win over the line edit's own bindings (X11: Ctrl+E is end of line).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._window_key(event):
            event.ignore()
            return True
        return super().event(event)

    def _window_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(s.isEnabled() and s.key() == pressed for s in self.window().findChildren(QShortcut))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit(self.text())
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[Qt.Key(key)]
            self.navigate.emit(step)
            return
        if key == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML of ``text`` with the given character spans highlighted."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="background:{style.HIGHLIGHT}">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _word_prefix_spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    spans = []
    lowered = text.casefold()
    for match in re.finditer(r"\S+", lowered):
        for token in tokens:
            if token and match.group().startswith(token):
                spans.append((match.start(), match.start() + len(token)))
                break
    return spans


def _digit_spans(display: str, digits: str) -> list[tuple[int, int]]:
    """Highlight typed digits inside a formatted number (0812-3456-7890), whatever the dashes."""
    if not digits:
        return []
    national = display
    positions = [i for i, ch in enumerate(national) if ch.isdigit()]
    shown = "".join(national[i] for i in positions)
    index = shown.find(digits)
    if index < 0:
        return []
    return [(positions[index], positions[index + len(digits) - 1] + 1)]


def _typed_a_number(query: str) -> bool:
    """The cashier typed (part of) a phone number: they know it, so the row may show it in full."""
    compact = query.replace(" ", "").replace("-", "").lstrip("+")
    return len(compact) >= 4 and compact.isdigit()


def suggestion_html(s: Suggestion, query: str) -> str:
    """Two lines that tell five "Budi"s apart: name, tier badge and member ID; then the phone's
    last digits (in full only when the phone was typed) and the email."""
    q = " ".join(query.casefold().split())
    tokens = q.split(" ")
    name = s.name or tr("(no name)")
    name_html = _mark(name, _word_prefix_spans(name, tokens))
    tier = ""
    if s.membership:
        tier = (f'&nbsp;&nbsp;<span style="background:{style.ACCENT}; color:white; font-weight:bold">'
                f'&nbsp;{html.escape(s.membership)}&nbsp;</span>')
    member_id = ""
    if s.member_ids:
        first = s.member_ids[0]
        spans = [(0, len(q))] if q and first.casefold().startswith(q) else []
        extra = f" +{len(s.member_ids) - 1}" if len(s.member_ids) > 1 else ""
        member_id = f'&nbsp;&nbsp;<span style="color:{style.INK}">{_mark(first, spans)}{extra}</span>'
    details = []
    if _typed_a_number(q):
        phone = fmt.phone(s.phone)
        typed_digits = digits_only(q)
        if typed_digits.startswith("62"):
            typed_digits = "0" + typed_digits[2:]
        if phone:
            details.append(_mark(phone, _digit_spans(phone, typed_digits)))
    elif s.phone:
        details.append("☎ " + html.escape(fmt.phone_ending(s.phone)))
    if s.email:
        spans = [(0, len(q))] if q and s.email.casefold().startswith(q) else []
        details.append(_mark(s.email, spans))
    second = " · ".join(details)
    return (f'<div style="font-size:11pt"><b>{name_html}</b>{tier}{member_id}</div>'
            f'<div style="color:{style.MUTED}">{second}</div>')


def suggestion_spoken(s: Suggestion) -> str:
    """What a screen reader says for a row: the same facts, without the masking dots."""
    parts = [s.name or tr("(no name)"), s.membership or "", s.member_ids[0] if s.member_ids else ""]
    ending = fmt.phone_ending(s.phone)[-4:]
    if ending:
        parts.append(tr("phone ending {digits}").format(digits=ending))
    return ", ".join(p for p in parts if p)


class HtmlDelegate(QStyledItemDelegate):
    """Paints a row's rich text (name with the typed part highlighted, tier, contact). Laid-out
    documents are kept until the results change: laying out HTML is most of a paint's cost."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._docs: dict[tuple[str, int], QTextDocument] = {}

    def forget(self) -> None:
        self._docs.clear()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        text = index.data(HTML_ROLE) or ""
        width = max(100, option.rect.width() - 16)
        doc = self._docs.get((text, width))
        if doc is None:
            doc = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setHtml(text)
            doc.setTextWidth(width)
            self._docs[(text, width)] = doc
        return doc

    def paint(self, painter, option, index) -> None:  # noqa: ANN001
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        (widget.style() if widget else QStyle()).drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.left() + 8, option.rect.top() + 6)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 16, int(doc.size().height()) + 12)


class ResultsView(QListView):
    """Suggestions; Enter or a click opens one."""

    opened = Signal(object)   # Suggestion
    painted = Signal(int)     # sequence number of the results now on screen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("results")
        self.setAccessibleName(tr("Matching members"))
        self.setUniformItemSizes(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.delegate = HtmlDelegate(self)
        self.setItemDelegate(self.delegate)
        self.query = ""
        self.seq = -1
        self._painted_seq = -1
        self.clicked.connect(self._open_index)
        self.activated.connect(self._open_index)

    def show_results(self, seq: int, query: str, suggestions: list[Suggestion]) -> None:
        self.query, self.seq = query, seq
        self.delegate.forget()
        self.model_.clear()
        for s in suggestions:
            item = QStandardItem()
            item.setData(s, SUGGESTION_ROLE)
            item.setData(suggestion_html(s, query), HTML_ROLE)
            item.setData(suggestion_spoken(s), Qt.ItemDataRole.AccessibleTextRole)
            self.model_.appendRow(item)
        if suggestions:
            self.setCurrentIndex(self.model_.index(0, 0))

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        super().paintEvent(event)
        if self.seq != self._painted_seq:
            self._painted_seq = self.seq
            self.painted.emit(self.seq)

    def move(self, step: int) -> None:  # type: ignore[override]
        rows = self.model_.rowCount()
        if not rows:
            return
        row = max(0, min(rows - 1, (self.currentIndex().row() if self.currentIndex().isValid() else -1) + step))
        self.setCurrentIndex(self.model_.index(row, 0))

    def current_suggestion(self) -> Suggestion | None:
        index = self.currentIndex()
        return index.data(SUGGESTION_ROLE) if index.isValid() else None

    def names(self) -> list[str]:
        return [self.model_.item(r).data(SUGGESTION_ROLE).name for r in range(self.model_.rowCount())]

    def _open_index(self, index: QModelIndex) -> None:
        suggestion = index.data(SUGGESTION_ROLE)
        if suggestion is not None:
            self.opened.emit(suggestion)


#: What to check when nobody matched, by what was typed (identify's kinds).
NO_MATCH_HINTS = {
    "name": QT_TR_NOOP("Check the spelling, or search by phone number, email or member ID."),
    "phone": QT_TR_NOOP("No member has this phone number. Check the number with the customer, or register them."),
    "email": QT_TR_NOOP("No member has this email address. Check it with the customer, or register them."),
    "member_id": QT_TR_NOOP("No member has this member ID or card. Check the number, or register them."),
}


class NoMatch(QWidget):
    """"No member matches …" with the way forward."""

    registerRequested = Signal(str)
    quickRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.query = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 16, 16)
        self.message = QLabel()
        self.message.setObjectName("memberName")
        self.message.setWordWrap(True)
        self.hint = hint = QLabel(tr(NO_MATCH_HINTS["name"]))
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        row = QHBoxLayout()
        self.register = QPushButton()
        a11y.show_text(self.register, tr("Register new member  (Ctrl+N)"))
        self.register.setObjectName("primary")
        self.register.clicked.connect(lambda: self.registerRequested.emit(self.query))
        self.quick = QPushButton(tr("Quick registration (email or phone only)"))
        self.quick.setAccessibleName(tr("Quick registration"))
        self.quick.clicked.connect(lambda: self.quickRequested.emit(self.query))
        row.addWidget(self.register)
        row.addWidget(self.quick)
        row.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_query(self, query: str) -> None:
        self.query = query
        self.message.setText(tr("No member matches “{query}”.").format(query=query))
        kind = identify(query).kind
        self.hint.setText(tr(NO_MATCH_HINTS.get(kind, NO_MATCH_HINTS["name"])))
