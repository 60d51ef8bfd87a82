"""``python -m pos_member.update status``: what this user's app and the machine's update task
last found (the same lines are in ``--check-install`` and the support file)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if argv[:1] != ["status"]:
        print("usage: python -m pos_member.update status", file=sys.stderr)
        return 2
    from pos_member.update import report

    for line in report():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
