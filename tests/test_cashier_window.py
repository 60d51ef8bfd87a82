"""The cashier window against the training server: search, scan, keyboard, profile, failures."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_member.api import StampsClient
from pos_member.config import Settings
from pos_member.outbox import Outbox, OutboxSender
from pos_member.runtime import Backend
from pos_member.ui.main_window import MainWindow
from tests.conftest import run_async


class Gate(httpx.AsyncBaseTransport):
    """Wraps the training transport to hold back or fail chosen requests (injected faults)."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.delay_for_query: dict[str, float] = {}
        self.fail_paths: set[str] = set()
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        delay = self.delay_for_query.get(request.url.params.get("query", ""), 0)
        if delay:
            await asyncio.sleep(delay)
        if request.url.path in self.fail_paths:
            return httpx.Response(500, text="<html>boom</html>")
        return await self.inner.handle_async_request(request)

    def queries(self) -> list[str]:
        return [r.url.params["query"] for r in self.requests if r.url.path.endswith("/suggestions")]


@pytest.fixture
def make_window(qloop, qtbot, training, tmp_path):
    made = []

    def make(token: str | None = None, debounce_ms: int = 150, gate: bool = True, **settings_kw) -> MainWindow:
        transport = Gate(training.transport()) if gate else training.transport()
        client = StampsClient("http://127.0.0.1", token or training.token, training.merchant_id,
                              store=training.store_id, transport=transport, retry_backoff=0.01, timeout=2).open()
        settings = Settings(search_debounce_ms=debounce_ms, store=training.store_id, **settings_kw)
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        sender = OutboxSender(outbox, client, idle_s=0.3)
        sender.start()
        window = MainWindow(Backend(settings, client, training, outbox, sender))
        window.gate = transport
        window.monitor.offline_retry_s = (0.2,)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        run_async(qtbot, window.shutdown())
        run_async(qtbot, window.backend.sender.stop())
        window.backend.outbox.close()
        run_async(qtbot, window.backend.client.aclose())


def type_slowly(qtbot, widget, text: str, per_key_ms: int = 60) -> None:
    for ch in text:
        QTest.keyClick(widget, ch)
        qtbot.wait(per_key_ms)


def showing_results(window, query: str) -> bool:
    return window.stack.currentWidget() is window.results and window.results.query == query


def test_typing_shows_highlighted_suggestions(make_window, qtbot):
    window = make_window()
    type_slowly(qtbot, window.search_box, "budi s")
    qtbot.waitUntil(lambda: showing_results(window, "budi s"), timeout=5000)
    assert "Budi Santoso" in window.results.names()
    first = window.results.model_.item(0).data(Qt.ItemDataRole.UserRole + 2)
    assert "background" in first and ">Budi<" in first
    assert window.gate.queries()[-1] == "budi s"
    # one request for the whole word typed at human speed (debounce), not one per keystroke
    assert len(window.gate.queries()) <= 2


def test_no_search_before_two_characters_or_three_digits(make_window, qtbot):
    window = make_window()
    QTest.keyClick(window.search_box, "b")
    qtbot.wait(400)
    window.search_box.setText("08")
    qtbot.wait(400)
    assert window.gate.queries() == []
    window.search_box.setText("081")
    qtbot.waitUntil(lambda: window.gate.queries() == ["081"], timeout=3000)


def test_older_answer_never_overwrites_newer(make_window, qtbot):
    window = make_window(debounce_ms=50)
    window.gate.delay_for_query["bu"] = 0.8  # the first query's answer is slow
    painted = []
    window.results.painted.connect(lambda seq: painted.append((window.results.query, window.search_box.text())))
    window.search_box.setText("bu")
    qtbot.waitUntil(lambda: "bu" in window.gate.queries(), timeout=3000)
    window.search_box.setText("budi san")
    qtbot.waitUntil(lambda: showing_results(window, "budi san"), timeout=5000)
    qtbot.wait(1200)  # long past the slow answer
    assert window.results.query == "budi san" and window.results.names()[0] == "Budi Santoso"
    assert painted and all(shown == " ".join(typed.split()) for shown, typed in painted)


def test_scan_opens_member_directly(make_window, qtbot):
    window = make_window()
    QTest.keyClicks(window.search_box, "RRR0000002")  # a wedge scanner: all at once...
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)  # ...then Enter
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Siti Rahayu"
    assert window.stack.currentWidget() is window.profile_view
    qtbot.wait(300)
    assert window.gate.queries() == []  # no suggestions on the way


def test_short_scanned_code_is_a_member_id(make_window, qtbot, training):
    customer = training.service.register(14, {"merchant": 14, "name": "Kartu Pendek", "email": "pendek@example.com",
                                              "mobile_number": "081390004444", "member_id": "A5MHG"})
    window = make_window()
    QTest.keyClicks(window.search_box, "A5MHG")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.loader.current is not None and window.loader.current.complete, timeout=5000)
    assert window.loader.current.name == "Kartu Pendek" and customer["id"]


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
    # Escape goes back to the open member; F2 puts the cursor in the search box with the text selected
    window.search_box.setText("siti")
    qtbot.waitUntil(lambda: showing_results(window, "siti"), timeout=5000)
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == "" and window.stack.currentWidget() is window.profile_view
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


def test_profile_shows_tier_progress_and_details(make_window, qtbot):
    window = make_window()
    window.open_member("budi.santoso@example.com")
    qtbot.waitUntil(lambda: window.loader.current.complete and not window._render_pending, timeout=5000)
    tier = window.profile_view.tier
    assert tier.upgrade_text == "Spend Rp 15.590.000 more by " + tier.upgrade_text.split(" by ")[1]
    assert "to reach Platinum" in tier.upgrade_text
    assert "To keep Gold, spend Rp 590.000" in tier.downgrade_text and "drops to Blue" in tier.downgrade_text
    texts = [w.text() for w in window.profile_view.widget().findChildren(type(window.busy_label))]
    assert "Budi Santoso" in texts and "Gold" in texts and "category: vvip" in texts
    assert any("0812-3456-7890" in t for t in texts)
    body = window.profile_view.widget().findChild(type(window.profile_view.widget()), "detailsBody")
    assert not body.isVisible()
    window.profile_view.widget().findChild(object, "detailsToggle").click()
    assert body.isVisible()
    assert window.actions_by_name["register"].isEnabled()


def test_no_match_offers_registration_with_prefill(make_window, qtbot):
    window = make_window()
    asked = []
    window.open_registration = asked.append
    for typed, expected in [("zzqx", {"name": "Zzqx"}), ("nobody@nowhere.example", {"email": "nobody@nowhere.example"})]:
        window.search_box.setText(typed)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_match and window.no_match.query == typed,
                        timeout=5000)
        assert f"No member matches “{typed}”" in window.no_match.message.text()
        window.no_match.register.click()
        assert asked[-1] == expected


def test_unknown_member_scan(make_window, qtbot):
    window = make_window()
    QTest.keyClicks(window.search_box, "RRR9999999")
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.loader.current is not None and "details" in window.loader.current.problems
                    and not window._render_pending, timeout=5000)
    assert window.loader.current.problems["details"].kind == "not_found"
    texts = [w.text() for w in window.profile_view.widget().findChildren(type(window.busy_label))]
    assert any("No member found" in t for t in texts)
    assert window.banner.isHidden()  # not a connection problem


def test_part_failure_shows_rest_and_retries(make_window, qtbot):
    window = make_window()
    window.gate.fail_paths.add("/api/v2/memberships/full-profile")
    window.open_member("budi.santoso@example.com")
    qtbot.waitUntil(lambda: window.loader.current.details is not None and "full" in window.loader.current.problems
                    and not window._render_pending, timeout=8000)
    texts = [w.text() for w in window.profile_view.widget().findChildren(type(window.busy_label))]
    assert "Budi Santoso" in texts and any("Could not load the full profile" in t for t in texts)
    window.gate.fail_paths.clear()
    retry = [b for b in window.profile_view.widget().findChildren(type(window.banner_retry)) if "Retry" in b.text()][0]
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
    window.gate.delay_for_query["siti"] = 0.6
    window.search_box.setText("siti")
    qtbot.waitUntil(lambda: True in shown, timeout=5000)
    qtbot.waitUntil(lambda: showing_results(window, "siti"), timeout=5000)
    assert shown[-1] is False
