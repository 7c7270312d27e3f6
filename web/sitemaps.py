"""The sitemap: every public page, from the published record's live documents, as the pages
read them."""

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.urls import reverse
from django.utils.functional import cached_property

from claims.models.claim import claim_slug
from record import queries


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "claim-list"]

    def location(self, name):
        return reverse(name)


class KeyRangePaginator:
    """Page n holds the rows whose primary key is in ((n - 1) * per_page, n * per_page].

    Django's paginator counts every row to number the pages and skips to a page with OFFSET;
    over a million published claims (or sources, whose publication is an EXISTS per row)
    both read the whole table. Ranges of keys need neither: the number of pages is the
    highest published key over ``per_page`` (one index probe), and a page is one range scan.
    A page may hold fewer than ``per_page`` rows (the keys of unpublished rows are gaps), and
    a page stays where it is when rows are published or withdrawn elsewhere."""

    def __init__(self, queryset, per_page: int):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self) -> int:
        last = self.queryset.order_by("-pk").values_list("pk", flat=True).first()
        # Like Django's paginator, an empty section still has its (empty) first page.
        return max(1, math.ceil((last or 0) / self.per_page))

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        # The first page always exists: no query to know it.
        if number > 1 and number > self.num_pages:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        after = (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gt=after, pk__lte=after + self.per_page)
        return Page(rows, number, self)


class ModelSitemap(Sitemap):
    """A section of public rows, in primary key order; the index shows when it last
    changed."""

    # Smaller pages than the protocol's 50,000: each is built in a fraction of the time
    # (a claim's address is made in Python) and weighs about 1.5 MB, not 7.5 MB.
    limit = 10_000
    # When a document last changed: its current version's time.
    lastmod_field = "version_published_at"

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def lastmod(self, obj):
        return getattr(obj, self.lastmod_field)

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest. The newest first, stopping
        # at the first live one (an index scan where the field is indexed), instead.
        field = self.lastmod_field
        newest = self.items().order_by(f"-{field}").values_list(field, flat=True)
        return newest.first()


class ClaimSitemap(ModelSitemap):
    # Indexed for live claim documents (record_claim_upd).
    lastmod_field = "updated_at"

    def items(self):
        return queries.live_claims().order_by("pk").only("pk", "text", "updated_at")

    def location(self, obj):
        return reverse("claim-detail", kwargs={"pk": obj.pk, "slug": claim_slug(obj.text)})


class SpeakerSitemap(ModelSitemap):
    def items(self):
        return queries.live_speakers().order_by("pk").only("pk", "slug", "version_published_at")

    def location(self, obj):
        return reverse("speaker-detail", kwargs={"slug": obj.slug})


class SourceSitemap(ModelSitemap):
    def items(self):
        # Sources cited only as evidence are reached from the claim pages that show them.
        return queries.reported_sources().order_by("pk").only("pk", "version_published_at")

    def location(self, obj):
        return reverse("source-detail", kwargs={"pk": obj.pk})


SITEMAPS = {
    "pages": PageSitemap,
    "claims": ClaimSitemap,
    "speakers": SpeakerSitemap,
    "sources": SourceSitemap,
}
