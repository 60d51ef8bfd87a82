"""Help -> "Save a support file": logs, version, settings without secrets, outbox counts and the
last errors in one zip, swept by the privacy audit's own test (``assert_clean``)."""

from __future__ import annotations

import zipfile

from pos_member.config import Settings, hash_pin
from pos_member.support import build
from tests.conftest import run_async
from tests.test_privacy_audit import assert_clean, zip_text

TOKEN = "tok3nV4lue9xQ2mZ8pL5rT1wY6"
SECRETS = {"tokens": [TOKEN], "emails": ["siti.rahma@example.com"], "phones": ["+6281234567890"], "codes": ["482913"]}


def old_log(folder):
    """A log as an older version (or a library) might have written it: raw secrets in it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pos-member.log.1").write_text(
        "2026-12-05 10:00:00,000 ERROR pos_member: older trouble for siti.rahma@example.com\n", encoding="utf-8")
    (folder / "pos-member.log").write_text(
        "2026-12-06 09:00:00,000 INFO pos_member: training mode\n"
        f"2026-12-06 09:00:01,000 ERROR pos_member.api: 401 with Authorization: Token {TOKEN}\n"
        "2026-12-06 09:00:02,000 WARNING pos_member: OTP is 482913 for +6281234567890\n"
        "2026-12-06 09:00:03,000 CRITICAL pos_member: unhandled ValueError\n", encoding="utf-8")


def test_the_support_file_holds_what_support_needs_and_no_secret(tmp_path):
    old_log(tmp_path / "logs")
    settings = Settings(store_name="Kemang", manager_pin_hash=hash_pin("482913", iterations=1000))
    path = build(tmp_path / "support.zip", log_dir=tmp_path / "logs", settings=settings,
                 outbox_counts={"pending": {"offline": 2, "-": 1}, "attention": {"invalid": 1}})
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        read = {name: zf.read(name).decode() for name in names}
    assert {"version.txt", "settings.txt", "outbox.txt", "last-errors.txt", "logs/pos-member.log",
            "logs/pos-member.log.1"} <= names
    assert "pos-member " in read["version.txt"]
    assert '"store_name": "Kemang"' in read["settings.txt"] and '"manager_pin_hash": "set"' in read["settings.txt"]
    assert "pbkdf2" not in read["settings.txt"]
    assert "pending    offline      2" in read["outbox.txt"] and "attention  invalid      1" in read["outbox.txt"]
    errors = read["last-errors.txt"].splitlines()
    assert [line.split(" ", 3)[2] for line in errors] == ["ERROR", "ERROR", "CRITICAL"]  # oldest first
    assert_clean(zip_text(path), SECRETS)


def test_help_saves_a_support_file(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("POS_MEMBER_DATA_DIR", str(tmp_path / "data"))
    old_log(tmp_path / "data" / "logs")
    window = make_window()
    window.backend.outbox.add("partial", {"user": "antre@example.com"})
    dialog = window.open_help()
    target = tmp_path / "for-support.zip"
    dialog.save_support_to(target)
    run_async(qtbot, dialog.ops.settled(dialog))
    assert str(target) in dialog.support_note.text()
    text = zip_text(target)
    assert "pending    -            1" in text and "training mode" in text
    assert_clean(text, SECRETS)
