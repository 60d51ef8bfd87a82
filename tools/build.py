"""Build everything a store needs:  python tools/build.py [--fast] [--skip-freeze]

1. validate every store profile in resources/stores/ with the app's own settings model,
2. compile the translations,
3. freeze the app with PyInstaller (build.spec) into dist/pos-member/,
4. run the bundle's --self-test,
5. compile one installer per store profile with makensis into dist/installers/.
On Windows this makes the real installers; on Linux it proves the spec and the NSIS script
(the installer then carries the Linux bundle). Prints figures; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast", action="store_true", help="installers without compression (CI)")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse dist/pos-member")
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
    check = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, timeout=180)
    print(check.stdout.strip())
    if check.returncode != 0:
        print(f"bundle self-test failed:\n{check.stderr}", file=sys.stderr)
        return 1
    size = folder_mb(bundle)
    print(f"bundle: {size} MB in {bundle} (built in {build_s:.0f} s)")

    installers = []
    makensis = shutil.which("makensis")
    if makensis is None:
        print("makensis not found: install NSIS (Debian: apt-get install nsis)", file=sys.stderr)
        return 1
    out = ROOT / "dist" / "installers"
    out.mkdir(parents=True, exist_ok=True)
    for profile in profiles:
        target = out / f"pos-member-{profile.stem}-{version}.exe"
        command = [makensis, "-V2", f"-DVERSION={version}", f"-DSTORE={profile.stem}", f"-DPROFILE={profile}",
                   f"-DSOURCE={bundle}", f"-DOUTFILE={target}"]
        if modes[profile] == "kiosk":
            command.append("-DKIOSK")
        if args.fast:
            command.append("-DFAST")
        started = time.perf_counter()
        subprocess.run(command + [str(ROOT / "resources" / "installer" / "pos-member.nsi")], check=True)
        installers.append({"store": profile.stem, "file": target.name, "mb": round(target.stat().st_size / 1e6, 1),
                           "seconds": round(time.perf_counter() - started, 1)})
        print(f"installer: {target.name} ({installers[-1]['mb']} MB)")
    print(json.dumps({"version": version, "platform": sys.platform, "bundle_mb": size, "build_s": round(build_s, 1),
                      "installers": installers}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
