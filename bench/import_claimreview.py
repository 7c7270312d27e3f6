"""Import speed and memory: a Data Commons-shaped ClaimReview feed of N records imported into
a fresh PostgreSQL database; prints records per second and the peak resident memory.

    .venv/bin/python bench/import_claimreview.py --records 100000        # docs/benchmarks.md
    .venv/bin/python bench/import_claimreview.py --records 10000 --bad 1  # 1% unreadable
    .venv/bin/python bench/import_claimreview.py --database-url postgres://…/db

What it does:
1. Writes the feed, streamed to a temporary file: a ``DataFeed`` whose ``dataFeedElement``
   holds ``DataFeedItem``s, each with its ClaimReview in an ``item`` list, as the Data
   Commons fact-check feed (datacommons.org/factcheck) is shaped, and written the ways real
   publishers write it: dates like ``"2019-04-02 18:45:09 UTC"``, authors as objects with a
   name, a url or both, ratings as words, numeric strings and numbers, appearances; about one
   in five reviews a claim by a speaker already seen. ``--bad`` percent of the records are
   unreadable (no claim text, or not an object).
2. Creates a throw-away database on the local server (127.0.0.1:5432, user postgres), or
   uses ``--database-url`` / ``DATABASE_URL`` as given (it must be empty: it is migrated and
   seeded), and imports the file in a child process with ``manage.py import_claimreview``'s
   code (``import_path``): the seeds are loaded first, as on any install.
3. Before the import, in the same process, measures the floor: the same file read to its
   end (streamed, every record read and checked) with nothing looked up or written. The
   import's records/s is printed as a ratio to it: on the shared 2-core machine, where
   other work comes and goes, a ratio to a floor measured minutes apart says more than
   records/s alone.
4. Prints records, seconds, records/s, skipped records, the child's peak RSS
   (``resource.getrusage``, the high-water mark of the whole process: Django, the seeds and
   the import), the CPU time the import took in the importer's process and in its
   PostgreSQL backend (read from /proc: the server is local), which the machine's load does
   not inflate, and the load average before and after. Goals (issue 18): ≥ 500 records/s,
   ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
GOAL_RATE, GOAL_MB = 500, 200


def review(n: int, rng: random.Random, speakers: list[str], bad: int) -> dict:
    """The ``n``th record, shaped as the Data Commons feed's; ``bad`` 1: an item that is not
    an object, 2: an empty ``claimReviewed``."""
    publishers = [f"Checker {k}" for k in range(12)]
    words = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading"]
    day = f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if n % 3 == 0:
        rating = {"@type": "Rating", "alternateName": rng.choice(words)}
    elif n % 3 == 1:  # numeric strings, as Data Commons has them
        value = rng.randint(1, 5)
        rating = {"@type": "Rating", "ratingValue": str(value), "bestRating": "5",
                  "worstRating": "1", "alternateName": words[5 - value]}  # fmt: skip
    else:
        rating = {"@type": "Rating", "ratingValue": rng.randint(1, 5)}
    publisher = rng.choice(publishers)
    author = (
        {"@type": "Organization", "name": publisher, "url": f"https://{n % 12}.checks.example"}
        if n % 7
        else {"@type": "Organization", "url": f"https://{n % 12}.checks.example"}
    )
    item = {
        "@context": "http://schema.org",
        "@type": "ClaimReview",
        "url": f"https://{n % 12}.checks.example/fact-check/{n}/",
        "datePublished": f"{day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:09 UTC"
        if n % 2
        else day,
        "claimReviewed": f"Claim number {n}: {rng.randint(2, 99)} percent of "
        f"{rng.choice(['voters', 'schools', 'roads', 'farms'])} are affected.",
        "author": author,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": rng.choice(speakers)},
            "datePublished": day[:7] if n % 5 == 0 else day,
            "appearance": [{"@type": "CreativeWork", "url": f"https://news.example/{n}"}],
        },
    }
    if bad:
        if bad == 2:
            item["claimReviewed"] = ""
        else:
            return {"@type": "DataFeedItem", "item": ["not a review"]}
    return {"@type": "DataFeedItem", "dateCreated": f"{day}T12:00:00Z", "item": [item]}


def write_feed(path: Path, count: int, seed: int, bad_percent: float) -> set[int]:
    """Writes the feed item by item (never whole in memory); returns the bad items' indexes."""
    rng = random.Random(seed)
    speakers = [f"Speaker {k}" for k in range(count // 5 or 1)]
    every = round(100 / bad_percent) if bad_percent else 0
    bad = set()
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [')
        for n in range(count):
            is_bad = bool(every) and n % every == every // 2
            if is_bad:
                bad.add(n)
            kind = 1 + len(bad) % 2 if is_bad else 0  # the two kinds in turn
            out.write(("," if n else "") + json.dumps(review(n, rng, speakers, kind)))
        out.write("]}")
    return bad


def run_one(path: Path) -> None:
    """In a child process, with DATABASE_URL set: migrate, load the seeds, time the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    sys.path.insert(0, str(PROJECT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loadseeds", verbosity=0)
    from django.db import connection

    from interop.claimreview.formats import open_records
    from interop.claimreview.load import import_path

    load_before = os.getloadavg()
    started = time.perf_counter()
    with path.open("rb") as stream:
        read = sum(1 for _ in open_records(stream, path.name).records)
    floor_seconds = time.perf_counter() - started

    backend_cpu = _backend_cpu(connection)
    started, cpu, backend = time.perf_counter(), time.process_time(), backend_cpu()
    report = import_path(path)
    elapsed = time.perf_counter() - started
    cpu, backend = time.process_time() - cpu, backend_cpu() - backend
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(
        json.dumps(
            {
                "records": report.records,
                "created": report.created,
                "skipped": [str(p) for p in report.skipped],
                "seconds": elapsed,
                "floor_records": read,
                "floor_seconds": floor_seconds,
                "cpu_seconds": cpu,
                "backend_cpu_seconds": backend,
                "peak_mb": peak_kb / 1024,
                "load_before": load_before,
                "load_after": os.getloadavg(),
            }
        )
    )


def _backend_cpu(connection):
    """A function giving the CPU seconds this connection's PostgreSQL backend has used (user
    and system, from /proc/<pid>/stat: the server runs on this machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def seconds() -> float:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    return seconds


def psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN, "-q", "-c", sql], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad", type=float, default=0, help="percent of unreadable records")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="an empty PostgreSQL database (default: DATABASE_URL, else a throw-away one)",
    )
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one)
        return

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    feed = work / "feed.json"
    bad = write_feed(feed, args.records, args.seed, args.bad)
    database_url, throwaway = args.database_url, None
    if not database_url:
        throwaway = f"bench_import_{os.getpid()}"
        psql(f"CREATE DATABASE {throwaway}")
        database_url = f"postgres://postgres@127.0.0.1:5432/{throwaway}"
    try:
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
        out = subprocess.run(
            [sys.executable, __file__, "--run-one", str(feed)],
            env=env, cwd=PROJECT, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        result = json.loads(out.strip().splitlines()[-1])
    finally:
        if throwaway:
            psql(f"DROP DATABASE IF EXISTS {throwaway} WITH (FORCE)")
        feed.unlink()
        work.rmdir()

    rate = result["records"] / result["seconds"]
    floor = result["floor_records"] / result["floor_seconds"]
    loads = [", ".join(f"{x:.2f}" for x in result[k]) for k in ("load_before", "load_after")]
    print(f"ClaimReview import, {args.records:,} Data Commons-shaped records (seed {args.seed})")
    print(f"file: {feed.name}, {len(bad)} unreadable records ({args.bad:g}%)")
    print(f"load average (1, 5, 15 min): {loads[0]} before; {loads[1]} after")
    print(f"{'records':>10}{'created':>10}{'skipped':>10}{'seconds':>10}{'records/s':>12}"
          f"{'peak RSS MB':>13}")  # fmt: skip
    print(
        f"{result['records']:>10,}{result['created']:>10,}{len(result['skipped']):>10,}"
        f"{result['seconds']:>10.1f}{rate:>12,.0f}{result['peak_mb']:>13,.0f}"
    )
    print(
        f"floor (the file read, nothing written): {floor:,.0f} records/s; "
        f"the import runs at {rate / floor:.2f} of it"
    )
    per_record = 1000 / result["records"]
    print(
        f"CPU: importer {result['cpu_seconds']:.1f} s "
        f"({result['cpu_seconds'] * per_record:.2f} ms a record), PostgreSQL backend "
        f"{result['backend_cpu_seconds']:.1f} s "
        f"({result['backend_cpu_seconds'] * per_record:.2f} ms a record)"
    )
    named = {int(p.split("[")[1].split("]")[0]) for p in result["skipped"]}
    print(f"every unreadable record named in the report: {named == bad}")
    print(
        f"goals: >= {GOAL_RATE} records/s: {'met' if rate >= GOAL_RATE else 'NOT met'}; "
        f"<= {GOAL_MB} MB: {'met' if result['peak_mb'] <= GOAL_MB else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
