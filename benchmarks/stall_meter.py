"""How long the Qt event loop was kept from its next frame, and by what.

A precise 2 ms timer: how late it fires is how long the loop was busy elsewhere (the wall-clock
stall). On a shared machine that also counts the time other processes held the CPU, so each stall
is also measured in the main thread's own CPU time between two ticks, less the 2 ms interval
(``cpu``): how late the tick would have been on a quiet machine. The five worst of each are kept with what the benchmark was doing
(``doing``), the garbage collections that ran (gc_watch) and, with ``where``, the app functions a
stack sampler saw (stall_where).
"""

from __future__ import annotations

import heapq
import time

from gc_watch import GcWatch


class StallMeter:
    def __init__(self, *, keep_all: bool = True, where: bool = False) -> None:
        from PySide6.QtCore import QTimer, Qt

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_cpu = 0.0
        self.worst = 0.0
        self.worst_cpu = 0.0
        self.ticks = 0
        self.over_16 = 0
        self.cpu_over_16 = 0
        #: Every tick's lateness (for percentiles); a long run keeps only the counts.
        self.lates: list[float] | None = [] if keep_all else None
        #: What the benchmark is doing now; the five worst stalls are kept with it.
        self.doing = "start"
        self.worst_five: list[tuple[float, str]] = []
        self.worst_five_cpu: list[tuple[float, str]] = []
        self.gc = GcWatch()  # a stall the collector caused says so ("typing + gc2 9.1 ms")
        self.where = None
        if where:
            from stall_where import StallWhere

            self.where = StallWhere()

    def start(self) -> None:
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu_now = time.perf_counter(), time.thread_time()
        late = (now - self.last) * 1000 - 2
        busy = (cpu_now - self.last_cpu) * 1000 - 2  # as late as the tick would be on a quiet machine
        since = self.last
        self.last, self.last_cpu = now, cpu_now
        self.ticks += 1
        if self.lates is not None:
            self.lates.append(late)
        self.worst = max(self.worst, late)
        self.worst_cpu = max(self.worst_cpu, busy)
        self.over_16 += late > 16
        self.cpu_over_16 += busy > 16
        self._keep(self.worst_five, late, since, now)
        self._keep(self.worst_five_cpu, busy, since, now)

    def _keep(self, five: list[tuple[float, str]], ms: float, since: float, now: float) -> None:
        if ms < 4 or (len(five) >= 5 and ms <= five[0][0]):
            return
        collected = self.gc.during(since)
        spent = self.where.during(since, now) if self.where is not None else ""
        heapq.heappush(five, (round(ms, 1), self.doing + (f" + {collected}" if collected else "")
                              + (f" [{spent}]" if spent else "")))
        if len(five) > 5:
            heapq.heappop(five)

    def summary(self) -> dict:
        return {
            "max_stall_ms": round(self.worst, 1),
            "stalls_over_16ms": self.over_16,
            "max_stall_cpu_ms": round(self.worst_cpu, 1),
            "stalls_over_16ms_cpu": self.cpu_over_16,
            "worst_stalls": sorted(self.worst_five, reverse=True),
            "worst_stalls_cpu": sorted(self.worst_five_cpu, reverse=True),
            "gc": self.gc.summary(),
        }
