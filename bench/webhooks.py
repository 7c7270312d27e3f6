"""Webhook latency: from a publish to its delivery at a partner's endpoint, under an editor
publishing a change every second. Prints a table (docs/benchmarks.md).

    .venv/bin/python bench/webhooks.py                  # 60 s of publishing
    .venv/bin/python bench/webhooks.py --duration 20

What it does:
1. A PostgreSQL database ``bench_webhooks`` (made afresh: migrate, the seeds).
2. One partner endpoint, registered from the newest change on, and its receiver on
   127.0.0.1, which verifies every signature (tests/webhooks/receiver.py) and notes when
   each event arrived.
3. A Celery worker with its scheduler, as `make run` starts it, with the production
   defaults (a sweep every second, a 10 s deadline per POST), on Redis database 7.
4. bench/editor.py publishing a change to a seed claim every ``--interval`` seconds for
   ``--duration`` seconds (each publish writes the claim's version and those of the
   documents that show it).

Latency is the arrival time less the version's ``published_at`` (written when the publish
starts, so a publish's own time is counted). Goal (issue 16): p95 ≤ 5 s, no event lost.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from run import (
    PG,
    PROJECT,
    PYTHON,
    REDIS_URL,
    database_env,
    manage,
    start_editor,
    stop_editor,
)

NAME = "bench_webhooks"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of publishing.")
    parser.add_argument("--interval", type=float, default=1.0, help="Seconds between publishes.")
    args = parser.parse_args()

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{NAME}"')
    env = {**database_env(NAME), "CELERY_BROKER_URL": REDIS_URL, "WEBHOOK_ALLOW_LOCAL": "true"}
    manage(env, "migrate")
    manage(env, "loadseeds")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    import django

    django.setup()
    import redis

    from factcheck.celery import worker_argv
    from record.models import ClaimDocument, Version
    from tests.webhooks.receiver import Receiver
    from webhooks.models import Endpoint

    redis.Redis.from_url(REDIS_URL).flushdb()
    arrived: dict[int, float] = {}
    lock = threading.Lock()

    def answer(event: dict) -> tuple[int, float]:
        with lock:
            arrived.setdefault(event["seq"], time.time())
        return 200, 0.0

    receiver = Receiver()
    receiver.answer = answer
    endpoint = Endpoint.objects.create(description="Bench", url=receiver.url)
    receiver.secret = endpoint.secret
    ids = [
        pk
        for pk, text in ClaimDocument.objects.live().values_list("pk", "text")
        if len(text.split()) > 10  # the editor's mark leaves the address as it is
    ]
    worker = subprocess.Popen(
        worker_argv(PYTHON),
        cwd=PROJECT,
        env=env,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the worker connects, the scheduler starts
        editor = start_editor(env, ids, interval=args.interval)
        time.sleep(args.duration)
        publishes = stop_editor(editor)
        expected = set(
            Version.objects.filter(seq__gt=endpoint.after_seq).values_list("seq", flat=True)
        )
        deadline = time.monotonic() + 60
        while not expected <= set(arrived) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        receiver.close()

    published = dict(Version.objects.filter(seq__in=expected).values_list("seq", "published_at"))
    latencies = sorted(
        arrived[seq] - published[seq].timestamp() for seq in expected & set(arrived)
    )
    lost = len(expected - set(arrived))
    p50 = statistics.median(latencies)
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(
        f"\nWebhook latency, publish → received ({publishes.get('publishes', '?')} publishes, "
        f"one every {args.interval:g} s, for {args.duration:g} s)\n"
    )
    print("| figure | value | goal |")
    print("|---|---|---|")
    print(f"| events (versions) delivered | {len(latencies)} of {len(expected)} | all |")
    print(f"| lost | {lost} | 0 |")
    print(f"| signatures that did not verify | {receiver.forged} | 0 |")
    print(f"| p50 | {p50:.2f} s | |")
    print(f"| p95 | {p95:.2f} s | ≤ 5 s |")
    print(f"| max | {latencies[-1]:.2f} s | |")
    sys.exit(0 if lost == 0 and receiver.forged == 0 and p95 <= 5 else 1)


if __name__ == "__main__":
    main()
