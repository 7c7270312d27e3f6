from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views
from api.changes import ChangeFeedView
from api.releases import ReleaseDetailView, ReleaseFileView, ReleaseListView

app_name = "api"

router = SimpleRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("sources", views.SourceViewSet, basename="source")
router.register("outlets", views.OutletViewSet, basename="outlet")

urlpatterns = [
    path("", views.ApiIndexView.as_view(), name="index"),
    path("claimreviews/", views.ClaimReviewFeedView.as_view(), name="claimreview-feed"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("releases/", ReleaseListView.as_view(), name="release-list"),
    path("releases/<str:name>/", ReleaseDetailView.as_view(), name="release-detail"),
    path("releases/<str:name>/<str:filename>", ReleaseFileView.as_view(), name="release-file"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from ?script= rather than inline,
    # and the template keeps its styles in a file: the reference needs no CSP exception.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/reference.html"
        ),
        name="docs",
    ),
    *router.urls,
    # Last: every other path (any character, newlines too), a JSON 404.
    re_path(r"^(?P<path>(?s:.*))$", views.unknown_address, name="unknown"),
]
