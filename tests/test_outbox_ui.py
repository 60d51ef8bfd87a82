"""What the cashier sees when the outbox is in trouble: "NOT saved" with the form kept, the
status bar naming a stuck delivery, and a refused item discarded behind the manager PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos_member.config import hash_pin
from pos_member.outbox import Outbox
from tests.conftest import run_async
from tests.helpers import fill_the_disk, free_the_disk
from tests.test_registration import GOOD, submit_and_wait, users_with


def confirm(qtbot, panel):
    panel.confirm_discard.click()
    run_async(qtbot, panel.ops.settled(panel))


def test_full_disk_at_register_says_not_saved_and_keeps_the_form(make_window, qtbot, training):
    window = make_window()
    fill_the_disk(window.backend.outbox)
    dialog = window.open_registration()
    dialog.form.fill(GOOD)
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.form_page
    assert dialog.form_error.isVisible()
    text = dialog.form_error.text()
    assert text.startswith("NOT saved") and "disk" in text and "form is kept" in text
    assert dialog.form.inputs["name"].text() == GOOD["name"] and dialog.form.inputs["email"].text() == GOOD["email"]
    assert users_with(training, GOOD["email"]) == 0
    free_the_disk(window.backend.outbox)  # IT made room: the same form goes through
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page
    assert users_with(training, GOOD["email"]) == 1


def test_quick_registration_on_a_full_disk_says_not_saved(make_window, qtbot, training):
    window = make_window()
    fill_the_disk(window.backend.outbox)
    dialog = window.open_quick_registration("cepat@example.com")
    submit_and_wait(qtbot, dialog)
    assert dialog.form_error.isVisible() and dialog.form_error.text().startswith("NOT saved")
    assert dialog.contact.text() == "cepat@example.com"


def test_status_bar_says_delivery_is_paused(make_window, qtbot, training):
    window = make_window()
    outbox = window.backend.outbox
    outbox.add("register", {"name": "Tertahan", "email": "tertahan@example.com", "mobile_number": "081390001212"})
    outbox.db.execute("PRAGMA query_only = 1")  # the outbox file cannot be written any more
    window.backend.sender.wake()
    qtbot.waitUntil(lambda: "Outbox paused" in window.outbox_button.text(), timeout=10_000)
    assert "not writable" in window.outbox_button.text() and window.outbox_button.isVisible()
    outbox.db.execute("PRAGMA query_only = 0")
    window.backend.sender.wake()
    qtbot.waitUntil(lambda: users_with(training, "tertahan@example.com") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.outbox_button.isVisible(), timeout=10_000)


def refused_item(tmp_path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")  # left by an earlier run; Stamps will refuse it
    outbox.add("register", {"name": "Salah Email", "email": "wisesi@example.com", "mobile_number": "081390007777"})
    outbox.close()


def test_discard_needs_a_reason_and_the_manager_pin(make_window, qtbot, training, tmp_path):
    refused_item(tmp_path)
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    qtbot.waitUntil(lambda: "need you" in window.outbox_button.text(), timeout=10_000)
    panel = window.open_outbox()
    panel.table.selectRow(0)
    assert panel.discard_button.isVisible() and panel.discard_button.isEnabled()
    panel.discard_button.click()
    assert panel.discard_box.isVisible() and "Salah Email" in panel.discard_text.text()
    panel.confirm_discard.click()
    assert "Write why" in panel.discard_form.visible_errors()["reason"]
    panel.reason.setText("customer registered again at the kiosk")
    panel.pin.setText("000000")
    confirm(qtbot, panel)
    assert "not the manager PIN" in panel.discard_form.visible_errors()["manager_pin"]
    assert panel.pin.text() == "" and window.backend.outbox.pending_count() == 1
    panel.pin.setText("482913")
    confirm(qtbot, panel)
    assert window.backend.outbox.pending_count() == 0
    qtbot.waitUntil(lambda: not window.outbox_button.isVisible(), timeout=5000)
    assert not panel.discard_box.isVisible() and panel.table.rowCount() == 0
    assert [d["reason"] for d in window.backend.outbox.discards()] == ["customer registered again at the kiosk"]
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert b"wisesi@example.com" not in raw and b"Salah Email" not in raw


def test_three_wrong_pins_lock_the_discard(make_window, qtbot, training, tmp_path):
    refused_item(tmp_path)
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    qtbot.waitUntil(lambda: "need you" in window.outbox_button.text(), timeout=10_000)
    panel = window.open_outbox()
    panel.table.selectRow(0)
    panel.discard_button.click()
    panel.reason.setText("duplicate")
    for wrong in ("111111", "222222", "333333", "482913"):
        panel.pin.setText(wrong)
        confirm(qtbot, panel)
    assert "Too many wrong PINs" in panel.discard_form.visible_errors()["manager_pin"]
    assert window.backend.outbox.pending_count() == 1  # even the right PIN waits out the lock


def test_set_aside_dialog_tells_it_where_the_old_file_is(qtbot, tmp_path):
    from pos_member.outbox import SetAside
    from pos_member.ui.counter.outbox_panel import set_aside_dialog

    kept = tmp_path / "outbox-14-unreadable-20261130-021500.sqlite3"
    box = set_aside_dialog(SetAside(kept, "broken"))
    qtbot.addWidget(box)
    assert box.isVisible()
    assert "could not be used (the outbox file is damaged)" in box.text() and "new registrations are safe" in box.text()
    assert str(kept) in box.informativeText() and "NOT deleted" in box.informativeText()
    assert "Call IT" in box.informativeText()


def test_sent_items_keep_the_name_typed_and_one_found_at_stamps_says_already_a_member(make_window, qtbot, training):
    """The outbox is staff-only: a sent item shows the name the cashier typed (remembered in memory
    while it waited; the file keeps only that name and the number on delivery), and one found at
    Stamps already is listed as "Already a member", not "Sent"."""
    window = make_window()
    # The first one is at Stamps already (an earlier attempt whose answer was lost, say).
    run_async(qtbot, window.backend.client.register(GOOD["name"], GOOD["email"], "081322223333"))
    training.faults.update(drop_rate=1.0)
    outbox = window.backend.outbox
    first = outbox.add("register", GOOD)
    rina = outbox.add("register", GOOD | {"email": "rina.dua@example.com", "mobile_number": "0813 2222 4444"})
    qtbot.waitUntil(lambda: {first, rina} <= set(window.outbox_names), timeout=5000)
    training.faults.update(drop_rate=0.0)
    outbox.retry_now()
    window.backend.sender.wake()
    qtbot.waitUntil(lambda: outbox.pending_count() == 0, timeout=10_000)
    assert outbox.get(first).payload == {}  # the details wiped from the file on delivery
    panel = window.open_outbox()
    rows = {panel.table.item(r, 0).text(): (panel.table.item(r, 1).text(), panel.table.item(r, 3).text())
            for r in range(panel.table.rowCount())}
    found = next(v for k, v in rows.items() if k.startswith("Rina Kusuma (member ") and v[0] != "Sent")
    assert found[0] == "Already a member" and "not sent again" in found[1]
    assert sum(1 for k, v in rows.items() if k.startswith("Rina Kusuma (member ") and v[0] == "Sent") == 1
    assert users_with(training, GOOD["email"]) == 1


def test_sent_items_keep_their_name_after_a_restart(make_window, qtbot, training, tmp_path, caplog):
    """After a restart nothing is in memory: a sent item still shows the name typed, kept in the
    outbox file with the member number (its email, phone and the rest are wiped), never logged."""
    import logging

    caplog.set_level(logging.DEBUG)
    window = make_window()
    outbox = window.backend.outbox
    item = outbox.add("register", GOOD | {"email": "rina.restart@example.com", "mobile_number": "0813 2222 7777"})
    qtbot.waitUntil(lambda: outbox.get(item).state == "delivered", timeout=10_000)
    run_async(qtbot, window.shutdown())
    again = make_window()  # the next start, on the same outbox file
    assert again.outbox_names == {}
    panel = again.open_outbox()
    rows = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert any(row.startswith("Rina Kusuma (member ") for row in rows), rows
    outbox.flush_wal()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert b"rina.restart@example.com" not in raw and b"0813 2222 7777" not in raw and b"81322227777" not in raw
    assert "Rina" not in caplog.text
    run_async(qtbot, again.shutdown())


def test_a_refused_item_is_chosen_readable_and_says_how_to_reach_the_customer(make_window, qtbot, training, tmp_path):
    """Walk finding: the refused row looked chosen but Fix stayed grey until clicked, its reason was
    cut at 1024 px with no tooltip, and nothing said how to reach a customer who had left."""
    refused_item(tmp_path)
    window = make_window(manager_pin_hash=hash_pin("482913", iterations=1000))
    qtbot.waitUntil(lambda: "need you" in window.outbox_button.text(), timeout=10_000)
    panel = window.open_outbox()
    panel.resize(760, 420)
    assert panel.selected() is not None and panel.selected().state == "attention"  # what looks chosen is chosen
    assert panel.fix_button.isEnabled() and panel.discard_button.isEnabled()
    row = next(r for r in range(panel.table.rowCount()) if panel.items[r].state == "attention")
    who, reason = panel.table.item(row, 0), panel.table.item(row, 3)
    assert who.text().splitlines() == ["Salah Email", "0813-9000-7777 · wisesi@example.com"]
    assert reason.toolTip() == reason.text() and reason.text()
    # the reason wraps onto the lines it needs instead of being cut
    width = panel.table.columnWidth(3)
    needed = panel.table.fontMetrics().boundingRect(0, 0, width - 8, 10_000, int(Qt.TextFlag.TextWordWrap), reason.text()).height()
    assert panel.table.rowHeight(row) >= needed
