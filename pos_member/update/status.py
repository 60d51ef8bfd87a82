"""What staff, ``--check-install`` and the support file are told about updates: the version
running, the channel, the last check and its outcome, and an update waiting to be installed.
Kept as a small JSON file beside the update cache so a command-line check can read it too."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
STATUS_FILE = "status.json"


@dataclass(frozen=True)
class UpdateStatus:
    version: str
    channel: str = ""
    #: Not configured (no ``update_url``): the counter is updated by IT only.
    enabled: bool = False
    #: When the last check ended (UTC, ISO 8601), and how (``check.Outcome`` values).
    last_check: str | None = None
    outcome: str | None = None
    reason: str = ""
    #: The channel's release when it differs from ``version`` (waiting or ready).
    available: str | None = None
    #: A verified installer waiting for the apply step: its version and file.
    pending: str | None = None
    pending_file: str | None = None
    #: This store's place in staged rollouts (0-99) and the release's share.
    place: int | None = None
    share: int | None = None

    def checked(self, outcome: str, *, reason: str = "", available: str | None = None,
                pending_file: str | None = None, share: int | None = None,
                now: dt.datetime | None = None) -> UpdateStatus:
        when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
        if outcome in ("refused", "unreachable"):  # what was found before still stands
            return replace(self, last_check=when, outcome=outcome, reason=reason)
        ready = outcome == "ready"
        return replace(self, last_check=when, outcome=outcome, reason=reason,
                       available=available if available != self.version else None, share=share,
                       pending=available if ready else None, pending_file=pending_file if ready else None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def save(status: UpdateStatus, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / (STATUS_FILE + ".tmp")
    tmp.write_text(json.dumps(status.to_dict(), indent=1), encoding="utf-8")
    os.replace(tmp, directory / STATUS_FILE)


def load(directory: Path) -> dict[str, Any] | None:
    """The last saved status, or None (never checked, or unreadable)."""
    try:
        data = json.loads((directory / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def resumed(fresh: UpdateStatus, saved: dict[str, Any] | None) -> UpdateStatus:
    """What the last run found, while it still holds: same version running, same channel (an
    update installed meanwhile, or a new channel, starts afresh). A pending file must still exist."""
    if not saved or saved.get("version") != fresh.version or saved.get("channel") != fresh.channel:
        return fresh
    pending_file = saved.get("pending_file")
    pending = saved.get("pending") if isinstance(pending_file, str) and Path(pending_file).is_file() else None
    def text(key: str) -> str | None:
        value = saved.get(key)
        return value if isinstance(value, str) else None

    share = saved.get("share")
    return replace(fresh, last_check=text("last_check"), outcome=text("outcome"), available=text("available"),
                   reason=str(saved.get("reason") or "")[:300],
                   pending=pending if isinstance(pending, str) else None,
                   pending_file=pending_file if pending else None,
                   share=share if isinstance(share, int) and not isinstance(share, bool) else None)


def describe(status: UpdateStatus, *, now: dt.datetime | None = None) -> tuple[str, str]:
    """For staff (the status bar): a short label and its tooltip, in the store's language."""
    from pos_member.i18n import tr

    label = (tr("Version {version} · {channel}").format(version=status.version, channel=status.channel)
             if status.enabled else tr("Version {version}").format(version=status.version))
    if status.pending:
        label += " · " + tr("update {version} ready: installs between customers").format(version=status.pending)
    elif status.available:
        label += " · " + tr("update {version} reaches other stores first").format(version=status.available)
    if not status.enabled:
        return label, tr("Updates come from IT (no update repository set)")
    outcome = {"current": tr("up to date"), "ready": tr("up to date"), "waiting": tr("up to date"),
               "not_for_store": tr("up to date"), "unreachable": tr("update repository not reachable"),
               "refused": tr("an update was refused (see the log)")}.get(status.outcome or "", "")
    when = _when(status.last_check, now) if status.last_check else tr("never")
    tip = tr("Last update check: {when}").format(when=when)
    return label, f"{tip} ({outcome})" if outcome else tip


def _when(iso: str, now: dt.datetime | None) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    today = (now or dt.datetime.now(dt.UTC)).astimezone().date()
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%Y-%m-%d %H:%M")


def report_lines(status: UpdateStatus | dict[str, Any] | None) -> list[str]:
    """For IT (``--check-install``, the support file): plain lines, never translated."""
    data = status.to_dict() if isinstance(status, UpdateStatus) else (status or {})
    if not data:
        return ["updates: never checked"]
    lines = [f"version: {data.get('version')}", f"update channel: {data.get('channel') or '-'}",
             f"updates: {'on' if data.get('enabled') else 'off (no update_url)'}",
             f"last update check: {data.get('last_check') or 'never'} ({data.get('outcome') or '-'})"]
    if data.get("reason"):
        lines.append(f"last update problem: {data['reason']}")
    if data.get("pending"):
        lines.append(f"pending update: {data['pending']} (verified, installs between customers)")
    elif data.get("available"):
        lines.append(f"available update: {data['available']} (share {data.get('share')} %, "
                     f"this store's place {data.get('place')})")
    return lines
