"""Fuzz the training server with hostile requests on every endpoint; print how many were tried,
the answers by status, and every 500 (target: none).

    ./dev bench training_fuzz [--examples 5000] [--seed 1]

Uses the strategies of tests/hostile_http.py (the test suite runs a short version of this).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from pos_member.sandbox import TrainingServer  # noqa: E402
from tests.hostile_http import FIELDS, RAW_BODIES, client, hostile_request, problems, send  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--members", type=int, default=300)
    args = parser.parse_args()
    server = TrainingServer(":memory:", members=args.members)
    loop = asyncio.new_event_loop()
    http = client(server)
    statuses: collections.Counter[tuple[str, int]] = collections.Counter()
    bad: list[str] = []

    def one(request):
        try:
            answer = loop.run_until_complete(send(http, server, request))
        except Exception as exc:  # an exception escaping the app counts as a 500
            bad.append(f"{request[0]} {request[1]}: {type(exc).__name__}: {exc}")
            statuses[(request[1], 500)] += 1
            return
        statuses[(request[1], answer.status_code)] += 1
        problem = problems(answer)
        if problem:
            bad.append(f"{request[0]} {request[1]} {request[2][:80]!r} {(request[3] or b'')[:80]!r}: {problem}")

    started = time.perf_counter()
    for path in FIELDS:
        for raw in RAW_BODIES:
            for method in ("POST", "GET"):
                one((method, path, "", raw))

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(request=hostile_request())
    def fuzz(request):
        one(request)

    fuzz()
    elapsed = time.perf_counter() - started
    tried = sum(statuses.values())
    by_status = collections.Counter()
    for (_, status), n in statuses.items():
        by_status[status] += n
    print(f"requests tried: {tried} in {elapsed:.1f} s over {len(FIELDS)} endpoints")
    print("answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items())))
    print(f"500s or bad envelopes: {len(bad)}")
    for line in bad[:30]:
        print("  " + line)
    loop.run_until_complete(http.aclose())
    server.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
