"""The cashier window against the training server: search, scan, keyboard, profile, failures."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import run_async
from tests.test_cashier_keys import Keys


class Debounce:
    """The search's pause after a key, ended by the test: keys typed before ``end()`` fall within
    one pause (as a person's do within 150 ms), without the test waiting."""

    def __init__(self, window) -> None:
        self.asked: list[float] = []
        self.over = asyncio.Event()
        window.session.search.sleep = self.sleep

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self.over.wait()

    def end(self) -> None:
        self.over.set()


def showing_results(window, query: str) -> bool:
    return window.stack.currentWidget() is window.results and window.results.query == query


def test_typing_shows_highlighted_suggestions(make_window, qtbot):
    window = make_window()
    debounce = Debounce(window)
    QTest.keyClicks(window.search_box, "budi s")
    qtbot.waitUntil(lambda: bool(debounce.asked), timeout=5000)
    assert window.gate.queries() == [] and set(debounce.asked) == {0.15}  # the pause after the last key
    debounce.end()
    qtbot.waitUntil(lambda: showing_results(window, "budi s"), timeout=5000)
    assert "Budi Santoso" in window.results.names()
    first = window.results.model_.item(0).data(Qt.ItemDataRole.UserRole + 2)
    assert "background" in first and ">Budi<" in first
    assert window.gate.queries()[-1] == "budi s"
    # one request for the whole word typed within the pause, not one per keystroke
    assert window.gate.queries() == ["budi s"]


def test_no_search_before_two_characters_or_three_digits(make_window, qtbot):
    window = make_window()
    QTest.keyClick(window.search_box, "b")
    assert not window.session.search.busy  # no search waiting to be sent
    window.search_box.setText("08")
    assert not window.session.search.busy and window.gate.queries() == []
    window.search_box.setText("081")
    qtbot.waitUntil(lambda: window.gate.queries() == ["081"], timeout=3000)


def test_older_answer_never_overwrites_newer(make_window, qtbot):
    window = make_window(debounce_ms=50)
    slow = window.gate.hold["bu"] = asyncio.Event()  # the first query's answer waits for the test
    painted = []
    window.results.painted.connect(lambda seq: painted.append((window.results.query, window.search_box.text())))
    window.search_box.setText("bu")
    qtbot.waitUntil(lambda: "bu" in window.gate.queries(), timeout=3000)
    window.search_box.setText("budi san")
    qtbot.waitUntil(lambda: showing_results(window, "budi san"), timeout=5000)
    slow.set()  # the older answer comes now (if its request was not cancelled)
    qtbot.waitUntil(lambda: any(r.url.params.get("query") == "bu" for r in window.gate.ended), timeout=5000)
    qtbot.wait(50)  # one more pass of the loop: a late answer would be drawn now
    assert window.results.query == "budi san" and window.results.names()[0] == "Budi Santoso"
    assert painted and all(shown == " ".join(typed.split()) for shown, typed in painted)


def scan(qtbot, widget, code: str, keys: Keys | None = None) -> None:
    """A keyboard-wedge scanner: the code at 5 ms a key, then Enter, into ``widget``'s window."""
    keys = keys or Keys()
    keys.ms += 100  # a moment after the last key a person typed
    keys.type(widget, code, 5)
    keys.enter(widget, 5)


def test_scan_replaces_typed_text_and_opens_member(make_window, qtbot, training):
    # A5MHG is too short to pass for a member ID when typed: only its speed says "card scan".
    training.service.register(14, {"merchant": 14, "name": "Kartu Pendek", "email": "pendek@example.com",
                                   "mobile_number": "081390004444", "member_id": "A5MHG"})
    window = make_window()
    keys = Keys()
    keys.type(window.search_box, "bud", 60)  # a person's keys (stamped, not waited for)
    scan(qtbot, window.search_box, "A5MHG", keys)
    assert window.search_box.text() == "A5MHG"  # not "budA5MHG"
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Kartu Pendek"
    assert window.stack.currentWidget() is window.profile_view


def test_typed_short_code_is_searched_not_opened(make_window, qtbot, training):
    training.service.register(14, {"merchant": 14, "name": "Kartu Pendek", "email": "pendek@example.com",
                                   "mobile_number": "081390004444", "member_id": "A5MHG"})
    window = make_window()
    keys = Keys()
    keys.type(window.search_box, "A5MHG", 60)
    keys.enter(window.search_box, 60)  # a person typing: a search, not a card
    run_async(qtbot, window.settled())
    assert window.gate.queries()[-1] == "A5MHG"


def test_scan_with_focus_elsewhere_opens_member(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.profile_view.setFocus()
    scan(qtbot, window.profile_view, "RRR0000002")
    run_async(qtbot, window.settled())
    assert window.session.member.name == "Siti Rahayu" and window.search_box.text() == "RRR0000002"
    assert window.gate.queries() == []  # no suggestions on the way


def test_scan_in_a_dialog_is_ignored(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_action("tags")
    keys = Keys()
    keys.type(dialog.value, "vip", 60)
    scan(qtbot, dialog.value, "RRR0000002", keys)
    run_async(qtbot, window.settled())
    assert dialog.value.text() == "vip" and dialog.tags == [("category", "vvip")]
    assert window.session.member.name == "Budi Santoso"
    # The tag key is an editable choice box: the scan comes back out of its line too (re-walk: a
    # scan "ignored" there stayed in the box and was saved as a tag "RRR0000004: vip").
    keys.type(dialog.key, "zq", 60)
    scan(qtbot, dialog.key, "RRR0000004", keys)
    run_async(qtbot, window.settled())
    assert dialog.key.currentText() == "zq" and window.session.member.name == "Budi Santoso"


def test_scan_into_member_card_field_is_typing(make_window, qtbot):
    window = make_window()
    dialog = window.open_registration({"name": "Rina Kusuma"})
    field = dialog.form.inputs["member_id"]
    field.setFocus()
    scan(qtbot, field, "RRR7777777")
    assert field.text() == "RRR7777777" and window.session.member is None


@pytest.mark.parametrize("typed", ["budi.santoso@example.com", "0812-3456-7890"])
def test_enter_on_email_or_phone_opens_directly(make_window, qtbot, typed):
    window = make_window()
    window.search_box.setText(typed)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Budi Santoso"


def test_keyboard_navigation(make_window, qtbot):
    window = make_window()
    window.search_box.setText("sa")
    qtbot.waitUntil(lambda: showing_results(window, "sa"), timeout=5000)
    names = window.results.names()
    assert len(names) >= 3
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    QTest.keyClick(window.search_box, Qt.Key.Key_Up)
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.results.currentIndex().row() == 2
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == names[2]
    # A new search takes the member off screen at once; Esc clears the search, and on an empty
    # box it means the next customer. F2 puts the cursor in the search box with the text selected.
    window.search_box.setText("siti")
    assert window.session.member is None and window.profile_view.profile is None
    qtbot.waitUntil(lambda: showing_results(window, "siti"), timeout=5000)
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == "" and window.stack.currentWidget() is window.profile_view
    assert window.session.member is None and window.profile_view.hint.isVisible()
    window.search_box.setText("abc")
    window.focus_search()
    assert window.search_box.selectedText() == "abc"


def test_click_opens_member(make_window, qtbot):
    window = make_window()
    window.search_box.setText("wisesi")
    qtbot.waitUntil(lambda: showing_results(window, "wisesi"), timeout=5000)
    rect = window.results.visualRect(window.results.model_.index(0, 0))
    QTest.mouseClick(window.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Wisesi"


def test_a_member_opened_by_a_click_gives_the_keyboard_back_to_the_search_box(make_window, qtbot):
    """Opened by mouse as by Enter: the keyboard is in the search box, its text kept, so typing
    and Esc (clear the box, the member stays) work without F2."""
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_box.setFocus()
    QTest.keyClicks(window.search_box, "wisesi")
    qtbot.waitUntil(lambda: showing_results(window, "wisesi"), timeout=5000)
    rect = window.results.visualRect(window.results.model_.index(0, 0))
    QTest.mouseClick(window.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    run_async(qtbot, window.settled())
    assert window.focusWidget() is window.search_box and window.search_box.text() == "wisesi"
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window.search_box.text() == "" and window.session.member is not None


def test_profile_shows_tier_progress_and_details(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    assert window.loader.current.complete
    tier = window.profile_view.tier
    assert tier.upgrade_text == "Spend Rp 15.590.000 more by " + tier.upgrade_text.split(" by ")[1]
    assert "to reach Platinum" in tier.upgrade_text
    assert "To keep Gold, spend Rp 590.000" in tier.downgrade_text and "drops to Blue" in tier.downgrade_text
    texts = [w.text() for w in window.profile_view.findChildren(type(window.busy_label))]
    assert "Budi Santoso" in texts and "Gold" in texts and "category: vvip" in texts
    assert any("0812-3456-7890" in t for t in texts)
    body = window.profile_view.findChild(QWidget, "detailsBody")
    assert not body.isVisible()
    window.profile_view.findChild(object, "detailsToggle").click()
    assert body.isVisible()
    assert window.actions_by_name["register"].isEnabled()


def test_no_match_offers_registration_with_prefill(make_window, qtbot):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    for typed, expected in [("zzqx", {"name": "Zzqx"}), ("nobody@nowhere.example", {"email": "nobody@nowhere.example"})]:
        window.search_box.setText(typed)
        qtbot.waitUntil(lambda t=typed: window.stack.currentWidget() is window.no_match and window.no_match.query == t,
                        timeout=5000)
        assert f"No member matches “{typed}”" in window.no_match.message.text()
        window.no_match.register.click()
        assert asked[-1] == expected


def test_unknown_member_scan_offers_registration(make_window, qtbot):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    scan(qtbot, window.search_box, "RRR9999999")  # a scanner's burst: typed, it would be no card
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match, timeout=5000)
    assert "RRR9999999" in window.no_match.message.text()
    assert window.session.member is None and not window.actions_by_name["edit"].isEnabled()
    assert window.banner.isHidden()  # not a connection problem
    window.actions_by_name["register"].click()  # Ctrl+N prefills what was scanned
    assert asked == [{"member_id": "RRR9999999"}]


@pytest.mark.parametrize("typed, expected", [("nobody.here@example.com", {"email": "nobody.here@example.com"}),
                                             ("0813-9999-0000", {"mobile_number": "0813-9999-0000"})])
def test_enter_on_unknown_email_or_phone_offers_registration(make_window, qtbot, typed, expected):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    window.search_box.setText(typed)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match
                    and window.session.loader.current is None, timeout=5000)
    run_async(qtbot, window.settled())
    assert window.stack.currentWidget() is window.no_match
    window.no_match.register.click()
    assert asked == [expected]
    quick = window.no_match.quick
    seen = []
    window.no_match.quickRequested.disconnect()
    window.no_match.quickRequested.connect(seen.append)
    quick.click()
    assert seen == [typed]


def test_member_actions_follow_the_member_on_screen(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    assert window.actions_by_name["edit"].isEnabled()
    QTest.keyClicks(window.search_box, "zzzq")
    # at once, before any answer: the old member is gone and no action can reach them
    assert window.session.member is None and not window.profile_view.name.isVisible()
    assert not any(window.actions_by_name[a].isEnabled() for a in ("edit", "phone", "email", "tags", "level", "anonymise"))
    QTest.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.dialogs == set()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match, timeout=5000)
    QTest.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.dialogs == set() and window.open_action("edit") is None


def test_next_customer_clears_member_search_and_draft(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    window.session.keep_draft({"name": "Rina"})
    window.actions_by_name["next"].click()
    box = window.next_question  # an unsent registration is not thrown away without asking
    assert box is not None and box.isVisible() and window.session.draft == {"name": "Rina"}
    next(b for b in box.buttons() if b.text() == "Clear it").click()
    assert window.search_box.text() == "" and window.session.member is None and window.session.draft == {}
    assert window.profile_view.hint.isVisible() and not window.actions_by_name["edit"].isEnabled()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)  # empty box: Esc is next customer too
    assert window.session.member is None


def test_switching_cashier_drops_the_draft(make_window, qtbot):
    window = make_window()
    window.set_cashier("kasir01")
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    dialog = window.open_registration({"name": "Rina Kusuma", "email": "rina@example.com"})
    dialog.form.inputs["mobile_number"].setText("0812")
    assert window.session.draft["name"] == "Rina Kusuma"
    dialog.reject()
    sign_in = window.open_sign_in()
    assert window.session.member is None and window.session.draft == {}
    sign_in.code.setText("kasir02")
    sign_in.sign_in()
    assert window.cashier_code == "kasir02"
    dialog = window.open_registration({})
    assert all(not v for k, v in dialog.form.values().items() if isinstance(v, str))


def test_signed_out_nothing_looks_clickable(make_window, qtbot):
    window = make_window()
    window.require_sign_in = True  # as the app starts: no cashier yet
    window.set_cashier(None)
    assert not window.actions_by_name["register"].isEnabled() and not window.actions_by_name["next"].isEnabled()
    window.set_cashier("kasir01")
    assert window.actions_by_name["register"].isEnabled() and window.actions_by_name["next"].isEnabled()


def test_part_failure_shows_rest_and_retries(make_window, qtbot):
    window = make_window()
    window.gate.fail_paths.add("/api/v2/memberships/full-profile")
    window.open_member("budi.santoso@example.com")
    qtbot.waitUntil(lambda: window.loader.current.details is not None and "full" in window.loader.current.problems,
                    timeout=8000)
    run_async(qtbot, window.settled())
    texts = [w.text() for w in window.profile_view.findChildren(type(window.busy_label))]
    assert "Budi Santoso" in texts and any("Could not load the full profile" in t for t in texts)
    window.gate.fail_paths.clear()
    retry = [b for b in window.profile_view.findChildren(type(window.banner_retry)) if "Retry" in b.text()][0]
    retry.click()
    qtbot.waitUntil(lambda: window.loader.current.complete, timeout=5000)


def test_refused_token_shows_call_the_manager(make_window, qtbot):
    window = make_window(token="revoked-token")
    qtbot.waitUntil(lambda: window.monitor.state == "refused", timeout=5000)
    assert window.banner.isVisible() and "call the store manager" in window.banner_label.text()
    assert "Access refused" in window.conn_label.text()


def test_offline_banner_then_recovery(make_window, qtbot, training):
    window = make_window()
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=5000)
    training.faults.update(drop_rate=1.0)
    window.search_box.setText("siti")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.search_problem, timeout=8000)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "Offline" in window.conn_label.text() and window.search_box.text() == "siti"  # nothing typed is lost
    training.faults.update(drop_rate=0.0)
    qtbot.waitUntil(lambda: window.monitor.state == "online", timeout=8000)
    qtbot.waitUntil(lambda: showing_results(window, "siti"), timeout=5000)  # the search ran again by itself
    assert not window.banner.isVisible()


def test_busy_indicator_only_when_search_stalls(make_window, qtbot):
    window = make_window(debounce_ms=50)
    shown = []
    window.busy_label.setVisible = lambda v, orig=window.busy_label.setVisible: (shown.append(v), orig(v))
    window.search_box.setText("wisesi")
    qtbot.waitUntil(lambda: showing_results(window, "wisesi"), timeout=5000)
    assert True not in shown
    window.session.search.busy_after_s = 0.05
    stalled = window.gate.hold["siti"] = asyncio.Event()
    window.search_box.setText("siti")
    qtbot.waitUntil(lambda: True in shown, timeout=5000)
    stalled.set()
    qtbot.waitUntil(lambda: showing_results(window, "siti"), timeout=5000)
    assert shown[-1] is False


def test_readme_keys_table_is_the_f1_table():
    from pathlib import Path

    from pos_member.ui.counter.main_window import ACTIONS
    from pos_member.ui.setup.dialogs import help_rows

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Keys | What they do |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    assert table.splitlines() == [f"| {keys} | {text} |" for keys, text in help_rows(ACTIONS)]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_status_bar_keeps_the_counters_state_in_sight_at_1024(make_window, qtbot, training, language):
    """A notice ("Saved.", a problem) and the outbox button do not push the connection, the store,
    the outbox or the cashier out of the status bar at 1024 px, in either language."""
    from pos_member.i18n.qt import apply_language

    assert apply_language(language)
    try:
        training.faults.update(drop_rate=1.0)  # the item below stays waiting
        window = make_window()
        window.set_cashier("kasir01")
        window.resize(1024, 700)
        window.backend.outbox.add("register", {"name": "Tertahan", "email": "t@example.com", "mobile_number": "081390001212"})
        qtbot.waitUntil(window.outbox_button.isVisible, timeout=5000)
        window.show_notice("Cannot reach Stamps right now. Check the network; the app keeps retrying.", 8000)
        QApplication.processEvents()  # the status bar lays out
        status = window.statusBar()
        for widget in (window.conn_label, window.merchant_label, window.outbox_button, window.cashier_label):
            assert widget.isVisible(), widget
            geometry = widget.geometry()
            assert status.rect().contains(geometry) and geometry.width() >= min(widget.sizeHint().width(), 60), widget
    finally:
        apply_language("en")


def test_down_and_enter_while_searching_open_the_first_match_when_it_arrives(make_window, qtbot):
    """Stamps slow: ↓ and Enter pressed while "Searching…" are not lost: the first match opens
    as soon as the list arrives (Enter alone opens it when it is the only one)."""
    window = make_window(debounce_ms=50)
    held = window.gate.hold["budi"] = asyncio.Event()
    window.search_box.setFocus()
    window.search_box.setText("budi")
    qtbot.waitUntil(lambda: "budi" in window.gate.queries() and window.session.searching, timeout=3000)
    QTest.keyClick(window.search_box, Qt.Key.Key_Down)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.session.member is None
    held.set()
    qtbot.waitUntil(lambda: window.session.member is not None, timeout=5000)
    run_async(qtbot, window.settled())
    assert window.session.member.name == window.results.names()[0]
    assert len(window.results.names()) > 1  # several matched: ↓ chose the first


def test_a_member_drawn_part_by_part_says_what_is_still_coming(make_window, qtbot):
    """A slow Stamps: the profile shows what has come and names what has not, so a "?" on the
    promos is not read as a "no"; the line goes once the last part is in."""
    window = make_window()
    held = window.gate.hold_paths["/api/memberships/upgrade-requirement"] = asyncio.Event()
    window.open_member("budi.santoso@example.com")
    qtbot.waitUntil(lambda: window.session.member is not None and window.session.member.details is not None
                    and window.session.member.full is not None, timeout=5000)
    # drawn on the next turn of the loop after the last part came
    qtbot.waitUntil(lambda: window.profile_view.still_loading.isVisible()
                    and window.profile_view.still_loading.text() == "Still loading the tier requirements…", timeout=5000)
    held.set()
    run_async(qtbot, window.settled())
    assert not window.profile_view.still_loading.isVisible()
