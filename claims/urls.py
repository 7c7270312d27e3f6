from django.urls import path

from claims import views

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_redirect, name="claim-redirect"),
    path("claims/<int:pk>/embed/", views.claim_embed, name="claim-embed"),
    path("claims/<int:pk>/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("oembed", views.oembed, name="oembed"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
]
