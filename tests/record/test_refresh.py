"""``manage.py refresh_record``: after an upgrade, every live document says what the code now
renders, from its own published content; a document already current gets no version."""

import io
import json

import pytest
from django.core.management import call_command

from record.models import ClaimDocument, Event, Kind, PublicDataVersion, Version
from tests.html import css, parse, text_of

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


def test_cards_stored_before_they_named_denials_are_brought_up_to_date_without_a_version(
    client, seeded_claims, django_capture_on_commit_callbacks
):
    c1, c2 = seeded_claims["C1"], seeded_claims["C2"]
    stored = {}
    for claim in (c1, c2):
        head = ClaimDocument.objects.get(pk=claim.pk)
        stored[claim.pk] = json.loads(head.card)
        # As a release before cards named denials stored it.
        old = {
            k: v for k, v in stored[claim.pk].items() if k not in ("denies", "denied_by_speakers")
        }
        ClaimDocument.objects.filter(pk=claim.pk).update(card=json.dumps(old))
    # Until then a list counts the denials it cannot name.
    card = css(parse(client.get("/claims/?disputed=true")), ".claim-card__denied")
    assert [text_of(c) for c in card] == ["Denied by 1 claim", "Denied by 1 claim"]
    versions = Version.objects.count()
    data_version = PublicDataVersion.objects.get().changed_at

    with django_capture_on_commit_callbacks(execute=True):
        said = refresh()

    # The documents did not change (their details, the change feed): no version. Their list
    # items say more, stored as rendered with the version they belong to.
    assert "Wrote 0 new versions" in said
    assert Version.objects.count() == versions
    for claim in (c1, c2):
        assert json.loads(ClaimDocument.objects.get(pk=claim.pk).card) == stored[claim.pk]
    # Lists read cards: the public data version moved, so no stored list keeps the old ones.
    assert PublicDataVersion.objects.get().changed_at > data_version
    card = css(parse(client.get("/claims/?disputed=true")), ".claim-card__denied")
    assert [text_of(c) for c in card] == [
        "Denied by the Syrian Democratic Forces",
        "Denied by Sergey Lavrov",
    ]
    assert "Wrote 0 new versions" in refresh()
