"""Installer scenarios under Wine:  ./dev installer-test [--keep]   (--check: tools only)

Builds a tiny stand-in pos-member.exe with mingw-w64 (tools/installer_standin.c: records its
arguments and environment, stores the machine token with DPAPI like the app), compiles real
installers from resources/installer/pos-member.nsi with tools/build.py's code for two versions
and both profiles, and runs them silently in a fresh 64-bit Wine prefix (the installer is 32-bit:
wine32 is needed). Prints a table of scenarios and figures; exit code 0 when every one passed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOOLS = {"wine": "wine", "wineboot": "wine", "wineserver": "wine", "makensis": "nsis",
         "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64-win32"}
APT = ("dpkg --add-architecture i386 && apt-get update && apt-get install --no-install-recommends "
       "wine wine32 wine64 gcc-mingw-w64-x86-64-win32 nsis")
REG_UNINSTALL = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\pos-member"
# Tokens with everything a command line mangles; each must reach the app whole and never be
# written anywhere in clear.
TOKENS = {
    "slash": "Tk1abc/def+ghi==",
    "space": "Tk2 with space&amp%PATH%",
    "quoted": "Tk3 quoted value",
    "quote": 'Tk4has"quote',
    "after": "Tk5/after+opt=",
    "file": 'Tk6 from "file" & 100%/x+y==',
    "final": "Tk7=final/token+",
}


def missing_tools() -> list[str]:
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if not missing and not Path("/usr/lib/i386-linux-gnu/wine").exists() and shutil.which("wine32") is None:
        missing.append("wine32 (i386)")
    return missing


def win(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


class Wine:
    def __init__(self, work: Path):
        self.prefix = work / "prefix"
        self.env = dict(os.environ, WINEPREFIX=str(self.prefix), WINEARCH="win64", WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=", DISPLAY="")
        self.runner = work / "runner.exe"
        self.c = self.prefix / "drive_c"

    def boot(self) -> None:
        # one wineserver for the whole run (a new one per call reloads the registry: seconds each)
        subprocess.run(["wineserver", "-p"], env=self.env, timeout=60)
        subprocess.run(["wineboot", "-i"], env=self.env, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)

    def call(self, *args: str, **extra: str) -> tuple[int, str]:
        """Output through a file, not a pipe: Wine's background processes (services, explorer)
        inherit a pipe and keep it open long after the program ended."""
        with tempfile.TemporaryFile() as out:
            code = subprocess.run(["wine", *args], env=dict(self.env, **extra), stdout=out,
                                  stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=300).returncode
            out.seek(0)
            return code, out.read().decode(errors="replace")

    def run(self, cmdline: str, **extra: str) -> int:
        """The exact Windows command line, through runner.exe (no quoting by Wine between)."""
        return self.call(str(self.runner), RUNNER_CMDLINE=cmdline, **extra)[0]

    def exe(self, path: Path, *args: str) -> tuple[int, str]:
        return self.call(str(path), *args)

    def reg(self, key: str, value: str) -> str | None:
        """From the 64-bit view, where 64-bit detection rules (Intune, SCCM) look."""
        code, stdout = self.call("reg", "query", key, "/v", value, "/reg:64")
        if code != 0:
            return None
        for line in stdout.splitlines():
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[0].lower() == value.lower():
                return parts[2].strip()
        return None

    def key_exists(self, key: str, view: str = "64") -> bool:
        return self.call("reg", "query", key, f"/reg:{view}")[0] == 0

    def path(self, windows: str) -> Path:
        """C:\\x\\y -> the file in the prefix."""
        return self.c / windows[3:].replace("\\", "/")

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, timeout=60)
        subprocess.run(["wineserver", "-w"], env=self.env, capture_output=True, timeout=60)


def build_standins(work: Path) -> dict[str, Path]:
    source = ROOT / "tools" / "installer_standin.c"
    out = {}
    for name, flags in {"app-1": ['-DSTANDIN_VERSION="1"'], "app-2": ['-DSTANDIN_VERSION="2"'],
                        "runner": ["-DRUNNER"]}.items():
        target = work / f"{name}.exe"
        subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-municode", *flags, "-o", str(target), str(source),
                        "-lcrypt32"], check=True)
        out[name] = target
    return out


def make_bundle(root: Path, exe: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True)
    shutil.copy(exe, root / "pos-member.exe")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


LEGACY_COMMIT = "49cd385"  # the last 0.1.0 installer script: 32-bit registry view, RMDir /r


def legacy_installer(work: Path, exe: Path, profile: Path) -> Path | None:
    """The 0.1.0 installer, compiled from git history (None in a shallow clone)."""
    script = subprocess.run(["git", "show", f"{LEGACY_COMMIT}:resources/installer/pos-member.nsi"], cwd=ROOT,
                            capture_output=True, text=True)
    if script.returncode != 0:
        return None
    (work / "legacy.nsi").write_text(script.stdout)
    bundle = make_bundle(work / "bundle-legacy", exe, {"_internal/legacy-only.dll": b"0.1"})
    target = work / "setup-legacy.exe"
    subprocess.run(["makensis", "-V2", "-DVERSION=0.1.0", "-DSTORE=kemang-cashier", f"-DPROFILE={profile}",
                    f"-DSOURCE={bundle}", f"-DOUTFILE={target}", "-DFAST", str(work / "legacy.nsi")], check=True)
    return target


class Scenarios:
    def __init__(self, wine: Wine, installers: dict[str, Path]):
        self.wine, self.installers = wine, installers
        self.rows: list[dict] = []
        self.user = wine.c / "users" / getpass.getuser()
        self.program = r"C:\Program Files\pos-member"
        self.spaced = r"C:\Program Files\Stamps Test Dir"

    # helpers -----------------------------------------------------------------------------
    def install(self, which: str, options: str, **env: str) -> int:
        return self.wine.run(f'"{win(self.installers[which])}" {options}', **env)

    def uninstall(self, folder: str) -> int:
        return self.wine.run(f'"{folder}\\uninstall.exe" /S _?={folder}')

    def calls(self) -> list[dict]:
        path = self.wine.c / "standin" / "calls.txt"
        records = []
        for line in path.read_text().splitlines() if path.exists() else []:
            fields = dict(part.split("=", 1) for part in line.split(" "))
            args = [bytes.fromhex(a).decode("utf-16-le") for a in fields["args"].split(",") if a]
            token = None if fields["token"] == "-" else bytes.fromhex(fields["token"]).decode()
            records.append({"version": fields["version"], "args": args, "token": token})
        return records

    def machine_token(self, folder: str) -> str | None:
        code, out = self.wine.exe(self.wine.path(folder + "\\pos-member.exe"), "--show-machine-token")
        return bytes.fromhex(out.strip()).decode() if code == 0 else None

    def version(self) -> str | None:
        return self.wine.reg(REG_UNINSTALL, "DisplayVersion")

    def scenario(self, name: str, body: Callable[[list[str]], str]) -> None:
        problems: list[str] = []
        started = time.perf_counter()
        try:
            detail = body(problems)
        except Exception as exc:  # noqa: BLE001 (a broken scenario is a failed row, the rest still run)
            problems.append(f"{type(exc).__name__}: {exc}")
            detail = ""
        self.rows.append({"scenario": name, "ok": not problems, "seconds": round(time.perf_counter() - started, 1),
                          "detail": "; ".join(problems) or detail})

    @staticmethod
    def expect(problems: list[str], condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    # scenarios ---------------------------------------------------------------------------
    def silent_install(self, p: list[str]) -> str:
        code = self.install("cashier-1", f"/S /TOKEN={TOKENS['slash']}")
        folder = self.wine.path(self.program)
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, (folder / "_internal" / "old-only.dll").exists(), "program files missing")
        self.expect(p, (folder / "install-files.txt").exists() and (folder / "uninstall.exe").exists(),
                    "no file list or uninstaller")
        self.expect(p, self.wine.path(r"C:\ProgramData\pos-member\store.toml").exists(), "no store profile")
        self.expect(p, self.version() == "0.9.0", f"64-bit DisplayVersion {self.version()!r}")
        self.expect(p, not self.wine.key_exists(REG_UNINSTALL, view="32"), "uninstall key in WOW6432Node")
        last = self.calls()[-1]
        self.expect(p, last["args"] == ["--import-token", "--machine"], f"app called with {last['args']}")
        self.expect(p, self.machine_token(self.program) == TOKENS["slash"], "machine token differs")
        return f"exit 0, 64-bit keys, token {TOKENS['slash']!r} stored for the machine"

    def token_options(self, p: list[str]) -> str:
        cases = [("after", f"/TOKEN={TOKENS['after']} /S"), ("space", f'/S "/TOKEN={TOKENS["space"]}"'),
                 ("quoted", f'/S /TOKEN="{TOKENS["quoted"]}"'), ("quote", f"/S /TOKEN={TOKENS['quote']}")]
        for key, options in cases:
            code = self.install("cashier-1", options)
            got = self.calls()[-1]["token"]
            self.expect(p, code == 0 and got == TOKENS[key] and self.machine_token(self.program) == TOKENS[key],
                        f"{options!r}: exit {code}, app got {got!r}")
        return f"{len(cases)} forms: option after, \"/TOKEN=a b&%\", /TOKEN=\"a b\", a \" inside"

    def token_file(self, p: list[str]) -> str:
        path = self.wine.path(r"C:\deploy it\token file.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TOKENS["file"] + "\r\n")
        code = self.install("cashier-1", r'/S "/TOKENFILE=C:\deploy it\token file.txt"')
        last = self.calls()[-1]
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, not path.exists(), "token file not deleted")
        self.expect(p, last["token"] is None and "--token-file" in last["args"], f"app called with {last}")
        self.expect(p, self.machine_token(self.program) == TOKENS["file"], "machine token differs")
        return "read by the app, then deleted; not in the environment"

    def upgrade(self, p: list[str]) -> str:
        local, roaming = self.user / "AppData/Local/pos-member", self.user / "AppData/Roaming/pos-member"
        local.mkdir(parents=True, exist_ok=True)
        roaming.mkdir(parents=True, exist_ok=True)
        (local / "outbox-1.sqlite3").write_bytes(b"pending registration")
        (roaming / "settings.toml").write_text('language = "id"\n')
        app = subprocess.Popen(["wine", str(self.wine.path(self.program + "\\pos-member.exe")), "--stay"],
                               env=self.wine.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        for _ in range(100):
            if self.calls() and self.calls()[-1]["args"] == ["--stay"]:
                break
            time.sleep(0.1)
        code = self.install("cashier-2", "/S")
        try:
            app.wait(timeout=30)
            stopped = True
        except subprocess.TimeoutExpired:
            app.kill()
            stopped = False
        folder = self.wine.path(self.program)
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, stopped, "running app not stopped")
        self.expect(p, self.version() == "1.0rc1", f"DisplayVersion {self.version()!r}")
        self.expect(p, not (folder / "_internal" / "old-only.dll").exists(), "file of the old version left")
        self.expect(p, (folder / "_internal" / "new.dll").exists(), "new file missing")
        self.wine.exe(folder / "pos-member.exe")
        self.expect(p, self.calls()[-1]["version"] == "2", "pos-member.exe not replaced")
        self.expect(p, (local / "outbox-1.sqlite3").read_bytes() == b"pending registration", "outbox lost")
        self.expect(p, (roaming / "settings.toml").exists(), "user settings lost")
        self.expect(p, self.machine_token(self.program) == TOKENS["file"], "machine token lost")
        return "running app stopped and waited for; outbox, settings, token kept; old-only file removed"

    def kiosk_to_cashier(self, p: list[str]) -> str:
        links = lambda: list(self.wine.c.rglob("Stamps Members Kiosk.lnk"))  # noqa: E731
        code = self.install("kiosk-2", "/S")
        self.expect(p, code == 0 and links(), f"kiosk: exit {code}, autostart {links()}")
        code = self.install("cashier-2", "/S")
        self.expect(p, code == 0 and not links(), f"cashier: exit {code}, autostart {links()}")
        return "kiosk autostart added, then removed by the cashier profile"

    def locked_exe(self, p: list[str]) -> str:
        exe = self.wine.path(self.program + "\\pos-member.exe")
        before = exe.read_bytes()
        ready, stop = self.wine.c / "locked.ready", self.wine.c / "locked.stop"
        env = dict(self.wine.env, RUNNER_LOCK=self.program + "\\pos-member.exe", RUNNER_READY=r"C:\locked.ready",
                   RUNNER_STOP=r"C:\locked.stop")
        locker = subprocess.Popen(["wine", str(self.wine.runner)], env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if ready.exists():
                break
            time.sleep(0.1)
        code = self.install("cashier-1", "/S")
        stop.touch()
        locker.wait(timeout=60)
        self.expect(p, ready.exists(), "lock not taken")
        self.expect(p, code == 4, f"exit code {code} (expected 4)")
        self.expect(p, self.version() == "1.0rc1" and exe.read_bytes() == before, "install changed")
        return "exit 4, nothing changed (version and files as before)"

    def import_failure(self, p: list[str]) -> str:
        code = self.install("cashier-2", "/S /TOKEN=will-not-be-stored", POS_MEMBER_STANDIN_EXIT="1")
        self.expect(p, code == 7, f"/TOKEN=: exit code {code} (expected 7)")
        path = self.wine.path(r"C:\deploy it\again.txt")
        path.write_text("will-not-be-stored-either")
        code = self.install("cashier-2", r'/S /TOKENFILE=C:\deploy it\again.txt', POS_MEMBER_STANDIN_EXIT="1")
        self.expect(p, code == 7 and not path.exists(), f"/TOKENFILE=: exit code {code}, file left {path.exists()}")
        code = self.install("cashier-2", "/S /TOKEN=")
        self.expect(p, code == 6, f"empty /TOKEN=: exit code {code} (expected 6)")
        code = self.install("cashier-2", r"/S /TOKENFILE=C:\nowhere.txt")
        self.expect(p, code == 6, f"missing token file: exit code {code} (expected 6)")
        return "import fails: 7 (token file still deleted); empty /TOKEN= or missing file: 6"

    def spaced_dir(self, p: list[str]) -> str:
        code = self.uninstall(self.program)
        self.expect(p, code == 0, f"uninstall exit code {code}")
        self.expect(p, not self.wine.path(self.program + "\\pos-member.exe").exists(), "uninstall left program files")
        code = self.install("cashier-2", f"/S /D={self.spaced}")
        folder = self.wine.path(self.spaced)
        self.expect(p, code == 0 and (folder / "_internal" / "Qt lib" / "q.dll").exists(), f"exit code {code}")
        self.expect(p, self.wine.reg(r"HKLM\Software\pos-member", "InstallDir") == self.spaced, "InstallDir")
        return f"uninstall (_?=, waits) then /D={self.spaced}"

    def foreign_folder(self, p: list[str]) -> str:
        tools = self.wine.path(r"C:\Tools")
        (tools / "sub").mkdir(parents=True, exist_ok=True)
        (tools / "other.txt").write_text("not ours")
        (tools / "sub" / "keep.dat").write_text("not ours")
        code = self.install("cashier-2", r"/S /D=C:\Tools")
        self.expect(p, code == 3, f"exit code {code} (expected 3)")
        left = sorted(x.name for x in tools.rglob("*"))
        self.expect(p, left == ["keep.dat", "other.txt", "sub"], f"C:\\Tools changed: {left}")
        return "non-empty C:\\Tools refused with 3, left as it was"

    def foreign_files_survive(self, p: list[str]) -> str:
        folder = self.wine.path(self.spaced)
        (folder / "notes.txt").write_text("IT notes")
        (folder / "_internal" / "custom.cfg").write_text("someone's file")
        code = self.uninstall(self.spaced)
        left = sorted(str(x.relative_to(folder)) for x in folder.rglob("*"))
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, left == ["_internal", "_internal/custom.cfg", "notes.txt", "uninstall.exe"], f"left {left}")
        self.expect(p, not self.wine.key_exists(REG_UNINSTALL), "uninstall key left")
        self.expect(p, self.wine.path(r"C:\ProgramData\pos-member\api-token.dpapi").exists(), "machine token removed")
        return "only listed files removed (uninstall.exe stays with _?=)"

    def legacy_upgrade(self, p: list[str]) -> str:
        if "legacy" not in self.installers:
            return "skipped: no git history for the 0.1.0 script (shallow clone)"
        code = self.install("legacy", "/S")
        self.expect(p, code == 0 and self.wine.key_exists(REG_UNINSTALL, view="32"), f"0.1.0: exit {code}")
        code = self.install("cashier-1", "/S")
        folder = self.wine.path(self.program)
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, not self.wine.key_exists(REG_UNINSTALL, view="32"), "0.1.0's 32-bit entry left")
        self.expect(p, self.version() == "0.9.0", f"DisplayVersion {self.version()!r}")
        self.expect(p, not (folder / "_internal" / "legacy-only.dll").exists(), "0.1.0's file left")
        self.expect(p, (folder / "install-files.txt").exists(), "no file list")
        return "0.1.0's 32-bit keys and files replaced; one Programs entry"

    def background_uninstall(self, p: list[str]) -> str:
        """The QuietUninstallString: returns at once (NSIS reruns itself from %TEMP%), then finishes."""
        folder = self.wine.path(self.program)
        code = self.wine.run(f'"{self.program}\\uninstall.exe" /S')
        self.expect(p, code == 0, f"exit code {code}")
        waited = 0.0
        while folder.exists() and waited < 60:
            time.sleep(0.5)
            waited += 0.5
        self.expect(p, not folder.exists(), f"folder still there after {waited} s: {list(folder.rglob('*'))}")
        self.expect(p, not self.wine.key_exists(REG_UNINSTALL), "uninstall key left")
        return f"returned at once; folder gone {waited} s later"

    def no_clear_token(self, p: list[str]) -> str:
        code = self.install("cashier-2", f"/S /TOKEN={TOKENS['final']}")  # installed, with a token, when searched
        self.expect(p, code == 0, f"install exit code {code}")
        self.wine.stop()  # the registry is written to system.reg/user.reg when wineserver exits
        registry = (self.wine.prefix / "system.reg").read_text(errors="replace")
        self.expect(p, "Stamps Members (kemang-cashier)" in registry,
                    "registry not written out: the search would miss it")
        secrets = [*TOKENS.values(), "will-not-be-stored"]
        needles = [t.encode(enc) for t in secrets for enc in ("utf-8", "utf-16-le")]
        scanned = 0
        for path in self.wine.prefix.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                scanned += 1
                hits = [n for n in needles if n in data]
                self.expect(p, not hits, f"{path.relative_to(self.wine.prefix)} holds a token")
        for record in self.calls():
            self.expect(p, not any(t in " ".join(record["args"]) for t in TOKENS.values()), "token on a command line")
        return f"{scanned} files of the prefix (registry included), {len(TOKENS)} tokens, UTF-8 and UTF-16"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check the tools are installed")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (prefix, installers)")
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print(f"installer-test needs: {', '.join(missing)}. On Debian (as root):\n  {APT}", file=sys.stderr)
        return 2
    if args.check:
        return 0
    from tools.build import compile_installer, write_file_list

    figures: dict[str, float] = {}
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="pos-member-installer-test-"))
    wine: Wine | None = None
    try:
        exes = build_standins(work)
        bundles = {
            "1": make_bundle(work / "bundle-1", exes["app-1"], {"_internal/base_library.zip": b"1" * 1000,
                                                                 "_internal/old-only.dll": b"old",
                                                                 "_internal/Qt lib/q.dll": b"q1"}),
            "2": make_bundle(work / "bundle-2", exes["app-2"], {"_internal/base_library.zip": b"2" * 1200,
                                                                 "_internal/new.dll": b"new",
                                                                 "_internal/Qt lib/q.dll": b"q22"}),
        }
        versions = {"1": "0.9.0", "2": "1.0rc1"}
        stores = ROOT / "resources" / "stores"
        installers = {}
        for key, (profile, version, kiosk) in {"cashier-1": ("kemang-cashier", "1", False),
                                               "cashier-2": ("kemang-cashier", "2", False),
                                               "kiosk-2": ("kemang-kiosk", "2", True)}.items():
            nsh = write_file_list(bundles[version], work / f"nsis-{key}")
            installers[key] = work / f"setup-{key}.exe"
            compile_installer(bundles[version], stores / f"{profile}.toml", versions[version], installers[key],
                              kiosk=kiosk, fast=True, files_nsh=nsh)
        legacy = legacy_installer(work, exes["app-1"], stores / "kemang-cashier.toml")
        if legacy is not None:
            installers["legacy"] = legacy
        figures["build_s"] = round(time.perf_counter() - started, 1)
        wine = Wine(work)
        mark = time.perf_counter()
        wine.boot()
        figures["prefix_s"] = round(time.perf_counter() - mark, 1)
        s = Scenarios(wine, installers)
        mark = time.perf_counter()
        for name, body in [
            ("silent install, /TOKEN= with / + =", s.silent_install),
            ("/TOKEN= quoting and order", s.token_options),
            ("/TOKENFILE= read, then deleted", s.token_file),
            ("upgrade keeps user data", s.upgrade),
            ("kiosk -> cashier drops autostart", s.kiosk_to_cashier),
            ("locked exe -> non-zero exit", s.locked_exe),
            ("import failure -> non-zero exit", s.import_failure),
            ("uninstall, then /D= with spaces", s.spaced_dir),
            ("non-empty foreign folder refused", s.foreign_folder),
            ("foreign files survive uninstall", s.foreign_files_survive),
            ("upgrade from the 0.1.0 installer", s.legacy_upgrade),
            ("uninstall.exe /S finishes in the background", s.background_uninstall),
            ("token never on disk in clear", s.no_clear_token),
        ]:
            s.scenario(name, body)
            row = s.rows[-1]
            print(f"{'PASS' if row['ok'] else 'FAIL'}  {name}  ({row['seconds']} s)", flush=True)
        figures["scenarios_s"] = round(time.perf_counter() - mark, 1)
    finally:
        if wine is not None:
            wine.stop()  # the persistent wineserver, and any stand-in left running
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    width = max(len(r["scenario"]) for r in s.rows)
    print(f"\n| {'scenario':<{width}} | result | seconds | detail |\n|{'-' * (width + 2)}|--------|---------|--------|")
    for r in s.rows:
        print(f"| {r['scenario']:<{width}} | {'pass' if r['ok'] else 'FAIL':<6} | {r['seconds']:>7} | {r['detail']} |")
    print(f"\nbuild (stand-ins + {len(installers)} installers) {figures['build_s']} s, "
          f"new Wine prefix {figures['prefix_s']} s, "
          f"scenarios {figures['scenarios_s']} s, total {figures['total_s']} s")
    print(json.dumps({"passed": sum(r["ok"] for r in s.rows), "failed": sum(not r["ok"] for r in s.rows), **figures}))
    return 0 if all(r["ok"] for r in s.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
