"""Indonesian in every state a cashier reaches, not only on first paint: after a submit, after
toggles, with errors and results shown. Each text must go through tr() exactly once: a marked
translate function catches a translation translated again, and no English sentence of the
catalogue may be left on screen."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit

import pos_member.i18n as i18n
import pos_member.i18n.__main__ as i18n_tool
from pos_member.i18n.qt import CONTEXT, apply_language
from tests.conftest import run_async

MARK = "\u2063"  # invisible separator: set on every translated text
TS = i18n_tool.HERE / "pos_member_id.ts"


def english_sentences() -> list[str]:
    """Every source whose translation differs, and its pieces of three words or more."""
    pieces = set()
    for message in ET.parse(TS).getroot().iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        if translation == source:
            continue
        pieces.add(source)
        for piece in re.split(r"\{\w+\}|<[^>]+>|[“”():;]", source):
            piece = piece.strip(" .,-–—")
            if len(piece.split()) >= 3:
                pieces.add(piece)
    return sorted(pieces)


@pytest.fixture
def marked():
    """Indonesian, with every translation marked; returns the texts that were translated twice."""
    assert apply_language("id")
    twice: list[str] = []

    def translate(text: str) -> str:
        if MARK in text:
            twice.append(text.replace(MARK, ""))
            return text
        return MARK + QCoreApplication.translate(CONTEXT, text)  # what apply_language installs

    i18n.install(translate, "id", i18n.month_names())
    yield twice
    apply_language("en")


def shown() -> list[str]:
    texts = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        texts += [widget.windowTitle(), widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.append(widget.currentText())
    return [t.replace(MARK, "") for t in texts if t]


class Walk:
    def __init__(self, twice: list[str]):
        self.twice = twice
        self.english = english_sentences()
        self.problems: list[str] = []

    def check(self, state: str) -> None:
        for text in shown():
            plain = re.sub(r"<[^>]+>", " ", text)
            for piece in self.english:
                if piece == text or (len(piece.split()) >= 3 and piece in plain):
                    self.problems.append(f"{state}: English {piece!r} in {text!r}")
        self.problems += [f"{state}: translated twice: {t!r}" for t in self.twice]
        self.twice.clear()


def test_every_state_in_indonesian(make_window, qtbot, training, marked):
    from pos_member.config import hash_pin

    walk = Walk(marked)
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    walk.check("first paint")
    window.search_box.setText("zzqx")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match, timeout=5000)
    walk.check("no match")
    window.search_box.setText("nobody.here@example.com")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    run_async(qtbot, window.settled())
    walk.check("unknown email")

    dialog = window.open_registration({})
    dialog.submit()
    run_async(qtbot, window.settled())
    walk.check("registration with errors")
    dialog.form.fill({"name": "Rina Kusuma", "email": "rina.k@example.com", "mobile_number": "0813 2222 3333",
                      "marital_status": 2})
    dialog.submit()
    run_async(qtbot, window.settled())
    assert dialog.stack.currentWidget() is dialog.result_page
    walk.check("registered")
    dialog.result_page.another.click()
    walk.check("register another")
    training.faults.update(drop_rate=1.0)
    dialog.form.fill({"name": "Agus Salim", "email": "agus.salim@example.com", "mobile_number": "0813 4444 5555"})
    dialog.submit()
    run_async(qtbot, window.settled(), timeout=20_000)
    assert dialog.stack.currentWidget() is dialog.result_page
    walk.check("registration kept for later")
    training.faults.update(drop_rate=0.0)
    dialog.accept()

    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.profile_view.toggle.setChecked(True)
    walk.check("profile")
    window.gate.fail_paths.add("/api/v2/memberships/full-profile")
    window.refresh()
    run_async(qtbot, window.settled())
    assert window.profile_view.problem.isVisible()
    walk.check("profile with a part that failed")
    window.gate.fail_paths.clear()
    window.refresh()
    run_async(qtbot, window.settled())

    phone = window.open_action("phone")
    phone.target.setText("0812 7777 8888")
    phone.send_button.click()
    run_async(qtbot, window.settled())
    phone.code.setText("0000")
    phone.confirm_button.click()
    run_async(qtbot, window.settled())
    walk.check("wrong code")
    phone.reject()

    tags = window.open_action("tags")
    tags.add_button.click()
    run_async(qtbot, window.settled())
    next(b for b in tags.findChildren(QAbstractButton) if b.property("tag") or "vvip" in b.accessibleName()).click()
    walk.check("tags: errors and removal question")
    tags.reject()

    level = window.open_action("level")
    level.pin.setText("000000")
    level.apply.click()
    run_async(qtbot, window.settled())
    walk.check("set level: wrong PIN")
    level.reject()

    anonymise = window.open_action("anonymise")
    anonymise.mark_only.setChecked(True)
    anonymise.mark_only.setChecked(False)
    anonymise.apply.click()
    run_async(qtbot, window.settled())
    walk.check("anonymise: toggled, confirmation missing")
    anonymise.reject()

    window.open_help()
    walk.check("help")
    assert walk.problems == []


def test_a_taken_card_and_an_anonymised_member_in_indonesian(make_window, qtbot, training):
    """Stamps' own English for a taken member ID, and its placeholder name, in the cashier's words."""
    from pos_member.config import hash_pin
    from tests.test_member_changes import anonymise_siti
    from tests.test_registration import GOOD, fill, submit_and_wait

    assert apply_language("id")
    try:
        window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
        dialog = window.open_registration()
        fill(dialog, GOOD | {"member_id": "RRR0000002"})
        submit_and_wait(qtbot, dialog)
        assert dialog.form.visible_errors()["member_id"] == "ID anggota ini sudah dipakai anggota lain."
        assert not [t for t in shown() if "already used" in t]
        dialog.reject()
        anonymise_siti(qtbot, window)
        assert window.profile_view.name.text() == "Anggota yang dianonimkan"
    finally:
        apply_language("en")
