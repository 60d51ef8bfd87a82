"""``python -m pos_member.sandbox --port PORT [--members N] [--db PATH] [--token TOKEN] ...``

Serves the training server on 127.0.0.1 so the seed's curl examples work with the host swapped.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import time
from typing import Any

import uvicorn

from .faults import Faults, FaultSettingError
from .server import TrainingServer

GRACEFUL_SHUTDOWN_S = 2


class TrainingUvicorn(uvicorn.Server):
    """uvicorn that ends injected hangs as soon as it is told to stop (Ctrl+C never waits on one)."""

    def __init__(self, server: TrainingServer, host: str, port: int):
        self.training = server
        super().__init__(uvicorn.Config(server.app, host=host, port=port, log_level="warning", lifespan="off",
                                        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S))

    def handle_exit(self, sig: int, frame: Any) -> None:
        self.training.faults.release()
        super().handle_exit(sig, frame)


def _merchant_token(value: str) -> tuple[int, str]:
    merchant, sep, token = value.partition("=")
    if not sep or not merchant.isdigit() or not token:
        raise argparse.ArgumentTypeError("use MERCHANT=TOKEN, for example 15=my-other-token")
    return int(merchant), token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos_member.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address")
    parser.add_argument("--members", type=int, default=5000, help="demo members when the database is new")
    parser.add_argument("--db", default=":memory:", help="SQLite file (kept between runs)")
    parser.add_argument("--token", default=None,
                        help="API token of the demo merchant (14); the other merchants' tokens are derived from it")
    parser.add_argument("--merchant-token", type=_merchant_token, action="append", default=[], metavar="ID=TOKEN",
                        help="give one merchant its own token instead (repeatable)")
    parser.add_argument("--admin-token", default=None, help="token for /_training/* (default: the demo merchant's)")
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
    try:
        faults = Faults(latency_ms=args.latency_ms, jitter_ms=args.jitter_ms, error_rate=args.error_rate,
                        hang_rate=args.hang_rate, drop_rate=args.drop_rate)
    except FaultSettingError as exc:
        parser.error(f"--{exc.field.replace('_', '-')}: {exc.message}")
    started = time.perf_counter()
    try:
        server = TrainingServer(args.db, members=args.members, faults=faults, token=args.token,
                                tokens=dict(args.merchant_token), admin_token=args.admin_token, hosts={args.host})
    except ValueError as exc:
        parser.error(str(exc))
    print(f"Training server ready in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"URL:      http://{args.host}:{args.port}", flush=True)
    for merchant, token in server.tokens.items():
        print(f"Merchant {merchant} token: {token}", flush=True)
    print(f"Admin token (/_training/*): {'as given' if args.admin_token else 'the token of merchant 14'}", flush=True)
    print(f"Try:      curl -H 'Authorization: Token {server.token}' "
          f"'http://{args.host}:{args.port}/api/v2/memberships/details?user=budi.santoso@example.com&merchant={server.merchant_id}'",
          flush=True)
    try:
        TrainingUvicorn(server, args.host, args.port).run()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
