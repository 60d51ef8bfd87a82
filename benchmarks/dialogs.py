"""What opening a dialog costs the event loop: built fresh each time, or built once and reused.

    python benchmarks/dialogs.py [--opens 40]

Times each open (construction or reset, then ``open()``, then the first layout) and its close, for
the registration form, quick registration and the member dialogs (Edit profile, Change phone,
Tags, Set level) on a member loaded from the training server, all offscreen: built fresh each
time, built once then reset (as the counter does), and built ahead in slices (as the counter does
in quiet moments after its first paint) then opened for the first time. Prints median / p95 / worst in ms per
dialog against the 8 ms budget, and for the reused ones where the time goes (reset, ``open()``,
the first layout and paint); the last line is one JSON object.

Closed dialogs built fresh are deleted after each open (as the app's event loop does with
``deleteLater``): left alive, every hidden dialog makes the next window-modal ``open()`` slower.
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

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from pos_member.api import StampsClient
    from pos_member.config import Settings
    from pos_member.outbox import Outbox, OutboxSender
    from pos_member.runtime import Backend
    import asyncio

    from pos_member.flows.profile import MemberProfile
    from pos_member.sandbox import TrainingServer
    from pos_member.ui.member.dialogs import EditProfileDialog, OtpDialog, SetLevelDialog, TagsDialog
    from pos_member.ui.registration.dialogs import QuickRegistrationDialog, RegistrationDialog
    from pos_member.ui.shared.ops import Ops

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="bench-dialogs-"))
    client = StampsClient("http://127.0.0.1:9", "token", 1, store=1)  # never called: nothing is submitted
    outbox = Outbox(tmp / "outbox.sqlite3")
    backend = Backend(Settings(store=1), client, None, outbox, OutboxSender(outbox, client))
    ops, parent = Ops(), QWidget()
    prefill = {"name": "Budi Santoso", "email": "budi@example.com", "mobile_number": "0812 3456 7890"}

    parts: dict[str, dict[str, float]] = {}

    def timed(open_one, name: str = "") -> list[float]:  # noqa: ANN001
        samples, split = [], []
        for _ in range(args.opens):
            start = time.perf_counter()
            dialog = open_one()
            ready = time.perf_counter()
            dialog.open()
            opened = time.perf_counter()
            app.processEvents()  # the first layout and paint
            end = time.perf_counter()
            samples.append((end - start) * 1000)
            split.append(((ready - start) * 1000, (opened - ready) * 1000, (end - opened) * 1000))
            dialog.reject()
            app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the app's loop does
        if name:
            parts[name] = {what: round(statistics.median(row[i] for row in split), 2)
                           for i, what in enumerate(("reset_ms", "open_ms", "first_layout_ms"))}
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
        results["registration_reused"] = figures(timed(reuse_registration, "registration_reused"))

    def fresh_quick() -> QuickRegistrationDialog:
        dialog = QuickRegistrationDialog(backend, ops, cashier="C1", text="budi@example.com", parent=parent)
        dialog.finished.connect(dialog.deleteLater)
        return dialog

    results["quick_registration_built_each_open"] = figures(timed(fresh_quick))
    quick = QuickRegistrationDialog(backend, ops, cashier="C1", parent=parent)

    def reuse_quick() -> QuickRegistrationDialog:
        quick.reset(cashier="C1", text="budi@example.com")
        return quick

    results["quick_registration_reused"] = figures(timed(reuse_quick, "quick_registration_reused"))

    # The member dialogs, on a member as the counter loads them (details and full profile).
    training = TrainingServer(tmp / "training.sqlite3", members=50)

    async def load() -> MemberProfile:
        async with StampsClient("http://127.0.0.1", training.token, training.merchant_id, store=training.store_id,
                                transport=training.transport()) as c:
            key = "budi.santoso@example.com"
            return MemberProfile(key, details=await c.member_details(key), full=await c.full_profile(key))

    profile = asyncio.run(load())
    member_dialogs = {
        "edit_profile": lambda: EditProfileDialog(backend, ops, profile, parent=parent),
        "change_phone": lambda: OtpDialog("mobile", backend, ops, profile, parent=parent),
        "tags": lambda: TagsDialog(backend, ops, profile, ["category"], parent=parent),
        "set_level": lambda: SetLevelDialog(backend, ops, profile, parent=parent),
    }
    for name, make in member_dialogs.items():
        def fresh(make=make):  # noqa: ANN001, ANN202
            dialog = make()
            dialog.finished.connect(dialog.deleteLater)
            return dialog
        results[f"{name}_built_each_open"] = figures(timed(fresh))
        kept = make()

        def reuse(kept=kept):  # noqa: ANN001, ANN202
            kept.reset(profile, ["category"]) if isinstance(kept, TagsDialog) else kept.reset(profile)
            return kept

        results[f"{name}_reused"] = figures(timed(reuse, f"{name}_reused"))
    # Built ahead as the counter does in quiet moments (MainWindow.start_prebuilding): each slice
    # (the widgets; then style, layout and native window) and the first open after it.
    from pos_member.flows.profile import MemberProfile as Profile
    from pos_member.ui.shared.fit import prepare

    nobody = Profile("")
    ahead_makers = {
        "registration": (lambda: RegistrationDialog(backend, ops, cashier="C1", parent=parent),
                         lambda d: d.reset(cashier="C1", prefill=prefill)),
        "quick_registration": (lambda: QuickRegistrationDialog(backend, ops, cashier="C1", parent=parent),
                               lambda d: d.reset(cashier="C1", text="budi@example.com")),
        "edit_profile": (lambda: EditProfileDialog(backend, ops, nobody, parent=parent), lambda d: d.reset(profile)),
        "change_phone": (lambda: OtpDialog("mobile", backend, ops, nobody, parent=parent), lambda d: d.reset(profile)),
        "tags": (lambda: TagsDialog(backend, ops, nobody, [], parent=parent), lambda d: d.reset(profile, ["category"])),
        "set_level": (lambda: SetLevelDialog(backend, ops, nobody, parent=parent), lambda d: d.reset(profile)),
    }
    ahead: dict[str, dict[str, float]] = {}
    for name, (make, reset) in ahead_makers.items():
        rows = []
        for _ in range(max(5, args.opens // 4)):
            t0 = time.perf_counter()
            dialog = make()
            t1 = time.perf_counter()
            prepare(dialog)
            t2 = time.perf_counter()
            dialog.grab()
            t2b = time.perf_counter()
            app.processEvents()  # what the slices posted, outside the first open
            t3 = time.perf_counter()
            reset(dialog)
            dialog.open()
            app.processEvents()
            t4 = time.perf_counter()
            rows.append(((t1 - t0) * 1000, (t2 - t1) * 1000, (t2b - t2) * 1000, (t4 - t3) * 1000))
            dialog.reject()
            app.processEvents()
            dialog.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ahead[name] = {what: round(statistics.median(row[i] for row in rows), 2)
                       for i, what in enumerate(("widgets_slice_ms", "prepare_slice_ms", "paint_slice_ms",
                                                  "first_open_ms"))}
    training.close()
    for name, row in results.items():
        verdict = "ok" if row["p95_ms"] < 8 else "OVER 8 ms"
        print(f"{name:38s} median {row['median_ms']:6.2f} ms   p95 {row['p95_ms']:6.2f} ms   "
              f"worst {row['worst_ms']:6.2f} ms   {verdict}")
    print("where a reused open goes (medians, ms): reset / open() / first layout and paint")
    for name, row in parts.items():
        print(f"  {name:36s} {row['reset_ms']:6.2f} / {row['open_ms']:6.2f} / {row['first_layout_ms']:6.2f}")
    print("built ahead in quiet moments (medians, ms): slices widgets / style+layout+window / paint; first open")
    for name, row in ahead.items():
        print(f"  {name:36s} {row['widgets_slice_ms']:6.2f} / {row['prepare_slice_ms']:6.2f} / "
              f"{row['paint_slice_ms']:6.2f};  {row['first_open_ms']:6.2f}")
    print(json.dumps({"opens": args.opens, **results, "reused_parts": parts, "built_ahead": ahead}))
    outbox.close()


if __name__ == "__main__":
    main()
