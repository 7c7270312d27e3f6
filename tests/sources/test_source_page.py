"""A source's page: where it was published, the claims it reports, its text as printed."""

import pytest

from sources.models import Source
from tests.factories import AppearanceFactory, EvidenceFactory, SourceFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db


def test_it_shows_the_source_and_every_claim_it_reports(client, seeded):
    source = Source.objects.get(url="https://tass.com/politics/948656")
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    document = parse(response)
    assert text_of(css(document, "h1")[0]) == "Lavrov comments on Raqqa developments"
    facts = text_of(css(document, ".claim__facts")[0])
    assert facts.startswith("Published by TASS")
    assert "Date 31 May 2017 Dateline MOSCOW" in facts
    assert css(document, 'a[href="https://tass.com/politics/948656"]')
    assert len(css(document, ".appearances > li")) == 7
    # The text as published, its defect included.
    assert "vrov rejected the statements" in text_of(css(document, ".full-text")[0])


def test_it_shows_the_archived_copy(client):
    appearance = AppearanceFactory(
        source__archive_url="https://archive.example/abc", source__archived_at="2017-06-01T10:00Z"
    )
    document = parse(client.get(appearance.source.get_absolute_url()))
    assert "Archived copy https://archive.example/abc (1 June 2017)" in text_of(document)


def test_a_source_of_no_public_claim_is_not_found(client, db):
    source = SourceFactory()
    assert client.get(source.get_absolute_url()).status_code == 404
    assert client.get("/sources/999999/").status_code == 404


@pytest.mark.parametrize("rows", [3, 50])
def test_it_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    source = SourceFactory()
    for _ in range(rows):
        AppearanceFactory(source=source)
        EvidenceFactory(source=source)
    with django_assert_num_queries(3):
        # 0. the public data version (ETag; a cache read when REDIS_URL is set)
        # 1. the source's document (the claims it reports in it) with its outlet's,
        # 2. the documents of the claims whose evidence cites it
        assert client.get(source.get_absolute_url()).status_code == 200
