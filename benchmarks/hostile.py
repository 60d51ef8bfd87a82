"""Time and peak extra memory for hostile answers: ``./dev bench hostile``.

A 64 MB answer, a gzip bomb (1 MB on the wire, 1 GiB inflated), JSON nested 100,000 deep and a
5,000-digit integer, each served by an in-process transport that produces the body lazily (so the
figures are the client's own). Peak extra memory is measured twice: Python allocations
(tracemalloc) and the process's resident set (VmHWM, reset before each case on Linux).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pos_member import api  # noqa: E402
from pos_member.api import StampsClient  # noqa: E402
from pos_member.api.body import MAX_BODY_BYTES, MAX_JSON_OBJECTS  # noqa: E402
from tests.test_api_hostile import Hostile, gzip_bomb, raw, repeated  # noqa: E402

MB = 1024 * 1024
RESULTS: list[dict] = []


def _rss_peak_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_rss_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _rss_now_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(name: str, transport: Hostile) -> None:
    async def go():
        async with StampsClient("https://stamps.example", "tok", 14, transport=transport, get_attempts=1) as client:
            return await client.suggestions("steve")

    gc.collect()
    can_reset = _reset_rss_peak()
    rss_before = _rss_now_kb()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        asyncio.run(go())
        outcome = "read"
    except api.ApiError as exc:
        outcome = f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_peak = _rss_peak_kb()
    rss = f"{(rss_peak - rss_before) / 1024:6.1f} MB" if can_reset and rss_peak and rss_before else "   n/a"
    RESULTS.append({"case": name, "ms": round(elapsed * 1000, 1), "py_peak_mb": round(peak / MB, 2),
                    "rss_peak_extra_mb": round((rss_peak - rss_before) / 1024, 2) if can_reset and rss_peak and rss_before else None,
                    "pulled_kb": round(transport.pulled / 1024), "outcome": outcome.split(":")[0]})
    print(f"{name:<28} {elapsed * 1000:8.0f} ms  py-peak {peak / MB:6.1f} MB  rss-peak +{rss}  "
          f"pulled {transport.pulled / 1024:7.0f} KB  -> {outcome[:90]}")


def main() -> None:
    import logging

    logging.disable(logging.WARNING)  # the client's own warnings would interleave with the table
    print(f"limit: {MAX_BODY_BYTES / MB:.0f} MB decoded; Python {sys.version.split()[0]}")
    measure("64 MB answer", Hostile(200, repeated(b'{"suggestions": [', b'{"id": 1, "name": "x"},', 64 * MB)))
    measure("512 MB answer", Hostile(200, repeated(b'{"suggestions": [', b'{"id": 1, "name": "x"},', 512 * MB)))
    measure("gzip bomb 1 GiB", Hostile(200, gzip_bomb(1024 * MB), {"Content-Encoding": "gzip"}))
    measure("nested 100,000 deep", Hostile(200, raw(b"[" * 100_000 + b"]" * 100_000)))
    measure("5,000-digit integer", Hostile(200, raw(b'{"suggestions": [{"id": ' + b"9" * 5000 + b"}]}")))
    item = b'{"id": 1, "name": "x"},'
    honest = b'{"suggestions": [' + item * ((MAX_BODY_BYTES - 100) // len(item)) + b'{"id": 2}]}'
    measure(f"{len(honest) / MB:.1f} MB of small objects", Hostile(200, raw(honest)))
    most = b'{"suggestions": [' + item * (MAX_JSON_OBJECTS - 2) + b'{"id": 2}]}'
    measure(f"{MAX_JSON_OBJECTS - 1} suggestions (most read)", Hostile(200, raw(most)))
    strings = b'{"suggestions": [{"member_ids": [' + b'"ab",' * ((MAX_BODY_BYTES - 100) // 5) + b'"c"]}]}'
    measure(f"{len(strings) / MB:.1f} MB array of strings", Hostile(200, raw(strings)))
    print(json.dumps({"limit_bytes": MAX_BODY_BYTES, "cases": RESULTS}))


if __name__ == "__main__":
    main()
