"""Render each screen of the app, in training mode, to PNG files.

    python -m tools.screenshots OUT_DIR [--only NAME ...]

Used for the README and for review: open the pictures and look at them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import cast

Scene = Callable[["Shooter"], Awaitable[None]]
SCENES: dict[str, Scene] = {}


def scene(name: str) -> Callable[[Scene], Scene]:
    def register(fn: Scene) -> Scene:
        SCENES[name] = fn
        return fn

    return register


class Shooter:
    def __init__(self, window, backend, out: Path):  # noqa: ANN001
        self.window, self.backend, self.out = window, backend, out
        self.taken: list[Path] = []
        self.suffix = ""

    async def until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() > deadline:
                raise TimeoutError("screen did not reach the expected state")
            await asyncio.sleep(0.02)

    async def settle(self, seconds: float = 0.15) -> None:
        await asyncio.sleep(seconds)

    async def type(self, text: str, per_key_s: float = 0.06) -> None:
        from PySide6.QtTest import QTest

        box = self.window.search_box
        box.setFocus()
        box.clear()
        for ch in text:
            QTest.keyClicks(box, ch)
            await asyncio.sleep(per_key_s)

    def shoot(self, name: str, widget=None) -> Path:  # noqa: ANN001
        target = widget or self.window
        path = self.out / f"{name}{self.suffix}.png"
        target.grab().save(str(path))
        self.taken.append(path)
        return path


@scene("main_empty")
async def main_empty(s: Shooter) -> None:
    await s.until(lambda: s.window.monitor.state == "online")
    await s.settle()
    s.shoot("main_empty")


@scene("search_results")
async def search_results(s: Shooter) -> None:
    await s.type("budi s")
    await s.until(lambda: s.window.stack.currentWidget() is s.window.results and s.window.results.query == "budi s")
    await s.settle()
    s.shoot("search_results")


@scene("profile")
async def profile(s: Shooter) -> None:
    s.window.open_member("budi.santoso@example.com")
    await s.until(lambda: s.window.loader.current is not None and s.window.loader.current.complete)
    await s.settle()
    s.shoot("profile")
    toggle = s.window.profile_view.findChild(object, "detailsToggle")
    toggle.setChecked(True)
    await s.settle()
    s.window.profile_view.body.verticalScrollBar().setValue(s.window.profile_view.body.verticalScrollBar().maximum())
    await s.settle()
    s.shoot("profile_details")


#: Members for the tier bar pictures, picked from the demo data by level and spending.
TIER_CASES = {
    "lowest": "m.level = 0 AND m.spending > 300000",
    "middle": "m.level = 100 AND m.spending >= 2500000",
    "highest": "m.level = 300 AND m.spending >= 20000000",
    "at_risk": "m.level = 200 AND m.spending < 5000000",
}


def demo_member(s: Shooter, where: str) -> str:
    row = s.backend.training.store.one(
        "SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.merchant_id = ? "
        f"AND u.is_anonymized = 0 AND u.email IS NOT NULL AND {where} ORDER BY u.id LIMIT 1", s.backend.training.merchant_id)
    return row["email"]


@scene("tiers")
async def tiers(s: Shooter) -> None:
    for case, where in TIER_CASES.items():
        await _open(s, demo_member(s, where))
        s.shoot(f"profile_tier_{case}")


@scene("birthday_notes")
async def birthday_notes(s: Shooter) -> None:
    import datetime as dt

    store = s.backend.training.store
    month = f"{dt.date.today().month:02d}"
    row = store.one("SELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.merchant_id = ? "
                    "AND u.is_anonymized = 0 AND u.email IS NOT NULL AND substr(u.birthday, 6, 2) = ? ORDER BY u.id LIMIT 1",
                    s.backend.training.merchant_id, month)
    store.db.execute("UPDATE users SET notes = ? WHERE id = ?",
                     ("Prefers oat milk. Ask about the Sunday tasting club.", row["id"]))
    await _open(s, row["email"])
    s.shoot("profile_birthday_notes")


@scene("recent")
async def recent(s: Shooter) -> None:
    s.window.set_cashier("EMP001")
    for key in ("budi.santoso@example.com", "RRR0000002", "wisesi@example.com"):
        await _open(s, key)
    s.window.next_customer()
    await s.settle()
    s.shoot("recent_customers")
    s.window.previous_customer()
    await s.until(lambda: s.window.loader.current is not None and s.window.loader.current.complete)
    await s.settle()
    s.shoot("recent_back")


@scene("no_match")
async def no_match(s: Shooter) -> None:
    await s.type("zzqx")
    await s.until(lambda: s.window.stack.currentWidget() is s.window.no_match)
    await s.settle()
    s.shoot("no_match")


@scene("offline")
async def offline(s: Shooter) -> None:
    s.backend.training.faults.update(drop_rate=1.0)
    s.window.monitor.check_now()
    await s.type("siti")
    await s.until(lambda: s.window.monitor.state == "offline" and s.window.stack.currentWidget() is s.window.search_problem)
    await s.settle()
    s.shoot("offline")
    s.backend.training.faults.update(drop_rate=0.0)
    s.window.monitor.check_now()
    await s.until(lambda: s.window.monitor.state == "online")


async def _until_task(s: Shooter, dialog) -> None:  # noqa: ANN001
    await s.window.settled()
    await s.settle()


@scene("registration")
async def registration(s: Shooter) -> None:
    s.window.set_cashier("EMP001")
    dialog = s.window.open_registration({"name": "Rina Kusuma"})
    dialog.resize(640, 690)  # as on 1366×768 with a taskbar (the offscreen screen is smaller)
    await s.settle()
    s.shoot("registration_form", dialog)
    dialog.form.fill({"email": "rina@", "mobile_number": "021 5600 010", "birthday": "31-02-1990",
                      "pin": "1234", "confirm_pin": "1243"})
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("registration_errors", dialog)
    dialog.form.fill({"email": "budi.santoso@example.com", "mobile_number": "0813 2222 3333", "birthday": "30-05-1993",
                      "pin": "", "confirm_pin": ""})
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("registration_duplicate", dialog)
    dialog.form.fill({"email": "rina.k@example.com", "gender": "female"})
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("registration_success", dialog)
    dialog.accept()


@scene("registration_offline")
async def registration_offline(s: Shooter) -> None:
    await s.until(lambda: s.window.monitor.state == "online")
    s.backend.training.faults.update(drop_rate=1.0)
    dialog = s.window.open_registration({"name": "Agus Salim", "email": "agus.salim@example.com",
                                         "mobile_number": "0813 4444 5555"})
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("registration_queued", dialog)
    dialog.accept()
    await s.settle()
    s.shoot("outbox_waiting")
    panel = s.window.open_outbox()
    await s.settle()
    s.shoot("outbox_panel", panel)
    panel.accept()
    s.backend.training.faults.update(drop_rate=0.0)
    s.backend.outbox.retry_now()
    s.backend.sender.wake()
    await s.until(lambda: s.backend.outbox.pending_count() == 0)


@scene("quick_registration")
async def quick_registration(s: Shooter) -> None:
    await s.type("dian.baru@exa")
    await s.until(lambda: s.window.stack.currentWidget() is s.window.no_match)
    await s.settle()
    s.shoot("no_match_email")
    dialog = s.window.open_quick_registration("dian.baru@example.com")
    await s.settle()
    s.shoot("quick_registration", dialog)
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("quick_registration_done", dialog)
    dialog.accept()
    dialog = s.window.open_quick_registration("0813 7777 2468")
    dialog.submit()
    await _until_task(s, dialog)
    s.shoot("quick_registration_phone_done", dialog)
    dialog.accept()


@scene("many_budis")
async def many_budis(s: Shooter) -> None:
    await s.type("budi")
    await s.until(lambda: s.window.stack.currentWidget() is s.window.results and s.window.results.query == "budi")
    await s.settle()
    s.shoot("search_many_budis")


async def _open(s: Shooter, key: str) -> None:
    s.window.open_member(key)
    await s.until(lambda: s.window.loader.current is not None and s.window.loader.current.complete)
    await s.settle()


def _dialog(s: Shooter, attribute: str):  # noqa: ANN202
    return next(d for d in s.window.dialogs if hasattr(d, attribute))


@scene("member_changes")
async def member_changes(s: Shooter) -> None:
    await _open(s, "budi.santoso@example.com")
    s.window.actions_by_name["edit"].click()
    dialog = _dialog(s, "save")
    await s.settle()
    s.shoot("edit_profile", dialog)
    dialog.reject()
    s.window.actions_by_name["phone"].click()
    dialog = _dialog(s, "flow")
    dialog.target.setText("0812 7777 1234")
    dialog.send_button.click()
    await _until_task(s, dialog)
    dialog.code.setText("0000")
    dialog.confirm_button.click()
    await _until_task(s, dialog)
    s.shoot("change_phone_code", dialog)
    phone = s.window.show_customer_phone()
    await s.until(lambda: phone.list.count() > 0)
    await s.settle()
    s.shoot("customer_phone_training", phone)
    phone.close()
    dialog.reject()
    s.window.actions_by_name["tags"].click()
    dialog = _dialog(s, "tags")
    await s.settle()
    s.shoot("tags", dialog)
    dialog.accept()
    s.window.actions_by_name["level"].click()
    dialog = _dialog(s, "upgrade_only")
    await s.settle()
    s.shoot("set_level", dialog)
    dialog.level.setCurrentIndex(dialog.level.findData(100))
    dialog.upgrade_only.setChecked(True)
    dialog.pin.setText("1234")
    dialog.apply.click()
    await _until_task(s, dialog)
    s.shoot("set_level_refused", dialog)
    dialog.reject()
    s.window.actions_by_name["anonymise"].click()
    dialog = _dialog(s, "mark_only")
    await s.settle()
    s.shoot("anonymise", dialog)
    dialog.reject()


@scene("counter_states")
async def counter_states(s: Shooter) -> None:
    """The counter's states from issue #13: an unknown email offered for registration, the Tags
    window asking before it removes, an anonymised member with nothing left to change."""
    s.window.search_box.setText("nobody.new@example.com")
    s.window.search_box.submitted.emit("nobody.new@example.com")  # Enter in the search box
    await s.window.settled()
    await s.settle()
    s.shoot("unknown_email_offers_registration")
    await _open(s, "budi.santoso@example.com")
    s.window.actions_by_name["tags"].click()
    dialog = _dialog(s, "tags")
    dialog._ask(dialog.tags[0])  # noqa: SLF001 (the Remove click)
    await s.settle()
    s.shoot("tags_remove_asks", dialog)
    dialog.reject()
    await _open(s, "wisesi@example.com")
    from pos_member.ui.member.dialogs import AnonymiseDialog

    anonymise = s.window.open_action("anonymise")
    assert isinstance(anonymise, AnonymiseDialog)
    anonymise.typed.setText(anonymise.word)
    anonymise.pin.setText("1234")
    anonymise.apply.click()
    await s.window.settled()
    await s.settle()
    s.shoot("anonymised_profile")
    s.window.next_customer()
    await s.settle()
    s.shoot("next_customer")


@scene("setup")
async def setup(s: Shooter) -> None:
    from pos_member.ui.setup.dialogs import FirstRunDialog

    first = FirstRunDialog(s.window.ops, s.window)
    first.show()
    await s.settle()
    s.shoot("first_run", first)
    first.connect_button.click()
    first.form.fill({"api_base_url": "http://stamps.example", "token": "x", "merchant": "14"})
    first.save.click()
    await s.window.ops.settled(first)
    await s.settle()
    s.shoot("first_run_connect_error", first)
    first.close()
    dialog = s.window.open_settings()
    dialog.gate.pin.setText("1234")
    dialog.gate.unlock.click()
    await s.settle()
    s.shoot("settings", dialog)
    dialog.reject()
    sign_in = s.window.open_sign_in()
    await s.settle()
    s.shoot("sign_in", sign_in)
    sign_in.code.setText("EMP001")
    sign_in.sign_in()
    help_dialog = s.window.open_help()
    await s.settle()
    s.shoot("help", help_dialog)
    help_dialog.accept()


@scene("kiosk")
async def kiosk(s: Shooter) -> None:
    """Every kiosk page, in the language of the run (the store's language for the kiosk)."""
    from PySide6.QtWidgets import QCheckBox, QLineEdit

    from pos_member.i18n import language
    from pos_member.ui.kiosk.window import KioskWindow

    settings = s.backend.settings
    s.backend.settings = settings.model_copy(update={
        "store_name": "Kopi Nusantara", "mode": "kiosk", "language": language(),
        "privacy_policy_url": "https://kopinusantara.example/privasi"})
    window = KioskWindow(s.backend, fullscreen=False)
    window.resize(1024, 768)
    window.show()
    try:
        await s.settle()
        s.shoot("kiosk_1_welcome", window)
        window.next.click()
        cast(QLineEdit, window.inputs["name"]).setText("Ayu Lestari")
        s.shoot("kiosk_2_name", window)
        window.next.click()
        cast(QLineEdit, window.inputs["mobile_number"]).setText("0813 55")
        window.next.click()
        await s.settle()
        s.shoot("kiosk_3_mobile_error", window)
        cast(QLineEdit, window.inputs["mobile_number"]).setText("0813 5555 1212")
        window.next.click()
        await s.until(lambda: window.step == "email")
        cast(QLineEdit, window.inputs["email"]).setText("ayu.kiosk@example.com")
        s.shoot("kiosk_3b_email", window)
        window.next.click()
        await s.until(lambda: window.step == "birthday")
        await s.settle()
        s.shoot("kiosk_4a_birthday_or_age", window)  # its Skip says "I am 17 or older"
        cast(QLineEdit, window.inputs["birthday"]).setText("01-01-2015")
        window.next.click()
        await s.until(lambda: window.step == "child")
        s.shoot("kiosk_4b_child", window)
        window.back.click()
        cast(QLineEdit, window.inputs["birthday"]).setText("30-05-1993")
        s.shoot("kiosk_4_birthday", window)
        window.next.click()
        window.gender_buttons["female"].click()
        s.shoot("kiosk_5_gender", window)
        window.next.click()
        cast(QCheckBox, window.inputs["allow_whatsapp_marketing"]).setChecked(True)
        s.shoot("kiosk_6_consent", window)
        window.next.click()
        await s.settle()
        s.shoot("kiosk_7_summary", window)
        window.summary_rows["mobile_number"].click()  # a row opens its step; OK comes back
        await s.settle()
        s.shoot("kiosk_7b_correction", window)
        window.next.click()
        await s.until(lambda: window.step == "summary")
        window.next.click()
        await s.until(lambda: window.step == "done")
        await s.settle()
        s.shoot("kiosk_8_done", window)
        window.show_step("name")
        window.show_step("still_there")
        await s.settle()
        s.shoot("kiosk_9_still_there", window)
        window.show_step("already")
        await s.settle()
        s.shoot("kiosk_9b_already", window)
        window.wipe()
        for _ in range(5):
            window.logo.tapped.emit()
        await s.settle()
        s.shoot("kiosk_10_staff_pin", window)
        window.show_step("close")
        await s.settle()
        s.shoot("kiosk_10b_close", window)
        window.wipe()
        other = "id" if language() == "en" else "en"
        window.language_buttons[other].click()
        await s.settle()
        s.shoot(f"kiosk_11_welcome_{other}", window)
        window.wipe()
    finally:
        window.finish("quit")
        await window.shutdown()
        window.deleteLater()
        s.backend.settings = settings


async def run(out: Path, only: list[str] | None, members: int, language: str = "en") -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from pos_member.config import load_settings
    from pos_member.runtime import open_backend
    from pos_member.ui.counter.main_window import MainWindow

    settings = load_settings().model_copy(update={"api_base_url": None})
    with tempfile.TemporaryDirectory() as tmp:
        async with open_backend(settings, training_db=Path(tmp) / "shots.sqlite3", training_members=members) as backend:
            taken: list[Path] = []
            for name, fn in SCENES.items():
                if only and name not in only:
                    continue
                window = MainWindow(backend)
                window.resize(1000, 720)
                window.show()
                shooter = Shooter(window, backend, out)
                shooter.suffix = "" if language == "en" else f"_{language}"
                try:
                    await fn(shooter)
                finally:
                    taken += shooter.taken
                    window.close()
                    await window.shutdown()
                    window.deleteLater()
                    QApplication.processEvents()
            return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", help=f"scenes: {', '.join(SCENES)}")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--language", choices=["en", "id"], default="en")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from pos_member.ui.shared.aio import QEventLoop

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setQuitOnLastWindowClosed(False)
    with asyncio.Runner(loop_factory=QEventLoop) as runner:
        from pos_member.i18n.qt import apply_language

        apply_language(args.language)
        taken = runner.run(run(args.out, args.only, args.members, args.language))
    for path in taken:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
