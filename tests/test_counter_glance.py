"""What a cashier reads at a glance: suggestion rows that tell same-name members apart, how many
matched, a birthday this month and the staff notes on the profile."""

from __future__ import annotations

import datetime as dt

from conftest import run_async
from PySide6.QtCore import Qt

from pos_member.ui.counter.search import HTML_ROLE


def _rows(window) -> list[str]:
    return [window.results.model_.item(r).data(HTML_ROLE) for r in range(window.results.model_.rowCount())]


def test_suggestions_count_and_tell_members_apart(make_window, qtbot):
    window = make_window()
    window.search_box.setText("su")  # many names: a full page, more may match
    qtbot.waitUntil(lambda: window.results.query == "su" and window.session.page == "results", timeout=5000)
    assert len(_rows(window)) == 10
    assert window.results_count.isVisible() and window.results_count.text().startswith("10 members shown; more may match")

    window.search_box.setText("budi")
    qtbot.waitUntil(lambda: window.results.query == "budi" and window.session.page == "results", timeout=5000)
    rows = _rows(window)
    assert window.results_count.text() == f"{len(rows)} members found."
    santoso = next(r for r in rows if "Santoso" in r)
    assert "RRR0000001" in santoso and ">&nbsp;Gold&nbsp;<" in santoso
    assert "•••• 7890" in santoso and "3456" not in santoso  # the number itself stays off screen
    spoken = window.results.model_.item(rows.index(santoso)).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Budi Santoso, Gold, RRR0000001, phone ending 7890"

    window.search_box.setText("siti rah")
    qtbot.waitUntil(lambda: window.results.query == "siti rah" and window.session.page == "results", timeout=5000)
    assert window.results.model_.rowCount() == 1 and window.results_count.text() == "1 member found."

    # A typed phone number: the cashier knows it, so the row shows it in full, marked.
    window.search_box.setText("0812 3456")
    qtbot.waitUntil(lambda: window.results.query == "0812 3456" and window.session.page == "results", timeout=5000)
    assert any("0812-3456-7890" in r.replace('<span style="background:#fde68a">', "").replace("</span>", "")
               for r in _rows(window))


def test_birthday_this_month_and_staff_notes_on_the_profile(make_window, qtbot, training):
    today = dt.date.today()
    training.store.db.execute("UPDATE users SET birthday = ?, notes = ? WHERE email = ?",
                              (f"1988-{today.month:02d}-{today.day:02d}", "Prefers oat milk.", "budi.santoso@example.com"))
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    view = window.profile_view
    assert view.birthday.isVisible() and view.birthday.text() == "Birthday today!"
    assert view.notes.isVisible() and "Staff note: Prefers oat milk." in view.notes.findChild(type(view.birthday)).text()

    other = 1 if today.month != 1 else 2  # a birthday in another month: no badge, no note
    window.open_member("RRR0000002")
    training.store.db.execute("UPDATE users SET birthday = ? WHERE email = 'siti.rahayu@example.co.id'",
                              (f"1995-{other:02d}-10",))
    window.session.refresh()
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Siti Rahayu"
    assert not view.birthday.isVisible() and not view.notes.isVisible()
