"""``python -m pos_member.i18n update``: refresh the .ts sources from the code (pyside6-lupdate),
keeping existing translations. ``check`` lists messages without a translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent


def sources() -> list[str]:
    return sorted(str(p) for p in PACKAGE.rglob("*.py") if "sandbox" not in p.parts and "tools" not in p.parts)


def update(language: str = "id") -> int:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    target = HERE / f"pos_member_{language}.ts"
    return subprocess.run([lupdate, "-no-obsolete", "-locations", "none", *sources(), "-ts", str(target)]).returncode


def untranslated(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    missing = []
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip() or translation.get("type") == "unfinished":
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        return update()
    if argv[:1] == ["check"]:
        missing = untranslated(HERE / "pos_member_id.ts")
        for text in missing:
            print(text)
        return 1 if missing else 0
    print("usage: python -m pos_member.i18n update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
