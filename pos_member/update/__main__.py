"""``python -m pos_member.update status``: what this user's app and the machine's update task
last found (for IT, until ``--check-install`` and the support file include it)."""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    if argv[:1] != ["status"]:
        print("usage: python -m pos_member.update status", file=sys.stderr)
        return 2
    from pos_member import __version__
    from pos_member.runtime import data_dir
    from pos_member.update import trusted_root
    from pos_member.update.apply import LAST_APPLY, machine_dir
    from pos_member.update.status import load, report_lines

    print(f"installed version: {__version__}")
    print(f"trusted root: {'shipped' if trusted_root() else 'missing (this build does not update itself)'}")
    for line in report_lines(load(data_dir() / "update")):
        print(line)
    try:
        last = json.loads((machine_dir() / LAST_APPLY).read_text(encoding="utf-8"))
        print(f"last apply: {last.get('when')} {last.get('outcome')} {last.get('version') or ''}".rstrip())
    except (OSError, ValueError):
        print("last apply: none")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
