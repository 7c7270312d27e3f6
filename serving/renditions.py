"""Claim pages stored as rendered, and served from the store (docs/scaling.md).

A claim's page shows only published documents: the claim, its speaker, the claims of its
dispute thread, the sources it cites and their outlets. ``web.claim_pages`` renders it
once, and stores it here with the list of those documents (``store``); every later
request for the page is one query (``stored_page``) and the origin put in. When a publish
writes a new version of any document a page shows, the page is dropped in the same
transaction (``drop_pages_showing``, on ``record.signals.versions_written``), and rendered
again after the commit for the first few pages (``claim_pages_changed``) or on its next
request.

A page rendered while a publish commits could show a document older than the record: it is
stored only if no document it shows got a version since its rendering began (``since``),
checked under the record's lock, so that no publish runs between the check and the write.

``StoredPageMiddleware`` serves a stored page before the layers a stored page does not
need (sessions, CSRF, CSP, authentication, the URL resolver), as
``serving.document_answers`` does for the API's documents.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from typing import NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError, connection, connections, router, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal, receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from record.models import ClaimDocument, Kind, Lock, Version
from record.signals import versions_written
from serving.answer_cache import (
    PAGE_CACHE_CONTROL,
    PAGE_PATH,
    REVISION,
    Validators,
    answer_address,
    not_modified,
)
from serving.layers import LayersHeaders, allowed_host
from serving.models import ClaimPageDependency, ClaimPageRendition

# Sent after the commit of a publish, with the ids of the claims (``claim_ids``) whose pages
# it changed: those it wrote first, then those whose stored pages it dropped.
# web.claim_pages renders the first few, so that their next reader does not wait.
claim_pages_changed = Signal()

# More versions than this written while a page rendered: not worth comparing one by one.
MOST_NEWER_VERSIONS = 10_000


def release() -> str:
    """What rendered a page: a stored page from another release (or answer revision) is
    rendered again."""
    return f"{REVISION}|{settings.RELEASE}"


def placeholder_origin() -> str:
    """An origin to render a page under, replaced by the request's own when it is served:
    random, so that no curated text can contain it."""
    return f"https://{secrets.token_hex(8)}.rendition.invalid"


class StoredPage(NamedTuple):
    """A claim page as stored: ``html`` rendered under ``origin``."""

    claim_id: int
    slug: str
    html: str
    origin: str
    digest: str
    rendered_at: object  # datetime, aware

    def html_for(self, origin: str) -> str:
        """The page for a request to ``origin`` ("https://example.org"): the origin as
        written in the page's links, and URL-encoded as in its oEmbed link."""
        html = self.html.replace(self.origin, origin)
        return html.replace(quote(self.origin, safe=""), quote(origin, safe=""))

    def validators(self, request: HttpRequest) -> Validators:
        """ETag from the page's content and the address (each host has its own page);
        Last-Modified: when it was rendered."""
        key = f"{answer_address(request)}|{self.digest}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        return Validators(etag=etag, last_modified=self.rendered_at)


def digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:32]


def stored_page(claim_id: int) -> StoredPage | None:
    """One query, written out (the hot path): the claim's stored page from this release,
    or None (with no query when pages are not stored)."""
    if not settings.STORE_CLAIM_PAGES:
        return None
    table = ClaimPageRendition._meta.db_table
    sql = (
        f"SELECT slug, html, origin, digest, rendered_at FROM {table} "
        "WHERE claim_id = %s AND release = %s"
    )
    with connections[router.db_for_read(ClaimPageRendition)].cursor() as cursor:
        cursor.execute(sql, [claim_id, release()])
        row = cursor.fetchone()
    if row is None:
        return None
    slug, html, origin, page_digest, rendered_at = row
    if timezone.is_naive(rendered_at):  # SQLite's driver gives UTC without its zone
        rendered_at = timezone.make_aware(rendered_at, datetime.UTC)
    return StoredPage(claim_id, slug, html, origin, page_digest, rendered_at)


def last_version() -> int:
    """The newest version's ``seq`` (0 for an empty record): read before a page is
    rendered, and passed to ``store`` as ``since``."""
    if not settings.STORE_CLAIM_PAGES:
        return 0
    newest = Version.objects.order_by("-seq").values_list("seq", flat=True).first()
    return newest or 0


def claims_without_pages(*, after: int = 0, count: int = 1000) -> list[int]:
    """Up to ``count`` ids, ascending, above ``after``, of live claims with no page stored by
    this release (after a bulk import or a deploy): what ``render_claim_pages`` renders."""
    pages = ClaimPageRendition.objects.filter(claim_id=OuterRef("pk"), release=release())
    live = ClaimDocument.objects.live().filter(pk__gt=after).exclude(Exists(pages))
    return list(live.order_by("pk").values_list("pk", flat=True)[:count])


def store(
    *, claim_id: int, slug: str, html: str, origin: str, shows: set, since: int
) -> StoredPage:
    """Store a rendered page (``html`` under ``origin``) that shows the documents ``shows``
    (a set of (kind, id)), rendered from the record as it was at version ``since``. Returns
    the page; it is stored only if none of those documents got a version since, and no
    publish holds the record (the page is then rendered again on a later request)."""
    now = timezone.now()
    page = StoredPage(claim_id, slug, html, origin, digest(html), now)
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
                        slug=slug,
                        html=html,
                        origin=origin,
                        digest=page.digest,
                        release=release(),
                        rendered_at=now,
                    )
                ],
                update_conflicts=True,
                unique_fields=["claim_id"],
                update_fields=["slug", "html", "origin", "digest", "release", "rendered_at"],
            )
    except DatabaseError:
        # SQLite busy with a publish, or a unique race with another request storing the same
        # page: it is served all the same, and stored by a later request.
        pass
    return page


def _hold_record(database: str) -> bool:
    """Whether the record's lock was taken for this transaction (PostgreSQL; SQLite lets
    one transaction write at a time anyway): skipped, not waited for, when a publish
    holds it."""
    if connections[database].vendor != "postgresql":
        return True
    held = Lock.objects.using(database).select_for_update(skip_locked=True).filter(pk=1)
    return bool(list(held))


@receiver(versions_written, dispatch_uid="serving.drop_pages_showing")
def drop_pages_showing(sender, documents: set, **kwargs) -> None:
    """Drops the stored pages that show any of ``documents`` ((kind, id) pairs that just got
    a version), in the publish's transaction; once it commits, ``claim_pages_changed`` is
    sent for them and for the claims written."""
    if not documents:
        return
    table = ClaimPageDependency._meta.db_table
    pairs = sorted(documents)
    where = " OR ".join(["(kind = %s AND document_id = %s)"] * len(pairs))
    params = [value for pair in pairs for value in pair]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT claim_id FROM {table} WHERE {where}", params)
        dropped = {row[0] for row in cursor.fetchall()}
    if dropped:
        ClaimPageRendition.objects.filter(claim_id__in=dropped)._raw_delete(connection.alias)
    # The pages of the claims the publish wrote first: they are the ones just published.
    written = {pk for kind, pk in documents if kind == Kind.CLAIM}
    claim_ids = sorted(dropped | written, key=lambda pk: (pk not in written, pk))
    if claim_ids:
        transaction.on_commit(
            lambda: claim_pages_changed.send(sender=ClaimPageRendition, claim_ids=claim_ids),
            robust=True,
        )


def answer(request: HttpRequest, page: StoredPage) -> HttpResponse:
    """The page's answer to ``request``: a 304 when the client's copy is current, else the
    page with the request's origin. Both with the page's validators."""
    validators = page.validators(request)
    response = not_modified(request, validators)
    if response is None:
        origin = request.build_absolute_uri("/").removesuffix("/")
        response = HttpResponse(page.html_for(origin))
    response["ETag"] = validators.etag
    response["Last-Modified"] = http_date(validators.last_modified_timestamp)
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


class StoredPageMiddleware:
    """Answers a plain GET of a stored claim page (see the module) before the layers below
    it run, with the headers they add to a page (``serving.layers.LayersHeaders``), as
    ``serving.document_answers.DocumentAnswerMiddleware`` does for the API's documents.
    Anything else, and any page not stored, goes on to the view, which reads the store the
    same way."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.layers = LayersHeaders()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = self._applies(request)
        if match is None:
            return self.get_response(request)
        page = stored_page(int(match["pk"]))
        # The view reads it too (web.views.claims.claim_detail): read once.
        request.stored_claim_page = page
        if page is None or page.slug != match["slug"]:
            return self.get_response(request)
        response = answer(request, page)
        if not self.layers.known(response.status_code):
            return self.layers.learn(self.get_response, request, response.status_code)
        return self.layers.add(response)

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
