"""The seed dispute under the rules of "Disputes as evidence": every expected value of the
table in docs/domain.md ("What the seed must show under these rules"), as partners read it
in the API and readers on the claim pages."""

import re

import pytest

from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

TASS_URL = "https://tass.com/politics/948656"


def api(client, claim) -> dict:
    response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    return response.json()


def page_text(client, claim) -> str:
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return re.sub(r"\s+", " ", text_of(parse(response)))


def links(body) -> set[tuple[str, str, int]]:
    return {(link["direction"], link["type"], link["claim"]["id"]) for link in body["links"]}


def test_the_links_have_the_types_of_the_table(client, seeded_claims):
    c = seeded_claims
    assert links(api(client, c["C1"])) == {
        ("in", "denies", c["C2"].pk),
        ("in", "confirms", c["C3"].pk),
    }
    assert links(api(client, c["C2"])) == {
        ("out", "denies", c["C1"].pk),
        ("in", "denies", c["C3"].pk),
    }
    assert links(api(client, c["C3"])) == {
        ("out", "confirms", c["C1"].pk),
        ("out", "denies", c["C2"].pk),
    }
    # The contract's denial lists keep their meaning: a confirmation is not a denial.
    c1 = api(client, c["C1"])
    assert [claim["id"] for claim in c1["denied_by"]] == [c["C2"].pk]
    assert c1["denial_count"] == 1


def test_both_ministries_belong_to_the_government(client, seeded):
    for slug in ("russian-ministry-of-defence", "russian-ministry-of-foreign-affairs"):
        body = client.get(f"/api/v1/speakers/{slug}/").json()
        assert body["affiliation"]["name"] == "Government of the Russian Federation"


def test_c1_is_corroborated_only_by_the_claimants_own_side(client, seeded_claims):
    independence = api(client, seeded_claims["C1"])["independence"]
    assert independence["corroborations"] == 3
    assert independence["from_claimant_side"] == 3
    assert independence["independent_origins"] == 0
    assert independence["claimant_side"]["name"] == "Government of the Russian Federation"
    assert (
        "3 corroborations, all from the Government of the Russian Federation, the claimant's "
        "side; none independent" in page_text(client, seeded_claims["C1"])
    )


def test_c2_is_bounded_between_27_and_31_may(client, seeded_claims):
    body = api(client, seeded_claims["C2"])
    assert body["stated_on_precision"] == "month"
    assert body["stated_not_before"] == "2017-05-27"
    assert body["stated_not_after"] == "2017-05-31"
    assert body["stated_on_display"] == "between 27 and 31 May 2017"
    assert body["stated_on_edtf"] == "2017-05-27/2017-05-31"
    assert "between 27 and 31 May 2017" in page_text(client, seeded_claims["C2"])
    # Where another claim's page shows it, too.
    c1 = api(client, seeded_claims["C1"])
    assert c1["denied_by"][0]["stated_on_display"] == "between 27 and 31 May 2017"


def test_c6_has_only_an_upper_bound(client, seeded_claims):
    body = api(client, seeded_claims["C6"])
    assert body["stated_on"] is None
    assert body["stated_not_before"] is None
    assert body["stated_not_after"] == "2017-05-31"
    assert body["stated_on_display"] == "on or before 31 May 2017"
    assert body["stated_on_edtf"] == "../2017-05-31"


def test_every_seed_claim_first_appeared_in_the_tass_article(client, seeded_claims):
    for key, claim in seeded_claims.items():
        appearances = api(client, claim)["appearances"]
        first = [a for a in appearances if a["is_first"]]
        assert [a["source"]["url"] for a in first] == [TASS_URL], key
        assert first[0]["first_reason"] == "", key  # worked out from the dates, not marked


def test_every_seed_excerpt_is_located_in_the_tass_text(client, seeded_claims):
    for key, claim in seeded_claims.items():
        body = api(client, claim)
        assert all(a["excerpt_verified"] is True for a in body["appearances"]), key
        assert all(e["excerpt_verified"] is True for e in body["evidence"]), key
    assert "verified against the stored text" in page_text(client, seeded_claims["C1"])


def test_c1_summary_says_who_denied_and_who_rejected_the_denial(client, seeded_claims):
    text = page_text(client, seeded_claims["C1"])
    assert "Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial." in text
    assert "Confirmed by Sergey Lavrov" in text
