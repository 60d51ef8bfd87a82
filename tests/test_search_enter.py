"""Enter opens what the cashier sees; typed digits never become a card number.

With suggestions on screen for the text in the box, Enter opens the highlighted one, whatever the
text looks like (digits, a member-ID prefix, a name). An exact lookup (member ID/card, email,
phone) happens only for a scan or an Enter before the list for this text came. A search that
found nobody prefills registration only with what the text surely is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_member.flows.identify import registration_prefill
from pos_member.sandbox.faults import PRESETS
from tests.conftest import run_async
from tests.helpers import press
from tests.test_cashier_keys import Keys
from tests.test_cashier_window import scan, showing_results

TONO = {"merchant": 14, "name": "Tono Sugiarto", "email": "tono.sugiarto@example.com",
        "mobile_number": "081366554433", "member_id": "08139876"}


def _type(window, qtbot, keys: Keys, text: str) -> None:
    """A person typing (150 ms a key: never a scan), then the list for it on screen."""
    box = window.search_box
    box.setFocus()
    keys.type(box, text, 150)
    qtbot.waitUntil(lambda: showing_results(window, text) or window.stack.currentWidget() is window.no_match,
                    timeout=5000)
    run_async(qtbot, window.settled())


def _opened(window, qtbot) -> str | None:
    run_async(qtbot, window.settled())
    member = window.session.member
    return member.name if member is not None else None


@pytest.mark.parametrize("typed, name", [("08139876", "Dewi Lestari Putri"),   # a phone's start
                                         ("081234567", "Budi Santoso"),
                                         ("RRR000000", None)])                 # a member-ID prefix
def test_enter_opens_the_highlighted_suggestion_for_digits_and_id_prefixes(make_window, qtbot, typed, name):
    window = make_window()
    keys = Keys()
    _type(window, qtbot, keys, typed)
    assert showing_results(window, typed)
    highlighted = window.results.current_suggestion()
    assert highlighted is not None and (name is None or highlighted.name == name)
    keys.enter(window.search_box, 150)
    assert _opened(window, qtbot) == highlighted.name
    assert window.stack.currentWidget() is window.profile_view


def test_enter_does_not_open_a_member_whose_card_is_the_typed_text_when_another_is_highlighted(
        make_window, qtbot, training):
    """Tono's member number is 08139876 and Dewi's phone starts 0813-9876: the list shows both,
    Dewi highlighted; Enter opens Dewi, ↓ Enter opens Tono, and a scan of the card opens Tono."""
    training.service.register(14, dict(TONO))
    window = make_window()
    keys = Keys()
    _type(window, qtbot, keys, "08139876")
    names = window.results.names()
    assert set(names) >= {"Dewi Lestari Putri", "Tono Sugiarto"}
    highlighted = window.results.current_suggestion().name
    keys.enter(window.search_box, 150)
    assert _opened(window, qtbot) == highlighted

    window.search_box.selectAll()
    _type(window, qtbot, keys, "08139876")
    other = names[1] if names[0] == highlighted else names[0]
    keys.press(window.search_box, Qt.Key.Key_Down if names.index(other) > names.index(highlighted) else Qt.Key.Key_Up,
               gap_ms=150)
    keys.enter(window.search_box, 150)
    assert _opened(window, qtbot) == other

    scan(qtbot, window.search_box, "08139876", keys)
    assert _opened(window, qtbot) == "Tono Sugiarto"


def test_enter_before_the_list_came_looks_the_card_up(make_window, qtbot, training):
    """No list for this text yet (Enter right after the last key): the exact lookup, as before."""
    training.service.register(14, dict(TONO))
    window = make_window()
    keys = Keys()
    window.search_box.setFocus()
    keys.type(window.search_box, "08139876", 60)
    keys.enter(window.search_box, 60)  # within the debounce: nothing listed for it yet
    assert _opened(window, qtbot) == "Tono Sugiarto"


def test_enter_with_many_matches_opens_the_highlighted_not_a_lookup(make_window, qtbot):
    window = make_window()
    keys = Keys()
    _type(window, qtbot, keys, "0857")  # Siti's phone starts so, and others'
    assert showing_results(window, "0857") and len(window.results.names()) >= 2
    keys.press(window.search_box, Qt.Key.Key_Down, gap_ms=150)
    chosen = window.results.current_suggestion()
    keys.enter(window.search_box, 150)
    assert _opened(window, qtbot) == chosen.name


# ---------------------------------------------------------------- registration from "no match"

@pytest.mark.parametrize("text, scanned, expected", [
    ("08139876", False, {"mobile_number": "08139876"}),            # half a phone: the phone field
    ("0813 9999-0000", False, {"mobile_number": "0813-9999-0000"}),  # a whole one, as the form shows it
    ("+62 813 9999 0000", False, {"mobile_number": "0813-9999-0000"}),
    ("6281399", False, {"mobile_number": "081399"}),
    ("+62813", False, {"mobile_number": "0813"}),
    ("12345678", False, {}),                                        # digits that are neither: nothing
    ("RRR9999999", False, {}),                                      # typed, not scanned: never a card
    ("RRR9999999", True, {"member_id": "RRR9999999"}),              # a scan: the card
    ("08139876", True, {"member_id": "08139876"}),
    ("nobody@nowhere.example", False, {"email": "nobody@nowhere.example"}),
    ("rina kusuma", False, {"name": "Rina Kusuma"}),
])
def test_registration_prefill_puts_only_what_the_text_surely_is(text, scanned, expected):
    assert registration_prefill(text, scanned=scanned) == expected


def test_typed_digits_that_match_nobody_never_become_the_member_card(make_window, qtbot):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    keys = Keys()
    for typed, expected in [("08139999", {"mobile_number": "08139999"}), ("19283746", {})]:
        window.search_box.selectAll()
        _type(window, qtbot, keys, typed)
        keys.enter(window.search_box, 150)  # the exact lookup finds nobody either
        run_async(qtbot, window.settled())
        assert window.stack.currentWidget() is window.no_match and window.no_match.query == typed
        window.actions_by_name["register"].click()   # Ctrl+N
        window.no_match.register.click()             # the button on the page
        assert asked[-2:] == [expected, expected], asked


def test_scanned_unknown_card_still_prefills_the_member_card(make_window, qtbot):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    scan(qtbot, window.search_box, "RRR9999999")
    run_async(qtbot, window.settled())
    assert window.stack.currentWidget() is window.no_match
    window.actions_by_name["register"].click()
    window.no_match.register.click()
    assert asked == [{"member_id": "RRR9999999"}] * 2


# ---------------------------------------------------------------- offline: name who could not load

def test_previous_customer_offline_names_whose_profile_could_not_load(make_window, qtbot, training):
    window = make_window()
    window.set_cashier("EMP001")
    keys = Keys()
    for key in ("budi.santoso@example.com", "RRR0000002"):
        window.search_box.selectAll()
        window.search_box.setFocus()
        keys.type(window.search_box, key, 5)  # scanned / pasted: opened at once
        keys.enter(window.search_box, 5)
        run_async(qtbot, window.settled())
    assert window.session.member.name == "Siti Rahayu"
    training.faults.update(**PRESETS["network_off"])
    press(window.search_box, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    run_async(qtbot, window.settled())
    problem = window.profile_view.problem
    assert problem.isVisible()
    assert "Budi Santoso" in problem.label.text(), problem.label.text()


def test_typed_number_nobody_holds_as_a_card_shows_what_it_starts(make_window, qtbot):
    """Enter right after typing half of Dewi's phone (before the list came): nobody has that
    card, and "No member matches" would be untrue: the suggestions for it follow."""
    window = make_window()
    keys = Keys()
    window.search_box.setFocus()
    keys.type(window.search_box, "0813987", 60)
    keys.enter(window.search_box, 60)
    run_async(qtbot, window.settled())
    assert showing_results(window, "0813987") and "Dewi Lestari Putri" in window.results.names()
    assert window.session.member is None
