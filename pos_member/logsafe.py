"""Keep personal data and secrets out of logs.

Our own log calls never pass bodies or query strings; this filter is the second line of defence,
mainly for libraries (httpx logs every URL, query string and all, at INFO).
"""

from __future__ import annotations

import logging
import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(Token|Bearer)\s+[^\s\"',]+", re.I), r"\1 <secret>"),
    (re.compile(r"(otp|token|access_token|password|pin)([\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+", re.I), r"\1\2<secret>"),
    (re.compile(r"\?[^\s\"']+"), "?<query>"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\+?\d[\d \-]{6,}\d"), "<number>"),
]

#: Loggers of libraries that may see URLs or headers.
LIBRARY_LOGGERS = ("httpx", "httpcore", "httpcore.http11", "httpcore.http2", "httpcore.connection", "uvicorn.access")


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with personal data and secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a broken format string must not break logging)
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_FILTER = RedactingFilter()


def install_redaction(*extra: logging.Logger | logging.Handler) -> None:
    """Attach the filter to library loggers (idempotent) and to any given logger or handler."""
    for target in [logging.getLogger(name) for name in LIBRARY_LOGGERS] + list(extra):
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
