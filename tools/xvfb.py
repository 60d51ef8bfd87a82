"""One Xvfb for the tools that need a real X screen (the fit check, the walks, the AT-SPI audit).

    with xvfb.running("1024x768") as display:   # ":437", on a display nobody else uses
        ...

Several people and CI jobs share a machine, each with Xvfbs of their own: without a number the
helper tries free-looking numbers from a high range (people keep the low ones for themselves)
and lets Xvfb itself say whether it got the display (``-displayfd`` answers only once it
listens), so two tools starting at the same moment never share one — the loser takes the next.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

#: Where free displays are looked for (each process starts somewhere else in it).
FIRST, SPAN = 400, 400
#: Numbers tried before giving up.
TRIES = 50


class XvfbError(RuntimeError):
    pass


def _taken(number: int) -> bool:
    return Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists()


def _try(number: int, screen: str) -> subprocess.Popen | None:
    """Xvfb on ``:number`` once it listens, or None when that display is someone else's."""
    read, write = os.pipe()
    try:
        xvfb = subprocess.Popen(["Xvfb", f":{number}", "-displayfd", str(write), "-screen", "0", f"{screen}x24",
                                 "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    finally:
        os.close(write)
    got = b""
    try:
        while not got.endswith(b"\n"):
            chunk = os.read(read, 16)  # the display number, written once the server listens
            if not chunk:
                break  # it exited: the display was taken after all
            got += chunk
    finally:
        os.close(read)
    if got.strip() == str(number).encode():
        return xvfb
    xvfb.wait(10)
    return None


def start(screen: str = "1366x768", display: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start Xvfb with one ``screen`` (``WxH``) on ``display``, or on a free one; returns the
    process and the display name (``":437"``). Raises XvfbError if it cannot."""
    if display is not None:
        xvfb = _try(display, screen)
        if xvfb is None:
            raise XvfbError(f"Xvfb did not start on :{display} (is it in use?)")
        return xvfb, f":{display}"
    first = FIRST + os.getpid() % SPAN
    tried = 0
    for offset in range(SPAN):
        number = FIRST + (first - FIRST + offset) % SPAN
        if _taken(number):
            continue
        xvfb = _try(number, screen)
        if xvfb is not None:
            return xvfb, f":{number}"
        tried += 1
        if tried >= TRIES:
            break
    raise XvfbError("Xvfb did not start on any free display")


def stop(xvfb: subprocess.Popen) -> None:
    xvfb.terminate()
    try:
        xvfb.wait(10)
    except subprocess.TimeoutExpired:
        xvfb.kill()
        xvfb.wait(10)


@contextlib.contextmanager
def running(screen: str = "1366x768", display: int | None = None) -> Iterator[str]:
    """Xvfb for the ``with`` block (see ``start``); yields the display name."""
    xvfb, name = start(screen, display)
    try:
        yield name
    finally:
        stop(xvfb)
