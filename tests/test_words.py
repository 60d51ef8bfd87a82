"""The Indonesian catalogue keeps one word for one thing (README, "Words"), has no English left and
no entry the code does not use; dates, shares and deadlines are written as each language writes
them, from one formatting module. No Qt: the catalogue is read as the translator reads it."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import pos_member.i18n as i18n
import pos_member.i18n.__main__ as i18n_tool
from pos_member.flows import format as fmt
from pos_member.flows.changes import Anonymisation
from pos_member.flows.problems import Refused
from pos_member.i18n.glossary import GLOSSARY, english_left, problems

TS = Path(i18n_tool.HERE) / "pos_member_id.ts"


def _set_translation(path: Path, source: str, translation: str) -> None:
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        if message.findtext("source") == source:
            message.find("translation").text = translation  # type: ignore[union-attr]
            break
    else:
        raise AssertionError(f"no {source!r} in the catalogue")
    tree.write(path, encoding="utf-8")


@pytest.fixture
def indonesian():
    """Indonesian from the catalogue itself (no Qt): what a cashier's screen says."""
    catalogue = i18n_tool.messages(TS)
    i18n.install(lambda text: catalogue.get(text) or text, "id")
    yield catalogue
    i18n.install(lambda text: text, "en")


def test_the_catalogue_passes_its_own_check():
    assert i18n_tool.check(TS) == []


def test_check_fails_on_a_glossary_term_used_inconsistently(tmp_path):
    copy = tmp_path / "id.ts"
    shutil.copy(TS, copy)
    _set_translation(copy, "Tier {tier}", "Tingkat {tier}")  # the level called by another word
    _set_translation(copy, "Newsletter by email", "Newsletter lewat email")  # English left, and not "buletin"
    found = i18n_tool.check(copy)
    assert any("'level'" in line and "Tingkat {tier}" in line for line in found), found
    assert any("'buletin'" in line and "Newsletter lewat email" in line for line in found), found
    assert any(line.startswith("English left (newsletter)") for line in found), found
    assert i18n_tool.main(["check", str(copy)]) == 1
    assert i18n_tool.main(["check", str(TS)]) == 0


def test_check_fails_on_an_entry_the_code_does_not_use(tmp_path):
    copy = tmp_path / "id.ts"
    shutil.copy(TS, copy)
    tree = ET.parse(copy)
    context = tree.getroot().find("context")
    message = ET.SubElement(context, "message")  # type: ignore[arg-type]
    ET.SubElement(message, "source").text = "Hello again!"
    ET.SubElement(message, "translation").text = "Halo lagi!"
    tree.write(copy, encoding="utf-8")
    assert i18n_tool.check(copy) == ["not used by the code (run update): 'Hello again!'"]


def test_the_glossary_rules():
    rules = {term.english: term for term in GLOSSARY}
    assert rules["tier, level"].indonesian == "level"
    assert problems({"Outbox paused — the disk is full.": "Pengiriman terhenti — disk penuh."})
    assert problems({"Needs you": "Perlu Anda"})
    assert problems({"Training: {value}": "Pelatihan: {value}"})
    assert problems({"Offers by SMS": "Penawaran lewat SMS"})
    assert not problems({"Offers by SMS": "Promo lewat SMS"})
    # placeholders and command lines are not words: {store} is no store, pos_member.outbox no outbox
    assert not problems({"Registered at {store}.": "Didaftarkan di {store}."})
    assert not problems({"Run\npython -m pos_member.outbox deliver": "Jalankan\npython -m pos_member.outbox deliver"})
    assert english_left("Keep it", "Keep saja") == {"keep"}
    assert english_left("Send code by SMS", "Kirim kode lewat SMS") == set()


def test_dates_shares_and_deadlines_in_english():
    today = dt.date(2026, 12, 6)
    assert fmt.date(dt.date(2026, 12, 31)) == "31 Dec 2026"
    assert fmt.deadline(dt.date(2026, 12, 31), today) == "by 31 Dec 2026 (25 days left)"
    assert fmt.deadline(dt.date(2026, 12, 7), today) == "by 7 Dec 2026 (1 day left)"
    assert fmt.deadline(today, today) == "by 6 Dec 2026 (today)"
    assert fmt.deadline(dt.date(2026, 12, 1), today) == "by 1 Dec 2026 (passed)"
    assert fmt.deadline("2026-02-31", today) == "by 2026-02-31"  # no real date: as Stamps sent it
    assert fmt.percent(0.85) == "85%"
    assert fmt.percent(0.29) == "29%"  # not 28 (0.29 * 100 is 28.999…)
    assert fmt.percent(0.999) == "99%"  # never "done" before it is
    assert fmt.percent(1.7) == "100%"
    assert fmt.percent(None) == "–"
    assert fmt.rupiah(1_250_000) == "Rp 1.250.000"
    assert fmt.number(1234567) == "1.234.567"


def test_dates_shares_and_deadlines_in_indonesian(indonesian):
    today = dt.date(2026, 12, 6)
    assert fmt.date(dt.date(2026, 12, 31)) == "31 Des 2026"
    assert fmt.date(dt.date(2026, 5, 1)) == "1 Mei 2026"
    assert fmt.date(dt.date(2026, 8, 17)) == "17 Agu 2026"
    # "hingga" includes the day (the old "sebelum" is strictly before: one day early)
    assert fmt.deadline(dt.date(2026, 12, 31), today) == "hingga 31 Des 2026 (sisa 25 hari)"
    assert fmt.deadline(dt.date(2026, 12, 7), today) == "hingga 7 Des 2026 (sisa 1 hari)"
    assert fmt.deadline(today, today) == "hingga 6 Des 2026 (hari ini)"
    assert fmt.deadline(dt.date(2026, 10, 1), today) == "hingga 1 Okt 2026 (sudah lewat)"
    assert fmt.deadline(dt.date(2031, 1, 1), today) == "hingga 1 Jan 2031 (sisa 1.487 hari)"
    assert fmt.percent(0.85) == "85%"
    assert i18n.tr("{percent} of the way").format(percent=fmt.percent(0.85)) == "85% tercapai"
    assert fmt.rupiah(590_000) == "Rp 590.000"


def test_the_anonymise_word_is_the_screens_language(indonesian):
    flow = Anonymisation(client=None, member=1, name=None)  # type: ignore[arg-type]
    assert flow.word == "ANONIMKAN"
    flow.check("ANONIMKAN", mark_only=False)
    with pytest.raises(Refused) as refused:
        flow.check("ANONYMISE", mark_only=False)
    assert "ANONIMKAN" in refused.value.problem.fields["confirm"]
    i18n.install(lambda text: text, "en")
    assert Anonymisation(client=None, member=1, name="").word == "ANONYMISE"  # type: ignore[arg-type]
    assert Anonymisation(client=None, member=1, name="Budi Santoso").word == "Budi"  # type: ignore[arg-type]


def test_no_example_number_is_a_training_members_number():
    """A placeholder like "0812 3456 7890" was Budi Santoso's training number: on his own Change
    phone window it looked pre-filled (walk finding 12). Examples use 0812 0000 0000."""
    import re
    from pathlib import Path

    from pos_member.sandbox.demo import FIXED

    members = {"0" + member["phone"].removeprefix("+62") for member in FIXED}
    package = Path(__file__).parents[1] / "pos_member"
    shown = [text for path in package.joinpath("ui").rglob("*.py")  # words on screen (not comments)
             for text in re.findall(r'tr\("([^"]*)"\)', path.read_text(encoding="utf-8"))]
    shown.append((package / "i18n" / "pos_member_id.ts").read_text(encoding="utf-8"))
    for text in shown:
        for number in re.findall(r"0[\d \-]{9,16}\d", text):
            assert re.sub(r"\D", "", number) not in members, number
