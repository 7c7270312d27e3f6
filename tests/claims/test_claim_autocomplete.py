"""Picking a claim in the admin (a link, evidence, an appearance, a review) and searching the
claim list: the most relevant claims first, not the newest, on both databases."""

import datetime

import pytest
from django.db import connection

from claims.models import Claim, Speaker
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"
# Every autocomplete that picks a claim, as the lookup names it (model holding the field).
CLAIM_FIELDS = [
    ("claimlink", "to_claim"),
    ("claimlink", "from_claim"),
    ("evidence", "backing_claim"),
    ("appearance", "claim"),
    ("review", "claim"),
]


@pytest.fixture
def look_alikes(seeded_claims):
    """Three claims newer than C1 that use both of "agreement Raqqa", in passing."""
    speaker = {s.slug: s for s in Speaker.objects.all()}
    texts = [
        (
            "syrian-democratic-forces",
            datetime.date(2017, 6, 14),
            "Tribal elders said the SDF had offered them an agreement to share power once "
            "the fighting in Raqqa was over.",
        ),
        (
            "us-command",
            datetime.date(2018, 1, 9),
            "The coalition was not a party to any agreement under which militants left the "
            "city of Raqqa in October.",
        ),
        (
            "sergey-lavrov",
            datetime.date(2019, 4, 22),
            "Russia will honour every agreement it signed, and the future of Raqqa must be "
            "decided by the Syrians themselves.",
        ),
    ]
    return [
        ClaimFactory(draft=True, speaker=speaker[slug], stated_on=on, text=text)
        for slug, on, text in texts
    ]


def pick(client, term, model_name="claimlink", field_name="to_claim"):
    response = client.get(
        AUTOCOMPLETE,
        {"term": term, "app_label": "claims", "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [int(result["id"]) for result in response.json()["results"]]


@pytest.mark.parametrize(("model_name", "field_name"), CLAIM_FIELDS)
def test_agreement_raqqa_finds_c1_first(
    contributor_client, seeded_claims, look_alikes, model_name, field_name
):
    c1, c2 = seeded_claims["C1"], seeded_claims["C2"]
    # Newest first, as it was: C1 came fourth, behind the three newer claims.
    matching = {c1.pk, c2.pk, *(claim.pk for claim in look_alikes)}
    newest_first = list(
        Claim.objects.filter(pk__in=matching).order_by("-stated_on").values_list("pk", flat=True)
    )
    assert newest_first.index(c1.pk) == 3
    found = pick(contributor_client, "agreement Raqqa", model_name, field_name)
    assert found[0] == c1.pk
    assert set(found) == matching


def test_a_claim_holding_the_words_comes_before_those_found_by_their_source(
    contributor_client, seeded_claims
):
    # Every claim TASS reported is found: its title is "Lavrov comments on Raqqa
    # developments". C3 holds both words itself (its text, and its excerpt's "Lavrov said").
    found = pick(contributor_client, "Raqqa Lavrov")
    assert set(found) == {claim.pk for claim in seeded_claims.values()}
    assert found[0] == seeded_claims["C3"].pk


def test_the_words_together_come_first(contributor_client, seeded):
    apart = ClaimFactory(draft=True, text="The pause was humanitarian in name only.")
    together = ClaimFactory(
        draft=True, stated_on=datetime.date(2010, 1, 1), text="A humanitarian pause begins."
    )
    assert pick(contributor_client, "humanitarian pause") == [together.pk, apart.pk]


def test_the_claim_list_search_ranks_too_until_a_column_is_chosen(
    contributor_client, seeded_claims, look_alikes
):
    c1 = seeded_claims["C1"]
    page = contributor_client.get("/admin/claims/claim/", {"q": "agreement Raqqa"})
    rows = page.context["cl"].result_list
    assert rows[0] == c1
    assert len(rows) == 5
    # Sorting by "stated" (the third column), newest first: the curator's order.
    page = contributor_client.get("/admin/claims/claim/", {"q": "agreement Raqqa", "o": "-3"})
    rows = list(page.context["cl"].result_list)
    assert (rows[0], rows[-1]) == (look_alikes[-1], seeded_claims["C2"])


def test_a_pick_costs_the_same_however_many_claims_match(
    contributor_client, seeded_claims, look_alikes, django_assert_num_queries
):
    def queries():
        with django_assert_num_queries(PICK_QUERIES) as counted:
            found = pick(contributor_client, "agreement Raqqa")
        assert found[0] == seeded_claims["C1"].pk
        return len(counted)

    queries()
    # Sixty more claims with both words, reported by sources.
    sdf = Speaker.objects.get(slug="syrian-democratic-forces")
    for n in range(60):
        claim = ClaimFactory(
            draft=True,
            speaker=sdf,
            text=f"Statement {n}: an agreement is possible, but not about the city of Raqqa.",
        )
        AppearanceFactory(claim=claim)
    queries()


# The session, the user and their permissions (2); the count for the pagination and the
# page (on PostgreSQL, the matching ids are read first: ClaimQuerySet.search).
PICK_QUERIES = 4 + 2 + (connection.vendor == "postgresql")
