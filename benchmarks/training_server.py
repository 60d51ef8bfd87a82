"""Training server at scale: suggestion latency, registration throughput, and the cost of one
absurdly long name (a 20,000-word name: indexing time, index rows, and the API's answer).

    python benchmarks/training_server.py [--members N] [--queries Q] [--registrations R] [--long-name-words W]

Builds a training database of N demo members (default 200,000) in a temporary folder, then
times suggestions end to end (StampsClient -> ASGI -> SQLite and back) for realistic typed
queries, and sequential registrations. The last line is one JSON object.
Target: suggestions_p95_ms < 10.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pos_member.api import StampsClient  # noqa: E402
from pos_member.sandbox import TrainingServer  # noqa: E402


def typed_queries(server: TrainingServer, count: int, rng: random.Random) -> list[str]:
    """What cashiers type: name prefixes (one or two words, any order), phone digits with 0 or
    +62, email prefixes, member ID prefixes."""
    rows = server.store.all("SELECT u.name, u.email, u.phone, c.number FROM users u JOIN cards c ON c.membership_id = u.id "
                            "ORDER BY RANDOM() LIMIT ?", count)
    queries = []
    for row in rows:
        words = row["name"].split()
        kind = rng.random()
        if kind < 0.35:
            queries.append(words[0][: rng.randint(2, len(words[0]))])
        elif kind < 0.55 and len(words) > 1:
            queries.append(f"{words[0]} {words[1][: rng.randint(1, len(words[1]))]}")
        elif kind < 0.62 and len(words) > 1:
            queries.append(f"{words[-1]} {words[0][:3]}")  # surname first
        elif kind < 0.77:
            digits = row["phone"][3:]
            queries.append(("0" if rng.random() < 0.6 else "+62") + digits[: rng.randint(3, len(digits))])
        elif kind < 0.9:
            queries.append(row["email"][: rng.randint(3, 12)])
        else:
            queries.append(row["number"][: rng.randint(4, 10)].lower())
    return queries


async def measure(server: TrainingServer, queries: list[str], registrations: int) -> dict:
    latencies, sizes = [], []
    async with StampsClient("http://127.0.0.1", server.token, server.merchant_id, store=server.store_id,
                            transport=server.transport()) as client:
        for q in queries[:50]:  # warm caches
            await client.suggestions(q)
        for q in queries:
            started = time.perf_counter()
            found = await client.suggestions(q)
            latencies.append((time.perf_counter() - started) * 1000)
            sizes.append(len(found.suggestions))
        started = time.perf_counter()
        for i in range(registrations):
            await client.register(f"Bench Member {i}", f"bench{i}@example.org", f"+62821{9000000 + i:08d}")
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "suggestions_p50_ms": round(statistics.median(latencies), 3),
        "suggestions_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 3),
        "suggestions_max_ms": round(latencies[-1], 3),
        "suggestions_mean_results": round(statistics.mean(sizes), 2),
        "registrations_per_s": round(registrations / elapsed, 1),
    }


def long_name(server: TrainingServer, words: int) -> dict:
    """Index one member under a ``words``-word name (about 3 bytes a word), straight in the store
    (the API refuses such a name: its answer is timed too)."""
    name = " ".join(chr(97 + i % 26) + chr(97 + i // 26 % 26) for i in range(words))
    store = server.store
    started = time.perf_counter()
    with store.transaction() as db:
        db.execute("UPDATE users SET name = ? WHERE id = 5", (name,))
        store.index_user(5)
    index_s = time.perf_counter() - started
    rows = store.one("SELECT COUNT(*) AS n, SUM(LENGTH(term)) AS chars FROM search_terms WHERE user_id = 5")

    async def register() -> tuple[int, float]:
        import httpx

        async with httpx.AsyncClient(transport=server.transport(), base_url="http://127.0.0.1") as http:
            started = time.perf_counter()
            answer = await http.post("/api/v2/memberships/register", json={
                "name": name, "email": "long.name@example.org", "mobile_number": "+6282199999999",
                "merchant": server.merchant_id}, headers={"Authorization": f"Token {server.token}"})
            return answer.status_code, (time.perf_counter() - started) * 1000

    status, register_ms = asyncio.run(register())
    return {"long_name_words": words, "long_name_bytes": len(name.encode()), "long_name_index_s": round(index_s, 3),
            "long_name_index_rows": rows["n"], "long_name_index_chars": rows["chars"],
            "long_name_register_status": status, "long_name_register_ms": round(register_ms, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--long-name-words", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        server = TrainingServer(Path(tmp) / "bench.sqlite3", members=args.members)
        build_s = time.perf_counter() - started
        print(f"built {args.members:,} members in {build_s:.1f} s")
        try:
            queries = typed_queries(server, args.queries, random.Random(args.seed))
            result = asyncio.run(measure(server, queries, args.registrations))
            result |= long_name(server, args.long_name_words)
        finally:
            server.close()
    result = {"members": args.members, "queries": len(queries), "build_s": round(build_s, 1), **result,
              "target_suggestions_p95_ms": 10, "p95_to_target": round(result["suggestions_p95_ms"] / 10, 3)}
    print(f"suggestions p50 {result['suggestions_p50_ms']} ms, p95 {result['suggestions_p95_ms']} ms "
          f"(target < 10 ms, ratio {result['p95_to_target']}), max {result['suggestions_max_ms']} ms")
    print(f"registrations {result['registrations_per_s']}/s")
    print(f"a {result['long_name_words']:,}-word name ({result['long_name_bytes']:,} bytes): indexed in "
          f"{result['long_name_index_s']} s as {result['long_name_index_rows']} rows of {result['long_name_index_chars']:,} "
          f"characters; the API answers {result['long_name_register_status']} in {result['long_name_register_ms']} ms")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
