from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from factcheck.views import healthz
from web.feeds import LatestClaimsFeed
from web.sitemaps import SITEMAPS

# Language-neutral addresses: data for machines, the admin (whose language follows its
# user: factcheck/locale.py), and Django's set_language, which the admin's menu posts to.
urlpatterns = [
    path("", include("web.urls_neutral")),
    # An index of per-section sitemaps, each in pages of 10,000 keys, so it scales.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

# The reader pages and the Atom feed, in every language of LANGUAGES: English at the
# addresses it always had, the others under their code (/ru/claims/…; docs/pages.md,
# "Languages").
urlpatterns += i18n_patterns(
    path("", include("web.urls")),
    path("feeds/claims/", LatestClaimsFeed(), name="claim-feed"),
    prefix_default_language=False,
)

handler404 = "factcheck.views.not_found"
handler500 = "factcheck.views.server_error"
