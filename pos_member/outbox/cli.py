"""``python -m pos_member.outbox deliver``: flush a counter's queue by hand (store IT, the crash test)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pos_member.api import StampsClient

from .delivery import Outbox


async def _drain(outbox: Outbox, client: StampsClient, deadline_s: float) -> int:
    """Deliver until nothing is pending (ignoring backoff), or the deadline passes."""
    end = time.monotonic() + deadline_s
    print("ready", flush=True)
    async with client:
        while outbox.items("pending", "sending") and time.monotonic() < end:
            outbox.retry_now()
            await outbox.deliver_due(client)
            await asyncio.sleep(0.05)
    return len(outbox.items("pending", "sending"))


def main(argv: list[str] | None = None) -> int:
    """``python -m pos_member.outbox deliver OUTBOX --url URL --token TOKEN --merchant ID``

    Delivers everything pending, then exits (used by the crash test and by store IT to flush a
    counter's queue by hand)."""
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m pos_member.outbox")
    sub = parser.add_subparsers(dest="command", required=True)
    deliver = sub.add_parser("deliver")
    deliver.add_argument("outbox", type=Path)
    deliver.add_argument("--url", required=True)
    deliver.add_argument("--token", default=os.environ.get("POS_MEMBER_TOKEN"))
    deliver.add_argument("--merchant", type=int, required=True)
    deliver.add_argument("--store", type=int)
    deliver.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args(argv)
    outbox = Outbox(args.outbox)
    client = StampsClient(args.url, args.token, args.merchant, store=args.store, timeout=5.0, retry_backoff=0.05)
    left = asyncio.run(_drain(outbox, client, args.deadline))
    outbox.close()
    print(f"undelivered: {left}")
    return 0 if left == 0 else 1
