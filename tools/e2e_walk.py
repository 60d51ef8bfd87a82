"""The cashier walk, end to end: the real app process in training mode on an Xvfb display, driven
by real X key events (xdotool), checked through the training-only state probe (ui/probe.py).

    python tools/e2e_walk.py [--display :13] [--shots DIR] [--language en|id] [--screen 1024x768]

Without --display it starts its own Xvfb on a free display. Exits non-zero at the first step
that does not hold, with a screenshot of that moment. Needs Xvfb, xdotool and ImageMagick's
``import`` (.ci/run installs them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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

HUMAN_MS = 110   # a person typing
SCANNER_MS = 4   # a keyboard-wedge scanner
MAIN_TITLE = "Stamps Members"


class Failed(Exception):
    pass


def window_titles(language: str) -> dict[str, str]:
    """Window titles as the app shows them in ``language``, from the catalogue itself; a title
    the walk finds by its beginning ("Customer's phone and inbox" of "… — TRAINING") by the
    translation's part before the dash."""
    if language == "en":
        return {}
    import xml.etree.ElementTree as ET

    root = ET.parse(ROOT / "pos_member" / "i18n" / f"pos_member_{language}.ts").getroot()
    titles = {}
    for message in root.iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        titles[source] = translation
        if " — " in source and " — " in translation:
            titles.setdefault(source.split(" — ")[0], translation.split(" — ")[0])
    return titles


class Walk:
    def __init__(self, display: str, state: Path, shots: Path, language: str = "en"):
        self.display, self.state, self.shots = display, state, shots
        self.env = dict(os.environ, DISPLAY=display)
        self.step = 0
        self.titles = window_titles(language)

    # ------------------------------------------------------------------ X

    def xdo(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.env, check=True, capture_output=True, text=True).stdout

    def window(self, title: str, timeout: float = 15) -> str:
        title = self.titles.get(title, title)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=self.env,
                                   capture_output=True, text=True).stdout.split()
            if found:
                return found[-1]
            time.sleep(0.1)
        raise Failed(f"no window titled {title!r}")

    def focus(self, title: str) -> str:
        """Give the X input focus to a window (there is no window manager on Xvfb to do it)."""
        wid = self.window(title)
        self.xdo("windowfocus", "--sync", wid)
        time.sleep(0.2)
        return wid

    def type(self, text: str, delay_ms: int = HUMAN_MS) -> None:
        """Type ``text``; a trailing newline is the Return key."""
        self.xdo("type", "--delay", str(delay_ms), text.rstrip("\n"))
        if text.endswith("\n"):
            self.xdo("key", "Return")

    def key(self, *keys: str) -> None:
        self.xdo("key", "--delay", "60", *keys)

    def scan(self, code: str) -> None:
        """A wedge scanner: the code at scanner speed and Return, in one burst (one xdotool call:
        a second process for Return could start late on a busy machine)."""
        assert code.isalnum() and code.isascii(), "card codes are letters and digits (each its own keysym)"
        self.xdo("key", "--delay", str(SCANNER_MS), *code, "Return")

    def click(self, wid: str, x: int, y: int) -> None:
        self.xdo("mousemove", "--window", wid, str(x), str(y), "click", "1")

    def shot(self, name: str) -> Path:
        self.step += 1
        path = self.shots / f"{self.step:02d}_{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, capture_output=True)
        return path

    # ------------------------------------------------------------------ the app's state

    def read(self) -> dict[str, Any]:
        try:
            return json.loads(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def until(self, what: str, check: Callable[[dict[str, Any]], bool], timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = self.read()
            if state and check(state):
                return state
            time.sleep(0.1)
        path = self.shot("FAILED")
        raise Failed(f"{what}: not so after {timeout:.0f} s (screenshot {path}); state: {json.dumps(state)}")

    def stays(self, what: str, check: Callable[[dict[str, Any]], bool], seconds: float = 1.0) -> dict[str, Any]:
        """``check`` holds now and still after ``seconds`` (for things that must NOT happen)."""
        self.until(what, check)
        time.sleep(seconds)
        return self.until(what, check, timeout=0.5)


def walk(w: Walk) -> list[str]:
    done = []
    w.focus("Cashier sign-in")
    w.type("kasir01\n")
    w.until("cashier kasir01 signed in", lambda s: s["cashier"] == "kasir01" and not s["dialogs"])
    main = w.focus(MAIN_TITLE)
    w.shot("signed_in")
    done.append("signed in as kasir01 with real keys")

    w.type("budi.santoso@example.com\n")
    w.until("Budi Santoso open", lambda s: s["member"] == "Budi Santoso" and s["loaded"] and "edit" in s["enabled"])
    w.shot("member_open")
    done.append("Enter on an email opened Budi Santoso")

    w.key("ctrl+a")
    w.type("zzzq")
    w.until("no match, member actions disabled", lambda s: s["page"] == "no_match" and s["member"] is None
            and not {"edit", "phone", "email", "tags", "level", "anonymise"} & set(s["enabled"]))
    w.key("ctrl+e")
    w.stays("Ctrl+E opens nothing", lambda s: s["dialogs"] == [])
    w.shot("no_match_actions_disabled")
    done.append("a search with no match took Budi off screen; member actions disabled; Ctrl+E opened nothing")

    w.key("ctrl+a")
    w.type("budi.santoso@example.com\n")
    w.until("Budi Santoso open again", lambda s: s["member"] == "Budi Santoso" and s["loaded"])
    w.key("ctrl+t")
    w.until("Tags window open", lambda s: s["dialogs"] == ["TagsDialog"] and s.get("tags") == ["category:vvip"])
    w.focus("Tags")
    w.key("Return")
    w.stays("Enter in the Tags window removes nothing", lambda s: s.get("tags") == ["category:vvip"])
    w.shot("tags_after_enter")
    w.key("Escape")
    w.until("Tags window closed", lambda s: s["dialogs"] == [])
    done.append("Tags window + Enter: nothing removed")

    w.focus(MAIN_TITLE)
    w.key("ctrl+p")
    w.until("Change phone open", lambda s: s["dialogs"] == ["OtpDialog"])
    w.focus("Change mobile number")
    w.type("0812 7777 1234")
    w.key("ctrl+Return")  # Ctrl+Enter sends the code, as Enter in the number field does
    w.key("F9")
    w.until("the customer's phone beside the code window, with the code message",
            lambda s: s["phone_window"] and s["phone_messages"] > 0 and s["dialogs"] == ["OtpDialog"])
    w.shot("customer_phone_beside_code_dialog")
    w.focus("Customer's phone and inbox")
    w.key("Escape")  # it takes keys while the code window waits: not blocked by modality
    w.until("the customer's phone closed by its own Esc", lambda s: not s["phone_window"] and s["dialogs"] == ["OtpDialog"])
    w.focus("Change mobile number")
    w.key("Escape")
    w.until("code window closed", lambda s: s["dialogs"] == [])
    done.append("the customer's phone (training) opens beside a code window and takes keys")

    w.focus(MAIN_TITLE)
    w.key("ctrl+a", "BackSpace")
    w.type("nobody.new@example.com\n")
    w.until("Enter on an unknown email offers registration", lambda s: s["page"] == "no_match" and s["member"] is None)
    w.shot("unknown_email_offers_registration")
    w.key("ctrl+n")
    w.until("registration prefilled with the email", lambda s: s["dialogs"] == ["RegistrationDialog"]
            and s.get("registration", {}).get("email") == "nobody.new@example.com")
    w.focus("Register a new member")
    w.key("Escape")
    w.until("registration closed", lambda s: s["dialogs"] == [])
    done.append("Enter on an unknown email: no match with Register; Ctrl+N prefilled the email")

    w.focus(MAIN_TITLE)
    w.key("ctrl+a", "BackSpace")
    w.type("08139876")  # the start of Dewi's phone, typed: a member-ID look-alike
    shown = w.until("suggestions for 08139876, one highlighted",
                    lambda s: s["page"] == "results" and s["search"] == "08139876" and s["highlighted"])
    w.shot("digits_suggested")
    w.key("Return")
    w.until(f"Enter opened the highlighted {shown['highlighted']}",
            lambda s: s["member"] == shown["highlighted"] and s["loaded"])
    w.shot("digits_enter_opened_highlighted")
    w.key("ctrl+a", "BackSpace")
    w.type("08109999")  # half a phone number nobody has
    w.until("no match for 08109999", lambda s: s["page"] == "no_match" and s["search"] == "08109999")
    w.key("ctrl+n")
    w.until("registration: the typed digits in Mobile number, never in Member card",
            lambda s: s["dialogs"] == ["RegistrationDialog"] and s.get("registration", {}).get("mobile_number") == "08109999"
            and s["registration"].get("member_id") == "")
    w.shot("digits_prefill_phone_not_card")
    w.focus("Register a new member")
    w.key("Escape")
    w.until("registration closed", lambda s: s["dialogs"] == [])
    done.append(f"typed 08139876 + Enter opened the highlighted {shown['highlighted']}; "
                "Ctrl+N from no match on 08109999 put it in Mobile number, not Member card")

    w.focus(MAIN_TITLE)
    w.key("ctrl+a", "BackSpace")
    w.type("bud")
    w.until("suggestions for bud", lambda s: s["page"] == "results" and s["search"] == "bud")
    w.scan("RRR0000004")
    w.until("the scanned member open, not 'budRRR0000004'",
            lambda s: s["search"] == "RRR0000004" and s["member"] == "Dewi Lestari Putri" and s["loaded"])
    w.shot("bud_then_scan")
    done.append("'bud' + scan RRR0000004: Dewi Lestari Putri open, search box holds only the card")

    w.click(main, 400, 330)  # on the profile: the focus leaves the search box
    w.until("focus on the profile", lambda s: not s["focus_in_search"])
    w.scan("RRR0000002")
    w.until("Siti Rahayu open by a scan with the focus on the profile",
            lambda s: s["member"] == "Siti Rahayu" and s["loaded"] and s["search"] == "RRR0000002")
    w.shot("scan_focus_on_profile")
    done.append("scan with the focus on the profile: Siti Rahayu open")

    w.click(main, 400, 330)  # on the profile again, and a person types there
    w.until("focus on the profile", lambda s: not s["focus_in_search"])
    w.type("dewi")
    w.until("typed on the profile: a search for dewi", lambda s: s["focus_in_search"] and s["search"] == "dewi"
            and s["page"] == "results")
    w.shot("typed_on_profile_searches")
    done.append("typing with the focus on the profile searches (dewi)")

    w.key("F12")
    w.until("next customer: empty screen", lambda s: s["member"] is None and s["search"] == "" and s["page"] == "empty"
            and s["focus_in_search"] and s["draft"] == {})
    w.shot("next_customer")
    w.scan("RRR0000002")
    w.until("Siti Rahayu open again", lambda s: s["member"] == "Siti Rahayu" and s["loaded"])
    w.key("Escape")
    w.stays("Esc clears the scanned card from the box; Siti stays on screen",
            lambda s: s["search"] == "" and s["member"] == "Siti Rahayu")
    w.key("Escape")
    w.until("a second Esc: the next customer, an empty screen", lambda s: s["page"] == "empty" and s["member"] is None)
    done.append("Next customer (F12); Esc clears the box and keeps the member, a second Esc is the next customer")

    w.key("ctrl+n")
    w.until("registration open", lambda s: s["dialogs"] == ["RegistrationDialog"])
    w.focus("Register a new member")
    w.type("Rina Kusuma")
    w.until("draft kept", lambda s: s.get("registration", {}).get("name") == "Rina Kusuma"
            and s["draft"].get("name") == "Rina Kusuma")
    w.key("Escape")
    w.until("registration closed, draft kept", lambda s: s["dialogs"] == [] and s["draft"].get("name") == "Rina Kusuma")
    w.focus(MAIN_TITLE)
    w.key("ctrl+shift+s")
    w.until("a draft: switching cashier asks first", lambda s: s["dialogs"] == ["QMessageBox"])
    w.shot("switch_cashier_asks")
    w.focus("Switch cashier")
    w.key("Return")
    w.until("Enter stays: same cashier, draft kept", lambda s: s["dialogs"] == [] and s["cashier"] == "kasir01"
            and s["draft"].get("name") == "Rina Kusuma")
    w.focus(MAIN_TITLE)
    w.key("ctrl+shift+s")
    w.until("asked again", lambda s: s["dialogs"] == ["QMessageBox"])
    w.focus("Switch cashier")
    w.key("Tab", "space")  # from Stay (the default) to Sign out
    w.until("sign-in open, draft gone", lambda s: s["dialogs"] == ["SignInDialog"] and s["draft"] == {})
    w.focus("Cashier sign-in")
    w.type("kasir02\n")
    w.until("kasir02 signed in", lambda s: s["cashier"] == "kasir02" and s["dialogs"] == [])
    w.focus(MAIN_TITLE)
    w.key("ctrl+n")
    w.until("an empty registration form for kasir02", lambda s: s["dialogs"] == ["RegistrationDialog"]
            and not any(s.get("registration", {"x": "?"}).values()))
    w.shot("switch_cashier_empty_form")
    done.append("switch cashier: the next cashier's registration form is empty")

    w.key("Escape")
    w.until("registration closed", lambda s: s["dialogs"] == [])
    w.focus(MAIN_TITLE)
    w.type("ani.baru@gmail.com\n")
    w.until("no match for a new email", lambda s: s["page"] == "no_match")
    w.key("Tab", "Tab", "space")  # Register new member, then Quick registration
    w.until("quick registration open", lambda s: s["dialogs"] == ["QuickRegistrationDialog"])
    w.focus("Quick registration")
    w.key("Return")
    said = {text: w.titles.get(text, text) for text in ("not asked yet", "Newsletter")}  # in the walk's language
    unasked = f"WhatsApp {said['not asked yet']}   SMS {said['not asked yet']}   {said['Newsletter']} {said['not asked yet']}"
    w.until("behind it, the new member's promos are 'not asked yet', not Stamps' ticks",
            lambda s: s["marketing"] == unasked, timeout=15)
    w.shot("quick_registration_not_asked")
    w.key("Escape")
    time.sleep(0.5)
    w.key("Tab", "space")  # from "Back to the customer's answers" (the default) to "Set all to no"
    time.sleep(0.5)
    w.shot("quick_registration_name_asked")
    w.stays("no name: nothing saved, the window stays", lambda s: s["dialogs"] == ["QuickRegistrationDialog"]
            and s["marketing"] == unasked)
    w.type("Ani Baru\n")
    w.until("the name and Enter save 'no' everywhere and close", lambda s: s["dialogs"] == []
            and s["member"] == "Ani Baru" and s["marketing"] == f"WhatsApp ✗   SMS ✗   {said['Newsletter']} ✗", timeout=15)
    done.append("quick registration: 'not asked yet' behind it; Esc, Set all to no, the name + Enter: saved as no")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--display", help="an X display already running (default: start Xvfb)")
    parser.add_argument("--shots", type=Path, help="keep the screenshots here")
    parser.add_argument("--language", choices=["en", "id"], default="en", help="the store's language")
    parser.add_argument("--screen", default="1366x768", help="size of the Xvfb screen it starts (default 1366x768)")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "xdotool", "import"):
        if shutil.which(tool) is None:
            print(f"e2e walk: {tool} is missing (apt-get install xvfb xdotool imagemagick)", file=sys.stderr)
            return 2
    server = None
    display = args.display
    if display is None:
        try:
            server, display = xvfb.start(args.screen)
        except xvfb.XvfbError as exc:
            print(f"e2e walk: {exc}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="pos-member-walk-") as tmp:
        tmp_path = Path(tmp)
        shots = args.shots or tmp_path / "shots"
        shots.mkdir(parents=True, exist_ok=True)
        state = tmp_path / "state.json"
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PM_E2E_STATE=str(state),
                   POS_MEMBER_DATA_DIR=str(tmp_path / "data"), POS_MEMBER_CONFIG_DIR=str(tmp_path / "config"))
        if args.language != "en":
            env["POS_MEMBER_LANGUAGE"] = args.language
        env.pop("WAYLAND_DISPLAY", None)
        app = subprocess.Popen([sys.executable, str(Path(__file__).with_name("e2e_probe.py")), "--training", "--members", "300"], env=env,
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "app.log", "w"))
        w = Walk(display, state, shots, args.language)
        try:
            w.until("the app is up", lambda s: "page" in s, timeout=60)
            for line in walk(w):
                print("ok  ", line)
            print(f"e2e walk passed ({args.language}, {args.screen if server is not None else display}); screenshots in {shots}")
            return 0
        except Failed as exc:
            print(f"e2e walk FAILED: {exc}", file=sys.stderr)
            print((tmp_path / "app.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            return 1
        finally:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
            if server is not None:
                xvfb.stop(server)


if __name__ == "__main__":
    sys.exit(main())
