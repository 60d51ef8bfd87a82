"""Errors the training server answers with, and faults it can inject on purpose."""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

#: Allowed range of each fault setting: an injected delay never outlives a minute.
LIMITS: dict[str, tuple[float, float]] = {
    "latency_ms": (0, 60_000), "jitter_ms": (0, 60_000), "error_rate": (0, 1), "html_share": (0, 1),
    "hang_rate": (0, 1), "hang_s": (0, 60), "drop_rate": (0, 1),
}
SEED_MAX = 2**63 - 1


class ApiFault(Exception):
    """An error answer in the Stamps envelope: ``errors``, ``error_message``, ``error_code``, ``detail``."""

    def __init__(self, message: str, *, field: str = "__all__", code: str = "invalid_data", status: int = 400):
        self.status, self.code, self.message = status, code, message
        self.errors = {field: message}
        super().__init__(message)

    @classmethod
    def many(cls, errors: dict[str, str], code: str = "invalid_data") -> ApiFault:
        first_field, first_message = next(iter(errors.items()))
        fault = cls(first_message, field=first_field, code=code)
        fault.errors = dict(errors)
        return fault

    def body(self) -> dict[str, Any]:
        field_name, message = next(iter(self.errors.items()))
        return {
            "detail": f"{field_name}: {message}",
            "errors": self.errors,
            "error_code": self.code,
            "error_message": self.message,
        }


class ConnectionDropped(Exception):
    """Raised inside the app to make the connection drop (see ``TrainingTransport``)."""


class FaultSettingError(ValueError):
    """A fault setting out of range or of the wrong kind; ``field`` names it."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"{field_name}: {message}")
        self.message = message


def _checked(name: str, value: Any) -> Any:
    if name == "seed":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SEED_MAX:
            raise FaultSettingError(name, f"A whole number from 0 to {SEED_MAX}, or null.")
        return value
    low, high = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise FaultSettingError(name, f"A number from {low:g} to {high:g}.")
    return float(value)


@dataclass
class Faults:
    """What goes wrong on purpose. Shares are 0..1, delays at most a minute; changeable while
    the server runs. ``release()`` ends every injected wait at once (shutdown never waits on one)."""

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    error_rate: float = 0.0       # share of answers that are 5xx
    html_share: float = 0.5       # of those, share with an HTML body (as from a proxy)
    hang_rate: float = 0.0        # share of requests that hang for hang_s
    hang_s: float = 30.0
    drop_rate: float = 0.0        # share of connections dropped without an answer
    seed: int | None = None
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _released: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)
    waiting: int = field(default=0, init=False, repr=False, compare=False)  # requests held by an injected wait

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.init and not f.name.startswith("_"):
                setattr(self, f.name, _checked(f.name, getattr(self, f.name)))
        if self.seed is not None:
            self._rng.seed(self.seed)

    def update(self, **changes: Any) -> None:
        """Apply all ``changes`` or none (``FaultSettingError`` names the first bad one)."""
        names = {f.name for f in fields(self) if f.init and not f.name.startswith("_")}
        for key in changes:
            if key not in names:
                raise FaultSettingError(key, "Unknown fault setting.")
        checked = {key: _checked(key, value) for key, value in changes.items()}
        with self._lock:
            for key, value in checked.items():
                setattr(self, key, value)
                if key == "seed" and value is not None:
                    self._rng.seed(value)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init and not f.name.startswith("_")}

    def release(self) -> None:
        """End every injected wait now and inject none from here on (the server is stopping)."""
        self._released.set()

    @property
    def released(self) -> bool:
        return self._released.is_set()

    async def pause(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless released first; True if the whole pause was slept."""
        end = time.monotonic() + seconds
        self.waiting += 1
        try:
            while not self._released.is_set():
                left = end - time.monotonic()
                if left <= 0:
                    return True
                await asyncio.sleep(min(left, 0.05))
            return False
        finally:
            self.waiting -= 1

    @property
    def active(self) -> bool:
        return not self.released and any((self.latency_ms, self.jitter_ms, self.error_rate, self.hang_rate, self.drop_rate))

    def draw(self) -> tuple[float, str | None]:
        """Delay in seconds and what goes wrong for one request: None, 'hang', 'drop', 'html', 'json'."""
        with self._lock:
            rng = self._rng
            delay = max(0.0, self.latency_ms + rng.uniform(-self.jitter_ms, self.jitter_ms)) / 1000
            roll = rng.random()
            if roll < self.hang_rate:
                return delay, "hang"
            roll -= self.hang_rate
            if roll < self.drop_rate:
                return delay, "drop"
            roll -= self.drop_rate
            if roll < self.error_rate:
                return delay, "html" if rng.random() < self.html_share else "json"
            return delay, None


class FaultMiddleware:
    """ASGI middleware that applies ``Faults`` to API paths (not to ``/_training``)."""

    def __init__(self, app: ASGIApp, faults: Faults):
        self.app, self.faults = app, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_training") or not self.faults.active:
            await self.app(scope, receive, send)
            return
        delay, fault = self.faults.draw()
        slept = await self.faults.pause(delay) if delay else True
        if slept and fault == "hang":
            slept = await self.faults.pause(self.faults.hang_s)
        if not slept:
            await _send(send, 503, b'{"detail": "The training server is stopping."}', b"application/json")
            return
        if fault == "drop":
            # Start an answer and break it off: uvicorn closes the socket mid-response,
            # TrainingTransport turns this into httpx.RemoteProtocolError in-process.
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            raise ConnectionDropped("training fault: connection dropped")
        elif fault == "html":
            body = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
            await _send(send, 502, body, b"text/html")
            return
        elif fault == "json":
            await _send(send, 503, b'{"detail": "Service temporarily unavailable."}', b"application/json")
            return
        await self.app(scope, receive, send)


async def _send(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


#: What a trainer can switch on from inside training mode (counter and kiosk): a bad day at the
#: counter in one choice each. "normal" switches every fault off.
PRESETS: dict[str, dict[str, float]] = {
    "slow": {"latency_ms": 4_500.0, "jitter_ms": 1_500.0, "error_rate": 0.0, "hang_rate": 0.0, "drop_rate": 0.0},
    "down": {"latency_ms": 0.0, "jitter_ms": 0.0, "error_rate": 1.0, "hang_rate": 0.0, "drop_rate": 0.0},
    "network_off": {"latency_ms": 0.0, "jitter_ms": 0.0, "error_rate": 0.0, "hang_rate": 0.0, "drop_rate": 1.0},
    "normal": {"latency_ms": 0.0, "jitter_ms": 0.0, "error_rate": 0.0, "hang_rate": 0.0, "drop_rate": 0.0},
}


def preset_now(faults: Faults) -> str | None:
    """Which preset the faults are set to now (None: something else)."""
    now = faults.as_dict()
    return next((name for name, values in PRESETS.items() if all(now[k] == v for k, v in values.items())), None)

