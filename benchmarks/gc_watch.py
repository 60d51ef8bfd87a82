"""Times every garbage collection (``gc.callbacks``): which generation, how long, and when, so a
benchmark can tell a stall the collector caused from one the app's own code did."""

from __future__ import annotations

import gc
import time
from collections import deque


class GcWatch:
    def __init__(self) -> None:
        self._started = 0.0
        self.recent: deque[tuple[float, int, float]] = deque(maxlen=64)  # (ended at, generation, ms)
        self.by_generation = {g: {"count": 0, "total_ms": 0.0, "max_ms": 0.0} for g in (0, 1, 2)}
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._started = now
            return
        ms = (now - self._started) * 1000
        generation = info.get("generation", 2)
        self.recent.append((now, generation, ms))
        row = self.by_generation[generation]
        row["count"] += 1
        row["total_ms"] += ms
        row["max_ms"] = max(row["max_ms"], ms)

    def during(self, since: float) -> str:
        """The collections that ended after ``since`` (when a stall began) and took over 1 ms."""
        parts = [f"gc{g} {ms:.1f} ms" for ended, g, ms in self.recent if ended >= since and ms >= 1]
        return " + ".join(parts)

    def summary(self) -> dict[str, dict[str, float]]:
        return {f"gen{g}": {k: round(v, 1) for k, v in row.items()} for g, row in self.by_generation.items()}

    def close(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
