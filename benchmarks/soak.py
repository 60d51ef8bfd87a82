"""A cashier's day with everything going wrong, driven through the real window (offscreen).

    python benchmarks/soak.py [--long] [--check] [--log-dir DIR]

Against the training server with faults: latency with spikes, 20% 5xx (half with HTML bodies),
hangs past the client timeout, dropped connections, and a JWT that expires every 20 s. The
cashier searches, opens members, registers, edits profiles and changes phone numbers by code.
Two more faults: the outbox file is damaged at start (kept aside, a fresh one used) and the disk is
full for a minute mid-day (registrations say "NOT saved" and the cashier presses Register again).
Reports crashes and unhandled exceptions (target 0), registrations typed vs delivered and
duplicates (must match, 0), event-loop stalls over 16 ms, RSS at start and end (and by quarter:
growth must flatten), and HTTP requests per cashier action. The last line is one JSON object.
--check exits 1 if crashes, unhandled exceptions, lost or duplicated registrations are not 0.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx  # noqa: E402

SHORT = {"searches": 150, "registrations": 30, "edits": 12, "otp_flows": 6}
LONG = {"searches": 2000, "registrations": 200, "edits": 100, "otp_flows": 30}


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner, self.count = inner, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await self.inner.handle_async_request(request)


class ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def close(dialog) -> None:  # noqa: ANN001
    """As the cashier closes a window: after a save that failed, a member dialog asks "Discard the
    changes?" and the cashier answers Discard (``discard()``); a plain Esc would leave it open,
    asking, under the next customer."""
    import shiboken6

    if shiboken6.isValid(dialog) and dialog.isVisible():
        discard = getattr(dialog, "discard", None)
        if callable(discard):
            discard()
        else:
            dialog.done(0)


async def until(predicate, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


async def day(args, plan: dict, tmp: Path) -> dict:  # noqa: ANN001

    from pos_member.api import StampsClient
    from pos_member.config import Settings
    from pos_member.flows.problems import paused_words
    from pos_member.outbox import OutboxSender, open_or_set_aside
    from tests.helpers import fill_the_disk, free_the_disk
    from pos_member.runtime import Backend
    from pos_member.sandbox import Faults, TrainingServer
    from pos_member.ui.shared.aio import settle_heap
    from pos_member.ui.counter.main_window import MainWindow

    rng = random.Random(args.seed)
    faults = Faults(seed=args.seed)
    server = TrainingServer(tmp / "soak.sqlite3", members=args.members, jwt_lifetime_s=20, faults=faults)
    transport = Counting(server.transport())
    client = StampsClient("http://127.0.0.1", server.token, server.merchant_id, store=server.store_id, auth="jwt",
                          transport=transport, timeout=1.0, retry_backoff=0.05).open()
    # Fault: the outbox file is damaged when the app starts (a disk error, a half-copied file).
    damaged = b"SQLite format 3\x00" + random.Random(args.seed).randbytes(12_000)
    (tmp / "outbox.sqlite3").write_bytes(damaged)
    outbox, set_aside = open_or_set_aside(tmp / "outbox.sqlite3")
    set_aside_kept = set_aside is not None and set_aside.kept.read_bytes() == damaged
    sender = OutboxSender(outbox, client, idle_s=1.0)
    sender.start()
    paused_seen: list[str | None] = [None]
    outbox.on_change(lambda: paused_seen.__setitem__(0, sender.paused or paused_seen[0]))
    settings = Settings(search_debounce_ms=150, store=server.store_id)
    window = MainWindow(Backend(settings, client, server, outbox, sender))
    window.set_cashier("SOAK01")
    window.monitor.offline_retry_s = (0.5, 1.0, 2.0)
    window.show()

    loop = asyncio.get_running_loop()
    unhandled: list[str] = []
    loop.set_exception_handler(lambda _loop, ctx: unhandled.append(str(ctx.get("exception") or ctx.get("message"))))
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: (unhandled.append(f"{kind.__name__}: {value}"), previous_hook(kind, value, tb))

    names = [r["name"] for r in server.store.all("SELECT name FROM users ORDER BY RANDOM() LIMIT 400")]
    typed_emails: list[str] = []
    audit: dict[str, list[str]] = {"tokens": [server.token], "codes": [], "emails": [], "phones": []}
    actions = 0
    rss_series: list[float] = []
    await asyncio.sleep(0.3)
    # as the app does once its window is up (--python-gc: Python's own collections, as before)
    collector = settle_heap(None if args.python_gc else window.quiet, window)
    from stall_meter import StallMeter

    # after the start-up collection: a stall the collector caused says so. Only the worst and the
    # counts: a list of every 2 ms tick would itself grow by 20 MB an hour.
    meter = StallMeter(keep_all=False, where=args.where)
    if not args.no_prebuild:  # as the app does after its first paint: the dialogs, built in quiet moments
        window.start_prebuilding()
        await until(lambda: window.prebuilt, 30)
    faults.update(latency_ms=40, jitter_ms=30, error_rate=0.2, html_share=0.5, hang_rate=0.02, hang_s=2.5,
                  drop_rate=0.03)
    rss_start = rss_mb()
    meter.start()
    started = time.perf_counter()
    total = sum(plan.values())
    schedule = (["search"] * plan["searches"] + ["register"] * plan["registrations"] + ["edit"] * plan["edits"]
                + ["otp"] * plan["otp_flows"])
    rng.shuffle(schedule)
    requests_before = transport.count

    disk = {"full_at": None, "freed_at": None, "not_saved_shown": 0, "retries": 0}

    def free_disk() -> None:
        meter.stop()  # the fault's own work (a big file written or removed) is not the app's stall
        free_the_disk(outbox)
        meter.start()
        disk["freed_at"] = time.perf_counter()

    registrations = 0
    for i, action in enumerate(schedule):
        if i == len(schedule) // 2:  # Fault: the disk is full for a minute, mid-day
            meter.stop()
            fill_the_disk(outbox)
            meter.start()
            disk["full_at"] = time.perf_counter()
            loop.call_later(args.disk_full_s, free_disk)
        if i % max(1, total // 8) == 0:
            meter.stop()  # our own measurement must not count as the app's stall
            gc.collect()
            rss_series.append(round(rss_mb(), 1))
            meter.start()
        meter.doing = action
        if i % 50 == 25:  # a latency spike for a while
            faults.update(latency_ms=600)
        elif i % 50 == 30:
            faults.update(latency_ms=40)
        actions += 1
        if action == "search":
            name = rng.choice(names)
            query = name[: rng.randint(2, len(name))]
            window.search_box.setText(query)
            q = " ".join(query.split())
            await until(lambda: (window.stack.currentWidget() is window.results and window.results.query == q)
                        or window.stack.currentWidget() in (window.no_match, window.search_problem), 6)
            if window.stack.currentWidget() is window.results and rng.random() < 0.5:
                window.session.open_suggestion(window.results.current_suggestion())
                await until(lambda: window.loader.current is not None and (window.loader.current.complete
                                                                           or window.loader.current.problems), 8)
        elif action == "register":
            n, registrations = registrations, registrations + 1
            email = f"soak{args.seed}.{n}@example.org"
            phone = f"+62821{args.seed % 10}{3000000 + n:07d}"
            audit["emails"].append(email)
            audit["phones"].append(phone)
            # Three of the cashier's events, each its own turn of the loop (as keys and clicks
            # are): opening the form, typing into it, pressing Register.
            meter.doing = "register: open the form"
            dialog = window.open_registration()
            await asyncio.sleep(0)
            meter.doing = "register: type"
            dialog.form.fill({"name": f"Soak Pelanggan {n}", "email": email, "mobile_number": phone})
            await asyncio.sleep(0)
            meter.doing = "register: press Register and wait"
            dialog.submit()
            deadline = time.monotonic() + args.disk_full_s + 60
            told = False
            while await until(lambda: not window.ops.running(dialog), 20):
                if dialog.stack.currentWidget() is dialog.result_page:
                    typed_emails.append(email)
                elif dialog.form_error.text().startswith("NOT saved") and time.monotonic() < deadline:
                    # The form is kept: the cashier waits a moment and presses Register again.
                    disk["not_saved_shown"] += not told
                    told = True
                    disk["retries"] += 1
                    await asyncio.sleep(2.0)
                    dialog.submit()
                    continue
                # else refused at the counter: the cashier would fix it; the soak gives up on it
                break
            close(dialog)
        elif action == "edit":
            meter.doing = "edit: open the member"
            window.open_member(str(rng.randint(10, args.members)))
            if await until(lambda: window.session.member is not None and window.session.member.details is not None, 8):
                meter.doing = "edit: open Edit profile"
                dialog = window.open_action("edit")
                if dialog is not None:
                    await asyncio.sleep(0)
                    meter.doing = "edit: type"
                    dialog.form.fill({"notes": f"soak {i}"})
                    await asyncio.sleep(0)
                    meter.doing = "edit: save"
                    dialog.save.click()
                    await until(lambda: not window.ops.running(dialog), 10)
                    meter.doing = "edit: close"
                    close(dialog)
        elif action == "otp":
            uid = rng.randint(10, args.members)
            window.open_member(str(uid))
            if await until(lambda: window.session.member is not None and window.session.member.details is not None, 8):
                dialog = window.open_action("phone")
                if dialog is not None:
                    number = f"+62822{args.seed % 10}{4000000 + i:07d}"
                    dialog.target.setText(number)
                    for _attempt in range(3):
                        dialog.flow.state.sent_at = 0
                        dialog.show_countdown()
                        dialog.send_button.click()
                        await until(lambda: not window.ops.running(dialog), 10)
                        if dialog.flow.state.stage == "sent":
                            break
                    messages = server.store.messages(number)
                    audit["phones"].append(number)
                    if messages and dialog.flow.state.stage == "sent":
                        code = next(w.strip(".") for w in messages[0]["body"].split() if w.strip(".").isdigit())
                        audit["codes"].append(code)
                        for _attempt in range(3):
                            dialog.code.setText(code)
                            dialog.confirm_button.click()
                            await until(lambda: not window.ops.running(dialog), 10)
                            if dialog.flow.state.stage == "done":
                                break
                    close(dialog)
        await asyncio.sleep(rng.uniform(0.0, 0.05))

    if disk["freed_at"] is None:  # the day ended inside the minute: wait it out
        await until(lambda: disk["freed_at"] is not None, args.disk_full_s + 5)
    meter.stop()
    elapsed = time.perf_counter() - started
    requests = transport.count - requests_before
    # end of the day: the network is fine again, the outbox empties
    faults.update(latency_ms=0, jitter_ms=0, error_rate=0, hang_rate=0, drop_rate=0)
    outbox.retry_now()
    sender.wake()
    await until(lambda: outbox.pending_count() == 0, 60)
    # what is left, if anything: its state, attempts and the last error (no personal data in it)
    left_items = [(i.state, i.attempts, (i.error or "")[:60]) for i in outbox.items() if i.state != "delivered"]
    gc.collect()
    rss_end = rss_mb()
    rss_series.append(round(rss_end, 1))
    counts = {e: server.store.one("SELECT COUNT(*) AS n FROM users WHERE email = ?", e)["n"] for e in typed_emails}
    if client._jwt:
        audit["tokens"].append(client._jwt)
    if args.log_dir:
        (args.log_dir / "audit-secrets.json").write_text(json.dumps(audit))
    window.finish("quit")
    await window.shutdown()
    await sender.stop()
    outbox.close()
    await client.aclose()
    server.close()
    logging.getLogger().removeHandler(errors)
    sys.excepthook = previous_hook
    crash_records = [r for r in errors.records if r.levelno >= logging.CRITICAL]
    task_failures = [r for r in errors.records if "background task failed" in r.getMessage()]
    return {
        "form": "long" if args.long else "short",
        "actions": actions,
        "seconds": round(elapsed, 1),
        "crashes": len(crash_records),
        "unhandled_exceptions": len(unhandled) + len(task_failures),
        "error_log_records": len(errors.records),
        "registrations_typed": len(typed_emails),
        "registrations_delivered": sum(1 for n in counts.values() if n >= 1),
        "duplicates": sum(1 for n in counts.values() if n > 1),
        "outbox_left": outbox.pending_count(),
        # what is left, if anything: its state, attempts and the last error's kind (no personal data)
        "outbox_left_items": left_items,
        "outbox_set_aside_at_start": set_aside is not None,
        "damaged_outbox_kept": set_aside_kept,
        "disk_full_s": round((disk["freed_at"] or 0) - (disk["full_at"] or 0), 1),
        "not_saved_shown": disk["not_saved_shown"],
        "register_retries_while_full": disk["retries"],
        "sender_paused_words_seen": paused_words(paused_seen[0]) if paused_seen[0] else None,
        **{k: v for k, v in meter.summary().items() if k != "gc"},
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_by_eighth_mb": rss_series,
        "requests_per_action": round(requests / max(1, actions), 2),
        "unhandled_samples": unhandled[:3],
        "gc": meter.gc.summary(),  # the day's collections, by generation
        "gc_policy": "python" if args.python_gc else "quiet",
        "quiet_collections": collector.collections if collector is not None else 0,
        "dialogs_built_ahead": window.prebuilt,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--long", action="store_true")
    parser.add_argument("--no-prebuild", action="store_true",
                        help="start at once, before the counter has built its dialogs ahead (each built on its first open)")
    parser.add_argument("--python-gc", action="store_true",
                        help="Python's own garbage collection thresholds (before the quiet collector)")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--where", action="store_true",
                        help="name the app functions each of the worst stalls was spent in (a stack sampler; slows the loop a little)")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of actions")
    parser.add_argument("--log-dir", type=Path, help="also write the app's (redacted) DEBUG log here")
    parser.add_argument("--disk-full-s", type=float, default=None,
                        help="how long the disk is full mid-day (default 60 s; 60 x scale when scaled down)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from pos_member.runtime import setup_logging
    from pos_member.ui.shared.aio import QEventLoop

    setup_logging(logging.DEBUG if args.log_dir else logging.WARNING, args.log_dir)
    logging.getLogger().handlers[0].setLevel(logging.CRITICAL)  # keep stderr quiet; the file has it all
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    if args.disk_full_s is None:
        args.disk_full_s = 60.0 * min(1.0, args.scale)
    plan = {k: max(1, int(v * args.scale)) for k, v in (LONG if args.long else SHORT).items()}
    with tempfile.TemporaryDirectory() as tmp, asyncio.Runner(loop_factory=QEventLoop) as runner:
        result = runner.run(day(args, plan, Path(tmp)))
    print(f"{result['actions']} cashier actions in {result['seconds']} s ({result['form']} form)")
    print(f"crashes {result['crashes']}, unhandled exceptions {result['unhandled_exceptions']} (target 0)")
    print(f"registrations typed {result['registrations_typed']}, delivered {result['registrations_delivered']}, "
          f"duplicates {result['duplicates']}")
    print(f"faults: damaged outbox at start set aside {result['outbox_set_aside_at_start']} (old file kept "
          f"{result['damaged_outbox_kept']}); disk full for {result['disk_full_s']} s: 'NOT saved' shown on "
          f"{result['not_saved_shown']} registration(s), {result['register_retries_while_full']} retries; status bar: "
          f"{result['sender_paused_words_seen']!r}; outbox left {result['outbox_left']} {result['outbox_left_items'] or ''}")
    print(f"event loop: max stall {result['max_stall_ms']} ms, {result['stalls_over_16ms']} stalls over 16 ms; "
          f"in the loop's own CPU time (a quiet machine): max {result['max_stall_cpu_ms']} ms, "
          f"{result['stalls_over_16ms_cpu']} over 16 ms")
    print(f"RSS {result['rss_start_mb']} MB -> {result['rss_end_mb']} MB, by eighth: {result['rss_by_eighth_mb']}")
    print(f"HTTP requests per cashier action: {result['requests_per_action']}")
    print(f"worst stalls (ms, during): {result['worst_stalls']}")
    print(f"worst stalls in CPU time (ms, during): {result['worst_stalls_cpu']}")
    print(f"garbage collections ({result['gc_policy']}, {result['quiet_collections']} while quiet): {result['gc']}")
    print(json.dumps(result))
    if args.check:
        ok = (result["crashes"] == 0 and result["unhandled_exceptions"] == 0 and result["duplicates"] == 0
              and result["registrations_delivered"] == result["registrations_typed"]
              and result["outbox_set_aside_at_start"] and result["damaged_outbox_kept"])
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
