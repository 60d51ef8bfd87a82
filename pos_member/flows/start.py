"""Why the counter could not start, in the store's language and in a line for the log. No Qt.

Every start-up failure is shown (a dialog at a counter, the "out of order" page on a kiosk) and
logged at ERROR: a bad store setting (which one and what is expected), no API token (the manager
connects the counter behind the PIN), a data folder that cannot be written (which folder and
why), and anything else (its kind). The words say what to tell IT; secrets never appear (the
settings' messages already leave out values of secret-looking keys).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pos_member.i18n import tr

Kind = Literal["settings", "token", "data_folder", "other"]


@dataclass(frozen=True)
class StartFailure:
    kind: Kind
    #: For the log (English, for IT and support).
    log_line: str
    #: Setting -> what is expected (kind "settings").
    problems: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None
    why: str = ""

    @property
    def title(self) -> str:
        return {
            "settings": tr("The store settings of this counter are not valid"),
            "token": tr("This counter is not connected to Stamps yet"),
            "data_folder": tr("This counter cannot save its data"),
            "other": tr("The membership counter could not start"),
        }[self.kind]

    @property
    def message(self) -> str:
        """What the person at the counter reads: what happened and what to tell IT."""
        if self.kind == "settings":
            lines = "\n".join(f"• {key}: {what}" for key, what in self.problems.items())
            return tr("Tell IT which setting is wrong and what is expected:") + "\n" + lines
        if self.kind == "token":
            return tr("It has no API token. The store manager can connect it now with the manager PIN, "
                      "or IT can install the token for this computer.")
        if self.kind == "data_folder":
            return tr("Tell IT: the folder {folder} cannot be written ({why}).").format(
                folder=self.folder, why=self.why)
        return tr("Tell IT: the membership counter stopped while starting ({why}). The log has the details.").format(
            why=self.why)


def bad_settings(problems: dict[str, str]) -> StartFailure:
    return StartFailure("settings", "start-up: the store settings are not valid: " +
                        "; ".join(f"{key}: {what}" for key, what in problems.items()), problems=dict(problems))


def no_token() -> StartFailure:
    return StartFailure("token", "start-up: no API token (neither the machine token nor this user's)")


def data_folder(folder: Path, exc: BaseException) -> StartFailure:
    why = folder_words(exc)
    return StartFailure("data_folder", f"start-up: cannot write {folder} ({type(exc).__name__}: {_errno_name(exc)})",
                        folder=folder, why=why)


def other(exc: BaseException) -> StartFailure:
    return StartFailure("other", f"start-up failed: {type(exc).__name__}", why=type(exc).__name__)


def folder_words(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return tr("this Windows user may not write there")
    if code == errno.EROFS:
        return tr("the disk is read-only")
    if code == errno.ENOSPC:
        return tr("the disk is full")
    if code == errno.ENOENT:
        return tr("the drive or folder does not exist")
    return tr("the system said: {error}").format(error=_errno_name(exc))


def _errno_name(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    return errno.errorcode.get(code, str(code)) if isinstance(code, int) else type(exc).__name__
