"""Signed updates with The Update Framework (python-tuf's ngclient): check and download in the
background without rights (``service``), apply with rights through the per-store installer
(``apply``). Qt-free. README "Signed updates" tells IT and the release manager the whole story.

Light on import (the app starts faster without tuf): the checker is imported when first needed.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pos_member.update.rings import store_key, store_place
from pos_member.update.status import UpdateStatus

if TYPE_CHECKING:
    from pos_member.config import Settings
    from pos_member.update.check import UpdateChecker

#: The trusted root metadata, shipped inside the app (and so inside the installer). Written by
#: ``./dev release init``; a build without it does not update itself.
ROOT_FILE = "root.json"


def trusted_root() -> bytes | None:
    try:
        return resources.files(__package__).joinpath(ROOT_FILE).read_bytes()
    except OSError:
        return None


def checker_for(settings: Settings, cache_dir: Path, version: str, *, root: bytes | None = None) -> UpdateChecker | None:
    """The checker this store profile asks for, or None when updates are off (no ``update_url``,
    training mode, or a build without a trusted root)."""
    root = root if root is not None else trusted_root()
    if settings.update_url is None or settings.training or root is None:
        return None
    from pos_member.update.check import UpdateChecker

    return UpdateChecker(str(settings.update_url), settings.update_channel,
                         store_key(settings.merchant, settings.store, settings.mode),
                         store_place(settings.merchant, settings.store), version, cache_dir, root)


def report(user_dir: Path | None = None, task_dir: Path | None = None) -> list[str]:
    """For IT (``--check-install``, the support file, ``python -m pos_member.update status``): the
    version, channel, last check, a pending update, and what the update task last did."""
    import json

    from pos_member import __version__
    from pos_member.update.status import load, report_lines

    if user_dir is None:
        from pos_member.runtime import data_dir_path

        user_dir = data_dir_path() / "update"
    if task_dir is None:
        from pos_member.update.apply import machine_dir

        task_dir = machine_dir()
    lines = [f"installed version: {__version__}",
             f"trusted root: {'shipped' if trusted_root() else 'missing (this build does not update itself)'}"]
    lines += report_lines(load(user_dir))
    try:
        last = json.loads((task_dir / "last-apply.json").read_text(encoding="utf-8"))
        lines.append(f"update task, last run: {last.get('when')} {last.get('outcome')} {last.get('version') or ''}".rstrip())
    except (OSError, ValueError, AttributeError):
        lines.append("update task, last run: none recorded")
    return lines


__all__ = ["UpdateStatus", "checker_for", "report", "store_key", "store_place", "trusted_root"]
