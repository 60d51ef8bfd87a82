"""What opening a dialog costs the event loop: built fresh each time, or built once and reused.

    python benchmarks/dialogs.py [--opens 40]

Times each open (construction or reset, then ``open()``, then the first layout) and its close, for
the registration form, quick registration and the edit-profile dialog, all offscreen. Prints
median / p95 / worst in ms per dialog; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 2),
            "worst_ms": round(ordered[-1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opens", type=int, default=40)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QWidget

    from pos_member.api import StampsClient
    from pos_member.config import Settings
    from pos_member.outbox import Outbox, OutboxSender
    from pos_member.runtime import Backend
    from pos_member.ui.shared.ops import Ops
    from pos_member.ui.registration.dialogs import QuickRegistrationDialog, RegistrationDialog

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench-dialogs-"))
    client = StampsClient("http://127.0.0.1:9", "token", 1, store=1)  # never called: nothing is submitted
    outbox = Outbox(tmp / "outbox.sqlite3")
    backend = Backend(Settings(store=1), client, None, outbox, OutboxSender(outbox, client))
    ops, parent = Ops(), QWidget()
    prefill = {"name": "Budi Santoso", "email": "budi@example.com", "mobile_number": "0812 3456 7890"}

    def timed(open_one) -> list[float]:  # noqa: ANN001
        samples = []
        for _ in range(args.opens):
            start = time.perf_counter()
            dialog = open_one()
            dialog.open()
            app.processEvents()  # the first layout and paint
            samples.append((time.perf_counter() - start) * 1000)
            dialog.reject()
            app.processEvents()
        return samples

    results: dict[str, dict[str, float]] = {}

    def fresh_registration() -> RegistrationDialog:
        dialog = RegistrationDialog(backend, ops, cashier="C1", prefill=prefill, parent=parent)
        dialog.finished.connect(dialog.deleteLater)
        return dialog

    results["registration_built_each_open"] = figures(timed(fresh_registration))
    reused = RegistrationDialog(backend, ops, cashier="C1", parent=parent)
    if hasattr(reused, "reset"):
        def reuse_registration() -> RegistrationDialog:
            reused.reset(cashier="C1", prefill=prefill)
            return reused
        results["registration_reused"] = figures(timed(reuse_registration))

    def fresh_quick() -> QuickRegistrationDialog:
        dialog = QuickRegistrationDialog(backend, ops, cashier="C1", text="budi@example.com", parent=parent)
        dialog.finished.connect(dialog.deleteLater)
        return dialog

    results["quick_registration_built_each_open"] = figures(timed(fresh_quick))
    for name, row in results.items():
        print(f"{name:38s} median {row['median_ms']:6.2f} ms   p95 {row['p95_ms']:6.2f} ms   worst {row['worst_ms']:6.2f} ms")
    print(json.dumps({"opens": args.opens, **results}))
    outbox.close()


if __name__ == "__main__":
    main()
