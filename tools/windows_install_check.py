"""On a Windows runner (the Windows workflow), as an administrator: a real store installer, silently.

    python tools/windows_install_check.py [dist/installers/pos-member-<store>-<version>.exe]

Install with a token file, check the exit code, the registry (64-bit view), the machine token and
the ACL of C:\\ProgramData\\pos-member; install again (the upgrade path: staged beside the installed
version and swapped); refuse a data folder owned by a standard user (exit 9); uninstall through the
registry's QuietUninstallString with /PURGE. What Wine cannot show (tools/installer_test.py says
which). Prints each step; exit code 0 when all passed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(r"C:\ProgramData\pos-member")
PROGRAM = Path(r"C:\Program Files\pos-member")
REG_KEY = r"SOFTWARE\pos-member"
UNINSTALL_KEY = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\pos-member"
TOKEN = "windows-check-token/+="
problems: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        problems.append(what)


def run(command: str) -> int:
    """The exact command line (as Intune would run it), its exit code."""
    started = time.perf_counter()
    code = subprocess.run(command, check=False).returncode
    print(f"     {command}  ->  exit {code} in {time.perf_counter() - started:.1f} s", flush=True)
    return code


def reg(key: str, value: str) -> str | None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as handle:
            return str(winreg.QueryValueEx(handle, value)[0])
    except OSError:
        return None


def powershell(script: str) -> str:
    return subprocess.run(["powershell", "-NoProfile", "-NonInteractive", "-Command", script], capture_output=True,
                          text=True, check=False).stdout.strip()


def main() -> int:
    installers = sorted((ROOT / "dist" / "installers").glob("pos-member-*-cashier-*.exe"))
    installer = Path(sys.argv[1]) if len(sys.argv) > 1 else installers[0]
    log = Path(tempfile.gettempdir()) / "pos-member-setup-check.log"
    print(f"installer: {installer.name}")
    token_file = Path(tempfile.gettempdir()) / "pos-member token.txt"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")

    code = run(f'"{installer}" /S "/TOKENFILE={token_file}" /LOG={log}')
    check(code == 0, "silent install: exit 0")
    check(not token_file.exists(), "the token file was deleted")
    check((PROGRAM / "pos-member.exe").exists() and (PROGRAM / "uninstall.exe").exists(), "program files and uninstaller")
    for value in ("Version", "VersionNumber", "Store", "Merchant", "StoreId", "ProfileHash"):
        check(bool(reg(REG_KEY, value)), f"HKLM\\{REG_KEY}\\{value} = {reg(REG_KEY, value)!r}")
    quiet = reg(UNINSTALL_KEY, "QuietUninstallString") or ""
    check(quiet.endswith(f"/S _?={PROGRAM}"), f"QuietUninstallString waits: {quiet!r}")
    check((DATA / "api-token.dpapi").exists() and TOKEN.encode() not in (DATA / "api-token.dpapi").read_bytes(),
          "machine token stored, encrypted")
    shown = subprocess.run([str(PROGRAM / "pos-member.exe"), "--self-test"], check=False,
                           env={**os.environ, "POS_MEMBER_SELFTEST_OUT": str(log.with_suffix(".selftest"))})
    check(shown.returncode == 0, "the installed program's --self-test")

    acl = powershell(f"$a = Get-Acl '{DATA}'; $a.Owner; $a.AreAccessRulesProtected; "
                     "$a.Access | ForEach-Object { \"$($_.IdentityReference)|$($_.FileSystemRights)|$($_.AccessControlType)\" }")
    print("     ACL of " + str(DATA) + ":\n       " + acl.replace("\n", "\n       "))
    lines = acl.splitlines()
    check(bool(lines) and lines[0].endswith("Administrators"), "data folder owned by Administrators")
    check(len(lines) > 1 and lines[1] == "True", "data folder ACL not inherited (protected)")
    users = [line for line in lines[2:] if line.split("|")[0].endswith("\\Users")]
    check(bool(users) and all("Write" not in u and "Modify" not in u and "FullControl" not in u for u in users),
          "Users may read the data folder, not write it")

    code = run(f'"{installer}" /S /LOG={log}')
    check(code == 0, "the same installer again (staged, swapped): exit 0")
    check(not Path(str(PROGRAM) + ".new").exists() and not Path(str(PROGRAM) + ".old").exists(), "no .new/.old left")

    # a data folder a standard user made first is refused (its owner set to a new local user)
    user = "posmembercheck"
    powershell(f"$p = ConvertTo-SecureString 'Xx-{int(time.time())}-Yy!' -AsPlainText -Force; "
               f"New-LocalUser -Name {user} -Password $p -ErrorAction SilentlyContinue | Out-Null")
    backup = Path(str(DATA) + ".check")
    DATA.rename(backup)
    DATA.mkdir()
    subprocess.run(["icacls", str(DATA), "/setowner", user], check=False, capture_output=True)
    code = run(f'"{installer}" /S /LOG={log}')
    check(code == 9, "a data folder owned by a standard user is refused: exit 9")
    subprocess.run(["cmd", "/c", "rmdir", "/s", "/q", str(DATA)], check=False)
    backup.rename(DATA)
    powershell(f"Remove-LocalUser -Name {user} -ErrorAction SilentlyContinue")

    code = run(quiet.replace(" /S ", f" /S /PURGE /LOG={log} "))
    check(code == 0, "QuietUninstallString with /PURGE: exit 0")
    check(not (PROGRAM / "pos-member.exe").exists(), "program files removed (it waited)")
    check(reg(UNINSTALL_KEY, "DisplayVersion") is None and reg(REG_KEY, "Version") is None, "registry entries removed")
    check(not DATA.exists(), "/PURGE removed the data folder (token, profile)")
    print("\nsetup log:\n" + (log.read_text(encoding="utf-16", errors="replace") if log.exists() else "(none)"))
    print(f"\n{'all passed' if not problems else f'{len(problems)} failed: ' + '; '.join(problems)}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
