"""``manage.py refresh_record``: after an upgrade, every live document says what the code now
renders, from its own published content; a document already current gets no version."""

import io
import json

import pytest
from django.core.management import call_command

from record.models import ClaimDocument, Event, Kind, Version

pytestmark = pytest.mark.django_db


def refresh() -> str:
    out = io.StringIO()
    call_command("refresh_record", stdout=out)
    return out.getvalue()


def test_a_current_record_gets_no_new_version(seeded):
    versions = Version.objects.count()
    assert "Wrote 0 new versions" in refresh()
    assert Version.objects.count() == versions


def test_a_document_stored_before_typed_links_is_brought_up_to_date(client, seeded_claims):
    c1 = seeded_claims["C1"]
    head = ClaimDocument.objects.get(pk=c1.pk)
    current = json.loads(head.body)
    # As a release before typed links stored it: denials only, no links, no independence,
    # appearances with a hand-set first tick.
    old = {k: v for k, v in current.items() if k not in ("links", "independence")}
    old["appearances"] = [
        {k: a[k] for k in ("source", "excerpt", "attribution", "is_first")}
        for a in current["appearances"]
    ]
    content = dict(head.content)
    content["denies"] = [link["claim"] for link in content.pop("links")]
    for item in content["appearances"]:
        item["is_first"] = True
        for key in ("relayed_from", "marked_first", "marked_first_reason", "excerpt_verified"):
            item.pop(key, None)
    ClaimDocument.objects.filter(pk=c1.pk).update(body=json.dumps(old), content=content)
    assert "links" not in client.get(f"/api/v1/claims/{c1.pk}/").json()

    before = Version.objects.count()
    said = refresh()
    # C1, and the source page that lists C1's report (its first-appearance tick was read
    # from the old content).
    assert f"Wrote {Version.objects.count() - before} new versions" in said
    assert Version.objects.count() > before

    body = client.get(f"/api/v1/claims/{c1.pk}/").json()
    assert {link["type"] for link in body["links"]} == {"denies", "confirms"}
    assert body["independence"]["independent_origins"] == 0
    latest = Version.objects.filter(kind=Kind.CLAIM, object_id=c1.pk).latest("number")
    assert latest.event == Event.UPDATED
    assert {"links", "independence"} <= set(latest.changes)
    assert "Wrote 0 new versions" in refresh()
