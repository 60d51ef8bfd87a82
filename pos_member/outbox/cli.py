"""``python -m pos_member.outbox deliver``: flush a counter's queue by hand (store IT, the crash test).

The token never comes from the command line (every user of the machine can read the process
list): it comes from ``POS_MEMBER_TOKEN`` or from a file (``--token-file``), and without one the
command refuses to run rather than send "Token None".
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from pos_member.api import StampsClient

from .delivery import Outbox

TOKEN_VARIABLE = "POS_MEMBER_TOKEN"
#: Exit codes: everything delivered, some left, a usage problem (no token, unreadable token file).
DELIVERED, LEFT_OVER, USAGE = 0, 1, 2


async def _drain(outbox: Outbox, client: StampsClient, deadline_s: float) -> int:
    """Deliver until nothing is pending (ignoring backoff), or the deadline passes. Items another
    process is sending are left to it; a claim whose process died is recovered (looked up first)."""
    end = time.monotonic() + deadline_s
    print("ready", flush=True)
    async with client:
        while outbox.count("pending", "sending") and time.monotonic() < end:
            outbox.recover_stuck(tuple(outbox.in_flight))
            outbox.retry_now()
            await outbox.deliver_due(client)
            await asyncio.sleep(0.05)
    return outbox.count("pending", "sending")


def _token(token_file: Path | None) -> str | None:
    if token_file is not None:
        from pos_member.machine_token import read_token_file

        return read_token_file(token_file) or None
    return os.environ.get(TOKEN_VARIABLE, "").strip() or None


def main(argv: list[str] | None = None) -> int:
    """``python -m pos_member.outbox deliver OUTBOX --url URL --merchant ID [--token-file FILE]``

    Delivers everything pending, then exits (used by the crash test and by store IT to flush a
    counter's queue by hand). The token: ``POS_MEMBER_TOKEN`` or ``--token-file``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pos_member.outbox", allow_abbrev=False)
    sub = parser.add_subparsers(dest="command", required=True)
    deliver = sub.add_parser("deliver", allow_abbrev=False, description=f"The API token comes from {TOKEN_VARIABLE} or --token-file, "
                             "never from the command line.")
    deliver.add_argument("outbox", type=Path)
    deliver.add_argument("--url", required=True)
    deliver.add_argument("--token-file", type=Path, help="a file holding the API token (UTF-8 or UTF-16)")
    deliver.add_argument("--merchant", type=int, required=True)
    deliver.add_argument("--store", type=int)
    deliver.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args(argv)
    try:
        token = _token(args.token_file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"pos-member outbox: cannot read the token file: {type(exc).__name__}", file=sys.stderr)
        return USAGE
    if token is None:
        print(f"pos-member outbox: no API token: set {TOKEN_VARIABLE} or pass --token-file "
              "(never the token itself on the command line)", file=sys.stderr)
        return USAGE
    outbox = Outbox(args.outbox)
    client = StampsClient(args.url, token, args.merchant, store=args.store, timeout=5.0, retry_backoff=0.05)
    left = asyncio.run(_drain(outbox, client, args.deadline))
    outbox.close()
    print(f"undelivered: {left}")
    return DELIVERED if left == 0 else LEFT_OVER
