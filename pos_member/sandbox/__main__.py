"""``python -m pos_member.sandbox --port PORT [--members N] [--db PATH] [--token TOKEN]``

Serves the training server on 127.0.0.1 so the seed's curl examples work with the host swapped.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import time

import uvicorn

from .faults import Faults
from .server import TrainingServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos_member.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address")
    parser.add_argument("--members", type=int, default=5000, help="demo members when the database is new")
    parser.add_argument("--db", default=":memory:", help="SQLite file (kept between runs)")
    parser.add_argument("--token", default=None, help="API token of the demo merchant (new database only)")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--error-rate", type=float, default=0.0)
    parser.add_argument("--hang-rate", type=float, default=0.0)
    parser.add_argument("--drop-rate", type=float, default=0.0)
    args = parser.parse_args(argv)
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        parser.error("the training server only listens on this machine (127.0.0.1)")
    faults = Faults(latency_ms=args.latency_ms, jitter_ms=args.jitter_ms, error_rate=args.error_rate,
                    hang_rate=args.hang_rate, drop_rate=args.drop_rate)
    started = time.perf_counter()
    kwargs = {"token": args.token} if args.token else {}
    server = TrainingServer(args.db, members=args.members, faults=faults, **kwargs)
    print(f"Training server ready in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"URL:      http://{args.host}:{args.port}", flush=True)
    print(f"Token:    {server.token}", flush=True)
    print(f"Merchant: {server.merchant_id}", flush=True)
    print(f"Try:      curl -H 'Authorization: Token {server.token}' "
          f"'http://{args.host}:{args.port}/api/v2/memberships/details?user=budi.santoso@example.com&merchant={server.merchant_id}'",
          flush=True)
    try:
        uvicorn.run(server.app, host=args.host, port=args.port, log_level="warning")
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
