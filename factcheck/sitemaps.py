"""The sitemap: every public page, through the same ``published()`` querysets as the pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims.models import Claim, Speaker
from sources.models import Source


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "claim-list"]

    def location(self, name):
        return reverse(name)


class ClaimSitemap(Sitemap):
    def items(self):
        return Claim.objects.published().order_by("pk").only("pk", "text", "updated_at")

    def lastmod(self, claim):
        return claim.updated_at


class SpeakerSitemap(Sitemap):
    def items(self):
        return Speaker.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, speaker):
        return speaker.updated_at


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.published().order_by("pk").only("pk", "updated_at")

    def lastmod(self, source):
        return source.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "claims": ClaimSitemap,
    "speakers": SpeakerSitemap,
    "sources": SourceSitemap,
}
