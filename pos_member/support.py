"""Help → "Save a support file": what support needs in one zip, with no secret and no personal data.

- ``version.txt``: the app, Python, the OS, installed build or not;
- ``settings.txt``: the settings in use, without the token and with the PIN hash only as "set";
- ``outbox.txt``: the outbox's items counted by state and reason (never their contents);
- ``updates.txt``: version, update channel, last check, a pending update, the update task's last run;
- ``last-errors.txt``: the last ERROR and CRITICAL lines of the log;
- ``logs/``: the log files.
Every text goes through the log's own redaction once more (``logsafe.redact``) on its way into
the zip: a log written by an older version, or a line a library wrote, is cleaned here too. No Qt.
"""

from __future__ import annotations

import json
import platform
import re
import time
import zipfile
from pathlib import Path
from typing import Any

from pos_member.logsafe import redact

#: The last error lines kept in last-errors.txt.
LAST_ERRORS = 50
#: Settings shown only as set / not set.
HIDDEN_SETTINGS = ("token", "manager_pin_hash")


def default_name() -> str:
    return time.strftime("pos-member-support-%Y%m%d-%H%M%S.zip")


def build(target: Path, *, log_dir: Path | None, settings: Any = None,
          outbox_counts: dict[str, dict[str, int]] | None = None) -> Path:
    """Write the support zip to ``target`` (replaced whole: written aside, then renamed)."""
    from pos_member import __version__
    from pos_member.config import installed

    logs = sorted(log_dir.glob("pos-member.log*"), key=_age, reverse=True) if log_dir is not None and log_dir.is_dir() else []
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("version.txt", redact("\n".join([
            f"pos-member {__version__}", f"installed build: {installed()}",
            f"python {platform.python_version()} on {platform.platform()}", f"written {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        ])) + "\n")
        zf.writestr("settings.txt", _settings_text(settings))
        zf.writestr("updates.txt", redact("\n".join(_update_lines())) + "\n")
        zf.writestr("outbox.txt", _outbox_text(outbox_counts))
        errors: list[str] = []
        for path in logs:
            text = redact_lines(path.read_text(encoding="utf-8", errors="replace"))
            zf.writestr(f"logs/{path.name}", text)
            errors += [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line]
        zf.writestr("last-errors.txt", "\n".join(errors[-LAST_ERRORS:]) + "\n")
    partial.replace(target)
    return target


def _update_lines() -> list[str]:
    """Version, update channel, last check, a pending update, the update task's last run."""
    from pos_member.update import report

    try:
        return report()
    except OSError as exc:
        return [f"updates: could not be read ({type(exc).__name__})"]


#: The log's own prefix (time, level, logger): ours, kept as is (the phone rule would mask the time).
_PREFIX = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ [\w.]+: )(.*)$")


def redact_lines(text: str) -> str:
    """Each line redacted again; a log line's prefix is kept, everything else is cleaned."""
    lines = []
    for line in text.splitlines():
        match = _PREFIX.match(line)
        lines.append(match.group(1) + redact(match.group(2)) if match else redact(line))
    return "\n".join(lines) + "\n"


def _age(path: Path) -> int:
    """pos-member.log is the newest, .1 older, .2 older still: oldest first once reversed."""
    suffix = path.name.rpartition(".")[2]
    return int(suffix) if suffix.isdigit() else 0


def _settings_text(settings: Any) -> str:
    if settings is None:
        return "no settings could be loaded\n"
    values = settings.model_dump(mode="json", exclude=set(HIDDEN_SETTINGS))
    for key in HIDDEN_SETTINGS:
        values[key] = "set" if getattr(settings, key, None) else "not set"
    return redact(json.dumps(values, indent=2, sort_keys=True, default=str)) + "\n"


def _outbox_text(counts: dict[str, dict[str, int]] | None) -> str:
    if counts is None:
        return "no outbox open\n"
    if not counts:
        return "empty\n"
    lines = []
    for state, reasons in sorted(counts.items()):
        for reason, n in sorted(reasons.items()):
            lines.append(f"{state:10} {reason:12} {n}")
    return "\n".join(lines) + "\n"

