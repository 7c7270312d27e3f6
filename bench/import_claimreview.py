"""Import speed: records per second for N generated ClaimReview records, on SQLite and on
PostgreSQL, each into a fresh database. Prints a table.

    .venv/bin/python bench/import_claimreview.py [--records 10000] [--seed 1]

The records are written the ways real publishers write them (authors as strings, objects and
lists; dates with and without zones; numeric and worded ratings; appearances), about one in
five reviewing a claim by a speaker already seen. PostgreSQL is the local server
(127.0.0.1:5432, user postgres); a throw-away database is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def generate(count: int, seed: int) -> dict:
    rng = random.Random(seed)
    speakers = [f"Speaker {n}" for n in range(count // 5 or 1)]
    publishers = [f"Checker {n}" for n in range(12)]
    words = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading"]
    items = []
    for n in range(count):
        rating: dict = {"@type": "Rating"}
        if n % 3:
            rating["alternateName"] = rng.choice(words)
        else:
            rating.update(ratingValue=rng.randint(1, 5), bestRating=5, worstRating=1)
        author = rng.choice(publishers)
        day = f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        items.append(
            {
                "@type": "ClaimReview",
                "url": f"https://checks.example/{n}",
                "datePublished": day + ("T10:00:00Z" if n % 2 else ""),
                "claimReviewed": f"Claim number {n}: {rng.randint(2, 99)} percent of "
                f"{rng.choice(['voters', 'schools', 'roads', 'farms'])} are affected.",
                "author": author if n % 4 == 0 else {"@type": "Organization", "name": author},
                "reviewRating": rating,
                "itemReviewed": {
                    "@type": "Claim",
                    "author": [{"@type": "Person", "name": rng.choice(speakers)}],
                    "datePublished": day[:7] if n % 5 == 0 else day,
                    "appearance": [{"@type": "CreativeWork", "url": f"https://news.example/{n}"}],
                },
            }
        )
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


def run_one(path: Path) -> None:
    """In a child process, with DATABASE_URL set: migrate, load seeds, time the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    sys.path.insert(0, str(PROJECT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loadseeds", verbosity=0)
    from interop.claimreview.load import import_path

    started = time.perf_counter()
    report = import_path(path)
    elapsed = time.perf_counter() - started
    print(json.dumps({"records": report.records, "seconds": elapsed}))


def measure(database_url: str, path: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    out = subprocess.run(
        [sys.executable, __file__, "--run-one", str(path)],
        env=env,
        cwd=PROJECT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN, "-q", "-c", sql], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one)
        return

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    feed = work / "feed.json"
    feed.write_text(json.dumps(generate(args.records, args.seed)), encoding="utf-8")
    rows = [("SQLite", measure(f"sqlite:///{work / 'db.sqlite3'}", feed))]
    database = f"bench_import_{os.getpid()}"
    psql(f"CREATE DATABASE {database}")
    try:
        rows.append(
            ("PostgreSQL", measure(f"postgres://postgres@127.0.0.1:5432/{database}", feed))
        )
    finally:
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    print(f"ClaimReview import, {args.records:,} generated records (seed {args.seed})")
    print(f"{'database':<12}{'records':>10}{'seconds':>10}{'records/s':>12}")
    for name, result in rows:
        rate = result["records"] / result["seconds"]
        print(f"{name:<12}{result['records']:>10,}{result['seconds']:>10.1f}{rate:>12,.0f}")


if __name__ == "__main__":
    main()
