"""Walk the kiosk as a customer does, by touch only: real X mouse clicks (xdotool) on the real app.

    python tools/kiosk_walk.py [--walk register staff slow refused] [--screen 1024x768] [--language en|id]
                               [--shots DIR] [--display N]

Starts Xvfb (display N, or a free one) at the screen size, then the app in training kiosk mode in
a child process with the default settings (so the kiosk's own keyboard, "auto" off Windows) and a
15 s idle time. The child writes what is on
screen (step, where each button is, visible texts, key events seen) to a file; this side reads it,
clicks with xdotool and checks. No key event is ever sent: the walk fails if the app saw one.

- register: welcome (Start double-tapped: no error on the name step) → every step by
  keypad/keyboard → Register double-tapped → Done stays (member number + QR, the member really
  created; a language tap keeps them) → Finish double-tapped → welcome; an existing member's number with Next
  double-tapped; an error that goes when the field changes.
- staff: five logo taps → PIN screen → Cancel; again → idle back to welcome; again → the right
  PIN → "Close the kiosk?" → Cancel; again → three wrong PINs lock the gesture (counting down;
  five logo taps then show staff the wait), while Start still works; a language tap, "Still
  there?" answered by a tap on its text, then idle brings the store's language back.
- refused: Stamps refuses the registration with an answer the kiosk has no words of its own for,
  about the email: the email step shows it in the room kept for errors (cut with "…" if longer,
  whole for a screen reader) and no key, ×, Back or Next has moved.
- slow: the training server answers in 40 s; the customer registers and walks away; the idle reset
  comes first and the member number is never shown.

Screenshots (``--shots``, ImageMagick's ``import``) are named language-size-number-step.png.
Prints one line per check; exits 1 on the first failure. Debian: xvfb xdotool (imagemagick).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))
from tools import xvfb  # noqa: E402

TRAINING_PIN = "1234"
#: How Stamps refuses every registration in the "refused" walk: a code the counter has words for,
#: the kiosk none of its own, about the email ("Stamps does not allow this counter to do this. Ask
#: the store manager to check the counter's permissions.", longer in Indonesian).
REFUSAL = {"code": "permission_denied", "errors": {"email": "Registrations from this address are not allowed."}}
IDLE_S = 15
SLOW_LATENCY_MS = 40_000
#: The issue's reference customer (issue 26) and the most taps the kiosk may ask of them.
REFERENCE = ("Ani Wijaya", "0812 7700 1235", "ani.wijaya@gmail.com")
#: The issue's limit is 30; the kiosk takes 29 (one typo, ⌫ and the key again, comes to 31).
REFERENCE_TAPS = 29
NAME_ERRORS = ("Please type your name.", "Silakan ketik nama Anda.")
EMAIL_ERRORS = ("This email address is not valid, for example name@example.com.",
                "Alamat email ini tidak valid, contohnya nama@example.com.")


# ---------------------------------------------------------------------------- inside the app (child)

def child(probe_path: Path, faults: dict[str, Any], app_args: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from pos_member import app as app_module
    from pos_member.sandbox import server as sandbox_server

    refusal = faults.pop("refuse_registration", None)
    if refusal:  # Stamps refuses every registration with an answer the kiosk has no words of its own for
        from pos_member.sandbox import service as sandbox_service
        from pos_member.sandbox.faults import ApiFault

        def refused(self, merchant_id, params):  # noqa: ANN001, ANN202
            raise ApiFault.many(refusal["errors"], code=refusal["code"])

        sandbox_service.Service.register = refused

    if faults:  # training faults from the start (sandbox/faults.py), as a slow network would be
        original = sandbox_server.TrainingServer.__init__

        def with_faults(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            original(self, *args, **kwargs)
            self.faults.update(**faults)

        sandbox_server.TrainingServer.__init__ = with_faults

    qapp = QApplication(sys.argv[:1])
    keys = {"seen": 0}
    seen_steps: list[str] = []

    class KeyCounter(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
            if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and obj is QApplication.focusWindow():
                keys["seen"] += 1
            return False

    counter = KeyCounter()
    qapp.installEventFilter(counter)

    def rect(widget) -> list[int] | None:  # noqa: ANN001
        if widget is None or not widget.isVisible():
            return None
        top_left = widget.mapToGlobal(widget.rect().topLeft())
        return [top_left.x(), top_left.y(), widget.width(), widget.height()]

    def probe() -> None:
        from pos_member.i18n import language
        from pos_member.ui.kiosk.window import KioskWindow

        kiosk = next((w for w in qapp.topLevelWidgets() if isinstance(w, KioskWindow) and w.isVisible()), None)
        state: dict[str, Any] = {"keys": keys["seen"], "language": language(), "step": None}
        if kiosk is not None:
            step = kiosk.step
            if not seen_steps or seen_steps[-1] != step:
                seen_steps.append(step)
            targets = {"next": kiosk.next, "back": kiosk.back, "logo": kiosk.logo, "still": kiosk.still}
            targets |= {f"lang:{code}": b for code, b in kiosk.language_buttons.items()}
            targets |= {f"gender:{value}": b for value, b in kiosk.gender_buttons.items()}
            targets |= {f"check:{key}": kiosk.inputs[key] for key in
                        ("allow_whatsapp_marketing", "allow_sms_marketing", "allow_newsletters")}
            targets |= {f"row:{key}": row for key, row in kiosk.summary_rows.items()}
            targets |= {f"clear:{step}": key for step, key in kiosk.clear_keys.items()}
            pad = kiosk.pads.get(step)
            if pad is not None:
                targets |= {f"key:{label}": key for label, key in pad.keys.items()}
                targets |= {f"propose:{a}": b for a, b in getattr(pad, "proposal_buttons", {}).items()}
            focus = qapp.focusWidget()
            state.update(
                step=step,
                busy=kiosk.session.busy,
                next_text=kiosk.next.text(),
                guarded=kiosk.tap_guarded(),
                targets={name: r for name, w in targets.items() if (r := rect(w)) is not None},
                texts=[w.text().replace("\u200b", "") for w in kiosk.findChildren(QLabel) if w.isVisible() and w.text()],
                focus=focus.accessibleName() if focus is not None else None,
                title=kiosk.titles[step].text() if step in kiosk.titles else None,
                field_text={k: w.text() for k, w in kiosk.inputs.items() if hasattr(w, "text") and w.isVisible()},
                correcting=kiosk.session.correcting,
                card=kiosk.card.text(), qr=kiosk.qr.text(), seconds_left=kiosk.seconds_left(),
                errors={key: {"text": label.text(), "rect": rect(label), "line_px": label.fontMetrics().lineSpacing(),
                              "shown": label.shown_lines() if hasattr(label, "shown_lines") else [label.text()],
                              "spoken": label.accessibleName() or label.text()}
                        for key, label in kiosk.errors.items() if label.isVisible() and label.text()},
                window=rect(kiosk), screen=[kiosk.screen().geometry().width(), kiosk.screen().geometry().height()],
            )
        state["seen_steps"] = seen_steps
        tmp = probe_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(probe_path)

    timer = QTimer()
    timer.timeout.connect(probe)
    timer.start(100)
    return app_module.main(app_args)


# ---------------------------------------------------------------------------- the customer (parent)

class WalkFailed(AssertionError):
    pass


class Walker:
    def __init__(self, display: str, probe: Path, data_dir: Path, shots: Path | None, tag: str):
        self.display, self.probe, self.data_dir, self.shots, self.tag = display, probe, data_dir, shots, tag
        self.shot_no = 0
        self.clicks = 0

    def state(self) -> dict[str, Any]:
        try:
            return json.loads(self.probe.read_text())
        except (OSError, ValueError):
            return {}

    def until(self, what: str, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if state and predicate(state):
                return state
            if time.monotonic() > deadline:
                raise WalkFailed(f"timed out waiting for {what}; last state: step={state.get('step')} "
                                 f"texts={state.get('texts')}")
            time.sleep(0.1)

    def at(self, step: str, timeout: float = 15.0) -> dict[str, Any]:
        # ... and its tap guard over: a person's next tap comes later than the second of a double tap
        return self.until(f"step {step!r}", lambda s: s.get("step") == step and not s.get("busy")
                          and not s.get("guarded"), timeout)

    def tap(self, target: str) -> None:
        state = self.until(f"{target!r} on screen", lambda s: target in s.get("targets", {}))
        x, y, w, h = state["targets"][target]
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1"],
                       env=dict(os.environ, DISPLAY=self.display), check=True)
        self.clicks += 1
        time.sleep(0.12)

    def double_tap(self, target: str) -> None:
        """Two clicks 150 ms apart on the same spot: the second lands on whatever the first opened."""
        state = self.until(f"{target!r} on screen", lambda s: target in s.get("targets", {}))
        x, y, w, h = state["targets"][target]
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1", "sleep", "0.15",
                        "click", "1"], env=dict(os.environ, DISPLAY=self.display), check=True)
        self.clicks += 2
        time.sleep(0.12)

    def hold(self, target: str, seconds: float) -> None:
        """A finger kept on ``target`` for ``seconds`` (a real X button press, then its release)."""
        state = self.until(f"{target!r} on screen", lambda s: target in s.get("targets", {}))
        x, y, w, h = state["targets"][target]
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "mousedown", "1", "sleep",
                        str(seconds), "mouseup", "1"], env=dict(os.environ, DISPLAY=self.display), check=True)
        self.clicks += 1
        time.sleep(0.12)

    def tap_keys(self, text: str) -> None:
        for ch in text:
            self.tap("key:" + {" ": " "}.get(ch, ch))

    def shoot(self, label: str) -> None:
        if self.shots is None:
            return
        time.sleep(0.4)
        self.shot_no += 1
        path = self.shots / f"{self.tag}-{self.shot_no:02d}-{label}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=dict(os.environ, DISPLAY=self.display), check=True)

    @staticmethod
    def key_places(state: dict[str, Any]) -> dict[str, list[int]]:
        """Where the step's keys, its ×, Back and the right edge of Next are (Next's word may change)."""
        targets = state.get("targets", {})
        places = {name: r for name, r in targets.items() if name.startswith(("key:", "clear:")) or name == "back"}
        if "next" in targets:
            x, y, w, h = targets["next"]
            places["next"] = [x + w, y, h]
        return places

    def check(self, ok: bool, what: str) -> None:
        print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
        if not ok:
            raise WalkFailed(what)

    def training_db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.data_dir / "training.sqlite3", timeout=5)
        db.row_factory = sqlite3.Row
        return db

    # -- the walks --------------------------------------------------------------------------

    def to_summary(self, language: str, name: str, phone: str, email: str, shots: bool) -> None:
        state = self.at("welcome", timeout=60)
        self.check(state["language"] == "en", "the kiosk starts in the store's language")
        if language != "en":
            self.tap(f"lang:{language}")
            self.until("language switched", lambda s: s.get("language") == language)
        if shots:
            self.shoot("welcome")
        self.double_tap("next")  # Start, as fingers do
        state = self.at("name")
        self.check(state["focus"] == state["title"], f"the name field has the focus, named by the question "
                   f"{state['title']!r}")
        self.check(not any(t in NAME_ERRORS for t in state["texts"]) and "key:a" in state["targets"], "Start double-tapped: the name step with its own keyboard, no "
                   "error before a real tap")
        for ch in name.lower():
            self.tap("key:" + ch)
        if shots:
            self.shoot("name")
        self.tap("next")
        self.at("mobile")
        self.tap_keys(phone)
        if shots:
            self.shoot("mobile")
        self.tap("next")
        state = self.at("email")
        self.check("key: " not in state["targets"], "the email keyboard has no Space key")
        places = self.key_places(state)
        *typed, ending = email.split("|")
        for key in typed:
            self.tap("key:" + key)
        self.tap("next")  # not an address yet: an error under the field
        state = self.until("the email's error", lambda s: any(t in EMAIL_ERRORS for t in s.get("texts", [])))
        if shots:
            self.shoot("email-error")
        self.check(self.key_places(state) == places, "an error under the email field moves no key, ×, Back or Next")
        self.email_places = places
        self.tap("key:" + ending)
        state = self.until("the error gone", lambda s: not any(t in EMAIL_ERRORS for t in s.get("texts", [])))
        self.check(self.key_places(state) == places, "the error gone: still no key moved")
        if shots:
            self.shoot("email")
        self.tap("next")
        self.at("birthday")
        self.tap_keys("30051993")
        if shots:
            self.shoot("birthday")
        self.tap("next")
        self.at("gender")
        self.tap("gender:female")
        if shots:
            self.shoot("gender")
        self.tap("next")
        self.at("consent")
        self.tap("check:allow_whatsapp_marketing")
        if shots:
            self.shoot("consent")
        self.tap("next")
        self.at("summary")

    def walk_register(self, language: str) -> None:
        print(f"register ({self.tag})", flush=True)
        stamp = str(int(time.time() * 1000))[-6:]
        email_keys = "|".join(["a", "y", "u"] + list(stamp) + ["@", "e", "x", "a", "m", "p", "l", "e", ".com"])
        email = f"ayu{stamp}@example.com"
        phone = "0813" + stamp + "12"
        self.to_summary(language, "ayu lestari", phone, email_keys, shots=True)
        state = self.state()
        texts = "\n".join(state["texts"])
        for value in ("Ayu Lestari", email, "30-05-1993"):
            self.check(value in texts, f"the summary shows {value}")
        grouped = "\n".join("".join(c for c in line if c not in " -") for line in state["texts"])
        self.check(phone in grouped, f"the summary shows {phone} (grouped as the customer reads it)")
        self.shoot("summary")
        # A correction: the mobile row opens its step with the number kept; a held ⌫ repeats, × empties.
        self.tap("row:mobile_number")
        state = self.at("mobile")
        self.check(state["field_text"].get("mobile_number") == phone and state["correcting"] == "mobile"
                   and state["focus"] == state["title"], "a tap on the summary's mobile row: its step, the number "
                   "kept, the cursor in the field")
        self.hold("key:⌫", 1.05)  # erases on the press, after 0.5 s, then 10 a second: about 6
        state = self.state()
        left = state["field_text"].get("mobile_number", "")
        self.check(phone.startswith(left) and 3 <= len(phone) - len(left) <= 9,
                   f"⌫ held for 1 s erased {len(phone) - len(left)} digits ({phone} → {left})")
        self.tap("clear:mobile")
        state = self.until("the field emptied", lambda s: s.get("field_text", {}).get("mobile_number") == "")
        self.check(state["focus"] == state["title"], "× empties the field and the cursor stays in it")
        self.shoot("mobile-correction")
        self.tap_keys(phone)
        self.tap("next")  # OK
        state = self.at("summary")
        self.check("email" not in state["seen_steps"][-2:] and state["correcting"] is None,
                   f"OK on the corrected step: straight back to the summary ({state['seen_steps'][-3:]})")
        grouped = "\n".join("".join(c for c in line if c not in " -") for line in state["texts"])
        self.check(phone in grouped, "the summary shows the corrected number")
        self.double_tap("next")  # Register, as fingers do: the second tap must not Finish
        state = self.at("done", timeout=30)
        time.sleep(1.0)
        state = self.state()
        self.check(state["step"] == "done" and bool(state["card"]), "Register double-tapped: Done stays, "
                   f"showing {state['card']}")
        with self.training_db() as db:
            row = db.execute("SELECT c.number FROM users u JOIN memberships m ON m.user_id = u.id "
                             "JOIN cards c ON c.membership_id = m.id WHERE u.email = ?", (email,)).fetchone()
        self.check(row is not None and state["card"] == row["number"] == state["qr"],
                   f"registered: member number {state['card']} shown large and as a QR code")
        self.shoot("done")
        other = "id" if language == "en" else "en"
        self.tap(f"lang:{other}")
        state = self.until("re-translated", lambda s: s.get("language") == other)
        time.sleep(0.3)
        state = self.state()
        self.check(state["step"] == "done" and state["card"] == row["number"] == state["qr"]
                   and row["number"] in state["texts"], "a language tap on Done keeps the number and QR code")
        self.shoot("done-language")
        self.double_tap("next")  # Finish, as fingers do: the second tap must not Start again
        state = self.at("welcome")
        time.sleep(0.8)
        state = self.state()
        self.check(state["step"] == "welcome", f"Finish double-tapped: welcome stays (on {state['step']!r}, {state['seen_steps'][-4:]})")
        self.check(state["language"] == "en" and not any(row["number"] in t for t in state["texts"]),
                   "Finish: back to welcome in the store's language, nothing of the customer left")
        # Already a member: answered at the mobile step, nothing about the member.
        self.tap(f"lang:{language}") if language != "en" else None
        self.tap("next")
        self.at("name")
        for ch in "budi":
            self.tap("key:" + ch)
        self.tap("next")
        self.at("mobile")
        places = self.key_places(self.state())
        self.tap_keys("12")
        self.tap("next")
        state = self.until("an error", lambda s: any("0812 0000 0000" in t for t in s.get("texts", [])))
        self.check(not any("3456" in t for t in state["texts"]), "a wrong number: the error's example is no one's")
        self.check(self.key_places(state) == places, "the mobile number's error moves no key")
        self.tap("key:⌫")
        state = self.until("the error gone", lambda s: not any("0812 0000 0000" in t for t in s.get("texts", [])))
        self.check(True, "the error goes as soon as the number changes")
        self.check(self.key_places(state) == places, "the error gone: still no key moved")
        self.tap("key:⌫")
        self.tap_keys(phone)
        self.double_tap("next")
        state = self.at("already")
        time.sleep(0.8)
        state = self.state()
        self.check(state["step"] == "already", "Next double-tapped on an existing number: the answer stays")
        texts = "\n".join(state["texts"])
        self.check(row["number"] not in texts and "Ayu" not in texts, "an existing number is answered at its step, "
                   "without the member's name or number")
        self.shoot("already")
        self.tap("next")
        self.at("welcome")

    def walk_reference(self, language: str) -> None:
        """The issue's reference customer, by the fewest taps the kiosk allows; counted and printed."""
        name, phone, email = REFERENCE
        print(f"reference customer ({self.tag})", flush=True)
        self.at("welcome", timeout=60)
        if language != "en":
            self.tap(f"lang:{language}")
        start = self.clicks
        self.tap("next")  # Start
        self.at("name")
        self.tap_keys(name.lower())  # capitals after a space come by themselves
        self.tap("next")
        state = self.at("mobile")
        self.check(state["field_text"].get("mobile_number") == "08", "the mobile number starts with 08")
        digits = phone.replace(" ", "")
        self.tap("key:" + digits[:4])  # the operator's start, one key
        self.tap_keys(digits[4:])
        self.tap("next")
        state = self.until("the address proposed from the name",
                           lambda s: s.get("step") == "email" and f"propose:{email}" in s.get("targets", {})
                           and not s.get("guarded") and not s.get("busy"))
        self.tap(f"propose:{email}")
        self.until("the address in the field", lambda s: s.get("field_text", {}).get("email") == email)
        self.tap("next")
        for step, says in (("birthday", ("Skip: I am 17 or older", "Lewati: usia saya 17+")),
                           ("gender", ("Skip", "Lewati"))):
            state = self.at(step)
            self.check(state["next_text"] in says, f"the optional {step} step says {state['next_text']!r}: one tap")
            self.tap("next")
        self.at("consent")
        self.tap("check:allow_whatsapp_marketing")
        self.tap("next")
        state = self.at("summary")
        texts = "\n".join(state["texts"])
        self.check(name in texts and email in texts, "the summary shows the name and address")
        self.tap("next")  # Register
        self.at("done", timeout=30)
        taps = self.clicks - start
        with self.training_db() as db:
            row = db.execute("SELECT u.name, u.phone, m.allow_whatsapp_marketing AS wa FROM users u "
                             "JOIN memberships m ON m.user_id = u.id WHERE u.email = ?", (email,)).fetchone()
        self.check(row is not None and row["name"] == name and "81277001235" in (row["phone"] or "") and bool(row["wa"]),
                   f"registered as {name}, {phone}, {email}, WhatsApp yes")
        print(f"  reference customer registered in {taps} taps (at most {REFERENCE_TAPS})", flush=True)
        self.check(taps <= REFERENCE_TAPS, f"{taps} taps from Start to the member number")
        self.shoot("reference-done")

    def walk_staff(self, language: str) -> None:
        print(f"staff exit ({self.tag})", flush=True)
        self.at("welcome", timeout=60)
        if language != "en":
            self.tap(f"lang:{language}")
        for _ in range(5):
            self.tap("logo")
        state = self.at("admin")
        self.check("key:1" in state["targets"] and state["focus"] == state["title"],
                   "five logo taps: the PIN screen with its keypad, the PIN field named by its title")
        self.tap_keys("12")
        self.shoot("pin")
        self.tap("back")
        self.at("welcome")
        self.check(True, "Cancel on the PIN screen: back to welcome")
        for _ in range(5):
            self.tap("logo")
        self.at("admin")
        started = time.monotonic()
        state = self.at("still_there", timeout=IDLE_S + 10)
        self.check(state["seconds_left"] is not None and 13 <= state["seconds_left"] <= 15,
                   f"idle on the PIN screen: 'Still there?' after {time.monotonic() - started:.0f} s, "
                   f"counting {state['seconds_left']} s")
        self.shoot("still-there")
        time.sleep(5)
        state = self.state()
        self.check(state["step"] == "still_there" and 9 <= state["seconds_left"] <= 11,
                   f"the countdown is honest: {state['seconds_left']} s left after 5 s")
        state = self.at("welcome", timeout=15)
        self.check(state["language"] == "en", f"idle: back to welcome after {time.monotonic() - started:.0f} s, "
                   "in the store's language")
        if language != "en":
            self.tap(f"lang:{language}")
        for _ in range(5):
            self.tap("logo")
        self.at("admin")
        self.tap_keys(TRAINING_PIN)
        self.double_tap("next")  # Unlock, as fingers do: the second tap must not Close
        state = self.at("close")
        self.check("back" in state["targets"], "the right PIN: 'Close the kiosk?' with Cancel, not closed at once")
        self.shoot("close")
        self.tap("back")
        self.at("welcome")
        for _ in range(5):
            self.tap("logo")
        self.at("admin")
        for _ in range(3):
            self.tap_keys("9999")
            self.tap("next")
            self.until("PIN checked", lambda s: not s.get("busy"))
            time.sleep(0.3)
        state = self.state()
        self.check(state["step"] == "admin" and "next" in state["targets"]
                   and any("Too many" in t or "Terlalu" in t for t in state["texts"]),
                   "three wrong PINs: the PIN screen says it is locked for a while")
        self.shoot("pin-locked")
        first = next(t for t in state["texts"] if "Too many" in t or "Terlalu" in t)
        time.sleep(3)
        later = next((t for t in self.state()["texts"] if "Too many" in t or "Terlalu" in t), "")
        self.check(bool(later) and later != first, f"the lock-out counts down: {first!r} → {later!r}")
        self.tap("back")
        self.at("welcome")
        for _ in range(5):
            self.tap("logo")
        time.sleep(0.5)
        state = self.state()
        self.check(state["step"] == "welcome" and any("Too many" in t or "Terlalu" in t for t in state["texts"]),
                   "the gesture is locked: five taps tell staff how long, and open nothing")
        self.shoot("logo-locked")
        self.tap("next")
        self.at("name")
        self.check(True, "the kiosk is not locked: Start still works")
        self.tap("back")
        self.at("welcome")
        self.tap("lang:id")
        self.until("Indonesian", lambda s: s.get("language") == "id")
        self.tap("next")
        self.at("name")
        self.at("still_there", timeout=IDLE_S + 10)
        self.tap("still")  # the text, not the button: a tap anywhere means "I'm here"
        self.at("name")
        self.check(True, "'Still there?' answered by a tap on its text")
        state = self.at("welcome", timeout=2 * IDLE_S + 10)
        self.check(state["language"] == "en", "after the idle reset the language is the store's again")

    def walk_refused(self, language: str) -> None:
        """Stamps refuses the registration with an answer the kiosk has no words of its own for
        (REFUSAL: the counter's words for a refused permission, about the email): the email step
        comes back with it under the field, in the room kept for errors — cut with "…" when longer,
        the whole text for a screen reader — and no key, ×, Back or Next has moved."""
        print(f"refused by Stamps ({self.tag})", flush=True)
        email_keys = "|".join(list("rina") + ["@", "e", "x", ".com"])
        self.to_summary(language, "rina refused", "081355550077", email_keys, shots=False)
        places = self.email_places
        self.tap("next")  # Register
        state = self.until("the email step with Stamps' refusal",
                           lambda s: s.get("step") == "email" and "email" in s.get("errors", {}) and not s.get("busy"),
                           timeout=30)
        time.sleep(0.5)
        state = self.state()
        error = state["errors"]["email"]
        _, _, _, height = error["rect"]
        self.check(self.key_places(state) == places, "Stamps' refusal under the email field: no key, ×, Back or Next "
                   "moved from where they were on the first visit")
        self.check(len(error["shown"]) * error["line_px"] <= height,
                   f"its {len(error['shown'])} line(s) drawn inside the {height} px kept for errors"
                   + (" (cut with '…')" if error["shown"][-1].endswith("…") else ""))
        self.check(error["spoken"] == error["text"] and len(error["text"]) > 60,
                   f"the whole text for a screen reader: {error['text']!r}")
        self.shoot("refused")

    def walk_slow(self, language: str) -> None:
        print(f"slow registration and idle reset ({self.tag})", flush=True)
        email_keys = "|".join(list("slow") + ["@", "e", "x", ".com"])
        self.to_summary(language, "sari slow", "081355550042", email_keys, shots=False)
        self.tap("next")
        state = self.until("registering", lambda s: bool(s.get("busy")))
        self.shoot("registering")
        started = time.monotonic()
        state = self.until("'Still there?'", lambda s: s.get("step") == "still_there", timeout=IDLE_S + 10)
        self.check(bool(state.get("busy")), "'Still there?' while the registration is still on its way")
        self.shoot("still-there-registering")
        self.at("welcome", timeout=25)
        reset_after = time.monotonic() - started
        remaining = SLOW_LATENCY_MS / 1000 - reset_after + 8
        print(f"  ...   reset after {reset_after:.0f} s; watching {remaining:.0f} s more for the answer", flush=True)
        deadline = time.monotonic() + remaining
        while time.monotonic() < deadline:
            state = self.state()
            if state.get("card") or state.get("qr") or "done" in state.get("seen_steps", []):
                break
            time.sleep(0.2)
        self.check("done" not in state["seen_steps"] and not state["card"] and not state["qr"],
                   "the idle reset cancelled the registration: its member number was never shown")
        self.check(state["step"] == "welcome" and state["language"] == "en", "welcome, in the store's language")


def run_walk(walk: str, args: argparse.Namespace, display: str) -> None:
    with tempfile.TemporaryDirectory(prefix="kiosk-walk-") as tmp:
        tmp_path = Path(tmp)
        probe = tmp_path / "probe.json"
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", POS_MEMBER_DATA_DIR=str(tmp_path / "data"),
                   POS_MEMBER_CONFIG_DIR=str(tmp_path / "config"), POS_MEMBER_KIOSK_IDLE_SECONDS=str(IDLE_S),
                   POS_MEMBER_REQUEST_TIMEOUT_S="60")
        faults: dict[str, Any] = {"latency_ms": SLOW_LATENCY_MS} if walk == "slow" else {}
        if walk == "refused":
            faults["refuse_registration"] = REFUSAL
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(probe), json.dumps(faults),
                   "--", "--training", "--mode", "kiosk", "--members", "300"]
        log = open(tmp_path / "app.log", "w")
        app = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        tag = f"{args.language}-{args.screen}"
        walker = Walker(display, probe, tmp_path / "data", args.shots, tag if walk != "staff" else f"{tag}-staff")
        try:
            getattr(walker, f"walk_{walk}")(args.language)
            state = walker.state()
            walker.check(state["keys"] == 0, f"{walker.clicks} taps and no key event at all")
            width, height = (int(v) for v in args.screen.split("x"))
            walker.check(state["window"] == [0, 0, width, height], f"the kiosk covers the whole {args.screen} screen ({state['window']})")
        except Exception:
            log.flush()
            print((tmp_path / "app.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
            log.close()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        split = argv.index("--")
        return child(Path(argv[1]), json.loads(argv[2]), argv[split + 1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--walk", nargs="+", choices=["register", "reference", "staff", "slow", "refused"],
                        default=["register", "reference", "staff", "slow", "refused"])
    parser.add_argument("--screen", default="1024x768")
    parser.add_argument("--language", choices=["en", "id"], default="en")
    parser.add_argument("--shots", type=Path, help="save a screenshot of each step here")
    parser.add_argument("--display", type=int, help="X display number for Xvfb (default: a free one)")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "xdotool") + (("import",) if args.shots else ()):
        if shutil.which(tool) is None:
            print(f"kiosk walk: {tool} is missing (apt-get install xvfb xdotool imagemagick)", file=sys.stderr)
            return 2
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    try:
        server, display = xvfb.start(args.screen, args.display)
    except xvfb.XvfbError as exc:
        print(f"kiosk walk: {exc}", file=sys.stderr)
        return 2
    try:
        started = time.monotonic()
        for walk in args.walk:
            run_walk(walk, args, display)
        print(f"kiosk walk passed ({', '.join(args.walk)}; {args.language}, {args.screen}) in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        return 0
    except WalkFailed as exc:
        print(f"kiosk walk FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        xvfb.stop(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
