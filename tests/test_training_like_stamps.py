"""The training server behaves like Stamps where it matters for the safe readings: names match
without punctuation and accents, any word of the email matches, a JSON integer is a primary key
(issue 24, Done when 9)."""

from __future__ import annotations

import sqlite3

from pos_member.sandbox.store import TERMS_VERSION, Store, fold

SIOBHAN = dict(email="siobhan.oneil@example.ie", mobile_number="081390008888", allow_newsletters=False,
               allow_sms_marketing=False, allow_whatsapp_marketing=False)


def names(call, query):
    return [s.name for s in call(lambda c: c.suggestions(query)).suggestions]


def test_names_match_without_punctuation_or_accents(call):
    call(lambda c: c.register("Siobhan O'Neil", **SIOBHAN))
    call(lambda c: c.register("Jürgen Müller-Lüdenscheidt", email="jm@example.de", mobile_number="081390008889"))
    for query in ("oneil", "o'neil", "O’Neil", "siobhan oneil", "ONEIL"):
        assert "Siobhan O'Neil" in names(call, query), query
    for query in ("muller", "müller", "ludenscheidt", "jurgen"):
        assert "Jürgen Müller-Lüdenscheidt" in names(call, query), query
    assert fold("O'Neil") == "oneil" and fold("Jean-Luc  Müller") == "jean luc muller"


def test_any_word_of_the_email_matches_as_the_readme_says(call):
    call(lambda c: c.register("Carla", email="carla.wiryawan@example.com", mobile_number="081390007771"))
    assert "Carla" in names(call, "wiryawan")
    assert "Carla" in names(call, "carla.wir")


def test_a_json_integer_user_is_a_primary_key_text_a_card_first(training):
    store = training.store
    store.db.execute("UPDATE cards SET number = '1' WHERE membership_id ="
                     " (SELECT id FROM memberships WHERE user_id = 2) AND is_primary = 1")
    merchant = training.merchant_id
    assert store.member(merchant, "1", pk_first=True)[0]["id"] == 1   # "user": 1 -> Budi, primary key 1
    assert store.member(merchant, "1")[0]["id"] == 2                  # "user": "1" -> the card "1" (Siti)


def test_an_older_training_database_is_indexed_again(tmp_path):
    path = tmp_path / "old.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 1")
    db.close()
    again = Store(path)
    assert again.db.execute("PRAGMA user_version").fetchone()[0] == TERMS_VERSION
    again.close()


def test_consents_may_be_absent_for_a_quick_registration_nobody_completed(call):
    member = call(lambda c: c.partial_register("quick.only@example.com")).user.id
    details = call(lambda c: c.member_details(member))
    assert [getattr(details.membership, k) for k in ("allow_newsletters", "allow_sms_marketing",
                                                     "allow_whatsapp_marketing")] == [None, None, None]
    call(lambda c: c.change_profile(int(member), "Quick Only", allow_newsletters=False))
    after = call(lambda c: c.member_details(member)).membership
    assert after.allow_newsletters is False and after.allow_sms_marketing is not None  # completed: stated
