"""Build everything a store needs:  python tools/build.py [--fast] [--skip-freeze]

1. validate every store profile in resources/stores/ with the app's own settings model,
2. compile the translations,
3. freeze the app with PyInstaller (build.spec) into dist/pos-member/,
4. run the bundle's --self-test,
5. compile the app installer once (compressed), then one small installer per store profile around
   it into dist/installers/ (seconds each: 200 stores fit a CI job). POS_MEMBER_SIGN (a command
   with %1) signs the exe, the uninstaller and every installer; without it the build says so.
On Windows this makes the real installers; on Linux it proves the spec and the NSIS script
(the installer then carries the Linux bundle). Prints figures; the last line is JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


INSTALLER_SCRIPT = ROOT / "resources" / "installer" / "pos-member.nsi"
STORE_SCRIPT = ROOT / "resources" / "installer" / "pos-member-store.nsi"
FILE_LIST = "install-files.txt"  # the installer's record of what it wrote (see pos-member.nsi)


def windows_version(version: str) -> str:
    """Four numbers for Windows version resources from any PEP 440 version: the release segment,
    padded or cut ("1.0" -> 1.0.0.0, "0.2.0rc1" -> 0.2.0.0, "2!1.2.3.4.5" -> 1.2.3.4)."""
    match = re.match(r"\s*v?(?:\d+!)?(\d+(?:\.\d+)*)", version, re.I)
    if match is None:
        raise ValueError(f"not a PEP 440 version: {version!r}")
    numbers = [min(int(part), 65535) for part in match.group(1).split(".")][:4]
    return ".".join(str(n) for n in numbers + [0] * (4 - len(numbers)))


def _nsis(text: str) -> str:
    if any(c in text for c in '"`*?\n\r'):
        raise ValueError(f"cannot package a file named {text!r}")
    return text.replace("$", "$$")


def write_file_list(bundle: Path, work: Path) -> Path:
    """From the bundle: FILES_NSH for the installer (InstallFiles, VerifyFiles) and the
    install-files.txt it installs, which the uninstaller and the next upgrade remove exactly."""
    work.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    dirs = sorted((p for p in bundle.rglob("*") if p.is_dir()), key=lambda p: (-len(p.parts), str(p)))
    win = lambda p: str(p.relative_to(bundle)).replace("/", "\\")  # noqa: E731
    listing = work / FILE_LIST
    lines = [win(f) for f in files] + ["uninstall.exe"] + [win(d) + "\\" for d in dirs]
    listing.write_bytes(b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))  # FileReadUTF16LE
    install, verify, outdir = ["!macro InstallFiles"], ["!macro VerifyFiles"], None
    for d in sorted(dirs):
        install.append(f'  CreateDirectory "$INSTDIR\\{_nsis(win(d))}"')
    for f in files:
        parent = "" if f.parent == bundle else "\\" + _nsis(win(f.parent))
        if parent != outdir:
            install.append(f'  SetOutPath "$INSTDIR{parent}"')
            outdir = parent
        install.append(f'  File "{_nsis(str(f))}"')
        verify += [f'  Push "{_nsis(win(f))}"', f"  Push {f.stat().st_size}", "  Call VerifyFile"]
    install += ['  SetOutPath "$INSTDIR"', f'  File "{_nsis(str(listing))}"', "!macroend"]
    nsh = work / "files.nsh"
    nsh.write_text("\n".join(install + verify + ["!macroend", ""]), encoding="utf-8")
    return nsh


def profile_identity(profile: Path) -> dict[str, str]:
    """What the installer records in HKLM\\Software\\pos-member for detection rules: the merchant,
    the store id and a hash of the profile file (a PC moved to another store's installer differs)."""
    data = tomllib.loads(profile.read_text(encoding="utf-8"))
    digest = hashlib.sha256(profile.read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:16]
    return {"MERCHANT": str(data.get("merchant", "")), "STORE_ID": str(data.get("store", "")), "PROFILE_HASH": digest}


def sign_command() -> str | None:
    """Authenticode signing, when the build has secrets: ``POS_MEMBER_SIGN`` is a command with
    ``%1`` for the file (the Windows workflow sets it; e.g. a signtool line). None: not signed."""
    return os.environ.get("POS_MEMBER_SIGN") or None


def _makensis(command: list[str], script: Path, sign: str | None) -> float:
    if sign:
        command = [*command, f"-DSIGN={sign}"]
    started = time.perf_counter()
    subprocess.run([*command, str(script)], check=True)
    return time.perf_counter() - started


def compile_app_installer(bundle: Path, version: str, target: Path, *, fast: bool, files_nsh: Path | None = None,
                          makensis: str = "makensis", sign: str | None = None) -> float:
    """The app installer, once per version: every program file, compressed (the slow part)."""
    files_nsh = files_nsh or write_file_list(bundle, ROOT / "build" / "installer")
    command = [makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={version}",
               f"-DVIVERSION={windows_version(version)}", f"-DSOURCE={bundle}", f"-DFILES_NSH={files_nsh}",
               f"-DOUTFILE={target}"] + ["-DFAST"] * fast
    return _makensis(command, INSTALLER_SCRIPT, sign)


def compile_store_installer(app_installer: Path, profile: Path, version: str, target: Path, *, kiosk: bool,
                            makensis: str = "makensis", sign: str | None = None) -> float:
    """One store's installer around the app installer: stored, not compressed again (seconds)."""
    identity = [f"-D{key}={value}" for key, value in profile_identity(profile).items()]
    command = [makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={version}",
               f"-DVIVERSION={windows_version(version)}", f"-DSTORE={profile.stem}", f"-DPROFILE={profile.resolve()}",
               f"-DAPP_INSTALLER={app_installer}", f"-DOUTFILE={target}", *identity] + ["-DKIOSK"] * kiosk
    return _makensis(command, STORE_SCRIPT, sign)


def compile_installer(bundle: Path, profile: Path, version: str, target: Path, *, kiosk: bool, fast: bool,
                      files_nsh: Path | None = None, makensis: str = "makensis") -> float:
    """One store's installer, with its own app installer beside it (tests); returns the seconds."""
    app = target.with_name(target.stem + "-app.exe")
    seconds = compile_app_installer(bundle, version, app, fast=fast, files_nsh=files_nsh, makensis=makensis)
    return seconds + compile_store_installer(app, profile, version, target, kiosk=kiosk, makensis=makensis)


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast", action="store_true", help="installers without compression (CI)")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse dist/pos-member")
    parser.add_argument("--dry-run", type=int, metavar="N", default=0,
                        help="time N synthetic store installers (made, measured, deleted) instead of the real ones")
    args = parser.parse_args()
    from pos_member.config import SettingsError, load_settings
    from pos_member.i18n.qt import compile_catalogue

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    profiles = sorted((ROOT / "resources" / "stores").glob("*.toml"))
    modes = {}
    for profile in profiles:
        try:
            modes[profile] = load_settings(profile).mode
        except SettingsError as exc:
            print(f"store profile {profile.name} is not valid:\n{exc}", file=sys.stderr)
            return 2
    print(f"store profiles valid: {', '.join(p.stem for p in profiles)}")
    if compile_catalogue("id") is None:
        print("could not compile translations", file=sys.stderr)
        return 2

    bundle = ROOT / "dist" / "pos-member"
    build_s = 0.0
    if not args.skip_freeze:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"), str(ROOT / "build.spec")],
                       check=True, cwd=ROOT)
        build_s = time.perf_counter() - started
    exe = bundle / ("pos-member.exe" if sys.platform == "win32" else "pos-member")
    sign = sign_command()
    if sign:  # before it is packaged: the installers carry the signed exe
        subprocess.run(sign.replace("%1", str(exe)), shell=True, check=True)
    # The windowed Windows exe has no console: its report comes through a file.
    report = ROOT / "build" / "selftest.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    check = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, timeout=180,
                           env=dict(os.environ, POS_MEMBER_SELFTEST_OUT=str(report)))
    print(report.read_text(encoding="utf-8").strip() if report.exists() else check.stdout.strip())
    if check.returncode != 0:
        print(f"bundle self-test failed (exit {check.returncode}):\n{check.stderr}", file=sys.stderr)
        return 1
    size = folder_mb(bundle)
    print(f"bundle: {size} MB in {bundle} (built in {build_s:.0f} s)")

    makensis = shutil.which("makensis")
    if makensis is None:
        print("makensis not found: install NSIS (Debian: apt-get install nsis)", file=sys.stderr)
        return 1
    print("installers signed with POS_MEMBER_SIGN" if sign else
          "NOT SIGNED: POS_MEMBER_SIGN is not set (no signing secrets): SmartScreen, WDAC and AppLocker may block "
          "these files")
    out = ROOT / "dist" / "installers"
    out.mkdir(parents=True, exist_ok=True)
    # The app installer once (compressed: the slow part), then one small installer per store.
    app = ROOT / "build" / "installer" / f"pos-member-app-{version}.exe"
    files_nsh = write_file_list(bundle, ROOT / "build" / "installer")
    app_s = compile_app_installer(bundle, version, app, fast=args.fast, files_nsh=files_nsh, makensis=makensis,
                                  sign=sign)
    print(f"app installer: {app.name} ({app.stat().st_size / 1e6:.1f} MB, {app_s:.0f} s)")
    if args.dry_run:
        stores, scratch = dry_run_profiles(profiles[0], args.dry_run), ROOT / "build" / "dry-run"
        modes = {p: "cashier" for p in stores}
    else:
        stores, scratch = profiles, out
    installers, started = [], time.perf_counter()
    for profile in stores:
        target = scratch / f"pos-member-{profile.stem}-{version}.exe"
        seconds = compile_store_installer(app, profile, version, target, kiosk=modes[profile] == "kiosk",
                                          makensis=makensis, sign=sign)
        installers.append({"store": profile.stem, "file": target.name, "mb": round(target.stat().st_size / 1e6, 1),
                           "seconds": round(seconds, 1), "profile_hash": profile_identity(profile)["PROFILE_HASH"]})
        if args.dry_run:
            target.unlink()  # 200 copies of the app would fill the disk; the figures are what counts
        else:
            print(f"installer: {target.name} ({installers[-1]['mb']} MB)")
    stores_s = time.perf_counter() - started
    if args.dry_run:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"dry run: {len(installers)} store installers in {stores_s:.0f} s "
              f"({stores_s / len(installers):.1f} s each, {installers[0]['mb']} MB each) after the app installer's "
              f"{app_s:.0f} s: {(app_s + stores_s) / 60:.1f} min in all")
    print(json.dumps({"version": version, "platform": sys.platform, "bundle_mb": size, "build_s": round(build_s, 1),
                      "signed": bool(sign), "app_installer_s": round(app_s, 1), "store_installers_s": round(stores_s, 1),
                      "installers": installers if not args.dry_run else len(installers)}))
    return 0


def dry_run_profiles(template: Path, count: int) -> list[Path]:
    """``count`` store profiles like ``template``, each its own store id (the 200-store rehearsal)."""
    folder = ROOT / "build" / "dry-run" / "stores"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    text = template.read_text(encoding="utf-8")
    store = tomllib.loads(text)["store"]
    made = []
    for n in range(count):
        path = folder / f"store-{n + 1:03d}.toml"
        path.write_text(text.replace(f"store = {store}", f"store = {10000 + n}"), encoding="utf-8")
        made.append(path)
    return made


if __name__ == "__main__":
    sys.exit(main())
