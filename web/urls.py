"""The reader pages, in every language (factcheck/urls.py puts them under i18n_patterns)."""

from django.urls import path

from web.views import claims, preview, sources

urlpatterns = [
    path("", claims.home, name="home"),
    path("claims/", claims.claim_list, name="claim-list"),
    path("claims/<int:pk>/", claims.claim_redirect, name="claim-redirect"),
    path("claims/<int:pk>/embed/", claims.claim_embed, name="claim-embed"),
    path("claims/<int:pk>/<slug:slug>/", claims.claim_detail, name="claim-detail"),
    path("speakers/<slug:slug>/", claims.speaker_detail, name="speaker-detail"),
    path("sources/<int:pk>/", sources.source_detail, name="source-detail"),
    # Staff only: a working claim's page as it would be published.
    path("preview/claims/<int:pk>/", preview.claim_preview, name="claim-preview"),
]
