"""Errors the training server answers with, and faults it can inject on purpose."""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any


class ApiFault(Exception):
    """An error answer in the Stamps envelope: ``errors``, ``error_message``, ``error_code``, ``detail``."""

    def __init__(self, message: str, *, field: str = "__all__", code: str = "invalid_data", status: int = 400):
        self.status, self.code, self.message = status, code, message
        self.errors = {field: message}
        super().__init__(message)

    @classmethod
    def many(cls, errors: dict[str, str], code: str = "invalid_data") -> "ApiFault":
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


@dataclass
class Faults:
    """What goes wrong on purpose. Shares are 0..1; changeable while the server runs."""

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

    def __post_init__(self) -> None:
        if self.seed is not None:
            self._rng.seed(self.seed)

    def update(self, **changes: Any) -> None:
        names = {f.name for f in fields(self) if not f.name.startswith("_")}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        with self._lock:
            for key, value in changes.items():
                if key == "seed":
                    self.seed = None if value is None else int(value)
                    if self.seed is not None:
                        self._rng.seed(self.seed)
                else:
                    setattr(self, key, float(value))

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}

    @property
    def active(self) -> bool:
        return any((self.latency_ms, self.jitter_ms, self.error_rate, self.hang_rate, self.drop_rate))

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

    def __init__(self, app: Any, faults: Faults):
        self.app, self.faults = app, faults

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_training") or not self.faults.active:
            await self.app(scope, receive, send)
            return
        delay, fault = self.faults.draw()
        if delay:
            await asyncio.sleep(delay)
        if fault == "hang":
            await asyncio.sleep(self.faults.hang_s)
        elif fault == "drop":
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


async def _send(send: Any, status: int, body: bytes, content_type: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
