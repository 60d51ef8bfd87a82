"""Cold start: a new process to the first painted window (training mode, offscreen).

    python benchmarks/start.py [--runs 7] [--bundle dist/pos-member/pos-member]

Each run is a fresh ``python -m pos_member --training``; the app prints a marker on the window's
first paint (POS_MEMBER_START_PROBE). The first run also creates the training database; the
others reuse it, as a counter does every morning. Reports the median and worst of the warm-database
runs from source (target < 1.0 s), the frozen bundle's if one is built, and the time to import
the app's modules (where start-up goes). Also measures the manager PIN hash check (PBKDF2). The
last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_start(command: list[str], data: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_MEMBER_")}
    env.update(QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"), POS_MEMBER_DATA_DIR=str(data),
               POS_MEMBER_CONFIG_DIR=str(data / "cfg"), POS_MEMBER_START_PROBE="1", PYTHONUNBUFFERED="1")
    started = time.perf_counter()
    process = subprocess.Popen(command + ["--training", "--no-sign-in", "--quit-after", "0.3"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown = None
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "first-window":
            shown = time.perf_counter() - started
    process.wait(timeout=60)
    if shown is None:
        raise SystemExit(f"no first window from {command} (exit {process.returncode})")
    return shown


def import_time() -> float:
    code = ("import time; t = time.perf_counter(); import pos_member.app, pos_member.runtime, pos_member.ui.counter.main_window; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return float(out.stdout.strip())


def pin_check_ms(runs: int = 5) -> float:
    sys.path.insert(0, str(ROOT))
    from pos_member.config import PIN_ITERATIONS, hash_pin, verify_pin

    stored = hash_pin("482913", iterations=PIN_ITERATIONS)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        verify_pin("482913", stored)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "pos-member" / "pos-member")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pos-member-start-") as tmp:
        data = Path(tmp)
        source = [sys.executable, "-m", "pos_member"]
        first = one_start(source, data)
        warm = [one_start(source, data) for _ in range(args.runs)]
        bundle = None
        if args.bundle.is_file():
            one_start([str(args.bundle)], data)
            bundle = [one_start([str(args.bundle)], data) for _ in range(args.runs)]
    result = {
        "first_run_s": round(first, 3),
        "source_median_s": round(statistics.median(warm), 3),
        "source_worst_s": round(max(warm), 3),
        "bundle_median_s": round(statistics.median(bundle), 3) if bundle else None,
        "import_s": round(statistics.median(import_time() for _ in range(3)), 3),
        "pin_check_ms": round(pin_check_ms(), 1),
        "runs": args.runs,
    }
    print(f"first run (creates the training database): {result['first_run_s']} s")
    print(f"from source to the first window: median {result['source_median_s']} s, worst {result['source_worst_s']} s "
          f"over {args.runs} runs (target < 1.0 s)")
    print(f"frozen bundle: median {result['bundle_median_s']} s" if bundle else
          f"frozen bundle: not built ({args.bundle}); ./dev build --fast first")
    print(f"importing the app's modules: {result['import_s']} s")
    print(f"manager PIN check (PBKDF2, 200,000 rounds): {result['pin_check_ms']} ms, off the event loop")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
