"""Change lists stay fast: their query count does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AppearanceFactory, ClaimLinkFactory, EvidenceFactory, ReviewFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/claims/claim/",
    "/admin/claims/claim/?disputed=yes",
    "/admin/claims/claim/?q=corridor",
    "/admin/claims/speaker/",
    "/admin/claims/review/",
    "/admin/claims/claimlink/",
    "/admin/claims/evidence/",
    "/admin/claims/appearance/",
    "/admin/sources/source/",
    "/admin/sources/outlet/",
]


def add_rows(count):
    for _ in range(count):
        denial = ClaimLinkFactory()
        EvidenceFactory(claim=denial.to_claim, backing_claim=denial.from_claim)
        AppearanceFactory(claim=denial.to_claim)
        ReviewFactory(claim=denial.from_claim)


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", LISTS)
def test_the_query_count_does_not_grow_with_rows(editor_client, url):
    add_rows(3)
    few = queries(editor_client, url)
    add_rows(47)
    assert queries(editor_client, url) == few


def test_the_claim_list_shows_counts_and_filters(editor_client):
    denial = ClaimLinkFactory()
    EvidenceFactory(claim=denial.to_claim)
    ReviewFactory(claim=denial.to_claim)
    response = editor_client.get("/admin/claims/claim/", {"disputed": "yes"})
    body = response.content.decode()
    assert denial.to_claim.text[:40] in body
    assert denial.from_claim.text[:40] not in body
    for label in ("By status", "By disputed", "By verdict", "By kind"):
        assert label in body


def test_lists_link_to_what_refers_to_their_rows(editor_client):
    appearance = AppearanceFactory()
    speaker = appearance.claim.speaker
    speakers = editor_client.get("/admin/claims/speaker/").content.decode()
    claims_of_speaker = f"/admin/claims/claim/?speaker__id__exact={speaker.pk}"
    assert claims_of_speaker in speakers.replace("&amp;", "&")
    listed = editor_client.get(claims_of_speaker)
    assert listed.status_code == 200
    assert appearance.claim.text[:40] in listed.content.decode()

    sources = editor_client.get("/admin/sources/source/").content.decode()
    claims_in_source = (
        f"/admin/claims/claim/?appearances__source__id__exact={appearance.source_id}"
    )
    assert claims_in_source in sources
    assert appearance.claim.text[:40] in editor_client.get(claims_in_source).content.decode()

    outlets = editor_client.get("/admin/sources/outlet/").content.decode()
    assert f"/admin/sources/source/?outlet__id__exact={appearance.source.outlet_id}" in outlets
