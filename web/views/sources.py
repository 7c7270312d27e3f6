"""The source page: parse, call web.pages.sources, render."""

from django.http import Http404
from django.shortcuts import render

from record import queries
from serving.answer_cache import public_page
from web.pages.sources import NotFound, source_page


@public_page
def source_detail(request, pk):
    try:
        page = source_page(pk)
    except NotFound:
        if withdrawn := queries.withdrawn_source(pk):
            # Public once: its address says when and why it went.
            context = {"what": "source", "withdrawn": withdrawn}
            return render(request, "withdrawn.html", context, status=410)
        raise Http404("No such source.") from None
    return render(request, "sources/source_detail.html", {"page": page})
