"""One running copy per session and data folder, and a channel to talk to it.

A double-click too many, or the kiosk's Startup entry plus a manual start, must not give two
copies on one data folder. The first copy holds a ``QLockFile`` in the data folder (a copy killed
outright leaves a stale lock that the next start takes over: Qt checks the owner's pid) and listens
on a ``QLocalServer`` (a named pipe on Windows, a socket on POSIX) named after the session and the
data folder. A second start finds the lock taken, connects, asks the first copy to come to the
front, and exits.

The channel: newline-delimited JSON, one request per connection.

    server -> client   {"app": "pos-member", "protocol": 1, "pid": 1234}
    client -> server   {"request": "raise"}                  (plus any fields the request takes)
    server -> client   {"ok": true, ...}  or  {"ok": false, "error": "unknown request"}

Adding a request (e.g. the installer's "please close for an upgrade"): in the running copy,
``instance.on("close", handler)`` where ``handler(message) -> dict`` answers with the reply's
fields; from the command line, ``send(data_dir, "close", reason="upgrade")`` returns the reply
(None when no copy runs or it did not answer). The server only accepts the same Windows user
(``UserAccessOption``), and a handler answers at once: long work is started, not awaited.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("pos_member.instance")

PROTOCOL = 1
LOCK_NAME = "pos-member.lock"
#: A message longer than this is not one of ours: the connection is dropped.
MAX_MESSAGE = 64 * 1024
#: How long a second copy waits for the first to answer (it may be starting up itself).
ANSWER_TIMEOUT_MS = 3000

Handler = Callable[[dict[str, Any]], dict[str, Any] | None]


def session_key() -> str:
    """This login session: the Windows session id (named pipes are machine-wide), else the user."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        session = wintypes.DWORD()
        if kernel32.ProcessIdToSessionId(kernel32.GetCurrentProcessId(), ctypes.byref(session)):
            return f"session-{session.value}"
        return f"user-{os.environ.get('USERNAME', '?')}"
    return f"uid-{os.getuid()}"


def server_name(data_dir: Path) -> str:
    """The channel's name for this session and data folder (short: POSIX socket paths are limited)."""
    folder = os.path.normcase(str(Path(data_dir).resolve()))
    digest = hashlib.sha256(f"{session_key()}|{folder}".encode()).hexdigest()[:20]
    return f"pos-member-{digest}"


class Instance(QObject):
    """The single-instance lock of one data folder and, once held, the channel's server."""

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # never "stale" by age: only when its process is gone
        self._server: QLocalServer | None = None
        self._handlers: dict[str, Handler] = {}

    def acquire(self) -> bool:
        """Take the lock (True), or find another copy holding it (False). Raises ``OSError`` when
        the lock file cannot be made at all (an unwritable data folder)."""
        if self._lock.tryLock(100):
            return True
        path = self.data_dir / LOCK_NAME
        if self._lock.error() == QLockFile.LockError.LockFailedError and (path.is_file() or not path.exists()):
            return False
        raise PermissionError(13, f"cannot create the lock file ({self._lock.error().name})", str(path))

    def listen(self) -> bool:
        """Start answering requests (only after ``acquire``: a leftover socket is then ours to remove)."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.error("single instance: cannot listen (%s); a second start will not find this copy",
                      server.errorString())
            return False
        server.newConnection.connect(self._accept)
        self._server = server
        log.info("single instance: this copy owns the data folder")
        return True

    def on(self, request: str, handler: Handler) -> None:
        """Answer ``request`` with ``handler(message)`` (its dict goes into the reply)."""
        self._handlers[request] = handler

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # ------------------------------------------------------------------ the server side

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.disconnected.connect(socket.deleteLater)
            _write(socket, {"app": "pos-member", "protocol": PROTOCOL, "pid": os.getpid()})
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_MESSAGE:
                socket.abort()
            return
        line = bytes(socket.readLine(MAX_MESSAGE).data())
        try:
            message = json.loads(line)
            request = str(message["request"])
        except (ValueError, KeyError, TypeError):
            _write(socket, {"ok": False, "error": "not a request"})
            socket.disconnectFromServer()
            return
        handler = self._handlers.get(request)
        if handler is None:
            log.warning("single instance: unknown request %r", request[:40])
            reply: dict[str, Any] = {"ok": False, "error": "unknown request"}
        else:
            try:
                reply = {"ok": True, **(handler(message) or {})}
            except Exception as exc:  # a handler's fault must not end the channel
                log.error("single instance: request %r failed", request, exc_info=exc)
                reply = {"ok": False, "error": type(exc).__name__}
        _write(socket, reply)
        socket.disconnectFromServer()


def _write(socket: QLocalSocket, message: dict[str, Any]) -> None:
    socket.write(QByteArray(json.dumps(message).encode() + b"\n"))
    socket.flush()


# ------------------------------------------------------------------ the client side

def send(data_dir: Path, request: str, *, timeout_ms: int = ANSWER_TIMEOUT_MS, **fields: Any) -> dict[str, Any] | None:
    """Ask the copy running on ``data_dir`` (this session) to do ``request``; its reply, or None
    when no copy answers. Blocking (needs no event loop): used before this copy starts its own."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    try:
        if not socket.waitForConnected(timeout_ms):
            return None
        greeting = _read_line(socket, timeout_ms)
        if not greeting or greeting.get("app") != "pos-member":
            return None
        _allow_foreground(greeting.get("pid"))
        socket.write(QByteArray(json.dumps({**fields, "request": request}).encode() + b"\n"))
        if not socket.waitForBytesWritten(timeout_ms):
            return None
        return _read_line(socket, timeout_ms)
    finally:
        socket.abort()


def _read_line(socket: QLocalSocket, timeout_ms: int) -> dict[str, Any] | None:
    while not socket.canReadLine():
        if socket.bytesAvailable() > MAX_MESSAGE or not socket.waitForReadyRead(timeout_ms):
            return None
    try:
        message = json.loads(bytes(socket.readLine(MAX_MESSAGE).data()))
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def _allow_foreground(pid: object) -> None:
    """Windows only lets the foreground process hand the foreground on: this second start is
    it (the user just started it), so it lets the running copy bring its window forward."""
    if sys.platform != "win32" or not isinstance(pid, int):
        return
    import ctypes

    try:
        ctypes.WinDLL("user32").AllowSetForegroundWindow(pid)
    except OSError:
        pass


def bring_to_front(window: Any) -> None:
    """Show ``window`` (a QWidget) on top, restored if it was minimised, keeping full screen."""
    from PySide6.QtCore import Qt

    if window is None:
        return
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
