"""``python -m pos_member.i18n update``: refresh the .ts sources from the code (pyside6-lupdate),
keeping existing translations and dropping the ones the code no longer uses. ``check`` lists, and
fails on, messages without a translation, entries the code does not use, and translations that
break the glossary (``glossary.py``: one word for one thing, no English left)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent


def sources() -> list[str]:
    return sorted(str(p) for p in PACKAGE.rglob("*.py") if "sandbox" not in p.parts and "tools" not in p.parts)


def _lupdate() -> str:
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    return str(beside) if beside.exists() else (shutil.which("pyside6-lupdate") or str(beside))


def update(language: str = "id") -> int:
    target = HERE / f"pos_member_{language}.ts"
    return subprocess.run([_lupdate(), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(target)]).returncode


def messages(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {m.findtext("source") or "": m.findtext("translation") or "" for m in root.iter("message")}


def drift(path: Path) -> tuple[list[str], list[str]]:
    """Entries of the catalogue no ``tr()``/``QT_TR_NOOP()`` in the code asks for any more, and
    messages of the code the catalogue does not have yet."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copy(path, copy)
        subprocess.run([_lupdate(), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(copy)],
                       check=True, capture_output=True)
        have, wanted = set(messages(path)), set(messages(copy))
        return sorted(have - wanted), sorted(wanted - have)


def unused(path: Path) -> list[str]:
    return drift(path)[0]


def untranslated(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    missing = []
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip() or translation.get("type") == "unfinished":
            missing.append(message.findtext("source") or "")
    return missing


def check(path: Path) -> list[str]:
    """Everything wrong with a catalogue, one line each (empty: nothing)."""
    from .glossary import problems

    gone, new = drift(path)
    found = [f"not translated: {text!r}" for text in untranslated(path)]
    found += [f"not in the catalogue yet (run update): {text!r}" for text in new]
    found += [f"not used by the code (run update): {text!r}" for text in gone]
    return found + problems(messages(path))


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        return update()
    if argv[:1] == ["check"]:
        found = check(Path(argv[1]) if len(argv) > 1 else HERE / "pos_member_id.ts")
        for line in found:
            print(line)
        return 1 if found else 0
    print("usage: python -m pos_member.i18n update|check [FILE.ts]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
