"""Recent customers of this counter: one key back to the previous one, gone at sign-out."""

from __future__ import annotations

from conftest import run_async
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton


def _open(window, qtbot, key: str) -> None:
    window.focus_search()  # F2 selects what is there: typing replaces it
    QTest.keyClicks(window.search_box, key)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    run_async(qtbot, window.settled())


def _back(window, qtbot) -> None:
    QTest.keyClick(window.search_box, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    run_async(qtbot, window.settled())


def _on_screen(window) -> str | None:
    member = window.session.member
    return member.name if member is not None else None


def test_alt_left_goes_back_and_forth_between_the_last_two(make_window, qtbot):
    window = make_window()
    window.set_cashier("EMP001")
    _open(window, qtbot, "budi.santoso@example.com")
    assert _on_screen(window) == "Budi Santoso"
    assert window.session.recent == [] and not window.back_button.isVisible()
    _open(window, qtbot, "RRR0000002")
    assert _on_screen(window) == "Siti Rahayu"
    assert [s.name for s in window.session.recent] == ["Budi Santoso"]
    assert window.back_button.isVisible() and "Budi Santoso" not in window.back_button.text()  # the customer sees it

    _back(window, qtbot)
    assert _on_screen(window) == "Budi Santoso" and window.search_box.text() == ""
    assert [s.name for s in window.session.recent] == ["Siti Rahayu"]
    _back(window, qtbot)
    assert _on_screen(window) == "Siti Rahayu"

    # Next customer: the empty screen names nobody; who was served is listed only when asked for.
    QTest.keyClick(window.search_box, Qt.Key.Key_F12)
    run_async(qtbot, window.settled())
    assert _on_screen(window) is None
    assert [s.name for s in window.session.recent] == ["Siti Rahayu", "Budi Santoso"]
    shown = [w.text() for kind in (QLabel, QPushButton) for w in window.findChildren(kind) if w.isVisible()]
    assert not any("Siti" in t or "Budi" in t for t in shown), shown
    assert not window.profile_view.recent_card.isVisible()
    window.profile_view.recent_toggle.click()
    assert window.profile_view.recent_card.isVisible()
    _back(window, qtbot)
    assert _on_screen(window) == "Siti Rahayu"
    # Opening someone by another key (email) does not list them as "before" as well.
    _open(window, qtbot, "budi.santoso@example.com")
    assert [s.name for s in window.session.recent] == ["Siti Rahayu"]


def test_recent_customers_are_cleared_at_sign_out(make_window, qtbot):
    window = make_window()
    window.set_cashier("EMP001")
    _open(window, qtbot, "budi.santoso@example.com")
    _open(window, qtbot, "RRR0000002")  # Siti stays on screen while the cashier switches
    assert window.session.recent

    sign_in = window.open_sign_in()
    assert window.session.recent == [] and window.session.member is None
    assert not window.back_button.isVisible() and not window.profile_view.recent_card.isVisible()
    sign_in.code.setText("EMP002")
    sign_in.sign_in()
    assert window.cashier_code == "EMP002"
    _back(window, qtbot)  # nothing to go back to for the new cashier
    assert _on_screen(window) is None and window.session.recent == []


def test_sign_out_with_a_member_on_screen_keeps_no_one(make_window, qtbot):
    """The customer on screen at sign-out is not slipped into the list the next cashier sees."""
    window = make_window()
    window.set_cashier("EMP001")
    _open(window, qtbot, "budi.santoso@example.com")
    window.session.sign_out()
    assert window.session.recent == [] and window.session.previous is None


def test_the_list_of_earlier_customers_closes_for_the_next_one(make_window, qtbot):
    """Opened on the idle screen, the names go with F12, with Esc, and after an idle while."""
    window = make_window()
    window.set_cashier("EMP001")
    _open(window, qtbot, "budi.santoso@example.com")
    QTest.keyClick(window.search_box, Qt.Key.Key_F12)
    run_async(qtbot, window.settled())
    view = window.profile_view
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    for close in (lambda: QTest.keyClick(window.search_box, Qt.Key.Key_F12),
                  lambda: QTest.keyClick(window.search_box, Qt.Key.Key_Escape),
                  lambda: (view.recent_toggle.setFocus(),  # where a click leaves the focus
                           QTest.keyClick(view.recent_toggle, Qt.Key.Key_Escape)),
                  lambda: view.recent_timer.timeout.emit()):
        view.recent_toggle.click()
        assert view.recent_card.isVisible() and view.recent_timer.isActive()
        close()
        run_async(qtbot, window.settled())
        assert not view.recent_card.isVisible() and not view.recent_toggle.isChecked()
        assert view.recent_toggle.isVisible()  # still there to ask again
