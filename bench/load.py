"""A bounded load test: many clients at once against gunicorn, readers' pages and the API
mixed, for a fixed time. Prints requests, latency percentiles and every answer that was not a
success. Run by hand (docs/benchmarks.md), never in CI.

    .venv/bin/python bench/load.py                        # 50 clients, 60 s, 100,000 claims
    .venv/bin/python bench/load.py --clients 50 --duration 60 --claims 1000000

The server is set up as deployed (DEBUG off, Redis cache, persistent connections, the API's
answer cache on), over the seed plus a generated corpus (bench/run.py builds and reuses the
database). Only the API's rate limits are raised: the load comes from one address, and is
meant to measure the server, not to be throttled as one greedy reader would be.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    database_env,
    ensure_corpus,
    free_port,
    prepare,
    start_gunicorn,
    warm,
    wrk,
)

# What the mix is made of, with its share of the requests: readers on pages, partners on the
# API, feed readers and crawlers.
MIX = {
    "claim pages": 25,
    "home": 5,
    "claim list pages": 10,
    "reader searches": 5,
    "speaker pages": 5,
    "API claim detail": 25,
    "API claim lists": 12,
    "API searches": 5,
    "feeds and sitemap": 3,
    "ClaimReview feed": 5,
}
PATHS_IN_MIX = 4000


def request_mix(prepared: dict) -> dict[str, list[str]]:
    """Paths for each kind of request, drawn from the prepared sample."""
    ids = prepared["ids"]
    terms = [*prepared["rare_terms"][:50], prepared["common_term"], '"army ceasefire" -oil']
    return {
        "claim pages": prepared["claim_pages"],
        "home": ["/"],
        "claim list pages": [f"/claims/?page={n}" for n in range(1, 51)]
        + ["/claims/?disputed=true", "/claims/?stated_after=2015-01-01"],
        "reader searches": [f"/claims/?q={quote_plus(term)}" for term in terms],
        "speaker pages": [f"/speakers/{slug}/" for slug in prepared["speakers"]],
        "API claim detail": [f"/api/v1/claims/{pk}/" for pk in ids],
        "API claim lists": [
            "/api/v1/claims/",
            "/api/v1/claims/?page_size=50",
            "/api/v1/claims/?disputed=true",
            "/api/v1/claims/?ordering=-updated_at",
            "/api/v1/speakers/",
            "/api/v1/sources/",
        ]
        + [f"/api/v1/claims/?speaker={slug}" for slug in prepared["speakers"][:50]],
        "API searches": [f"/api/v1/claims/?q={quote_plus(term)}" for term in terms],
        "feeds and sitemap": ["/feeds/claims/", "/sitemap.xml", "/sitemap-claims.xml"],
        "ClaimReview feed": ["/api/v1/claimreviews/"],
    }


def weighted_paths(kinds: dict[str, list[str]], seed: int) -> list[str]:
    rng = random.Random(seed)
    total = sum(MIX.values())
    paths = []
    for kind, share in MIX.items():
        count = round(PATHS_IN_MIX * share / total)
        paths += [rng.choice(kinds[kind]) for _ in range(count)]
    rng.shuffle(paths)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="Seconds.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    name = f"bench_{args.claims}"
    print(f"Preparing {name} …", file=sys.stderr)
    ensure_corpus(name, args.claims, regenerate=False)
    env = database_env(name)
    # As deployed: public answers are stored (bench/run.py turns that off to measure the
    # work itself).
    env.pop("PUBLIC_ANSWER_CACHE_SECONDS")
    prepared = prepare(env)
    kinds = request_mix(prepared)
    paths = weighted_paths(kinds, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, args.workers)
    try:
        # Each kind once, so that a broken path fails here, loudly, before the clock runs.
        warm(base, [paths_of_kind[0] for paths_of_kind in kinds.values()] * args.workers)
        print(f"  {args.clients} clients for {args.duration} s …", file=sys.stderr)
        result = wrk(base, paths, duration=args.duration, connections=args.clients)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(
        f"Load test: {prepared['claims']:,} claims, PostgreSQL, gunicorn {args.workers} sync "
        f"workers, {args.clients} clients for {args.duration} s, {os.cpu_count()} cores"
    )
    print("mix: " + ", ".join(f"{kind} {share}%" for kind, share in MIX.items()))
    print(
        f"requests {result.requests:,} ({result.throughput:,.0f}/s)  "
        f"p50 {result.p50:.1f} ms  p95 {result.p95:.1f} ms  p99 {result.p99:.1f} ms"
    )
    print(
        f"answers: 2xx {result.status_2xx:,}  3xx {result.status_3xx:,}  "
        f"4xx {result.status_4xx:,}  5xx {result.status_5xx:,}  "
        f"socket errors and timeouts {result.errors - result.status_4xx - result.status_5xx:,}"
    )
    print(f"errors: {result.errors}")
    if result.errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
