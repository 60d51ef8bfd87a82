"""Small helpers shared by tests (no fixtures here; see conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import httpx

SEED = Path(__file__).parent / "fixtures" / "seed"


def seed(name: str) -> Any:
    return json.loads((SEED / f"{name}.json").read_text(encoding="utf-8"))


class Recorder:
    """An ``httpx.MockTransport`` that answers from a function and keeps every request."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]):
        self.requests: list[httpx.Request] = []
        self._answer = answer
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._answer(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None
