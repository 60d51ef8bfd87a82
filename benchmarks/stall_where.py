"""Where a stall was spent: a thread samples the main thread's stack every millisecond, so a
benchmark can name the app's functions that held the loop ("open_member > render > _set_tier").

The sampler takes the GIL a thousand times a second and so slows the loop a little: benchmarks
turn it on with --where, to find a stall, not to measure one.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter, deque
from types import FrameType

APP = "pos_member"


def _where(frame: FrameType | None, depth: int = 3) -> str:
    """The outermost and innermost app frames on the stack (``a > … > z``), or the innermost
    frame at all when no app code is running (Qt, asyncio, the benchmark itself)."""
    names: list[str] = []
    innermost = frame
    while frame is not None:
        if f"/{APP}/" in frame.f_code.co_filename:
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    if not names:
        if innermost is None:
            return "idle"
        return f"({innermost.f_code.co_filename.rsplit('/', 1)[-1]}:{innermost.f_code.co_name})"
    names.reverse()  # outermost first
    if len(names) > depth:
        names = names[:1] + ["…"] + names[-(depth - 1):]
    return " > ".join(names)


class StallWhere:
    def __init__(self, interval_s: float = 0.001) -> None:
        self._main = threading.main_thread().ident
        self._interval = interval_s
        self._samples: deque[tuple[float, str]] = deque(maxlen=20_000)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-where", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = sys._current_frames().get(self._main)  # noqa: SLF001 (a profiler's one way in)
            self._samples.append((time.perf_counter(), _where(frame)))
            del frame
            time.sleep(self._interval)

    def during(self, since: float, until: float, top: int = 2) -> str:
        """The stacks seen most between ``since`` and ``until``, with how many samples each."""
        seen = Counter(where for t, where in list(self._samples) if since <= t <= until)
        return "; ".join(f"{where} ×{n}" for where, n in seen.most_common(top))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
