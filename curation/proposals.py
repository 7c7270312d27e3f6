"""Imports propose, editors decide: a ClaimReview whose claim is already public is
imported as a draft claim of its own, and the public claim gets a change submitted for
review that points at it (the import never changes what the public sees)."""

from django.urls import reverse
from django.utils import timezone

from curation.models import ChangeRequest
from record.models import Kind


def propose_matches(proposals: list[tuple[int, int]], *, by) -> int:
    """For each (imported draft claim id, public claim id), a note in the public claim's
    open change request. Returns how many were proposed."""
    for imported, public in proposals:
        url = reverse("admin:claims_claim_change", args=[imported])
        note = (
            f"A ClaimReview import reviews this claim: imported as draft claim {imported} "
            f"({url}). Move its verdict here and publish, or delete the draft."
        )
        request, created = ChangeRequest.objects.get_or_create(
            kind=Kind.CLAIM,
            object_id=public,
            resolved_at=None,
            defaults={"submitted_by": by, "submitted_at": timezone.now(), "note": note},
        )
        if not created:
            request.note = f"{request.note}\n{note}"[:10000]
            request.save(update_fields=["note"])
    return len(proposals)
