"""What the reader pages offer machines, in no language of its own: oEmbed answers for a
claim page in any of them (web.pages.claims.oembed_answer)."""

from django.urls import path

from web.views import claims

urlpatterns = [
    path("oembed", claims.oembed, name="oembed"),
]
