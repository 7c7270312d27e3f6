"""The sitemap: every public page, through the same ``published()`` querysets as the pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from claims.models import Claim, Speaker
from sources.models import Source


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "claim-list"]

    def location(self, name):
        return reverse(name)


class ModelSitemap(Sitemap):
    """A section of public rows; the index shows when it last changed."""

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest; one aggregate instead.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ClaimSitemap(ModelSitemap):
    def items(self):
        # The address (get_absolute_url) is made of the text and the status.
        return Claim.objects.published().order_by("pk").only("pk", "text", "status", "updated_at")


class SpeakerSitemap(ModelSitemap):
    def items(self):
        return Speaker.objects.published().order_by("pk").only("pk", "slug", "updated_at")


class SourceSitemap(ModelSitemap):
    def items(self):
        return Source.objects.published().order_by("pk").only("pk", "updated_at")


SITEMAPS = {
    "pages": PageSitemap,
    "claims": ClaimSitemap,
    "speakers": SpeakerSitemap,
    "sources": SourceSitemap,
}
