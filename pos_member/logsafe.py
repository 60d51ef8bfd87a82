"""Keep personal data and secrets out of logs, and log files private.

Our own log calls never pass bodies or query strings; redaction is the second line of defence,
mainly for libraries (httpx logs every URL, query string and all) and for exception text, which
can carry anything. It happens in the formatter, on the message *and* the traceback, so every
handler that uses ``SafeFormatter`` is clean whatever the order of handlers (a filter runs before
the traceback is even formatted). Known secrets (the API token) are masked wherever they appear.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

_RULES: list[tuple[re.Pattern[str], str]] = [
    # "otp 1234", "OTP is 123456", "kode: 1234": a short code after the word that names it.
    # First: the Token/Bearer rule below would take the naming word ("JWT pin 2765") and leave the code.
    (re.compile(r"\b(otp|code|kode|pin)\b([^\w\n]{0,3}(?:is\s+|adalah\s+)?)\d{3,8}\b", re.I), r"\1\2<code>"),
    # JSON Web Tokens, bare (three base64url parts, the first two starting with '{"' encoded).
    (re.compile(r"\beyJ[\w-]*\.[\w-]+\.[\w-]*"), "<jwt>"),
    (re.compile(r"\b(Token|Bearer|JWT)\s+[^\s\"',]+", re.I), r"\1 <secret>"),
    (re.compile(r"(otp|token|access_token|password|pin|secret|code)([\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+", re.I),
     r"\1\2<secret>"),
    (re.compile(r"\?[^\s\"']+"), "?<query>"),
    (re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    # Phone numbers with any separators: 0812-3456-7890, 0812.3456.7890, (0812) 3456 7890, +62 812...
    (re.compile(r"\+?\(?\d(?:[\s().\-/]{0,3}\d){7,}"), "<number>"),
    # Opaque tokens: 20+ letters and digits (both) in one run, e.g. an API key in an exception text
    # (file names like outbox-14-unreadable-20261130 are words and numbers between dashes: kept).
    (re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{20,}(?![A-Za-z0-9])"),
     "<secret>"),
]

#: Loggers of libraries that may see URLs or headers.
LIBRARY_LOGGERS = ("httpx", "httpcore", "httpcore.http11", "httpcore.http2", "httpcore.connection", "uvicorn.access")
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask this exact value wherever it shows up in a log (e.g. the API token once loaded)."""
    if value and len(value) >= 6:
        _known_secrets.add(value)


def redact(text: str) -> str:
    for secret in sorted(_known_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "<secret>")
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class SafeFormatter(logging.Formatter):
    """Redacts the message, the traceback and the stack of every record it formats (the time,
    level and logger name are ours, and a phone-number rule would mangle the timestamp)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = redact(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:  # noqa: ANN001, N802
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return redact(super().formatStack(stack_info))

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_text:  # cached by another handler's formatter: maybe not redacted
            record.exc_text = redact(record.exc_text)
        return super().format(record)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with personal data and secrets masked, for
    handlers we do not format ourselves (a library's, a test's capture)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a broken format string must not break logging)
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_FILTER = RedactingFilter()


def install_redaction(*extra: logging.Logger | logging.Handler) -> None:
    """Attach the filter to library loggers (idempotent) and to any given logger or handler."""
    for target in [logging.getLogger(name) for name in LIBRARY_LOGGERS] + list(extra):
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)


# ------------------------------------------------------------------ files only this user can read

def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents); on POSIX make the last folder user-only."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        try:
            os.chmod(path, 0o700)
        except OSError:  # a folder IT set up and we do not own: leave it as they made it
            pass
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` if missing; on POSIX make it user-only (0600), also if it existed wider."""
    if os.name == "posix":
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    return path


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files (the current one and each new one after rotation) are user-only."""

    def _open(self):  # noqa: ANN202 (logging's own signature)
        private_file(Path(self.baseFilename))
        return super()._open()
