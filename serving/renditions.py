"""Claim pages stored as rendered, and served from the store (docs/scaling.md).

A claim's page shows only published documents: the claim, its speaker, the claims of its
dispute thread, the sources it cites and their outlets. ``web.claim_pages`` renders it
once in each language it is asked in, and stores it here with the list of those documents
(``store``); every later request for the page in that language is one query
(``stored_page``) and the origin put in. When a publish writes a new version of any
document a page shows, the claim's pages in every language are dropped in the same
transaction (``drop_pages_showing``, on ``record.signals.versions_written``), and rendered
again after the commit for the first few pages (``claim_pages_changed``) or on their next
request.

A page rendered while a publish commits could show a document older than the record: it is
stored only if no document it shows got a version since its rendering began (``since``),
checked under the record's lock, so that no publish runs between the check and the write.

``StoredPageMiddleware`` serves a stored page before the layers a stored page does not
need (sessions, CSRF, CSP, authentication, the URL resolver), as
``serving.document_answers`` does for the API's documents.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError, connection, connections, router, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal, receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response

from core.db import prepared_cursor
from core.origin import request_origin
from record import queries
from record.models import ClaimDocument, Kind, Lock, Version
from record.signals import versions_written
from serving.answer_cache import PAGE_CACHE_CONTROL, PAGE_PATH, REVISION, answer_address
from serving.layers import EarlyAnswerMiddleware, allowed_host
from serving.models import ClaimPageDependency, ClaimPageRendition

# Sent after the commit of a publish, with the ids of the claims (``claim_ids``) whose pages
# it changed: those it wrote first (``written``: how many), then those whose stored pages
# it dropped.
# web.claim_pages renders the first few, so that their next reader does not wait.
claim_pages_changed = Signal()

# More versions than this written while a page rendered: not worth comparing one by one.
MOST_NEWER_VERSIONS = 10_000
# The largest id the databases hold (a signed 64-bit integer): a longer one names nothing.
LARGEST_ID = 2**63 - 1
# Documents looked up at a time when a publish drops the pages showing them.
DROP_CHUNK = 500
# Body fields no claim page shows (web/pages/claims.py reads speakers' bodies, sources'
# cards and outlets' bodies): a new version that changes only these keeps the pages.
# Counts and back-lists that move whenever a claim is published near them.
NOT_ON_CLAIM_PAGES = {
    Kind.SPEAKER: frozenset({"claim_count"}),
    Kind.OUTLET: frozenset({"source_count"}),
    Kind.SOURCE: frozenset({"claims", "notes", "full_text"}),
}


# What renders a claim page, besides the settings: a change to any of these files (a
# deploy that forgot RELEASE, a template edited in place, a translation compiled again)
# renders every page again.
RENDERING_CODE = ("web", "record", "serving", "templates", "core", "locale")


@functools.cache
def _code_fingerprint() -> str:
    """SHA-256 (16 hex digits) of the rendering code, the templates, the compiled
    translations and the static files' manifest (hashed names the pages link to): read once
    per process."""
    root = Path(settings.BASE_DIR)
    files = sorted(
        path
        for folder in RENDERING_CODE
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt", ".xml", ".mo") and path.is_file()
    )
    manifest = Path(settings.STATIC_ROOT or root / "staticfiles") / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)
    fingerprint = hashlib.sha256()
    for path in files:
        # Relative names: every machine of a deploy gets the same fingerprint.
        name = path.relative_to(root) if path.is_relative_to(root) else path.name
        fingerprint.update(str(name).encode())
        fingerprint.update(path.read_bytes())
    return fingerprint.hexdigest()[:16]


def release() -> str:
    """What rendered a page: the answer revision, ``RELEASE`` and the rendering code's
    fingerprint. A stored page from another release is rendered again."""
    return f"{REVISION}|{settings.RELEASE}|{_code_fingerprint()}"


def placeholder_origin() -> str:
    """An origin to render a page under, replaced by the request's own when it is served:
    random, so that no curated text can contain it."""
    return f"https://{secrets.token_hex(8)}.rendition.invalid"


class StoredPage(NamedTuple):
    """A claim page as stored: ``html`` rendered under ``origin``, in ``language``."""

    claim_id: int
    language: str
    slug: str
    html: str
    origin: str
    digest: str

    def html_for(self, origin: str) -> str:
        """The page for a request to ``origin`` ("https://example.org")."""
        return _put_origin(self.html, self.origin, origin)

    def etag(self, request: HttpRequest) -> str:
        """From the page's content and the address (each host has its own page). No
        Last-Modified goes with it: the time a page was rendered says nothing of when what
        it shows changed (a page rendered again the same, or one rendered from a replica
        behind, would move it the wrong way), and RFC 9110 (13.1.3) lets the ETag decide.
        The address names the language (its prefix), so each language has its own."""
        key = f"{answer_address(request)}|{self.digest}"
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _put_origin(html: str, rendered_under: str, origin: str) -> str:
    """``html`` with ``origin`` for the one it was rendered under: as written in the page's
    links, and URL-encoded as in its oEmbed link."""
    html = html.replace(rendered_under, origin)
    return html.replace(quote(rendered_under, safe=""), quote(origin, safe=""))


def digest(html: str, origin: str) -> str:
    """SHA-256 (32 hex digits) of a page rendered under ``origin``, the same for the same
    page whatever origin it was rendered under."""
    return hashlib.sha256(_put_origin(html, origin, "origin").encode()).hexdigest()[:32]


def stored_page(claim_id: int, language: str) -> StoredPage | None:
    """One query, written out (the hot path): the claim's stored page in ``language`` (a
    code of LANGUAGES) from this release, or None (with no query when pages are not
    stored)."""
    if not settings.STORE_CLAIM_PAGES or not 0 < claim_id <= LARGEST_ID:
        return None
    table = ClaimPageRendition._meta.db_table
    sql = (
        f"SELECT slug, html, origin, digest FROM {table} "
        "WHERE claim_id = %s AND language = %s AND release = %s"
    )
    with prepared_cursor(connections[router.db_for_read(ClaimPageRendition)]) as cursor:
        cursor.execute(sql, [claim_id, language, release()])
        row = cursor.fetchone()
    if row is None:
        return None
    return StoredPage(claim_id, language, *row)


def last_version() -> int:
    """The newest version's ``seq`` (0 for an empty record): read before a page is
    rendered, and passed to ``store`` as ``since``."""
    if not settings.STORE_CLAIM_PAGES:
        return 0
    return queries.last_seq()


def claims_without_pages(*, language: str, after: int = 0, count: int = 1000) -> list[int]:
    """Up to ``count`` ids, ascending, above ``after``, of live claims with no page in
    ``language`` stored by this release (after a bulk import or a deploy): what
    ``render_claim_pages`` renders."""
    pages = ClaimPageRendition.objects.filter(
        claim_id=OuterRef("pk"), language=language, release=release()
    )
    live = ClaimDocument.objects.live().filter(pk__gt=after).exclude(Exists(pages))
    return list(live.order_by("pk").values_list("pk", flat=True)[:count])


def store(
    *, claim_id: int, language: str, slug: str, html: str, origin: str, shows: set, since: int
) -> StoredPage:
    """Store a rendered page (``html`` under ``origin``, in ``language``) that shows the
    documents ``shows`` (a set of (kind, id)), rendered from the record as it was at version
    ``since``. Returns the page; it is stored only if none of those documents got a version
    since, and no publish holds the record (the page is then rendered again on a later
    request). The documents a page shows are the same in every language: a claim's pages
    share its list of them."""
    now = timezone.now()
    page = StoredPage(claim_id, language, slug, html, origin, digest(html, origin))
    if not settings.STORE_CLAIM_PAGES:
        return page
    database = router.db_for_write(ClaimPageRendition)
    try:
        with transaction.atomic(using=database):
            if not _hold_record(database):
                return page
            newer = Version.objects.using(database).filter(seq__gt=since)
            newer = set(newer.values_list("kind", "object_id")[: MOST_NEWER_VERSIONS + 1])
            if len(newer) > MOST_NEWER_VERSIONS or newer & shows:
                return page
            ClaimPageDependency.objects.using(database).filter(claim_id=claim_id).delete()
            ClaimPageDependency.objects.using(database).bulk_create(
                ClaimPageDependency(claim_id=claim_id, kind=kind, document_id=pk)
                for kind, pk in sorted(shows)
            )
            ClaimPageRendition.objects.using(database).bulk_create(
                [
                    ClaimPageRendition(
                        claim_id=claim_id,
                        language=language,
                        slug=slug,
                        html=html,
                        origin=origin,
                        digest=page.digest,
                        release=release(),
                        rendered_at=now,
                    )
                ],
                update_conflicts=True,
                unique_fields=["claim_id", "language"],
                update_fields=["slug", "html", "origin", "digest", "release", "rendered_at"],
            )
    except DatabaseError:
        # SQLite busy with a publish, or a unique race with another request storing the same
        # page: it is served all the same, and stored by a later request.
        pass
    return page


def _hold_record(database: str) -> bool:
    """Whether the record's lock was shared with this transaction (PostgreSQL; SQLite lets
    one transaction write at a time anyway): FOR SHARE, so that pages are stored side by
    side while a publish, which takes it FOR UPDATE, waits for them; skipped, not waited
    for, when a publish holds it."""
    connection = connections[database]
    if connection.vendor != "postgresql":
        return True
    table = connection.ops.quote_name(Lock._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = 1 FOR SHARE SKIP LOCKED")
        return cursor.fetchone() is not None


@receiver(versions_written, dispatch_uid="serving.drop_pages_showing")
def drop_pages_showing(sender, documents: dict, **kwargs) -> None:
    """Drops the stored pages (in every language) that show any of ``documents`` (for each
    (kind, id) that just got a version, the body fields that changed, or None for all), in
    the publish's transaction, unless only fields no claim page shows changed; once it
    commits, ``claim_pages_changed`` is sent for them and for the claims written."""
    shown: dict[str, list[int]] = {}
    for (kind, pk), changed in documents.items():
        if changed is None or changed - NOT_ON_CLAIM_PAGES.get(kind, frozenset()):
            shown.setdefault(kind, []).append(pk)
    table = ClaimPageDependency._meta.db_table
    dropped: set[int] = set()
    with connection.cursor() as cursor:
        for kind, ids in sorted(shown.items()):
            ids.sort()
            for start in range(0, len(ids), DROP_CHUNK):
                chunk = ids[start : start + DROP_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT DISTINCT claim_id FROM {table} "
                    f"WHERE kind = %s AND document_id IN ({marks})",
                    [kind, *chunk],
                )
                dropped.update(row[0] for row in cursor.fetchall())
    rows = sorted(dropped)
    for start in range(0, len(rows), DROP_CHUNK):
        chunk = rows[start : start + DROP_CHUNK]
        ClaimPageRendition.objects.filter(claim_id__in=chunk)._raw_delete(connection.alias)
    # The pages of the claims the publish wrote first: they are the ones just published.
    written = {pk for kind, pk in documents if kind == Kind.CLAIM}
    claim_ids = sorted(dropped | written, key=lambda pk: (pk not in written, pk))
    if claim_ids:
        transaction.on_commit(
            lambda: claim_pages_changed.send(
                sender=ClaimPageRendition, claim_ids=claim_ids, written=len(written)
            ),
            robust=True,
        )


def answer(request: HttpRequest, page: StoredPage) -> HttpResponse:
    """The page's answer to ``request``: a 304 when the client's copy is current, else the
    page with the request's origin. Both with the page's ETag."""
    etag = page.etag(request)
    response = get_conditional_response(request, etag=etag)
    if response is None or response.status_code != 304:
        response = HttpResponse(page.html_for(request_origin(request)))
    response["ETag"] = etag
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


class StoredPageMiddleware(EarlyAnswerMiddleware):
    """Answers a plain GET of a stored claim page (see the module) before the layers below
    it run, with the headers they add to a page (``serving.layers.EarlyAnswerMiddleware``), as
    ``serving.document_answers.DocumentAnswerMiddleware`` does for the API's documents.
    Anything else, and any page not stored, goes on to the view, which reads the store the
    same way."""

    def answer(self, request: HttpRequest) -> HttpResponse | None:
        match = self._applies(request)
        if match is None:
            return None
        page = stored_page(int(match["pk"]), match["language"] or settings.LANGUAGE_CODE)
        # The view reads it too (web.views.claims.claim_detail): read once.
        request.stored_claim_page = page
        if page is None or page.slug != match["slug"]:
            return None
        response = answer(request, page)
        return self.finish(request, response.status_code, lambda: response)

    @staticmethod
    def _applies(request: HttpRequest) -> re.Match | None:
        if (
            request.method != "GET"
            or request.META.get("QUERY_STRING")
            or not settings.STORE_CLAIM_PAGES
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return None
        match = PAGE_PATH.match(request.path_info)
        if match is None or not allowed_host(request):
            return None
        return match
