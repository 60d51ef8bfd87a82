"""Setting a damaged outbox file aside at start-up (never deleting it). No Qt."""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .delivery import Outbox
from .failures import Cause, cause

log = logging.getLogger("pos_member.outbox")


@dataclass(frozen=True)
class SetAside:
    """An outbox file that could not be opened at start-up, kept under another name."""

    kept: Path
    why: Cause


def open_or_set_aside(path: str | Path) -> tuple[Outbox, SetAside | None]:
    """Open the outbox; if the file is damaged or unreadable, keep it aside (never delete it: it
    may hold registrations not yet at Stamps) and start a fresh one. Raises if even that fails."""
    path = Path(path)
    try:
        return Outbox(path), None
    except (sqlite3.DatabaseError, OSError) as exc:
        log.error("outbox %s cannot be opened (%s): keeping it aside, starting a new one", path.name,
                  type(exc).__name__, exc_info=exc)
        why = cause(exc)
        # A stamp like 2026Nov30-02h15m05: no run of digits the log would mask as a phone number.
        stamp = time.strftime("%Y") + MONTHS[time.localtime().tm_mon - 1] + time.strftime("%d-%Hh%Mm%S")
        kept = path.with_name(f"{path.stem}-unreadable-{stamp}{path.suffix}")
        for suffix in ("", "-wal", "-shm", "-journal"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                part.rename(f"{kept}{suffix}")
        log.warning("outbox: the old file is kept as %s", kept.name)
        return Outbox(path), SetAside(kept, why)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
