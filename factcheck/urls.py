from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from factcheck.views import healthz
from web.feeds import LatestClaimsFeed
from web.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("web.urls")),
    path("feeds/claims/", LatestClaimsFeed(), name="claim-feed"),
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
    path("healthz", healthz, name="healthz"),
]

handler404 = "factcheck.views.not_found"
handler500 = "factcheck.views.server_error"
