"""Form fields with their error shown right under them, in words a cashier understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from pos_member.ui.shared import a11y, wheel_guard

# Errors are styled by properties matched in style.APP_QSS, not per-widget style sheets: each of
# those builds its own style engine and made opening the registration form cost a frame.


class WrapCheckBox(QCheckBox):
    """A check box whose text wraps onto more lines instead of being cut at the form's edge.

    A consent question names the store ("Customer agrees that <store> sends them promos on
    WhatsApp"), and a store's name can be long: the customer must be able to read all of it at any
    width. The text stays the box's own (text(), its accessible name, its mnemonic-free click
    target); only the drawing is done by a word-wrapping label beside the indicator."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._label = QLabel(text, self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setWordWrap(True)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a click ticks
        self._label.setAccessibleName("")
        # Placed by hand, not by a layout: a layout inside would answer the form's heightForWidth
        # with the words' height alone, shorter than the box's indicator.
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:  # noqa: N802 — Qt's name
        super().setText(text)
        self._label.setText(text)

    def _indent(self) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        contents = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        return max(contents.left(), 20) + 4  # a little air between the box and its words

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self._label.sizeHint()
        return QSize(self._indent() + hint.width(), max(hint.height(), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._indent() + 120, super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self._label.heightForWidth(max(width - self._indent(), 1)), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        indent = self._indent()
        width = max(self.width() - indent, 1)
        height = min(self._label.heightForWidth(width), self.height())
        self._label.setGeometry(indent, (self.height() - height) // 2, width, height)

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 — the whole text ticks, as before
        return self.rect().contains(pos)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the label draws it, wrapped
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)


def button_row(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    """Buttons in a row, on the right; Enter never presses one just because it has the focus."""
    row = QHBoxLayout()
    if stretch_first:
        row.addStretch(1)
    for widget in widgets:
        if isinstance(widget, QPushButton):
            widget.setAutoDefault(False)
        row.addWidget(widget)
    return row


def ask_first(parent: QWidget, name: str, title: str, text: str, go: str, stay: str,
              then: Callable[[], object]) -> QMessageBox:
    """A question before something typed or on screen is thrown away: Enter and Esc both mean
    ``stay``, the safe answer; only a deliberate choice of ``go`` runs ``then``. Not shown yet:
    the caller opens it (``open()``, never ``exec()``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName(name)
    go_button = box.addButton(go, QMessageBox.ButtonRole.DestructiveRole)
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay_button)
    box.setEscapeButton(stay_button)

    def answered(button: Any) -> None:
        if button is go_button:
            then()

    box.buttonClicked.connect(answered)
    return box


def problem_label() -> QLabel:
    """The line a dialog says what went wrong in (hidden until it has something to say)."""
    label = QLabel()
    label.setObjectName("problemText")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def shortcut(keys: str, parent: QWidget, slot: Callable[[], object]) -> QShortcut:
    """A key for ``parent``'s window, calling ``slot``."""
    made = QShortcut(QKeySequence(keys), parent)
    made.activated.connect(slot)
    return made


def clear_layout(layout: QLayout) -> None:
    """Empty a layout, nested layouts too (their widgets are deleted later, by Qt)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # gone from the screen now: a reused dialog shown again must not flash it
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)
            inner.deleteLater()


def focus_field(widget: QWidget) -> None:
    """The keyboard to a field that must change: the cursor after its text, nothing selected,
    so the next key adds to what is there instead of replacing it."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.deselect()
        widget.end(False)


def next_field(dialog: QWidget) -> None:
    """Enter in a form: on to the next field, its text kept whole (not selected to be typed over)."""
    dialog.focusNextChild()
    focused = dialog.focusWidget()
    if isinstance(focused, QLineEdit):
        focused.deselect()
        focused.end(False)


def ctrl_enter(event: QKeyEvent) -> bool:
    """Ctrl+Enter, the key that saves every form. Fields pass it up to their dialog unhandled, so
    a dialog's keyPressEvent sees it wherever the focus is."""
    return (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))


class Form:
    """Named inputs (named as the API's parameters) in a QFormLayout, each with an error line."""

    def __init__(self, layout: QFormLayout):
        self.layout = layout
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        self.row_layouts: dict[str, QFormLayout] = {}
        #: Called when the cashier has fixed the last marked field (e.g. to drop a "check the fields" line).
        self.all_fixed: list[Callable[[], object]] = []

    def into(self, layout: QFormLayout) -> None:
        """Put the next fields in another section's layout."""
        self.layout = layout

    def add(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("muted")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.setVisible(False)
        column.addWidget(error)
        widget.setObjectName(f"field_{name}")
        wheel_guard.guard(widget)  # scrolling a form never changes a choice under the pointer
        if not isinstance(widget, QAbstractButton):  # a check box is read by its own text
            widget.setAccessibleName(label.rstrip(" *:"))
        caption = a11y.label(QLabel(label), widget)
        caption.setMinimumWidth(120)  # sections line up
        self.layout.addRow(caption, holder)
        self.inputs[name], self.errors[name], self.rows[name] = widget, error, holder
        self.row_layouts[name] = self.layout
        return widget

    def line(self, name: str, label: str, placeholder: str = "", hint: str = "", *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textEdited.connect(lambda _text, n=name: self.set_error(n, None))
        return self.add(name, label, edit, hint)  # type: ignore[return-value]

    def choice(self, name: str, label: str, options: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        for text, value in options:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i, n=name: self.set_error(n, None))
        return self.add(name, label, combo)  # type: ignore[return-value]

    def check(self, name: str, label: str, text: str) -> QCheckBox:
        box = WrapCheckBox(text)
        return self.add(name, label, box)  # type: ignore[return-value]

    @staticmethod
    def set_unknown(box: QCheckBox) -> None:
        """A yes/no not known: drawn half-ticked and read as None until the cashier sets it; the
        first click makes it a plain yes/no box again."""
        box.setTristate(True)
        box.setCheckState(Qt.CheckState.PartiallyChecked)

        def settled(state: int) -> None:
            if state != Qt.CheckState.PartiallyChecked.value:
                box.setTristate(False)
                box.stateChanged.disconnect(settled)

        box.stateChanged.connect(settled)

    def edit(self, name: str) -> QLineEdit:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit), name
        return widget

    def combo(self, name: str) -> QComboBox:
        widget = self.inputs[name]
        assert isinstance(widget, QComboBox), name
        return widget

    def set_visible(self, name: str, visible: bool) -> None:
        if not visible:
            self.set_error(name, None)  # a field gone from the form holds no mark (nor the "check" line)
        self.rows[name].setVisible(visible)
        label = self.row_layouts[name].labelForField(self.rows[name])
        if label is not None:
            label.setVisible(visible)

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                partly = widget.checkState() == Qt.CheckState.PartiallyChecked
                out[name] = None if partly else widget.isChecked()
        return out

    def fill(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            widget = self.inputs.get(name)
            if isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                widget.setCurrentIndex(max(0, index))
            elif isinstance(widget, QCheckBox):
                if value is None and widget.isTristate():
                    continue  # still not known
                widget.setTristate(False)
                widget.setChecked(bool(value))

    # ------------------------------------------------------------------ errors

    def set_error(self, name: str, message: str | None) -> None:
        label = self.errors.get(name)
        if label is None:
            return
        was_marked = not label.isHidden()
        if message:
            label.setText(message)
            # While the form has errors a fixed field keeps its error line's room: the fields
            # below stay put, so a click aimed at the next one lands there.
            policy = label.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            label.setSizePolicy(policy)
        label.setVisible(bool(message))
        widget = self.inputs[name]
        if isinstance(widget, QLineEdit) and bool(widget.property("invalid")) != bool(message):
            widget.setProperty("invalid", bool(message))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if not message and not self.visible_errors():
            self._release()
            if was_marked:
                for callback in self.all_fixed:
                    callback()

    def _release(self) -> None:
        """No marks left: the error lines give their room back."""
        for label in self.errors.values():
            if label.isHidden() and label.text():
                label.clear()
                policy = label.sizePolicy()
                policy.setRetainSizeWhenHidden(False)
                label.setSizePolicy(policy)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Put each message next to its field; returns the names that had no field."""
        for name in self.errors:
            self.set_error(name, errors.get(name))
        unplaced = [k for k in errors if k not in self.errors]
        first = next((self.inputs[k] for k in self.inputs if k in errors), None)
        if first is not None:
            focus_field(first)
        return unplaced

    def visible_errors(self) -> dict[str, str]:
        return {k: v.text() for k, v in self.errors.items() if not v.isHidden() and v.text()}
