from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from claims.models import Rating, Review
from core.admin.widgets import can_be_id


class RatingFilter(admin.SimpleListFilter):
    """By verdict: each rating with its scale, read in one query."""

    title = _("verdict")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        ratings = Rating.objects.select_related("scale").order_by("scale__name", "position")
        return [(str(r.pk), f"{r.name} ({r.scale.name})") for r in ratings]

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and can_be_id(Rating._meta.pk, value)):
            return queryset
        if queryset.model is Review:
            return queryset.filter(rating_id=value)
        reviewed = Review.objects.filter(claim=OuterRef("pk"), rating_id=value)
        return queryset.filter(Exists(reviewed))
