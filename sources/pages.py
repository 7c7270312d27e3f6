"""What a source page shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from claims.models import Appearance, Evidence
from sources.models import Source


@dataclass
class SourcePage:
    source: Source
    appearances: list[Appearance]
    evidence: list[Evidence]


def source_page(pk: int) -> SourcePage:
    # Queries: the source with its outlet; the published claims it reports, with speakers;
    # the published evidence it backs, with the claims it bears on.
    source = Source.objects.published().select_related("outlet").get(pk=pk)
    return SourcePage(
        source=source,
        appearances=list(
            Appearance.objects.published()
            .filter(source=source)
            .select_related("claim__speaker")
            .order_by("claim__stated_on", "claim_id")
        ),
        evidence=list(
            Evidence.objects.published()
            .filter(source=source)
            .select_related("claim__speaker", "backing_claim__speaker")
            .order_by("claim__stated_on", "id")
        ),
    )
