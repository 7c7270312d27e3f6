"""A document as it would be published, without writing anything: the editor's preview.

It is rendered exactly as ``record.services`` would render it (``record.render``), around
the live documents; what a publish would give a first version with it (its speaker, its
sources, their outlets, when nothing public shows them yet) is shown from the working copy.
"""

from __future__ import annotations

from django.utils import timezone

from claims.models import Claim, Speaker
from record.content import SNAPSHOTS, iso_datetime
from record.models import Kind
from record.render import Neighbourhood, outlet_summary, render_claim, speaker_summary
from sources.models import Outlet, Source

WORKING = {Kind.SPEAKER: Speaker, Kind.SOURCE: Source, Kind.OUTLET: Outlet}


class _PreviewNeighbourhood(Neighbourhood):
    """The record around the document, and, for what a publish would first publish with it,
    the working copy's summary."""

    def summary(self, kind: str, pk: int | None) -> dict | None:
        found = super().summary(kind, pk)
        if found is not None or pk is None or kind not in WORKING:
            return found
        working = WORKING[kind].objects.filter(pk=pk).first()
        if working is None:
            return None
        content = SNAPSHOTS[kind](working)
        if kind == Kind.SPEAKER:
            return speaker_summary(pk, content)
        if kind == Kind.OUTLET:
            return outlet_summary(pk, content)
        return {
            "id": pk,
            "title": content["title"],
            "url": content["url"],
            "outlet": self.summary(Kind.OUTLET, content["outlet"]),
            "published_on": content["published_on"],
            "kind": content["kind"],
            "api_url": "",
            "page_url": "",
        }


def preview_claim(claim: Claim) -> tuple[dict, dict]:
    """The claim's body as its next version would have it, and its content (the verdict
    with its scale's ends). A few queries; writes nothing."""
    around = _PreviewNeighbourhood()
    head = around.head(Kind.CLAIM, claim.pk)
    now = iso_datetime(timezone.now())
    first = iso_datetime(head.first_published_at) if head is not None else now
    version = {
        "version": (head.version + 1) if head is not None else 1,
        "version_published_at": now,
        "first_published_at": first,
    }
    content = SNAPSHOTS[Kind.CLAIM](claim)
    return render_claim(claim.pk, content, around, version).body, content
