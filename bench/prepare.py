"""Run by bench/run.py inside Django, against the benchmark's database: draws the requests
the load generator will send (claim ids, rare and common search terms, a deep cursor) and
counts the SQL queries each kind of request takes. Prints one JSON object.

    DATABASE_URL=… python bench/prepare.py --page-size 50 --deep-page 10000
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims import search  # noqa: E402
from claims.models import Claim  # noqa: E402
from record.models import ClaimDocument, SpeakerDocument, Version  # noqa: E402
from web.claim_pages import render_again  # noqa: E402

# A word of the generator's English vocabulary (seeds/corpus.py): in about a third of the
# English claims, so in about a quarter of all claims.
COMMON_TERM = "corridor"
SAMPLE = 1000


def worst_query(sample: list[str]) -> str:
    """The costliest search within the documented limits (docs/api.md): as many of the
    corpus's most frequent words as the limits allow, OR'd, so that every one is looked up
    in every configuration and their matches are all read. Words counted in a sample of
    the stored search texts."""
    counts: dict[str, int] = {}
    for text in sample:
        for word in set(text.split()):
            if len(word) > 2 and word.isalpha() and word != "or":
                counts[word] = counts.get(word, 0) + 1
    common = sorted(counts, key=lambda word: (-counts[word], word))
    query = ""
    for word in common:
        longer = f"{query} or {word}" if query else word
        try:
            search.validate_query(longer)
        except Exception:
            break
        query = longer
    return query


def deep_cursor(page: int, page_size: int) -> tuple[int, str | None]:
    """The cursor of page ``page`` of the API's claim list (newest statement first): the
    position of the last claim of the page before, as ``api.pagination.KeysetPagination``
    writes it. Returns the page actually reached (a small corpus has fewer pages) and its
    cursor (None for page 1)."""
    published = ClaimDocument.objects.live().count()
    page = max(1, min(page, published // page_size))
    if page == 1:
        return page, None
    # The list reads the record's columns; undated claims sort as the oldest (stated_sort).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stated_sort, id FROM record_claimdocument WHERE withdrawn_at IS NULL "
            "ORDER BY stated_sort DESC, id DESC OFFSET %s LIMIT 1",
            [(page - 1) * page_size - 1],
        )
        day, claim_id = cursor.fetchone()
    payload = {"o": "-stated_sort,-id", "v": [day.isoformat(), str(claim_id)]}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return page, base64.urlsafe_b64encode(raw).decode().rstrip("=")


def count_queries(client: Client, path: str) -> int:
    """Queries of a request in the steady state: after the same request once, as a server
    that has been up for a while answers it (caches under the data version are filled)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--deep-page", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    # What readers can ask for: live documents of the published record.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, summary->>'page_url' FROM record_claimdocument "
            "WHERE withdrawn_at IS NULL ORDER BY md5(id::text) LIMIT %s",
            [SAMPLE],
        )
        rows = cursor.fetchall()
    ids = [pk for pk, _ in rows]
    claim_pages = [page_url for _, page_url in rows]
    # Claims bench/editor.py may edit: an address keeps the first ten words of the text
    # (claims.models.claim_slug), so a word added after them leaves every address as it is.
    texts = dict(ClaimDocument.objects.filter(pk__in=ids).values_list("pk", "text"))
    editable = [pk for pk in ids if len(texts[pk].split()) > 10]
    # The generator ends every claim with its own number: a term exactly one claim has.
    rare_terms = [str(pk) for pk in rng.sample(ids, min(200, len(ids)))]
    worst = worst_query(
        list(ClaimDocument.objects.filter(pk__in=ids).values_list("search_text", flat=True))
    )
    speakers = list(
        SpeakerDocument.objects.live().order_by("?").values_list("slug", flat=True)[:200]
    )
    page, cursor = deep_cursor(args.deep_page, args.page_size)
    # Change feed cursors all over the feed: a mirror may be anywhere in it.
    last = Version.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    feed_cursors = sorted(rng.randrange(0, max(1, last - 100)) for _ in range(200))
    # The sample's pages, as publishing them would have stored them (web.claim_pages: a
    # publish renders the pages it changes; the corpus came in bulk, which leaves them).
    for pk in ids:
        render_again(pk, [settings.LANGUAGE_CODE])

    client = Client()
    list_path = f"/api/v1/claims/?page_size={args.page_size}"
    queries = {
        "API claim detail": count_queries(client, f"/api/v1/claims/{ids[0]}/"),
        "API claim list (1 per page)": count_queries(client, "/api/v1/claims/?page_size=1"),
        f"API claim list ({args.page_size} per page)": count_queries(client, list_path),
        "HTML claim page": count_queries(client, claim_pages[0]),
        "API search, rare term": count_queries(client, f"/api/v1/claims/?q={rare_terms[0]}"),
        "API search, common term": count_queries(client, f"/api/v1/claims/?q={COMMON_TERM}"),
        "HTML search, common term": count_queries(client, f"/claims/?q={COMMON_TERM}"),
        "API search, worst": count_queries(client, f"/api/v1/claims/?{urlencode({'q': worst})}"),
    }
    print(
        json.dumps(
            {
                "claims": Claim.objects.count(),
                "published": ClaimDocument.objects.live().count(),
                "ids": ids,
                "claim_pages": claim_pages,
                "editable_ids": editable,
                "speakers": speakers,
                "rare_terms": rare_terms,
                "common_term": COMMON_TERM,
                "worst_query": worst,
                "deep_page": page,
                "deep_cursor": cursor,
                "feed_cursors": feed_cursors,
                "versions": Version.objects.count(),
                "queries": queries,
            }
        )
    )


if __name__ == "__main__":
    main()
