"""Every visible string has an Indonesian translation; every control has an accessible name."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

import pos_member.i18n.__main__ as i18n_tool
from pos_member.i18n import tr
from pos_member.i18n.qt import apply_language
from pos_member.ui.shared.a11y import spoken
from tests.conftest import run_async
from tests.test_kiosk import make_kiosk, settle  # noqa: F401 (a fixture, used by name)

TS = Path(i18n_tool.HERE) / "pos_member_id.ts"


def catalogue(path: Path = TS) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {m.findtext("source"): (m.findtext("translation") or "") for m in root.iter("message")}


def test_every_message_is_translated():
    assert i18n_tool.untranslated(TS) == []


def test_placeholders_survive_translation():
    for source, translation in catalogue().items():
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation)), source


def test_catalogue_is_up_to_date_with_the_code(tmp_path):
    """A new tr("...") in the code without a translation fails here."""
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), "-no-obsolete", "-locations", "none", *i18n_tool.sources(), "-ts", str(copy)],
                   check=True, capture_output=True)
    new = set(catalogue(copy)) - set(catalogue())
    assert not new, f"strings missing from {TS.name} (run python -m pos_member.i18n update): {sorted(new)}"
    assert i18n_tool.untranslated(copy) == []


def visible_texts(widgets) -> list[str]:
    texts = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        texts += [widget.windowTitle(), widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    return [t for t in texts if t]


def open_everything(window, qtbot):
    """The main window with a member open, and every dialog a cashier can reach."""
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.profile_view.toggle.setChecked(True)
    window.open_registration()
    window.open_quick_registration()
    window.open_outbox()
    window.open_help()
    window.open_settings()
    window.open_sign_in()
    for name in ("edit", "phone", "email", "tags", "level", "anonymise"):
        window.actions_by_name[name].click()
    window.show_customer_phone()
    qtbot.wait(50)
    return widgets_of(window, *window.dialogs, window.customer_phone)


def widgets_of(*windows) -> list[QWidget]:
    """Each window and what it holds. (Not QApplication.allWidgets(): it also hands back widgets of
    earlier tests on their way out, and touching those crashed the run once.)"""
    found = {}
    for top in windows:
        if top is not None:
            for widget in (top, *top.findChildren(QWidget)):
                found[id(widget)] = widget
    return list(found.values())


@pytest.fixture
def indonesian():
    assert apply_language("id")
    yield
    apply_language("en")


def test_no_english_left_on_screen_in_indonesian(make_window, qtbot, indonesian):
    window = make_window()
    widgets = open_everything(window, qtbot)
    english = {source for source, translation in catalogue().items() if translation != source}
    shown = visible_texts(widgets)
    assert "Cari anggota: nama, nomor HP, email, atau ID anggota  (F2)" in shown  # really in Indonesian
    left = sorted({t for t in shown if t in english})
    assert left == [], f"shown in English: {left}"
    assert any(" Des 20" in t or " Apr 1988" in t for t in shown)  # dates in Indonesian month names


INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def test_every_control_has_an_accessible_name(make_window, qtbot):
    window = make_window()
    widgets = open_everything(window, qtbot)
    nameless = []
    for widget in widgets:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue  # the editable combo's own line edit: the combo carries the name
        if isinstance(widget, QHeaderView) and widget.parent() is not None and widget.parent().accessibleName():
            continue  # a table's header: part of the named table
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name.strip():
            nameless.append(f"{type(widget).__name__} {widget.objectName()!r} in {widget.window().windowTitle()!r}")
    assert nameless == []


# What Qt hands the AT-SPI bridge (tests/test_atspi.py reads the same through the real stack).

DECORATION = re.compile(r"\((Ctrl|Alt|Shift|F\d)|\s{2}")  # as in tools/atspi_walker.py


def said(widget: QWidget, what=QAccessible.Text.Name) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


def has_label(widget: QWidget) -> bool:
    relations = QAccessible.queryAccessibleInterface(widget).relations(QAccessible.RelationFlag.Label)
    return any(target.text(QAccessible.Text.Name).strip() for target, _flag in relations)


def where(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} in {widget.window().windowTitle()!r}"


def speech_problems(widgets) -> list[str]:
    """Names as a person would say what they see; every field labelled; status texts not hidden."""
    problems = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().strip():
            shown, keys = spoken(widget.text())
            name = said(widget)  # WCAG 2.5.3 "label in name": what is shown is what is said, maybe with more
            if any(c.isalnum() for c in shown) and shown.casefold() not in name.casefold() or DECORATION.search(name):
                problems.append(f"{where(widget)} shows {widget.text()!r} but is read {name!r}")
            if keys and keys not in said(widget, QAccessible.Text.Description):
                problems.append(f"{where(widget)}: shortcut {keys} not in its description")
        field = isinstance(widget, (QComboBox, QAbstractSpinBox)) or (
            isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) and not widget.isReadOnly()
            and not isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)))
        if field and not has_label(widget):
            name = said(widget)
            placeholder = getattr(widget, "placeholderText", lambda: "")()
            if isinstance(widget, QComboBox) or not name.strip() or name == placeholder:
                problems.append(f"{where(widget)} has no label (read as {name!r})")
        if isinstance(widget, QLabel) and widget.accessibleName() and widget.textFormat() != Qt.TextFormat.RichText:
            shown = spoken(widget.text())[0].casefold()
            heard = f"{said(widget)} {said(widget, QAccessible.Text.Description)}".casefold()
            if shown and shown not in heard:
                problems.append(f"{where(widget)} shows {widget.text()!r} but is read {said(widget)!r}")
    return problems


@pytest.fixture(params=["en", "id"])
def language(request):
    assert apply_language(request.param)
    yield request.param
    apply_language("en")


def test_cashier_controls_are_read_as_shown(make_window, qtbot, language):
    window = make_window()
    window.search_box.setText("budi")  # the clear button shows
    assert speech_problems(open_everything(window, qtbot)) == []


def test_status_bar_states_are_read(make_window, qtbot, language):
    window = make_window()
    window.backend.outbox.add("register", {"name": "Agus Salim"})  # listeners run now: the button shows
    status = widgets_of(window.statusBar())
    assert window.outbox_button.isVisible() and speech_problems(status) == []
    assert tr("Connection") in said(window.conn_label)


def test_kiosk_steps_are_read_as_shown(make_kiosk, qtbot, language):
    kiosk = make_kiosk(kiosk_onscreen_keyboard=True)
    problems = []
    for step in kiosk.pages:
        kiosk.show_step(step)
        problems += [f"{step}: {p}" for p in speech_problems(widgets_of(kiosk))]
    roles = {QAccessible.queryAccessibleInterface(b).role() for b in kiosk.language_buttons.values()}
    choices = {QAccessible.queryAccessibleInterface(b).role() for b in kiosk.gender_buttons.values()}
    assert problems == []
    assert roles == {QAccessible.Role.Button}  # a choice of language, not a tick box
    assert choices == {QAccessible.Role.RadioButton}  # one answer of three, not three tick boxes


def test_a_choice_answers_a_touch_anywhere_on_it(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.show_step("gender")
    settle(kiosk)  # a page change ignores taps for a moment (double taps)
    female = kiosk.gender_buttons["female"]
    QTest.mouseClick(female, Qt.MouseButton.LeftButton, pos=QPoint(female.width() - 10, female.height() // 2))
    assert female.isChecked() and not kiosk.gender_buttons[None].isChecked()
