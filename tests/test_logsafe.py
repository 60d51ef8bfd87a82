"""No secret or personal data reaches stderr or the log file, whatever its shape and wherever it
sits (message, arguments, exception text, traceback); log files are user-only."""

from __future__ import annotations

import io
import logging
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_member import logsafe
from pos_member.runtime import setup_logging

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
SEPARATORS = st.sampled_from([" ", "-", ".", "", "  ", " - ", "/", ")", ") "])


@st.composite
def phones(draw) -> str:
    """Indonesian mobiles, local or international, with any separators between any digit groups."""
    digits = draw(st.text("0123456789", min_size=8, max_size=11))
    head = draw(st.sampled_from(["08", "+628", "628", "(08", "+62 8", "0 8"]))
    body, rest = "", digits
    while rest:
        n = draw(st.integers(1, 4))
        body += rest[:n] + (draw(SEPARATORS) if len(rest) > n else "")
        rest = rest[n:]
    return head + body


@st.composite
def tokens(draw) -> str:
    """An API token as the server issues them: long, letters and digits."""
    core = draw(st.text(ALNUM, min_size=24, max_size=64))
    return core[:-2] + draw(st.sampled_from(string.digits)) + draw(st.sampled_from(string.ascii_letters))


@st.composite
def jwts(draw) -> str:
    part = st.text(URLSAFE, min_size=8, max_size=60)
    return f"eyJ{draw(part)}.eyJ{draw(part)}.{draw(part)}"


@st.composite
def codes(draw) -> tuple[str, str]:
    """(the text with a one-time code in it, the code)."""
    code = draw(st.text("0123456789", min_size=4, max_size=6))
    word = draw(st.sampled_from(["otp", "OTP", "Otp", "code", "Code", "kode", "pin", "PIN"]))
    sep = draw(st.sampled_from([" ", ": ", "=", " is ", " = ", ":", " adalah "]))
    return f"{word}{sep}{code}", code


def emails() -> st.SearchStrategy[str]:
    return st.emails().filter(lambda e: len(e) < 120)


SECRETS = st.one_of(  # (kind, the text logged, the value that must not be in the log)
    tokens().map(lambda t: ("token", t, t)),
    tokens().map(lambda t: ("token", f"Authorization: Token {t}", t)),
    tokens().map(lambda t: ("token", f"?token={t}&x=1", t)),
    jwts().map(lambda j: ("token", f"Bearer {j}", j)),
    jwts().map(lambda j: ("token", j, j)),
    phones().map(lambda p: ("phone", p, p)),
    emails().map(lambda e: ("email", e, e)),
    emails().map(lambda e: ("email", f"<{e}>", e)),
    codes().map(lambda c: ("code", c[0], c[1])),
)
AROUND = st.text(string.ascii_letters + " ,;:", max_size=20).map(lambda s: f" {s} ")


@pytest.fixture
def handlers(tmp_path):
    """The app's real logging set-up (stderr + file), with stderr captured in memory."""
    root = logging.getLogger()
    before = list(root.handlers), root.level
    for handler in list(root.handlers):
        if getattr(handler, "_pos_member", False):
            root.removeHandler(handler)
    setup_logging(logging.DEBUG, tmp_path / "logs")
    ours = [h for h in root.handlers if getattr(h, "_pos_member", False)]
    stderr = io.StringIO()
    for handler in ours:
        if type(handler) is logging.StreamHandler:
            handler.setStream(stderr)
    log_file = next(Path(h.baseFilename) for h in ours if isinstance(h, logging.FileHandler))
    yield stderr, log_file
    for handler in ours:
        root.removeHandler(handler)
        handler.close()
    for handler in before[0]:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(before[1])


def everything(stderr: io.StringIO, log_file: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return stderr.getvalue() + "\n" + log_file.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=SECRETS, before=AROUND, after=AROUND, how=st.sampled_from(["message", "argument", "exception", "library"]))
def test_no_secret_in_any_handler(handlers, secret, before, after, how):
    stderr, log_file = handlers
    kind, text, value = secret
    line = before + text + after
    if how == "message":
        logging.getLogger("pos_member.sweep").warning(line)
    elif how == "argument":
        logging.getLogger("pos_member.sweep").info("sending %s now", line)
    elif how == "library":
        logging.getLogger("httpx").warning("HTTP Request: POST https://stamps.co.id/api %s", line)
    else:
        try:
            raise ValueError(f"could not parse {line!r}")
        except ValueError:
            logging.getLogger("pos_member.sweep").exception("step failed")
    written = everything(stderr, log_file)
    assert "sweep" in written or "HTTP Request" in written  # the record was really written
    assert value not in written, (how, text)
    if kind == "phone":  # not even with other separators
        digits = "".join(c for c in value if c.isdigit())
        assert digits not in re.sub(r"[\s().\-/]", "", written), text
    if kind == "code":  # codes are bare digits: look for them where the word names them
        assert not re.search(rf"(?i)(otp|code|kode|pin)\W{{0,3}}(is |adalah )?{value}(?!\d)", written), text
    stderr.seek(0)
    stderr.truncate()
    log_file.write_text("")


def test_a_known_token_is_masked_anywhere(handlers):
    stderr, log_file = handlers
    logsafe.register_secret("plainlettersonlytoken")
    logging.getLogger("pos_member.sweep").error("connect failed for plainlettersonlytoken at step")
    written = everything(stderr, log_file)
    assert "plainlettersonlytoken" not in written and "<secret>" in written


def test_timestamps_and_ordinary_words_survive(handlers):
    stderr, log_file = handlers
    logging.getLogger("pos_member.sweep").info("outbox: item 12 delivered after 3 tries")
    written = everything(stderr, log_file)
    assert "outbox: item 12 delivered after 3 tries" in written
    assert written.startswith("20")  # the asctime is not mistaken for a phone number


@pytest.mark.posix_only("POSIX file modes")
def test_log_files_are_user_only_also_after_rotation(tmp_path):
    path = tmp_path / "logs" / "app.log"
    logsafe.private_dir(path.parent)
    handler = logsafe.PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    handler.setFormatter(logsafe.SafeFormatter("%(message)s"))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "y" * 150, None, None)
    for _ in range(5):
        handler.emit(record)
    handler.close()
    files = list(path.parent.iterdir())
    assert len(files) >= 2
    assert all(f.stat().st_mode & 0o077 == 0 for f in files), [oct(f.stat().st_mode) for f in files]
    assert path.parent.stat().st_mode & 0o077 == 0


@pytest.mark.posix_only("POSIX file modes")
def test_settings_file_is_user_only(tmp_path, monkeypatch):
    from pos_member.config import save_user_settings

    monkeypatch.setenv("POS_MEMBER_CONFIG_DIR", str(tmp_path))
    path = save_user_settings({"store_name": "Toko Pusat"})
    assert path.stat().st_mode & 0o077 == 0


def record_with_traceback(secret: str) -> logging.LogRecord:
    """A fresh record whose traceback holds ``secret`` and that no handler has formatted yet."""
    try:
        raise ValueError(f"could not parse 'Authorization: Token {secret}' for ayu@example.com")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    return logging.LogRecord("pos_member.sweep", logging.ERROR, __file__, 1, "step failed", None, exc_info)


def test_the_formatter_alone_redacts_a_traceback():
    """Not helped by another handler (pytest's capture) that formatted the record first."""
    secret = "abcdefghijklmnopqrstuvwx12"
    record = record_with_traceback(secret)
    assert record.exc_text is None
    text = logsafe.SafeFormatter("%(levelname)s %(message)s").format(record)
    assert "ValueError" in text and "Traceback" in text  # the traceback is written ...
    assert secret not in text and "ayu@example.com" not in text  # ... without the secrets


def test_the_filter_alone_redacts_a_traceback_for_a_plain_formatter():
    secret = "zyxwvutsrqponmlkjihgfedc34"
    record = record_with_traceback(secret)
    assert logsafe.RedactingFilter().filter(record)
    text = logging.Formatter("%(message)s").format(record)
    assert "ValueError" in text and secret not in text and "ayu@example.com" not in text


@pytest.mark.parametrize("line", ["JWT pin 2765 sent", "Token kode adalah 1836", "bearer OTP: 083203"])
def test_a_code_after_a_token_word_is_masked(line):
    """The token rule takes the word after 'Token'/'JWT'/'Bearer': the code named by that word must still go."""
    code = line.split()[-2] if line.endswith("sent") else line.split()[-1]
    assert code not in logsafe.redact(line)
