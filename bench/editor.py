"""Run by bench/run.py inside Django, next to the readers: an editor who publishes a change
every ``--interval`` seconds, as the admin's "Publish changes" does — a published claim's
text edited in the working copy, then ``record.services.document_publish`` (the claim's
next version, and the documents that show it written again). Stops on SIGTERM or after
``--duration`` seconds and prints one JSON object: publishes, versions written, and how
long each publish took (ms).

    DATABASE_URL=… python bench/editor.py --ids 12,57,… --interval 2 --duration 15
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from claims.models import Claim  # noqa: E402
from record.models import Kind  # noqa: E402
from record.services import document_publish  # noqa: E402

# Toggled on and off, so that reruns never grow a claim's text.
MARK = " [edited]"


def edit_and_publish(claim_id: int, editor) -> int:
    """One editor's change, published: returns the versions it wrote."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        edited = claim.text.endswith(MARK)
        claim.text = claim.text.removesuffix(MARK) if edited else claim.text + MARK
        claim.full_clean()
        claim.save()
        return len(document_publish(kind=Kind.CLAIM, obj=claim, by=editor).versions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ids", required=True, help="Published claim ids, comma-separated.")
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ids = [int(pk) for pk in args.ids.split(",")]
    rng = random.Random(args.seed)
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    durations, versions = [], 0
    started = time.monotonic()
    tick = started
    while not stopping and time.monotonic() - started < args.duration:
        began = time.perf_counter()
        versions += edit_and_publish(rng.choice(ids), editor)
        durations.append((time.perf_counter() - began) * 1000)
        tick += args.interval
        while not stopping and time.monotonic() < tick:
            time.sleep(min(0.1, max(0.0, tick - time.monotonic())))
    durations.sort()
    print(
        json.dumps(
            {
                "publishes": len(durations),
                "versions": versions,
                "p50_ms": durations[len(durations) // 2] if durations else None,
                "max_ms": durations[-1] if durations else None,
            }
        )
    )


if __name__ == "__main__":
    main()
