"""ORM expressions any app may use."""

from django.db import models
from django.db.models import F, Func, Subquery


def subquery_count(queryset) -> Subquery:
    """A correlated COUNT(*) subquery of ``queryset`` (already filtered on an ``OuterRef``):
    counts without joining, and multiplying, the outer rows."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=models.IntegerField(),
    )
