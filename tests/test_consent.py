"""Consent that holds under UU PDP No. 27/2022: asked channel by channel, naming the store, never
ticked in advance; a notice with the store's privacy policy; a child registers with a parent."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pos_member.config import SettingsError, load_settings, load_settings_dict, save_user_settings
from pos_member.flows import consent
from pos_member.flows.consent import CHANNELS
from tests.test_kiosk import make_kiosk  # noqa: F401 (fixture)
from tests.test_registration import GOOD, submit_and_wait

POLICY = "https://kopi.example/privasi"


def _years_ago(years: int, days: int = 0) -> str:
    today = dt.date.today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return (day - dt.timedelta(days=days)).strftime("%d-%m-%Y")


def test_a_profile_that_ticks_consents_in_advance_is_refused_with_words(tmp_path):
    path = tmp_path / "store.toml"
    path.write_text('language = "id"\n[consent_defaults]\nwhatsapp = true\n', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path)
    words = refused.value.problems["consent_defaults"]
    assert "nothing is ticked in advance" in words and "UU PDP" in words and "delete [consent_defaults]" in words
    # what the settings dialog used to write (all off) is read without it, and dropped on the next save
    path.write_text('[consent_defaults]\nwhatsapp = false\nsms = false\nnewsletters = false\n', encoding="utf-8")
    assert load_settings(path).min_age_alone == 17


def test_the_settings_dialogs_old_all_off_section_goes_on_the_next_save(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.toml").write_text('[consent_defaults]\nwhatsapp = false\n', encoding="utf-8")
    save_user_settings({"language": "id"})
    assert "consent_defaults" not in (tmp_path / "settings.toml").read_text(encoding="utf-8")
    with pytest.raises(SettingsError):
        load_settings_dict({"consent_defaults": {"sms": True}})
    with pytest.raises(SettingsError):
        load_settings_dict({"min_age_alone": 5})


def test_each_line_names_the_store_and_the_channel():
    lines = [consent.counter_line(key, "Kopi Nusantara") for key in CHANNELS]
    assert all("Kopi Nusantara" in line for line in lines)
    assert "WhatsApp" in lines[0] and "SMS" in lines[1] and "newsletter by email" in lines[2]
    assert "this store" in consent.kiosk_line("allow_sms_marketing", "  ")
    text = consent.notice("Kopi Nusantara", POLICY, kiosk=True)
    for words in ("Kopi Nusantara keeps your details on Stamps", "to run your membership", "only for what you tick",
                  "see, correct or delete", "withdraw any consent at any time", "Privacy policy: " + POLICY):
        assert words in text
    assert "Privacy policy" not in consent.notice("Kopi Nusantara", None, kiosk=False)


def test_needs_parent_below_the_stores_age():
    today = dt.date(2026, 12, 6)
    assert consent.needs_parent(dt.date(2009, 12, 7), 17, today)  # 16, a day before 17
    assert not consent.needs_parent(dt.date(2009, 12, 6), 17, today)  # 17 today
    assert not consent.needs_parent(None, 17, today)
    assert consent.needs_parent(dt.date(2008, 1, 1), 21, today)


def test_the_registration_form_asks_each_channel_with_a_notice(make_window, qtbot):
    window = make_window(store_name="Kopi Nusantara", privacy_policy_url=POLICY)
    dialog = window.open_registration({"allow_sms_marketing": False})
    for key in CHANNELS:
        box = dialog.form.inputs[key]
        assert not box.isChecked() and "Kopi Nusantara" in box.text()
    assert "Kopi Nusantara keeps their details on Stamps" in dialog.notice.text()
    assert POLICY in dialog.notice.text()
    assert dialog.policy_qr.text() == POLICY and not dialog.policy_qr.isHidden()


def test_a_child_registers_only_with_a_parents_consent_the_cashier_confirms(make_window, qtbot, training):
    window = make_window(min_age_alone=17)
    window.set_cashier("kasir01")
    dialog = window.open_registration()
    assert dialog.form.rows["parent_consent"].isHidden()
    dialog.form.fill(GOOD | {"birthday": _years_ago(17, days=-1)})  # 17 tomorrow: 16 today
    assert not dialog.form.rows["parent_consent"].isHidden()
    submit_and_wait(qtbot, dialog)
    assert "parent or guardian must agree" in dialog.form.visible_errors()["parent_consent"]
    assert dialog.stack.currentWidget() is dialog.form_page
    dialog.form.fill({"parent_consent": True})
    submit_and_wait(qtbot, dialog)
    assert dialog.stack.currentWidget() is dialog.result_page, dialog.form.visible_errors()
    row = training.store.one("SELECT extra_json FROM users WHERE email = ?", GOOD["email"])
    recorded = json.loads(row["extra_json"])["extra_data"]["parent_consent"]
    assert recorded == {"confirmed_by": "kasir01", "on": dt.date.today().isoformat()}


def test_an_adult_needs_no_parent(make_window, qtbot):
    dialog = make_window().open_registration()
    dialog.form.fill(GOOD | {"birthday": _years_ago(17)})
    assert dialog.form.rows["parent_consent"].isHidden()
    dialog.form.fill({"birthday": _years_ago(10)})
    assert not dialog.form.rows["parent_consent"].isHidden()
    dialog.form.fill({"parent_consent": True, "birthday": _years_ago(30)})
    assert dialog.form.rows["parent_consent"].isHidden() and not dialog.form.inputs["parent_consent"].isChecked()


def _visible_texts(widget) -> str:
    from PySide6.QtWidgets import QLabel
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_childrens_details_stay_behind_more_details(make_window, qtbot, training):
    from tests.conftest import run_async
    parent = training.store.one("SELECT email, extra_json FROM users WHERE extra_json LIKE '%\"children\": [{%'"
                                " AND email <> 'budi.santoso@example.com'")
    child = json.loads(parent["extra_json"])["children"][0]["name"] + " ("  # as the row shows it: "Name (date)"
    window = make_window()
    window.open_member(parent["email"])
    run_async(qtbot, window.settled())
    view = window.profile_view
    assert view.profile is not None and view.profile.full is not None
    assert child not in _visible_texts(view) and not view.details_open
    view.toggle.setChecked(True)
    assert child in _visible_texts(view)
    window.open_member("budi.santoso@example.com")  # the next member: closed again
    run_async(qtbot, window.settled())
    assert not view.details_open and child not in _visible_texts(view)


# ---------------------------------------------------------------------------- the kiosk


def _at_birthday(min_age: int = 17):
    from tests.test_kiosk_session import Clock, make

    clock = Clock()
    session, _ = make(clock, min_age_alone=min_age)
    session.show("birthday")
    return session


def test_kiosk_a_child_is_sent_to_the_counter_with_a_parent():
    session = _at_birthday()
    session.next({"birthday": _years_ago(12), "old_enough": False})
    assert session.step == "child"  # nothing sent: no registration runs for a child
    assert session.idle and session.flow.registration is not None
    session.back()
    assert session.step == "birthday"  # a typing mistake in the year can be fixed
    session.next({"birthday": _years_ago(25)})
    assert session.step == "gender"
    session.show("birthday")
    session.next({"birthday": _years_ago(16), "old_enough": True})  # the tick does not outweigh a birthday
    assert session.step == "child"
    session.next()  # Finish
    assert session.step == "welcome" and session.data == {}


def test_kiosk_without_a_birthday_the_customer_says_they_are_old_enough():
    session = _at_birthday(min_age=18)
    session.next({"birthday": "", "old_enough": False})
    assert session.step == "birthday"
    assert session.errors["birthday"] == "Type your birthday, or tap “Skip: I am 18 or older”."
    session.next({"birthday": "", "old_enough": True})
    assert session.step == "gender"
    assert "old_enough" not in session.form()  # not sent to Stamps


def test_kiosk_pages_name_the_store_and_show_the_notice(make_kiosk, qtbot, training):
    from tests.test_kiosk import tap, walk_to_summary

    kiosk = make_kiosk(privacy_policy_url=POLICY)
    walk_to_summary(kiosk, qtbot)
    for key in CHANNELS:
        assert "Kopi Nusantara Kemang" in kiosk.inputs[key].text()
    assert "Kopi Nusantara Kemang keeps your details on Stamps" in kiosk.privacy_notice.text()
    assert kiosk.privacy_notice.isVisible() and POLICY in kiosk.privacy_notice.text()
    assert kiosk.policy_qr.isVisible() and kiosk.policy_qr.text() == POLICY
    assert {kiosk.summary_rows[k].value_text() for k in CHANNELS} == {"Yes", "No"}
    tap(kiosk.back)
    assert kiosk.step == "consent"


def test_kiosk_birthday_page_offers_old_enough_and_the_child_page(make_kiosk, qtbot, training):
    from tests.test_kiosk import next_step, tap, tap_keys

    kiosk = make_kiosk()
    next_step(kiosk, qtbot, "name")
    kiosk.inputs["name"].setText("Adik Kecil")
    next_step(kiosk, qtbot, "mobile")
    tap_keys(kiosk, "081355557788")
    next_step(kiosk, qtbot, "email")
    kiosk.inputs["email"].setText("adik.kecil@example.com")
    next_step(kiosk, qtbot, "birthday")
    assert kiosk.next.text() == "Skip: I am 17 or older"  # skipping the birthday says so
    tap_keys(kiosk, "0101")
    assert kiosk.next.text() == "Next"
    tap(kiosk.next)  # half a birthday: no skipping, no registering alone
    qtbot.waitUntil(lambda: kiosk.errors["birthday"].isVisible(), timeout=5000)
    assert kiosk.step == "birthday"
    tap(kiosk.clear_keys["birthday"])
    tap_keys(kiosk, "01012020")
    next_step(kiosk, qtbot, "child")
    assert "Under 17? Come to the counter with a parent or guardian" in _visible_texts(kiosk.pages["child"])
    assert training.store.one("SELECT COUNT(*) AS n FROM users WHERE email = 'adik.kecil@example.com'")["n"] == 0


def test_training_names_the_shop_the_customer_knows_not_a_store_number(make_window, qtbot, training):
    """No store name set (training as it starts): every consent line and notice the customer reads
    names the merchant they know ("Kopi Nusantara", as the status bar and the code messages do),
    never "Store 412"; the status bar names it once."""
    from tests.test_quick_completion import _quick_result

    window = make_window()
    assert window.backend.shop_name == "Kopi Nusantara" == window.backend.store_label
    dialog = window.open_registration()
    texts = [dialog.form.inputs[k].text() for k in CHANNELS] + [dialog.notice.text()]
    dialog.reject()
    quick = _quick_result(window, qtbot, "nama.toko@example.com")
    texts += [quick.completion.form.rows[k].findChildren(type(quick.completion.recorded))[-2].text() for k in CHANNELS]
    quick.completion.set_all_no()
    window.open_member("budi.santoso@example.com")
    from tests.conftest import run_async
    run_async(qtbot, window.settled())
    edit = window.open_action("edit")
    texts += [edit.form.inputs[k].text() for k in CHANNELS]
    assert len(texts) == 10 and all("Kopi Nusantara" in t and "412" not in t for t in texts), texts
    window.monitor.check_now()
    qtbot.waitUntil(lambda: window.merchant_label.text() == "Kopi Nusantara", timeout=5000)


def test_the_training_kiosk_names_the_shop_the_customer_knows(make_kiosk, qtbot, training):
    from tests.test_kiosk import walk_to_summary

    kiosk = make_kiosk(store_name="")
    walk_to_summary(kiosk, qtbot)
    kiosk_texts = [kiosk.inputs[k].text() for k in CHANNELS] + [kiosk.privacy_notice.text()]
    assert all("Kopi Nusantara" in t and "412" not in t for t in kiosk_texts), kiosk_texts


def test_consent_questions_wrap_inside_the_form_whatever_the_store_name(make_window, qtbot):
    """Edit profile is 600 px wide: "Customer agrees that Kopi Nusantara sends them its newsletter by
    email" was cut at the form's edge (seen at 1024×768). Each question wraps onto more lines and
    stays inside the scrolled form, all of its words shown; a click on its words still ticks it."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QScrollArea

    from tests.conftest import run_async

    window = make_window()
    window.open_member("budi.santoso@example.com")
    run_async(qtbot, window.settled())
    edit = window.open_action("edit")
    qtbot.waitUntil(edit.isVisible, timeout=5000)
    area = edit.findChild(QScrollArea)
    viewport = area.viewport() if area is not None else edit
    for key in CHANNELS:
        box = edit.form.inputs[key]
        right = box.mapTo(viewport, QPoint(box.width(), 0)).x()
        assert right <= viewport.width(), (key, right, viewport.width())
        assert box.height() >= box.heightForWidth(box.width()), key  # every line of it shown
    newsletter = edit.form.inputs["allow_newsletters"]
    assert newsletter.height() > 1.5 * newsletter.fontMetrics().height()  # it did wrap
    was = newsletter.isChecked()
    qtbot.mouseClick(newsletter, Qt.MouseButton.LeftButton, pos=QPoint(newsletter.width() - 20, 5))
    assert newsletter.isChecked() != was
