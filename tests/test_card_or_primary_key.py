"""One parameter takes a card number or a primary key: a member opened by a typed or scanned
number must hold that card, else a clear notice and nobody on screen (issue 24, Done when 7)."""

from __future__ import annotations

from tests.conftest import run_async


def test_a_number_that_is_someone_elses_primary_key_opens_nobody(make_window, qtbot, training):
    window = make_window()
    window.session.scan("000001")  # no such card; Stamps reads it as primary key 1 (Budi)
    run_async(qtbot, window.settled())
    assert window.session.member is None and window.session.page == "problem"
    assert window.session.problem.code == "card_mismatch" and "000001" in window.session.problem.message
    assert not window.actions_by_name["edit"].isEnabled()


def test_a_number_that_is_the_members_card_opens_them(make_window, qtbot, training):
    training.store.db.execute("UPDATE cards SET number = '7654321' WHERE membership_id ="
                              " (SELECT id FROM memberships WHERE user_id = 2) AND is_primary = 1")
    window = make_window()
    window.session.submit("7654321")
    run_async(qtbot, window.settled())
    assert window.session.member is not None and window.session.member.name == "Siti Rahayu"
    assert window.session.can("edit")
