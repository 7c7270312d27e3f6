"""Reader pages read the published record only (record.queries): editing the working copy
changes no public page, byte for byte, until an editor publishes; then the pages show it."""

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker
from record.services import document_publish
from sources.models import Source
from tests.factories import withdraw
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db


def surfaces(claims) -> list[str]:
    """Every reader surface that shows C1, its speaker or its source."""
    c1 = claims["C1"]
    tass = Source.objects.get(url="https://tass.com/politics/948656")
    page = c1.get_absolute_url()
    return [
        reverse("home"),
        reverse("claim-list"),
        reverse("claim-list") + "?q=safe+southern+corridor",
        reverse("claim-list") + "?speaker=Sergei+Lavrov",
        reverse("claim-list") + "?disputed=true&tag=islamic-state",
        page,
        claims["C2"].get_absolute_url(),  # C1 in its thread
        claims["C3"].get_absolute_url(),  # C1 in its evidence
        reverse("claim-redirect", args=[c1.pk]),
        reverse("claim-embed", args=[c1.pk]),
        reverse("oembed") + f"?url=http://testserver{page}",
        "/speakers/sergey-lavrov/",
        f"/speakers/{c1.speaker.slug}/",
        "/speakers/russian-ministry-of-defence/",
        tass.get_absolute_url(),
        reverse("claim-feed"),
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/sitemap-speakers.xml",
        "/sitemap-sources.xml",
    ]


def answers(client, urls) -> dict[str, tuple[int, bytes]]:
    result = {}
    for url in urls:
        response = client.get(url)
        result[url] = (response.status_code, response.content)
    return result


def test_editing_a_published_claims_working_copy_changes_no_page(client, seeded_claims):
    urls = surfaces(seeded_claims)
    before = answers(client, urls)
    c1 = seeded_claims["C1"]
    Claim.objects.filter(pk=c1.pk).update(text="Rewritten with update() only.")
    c1.refresh_from_db()
    c1.text = "Rewritten in the working copy, saved, not published."
    c1.stated_on_precision = "year"
    c1.save()
    c1.appearances.update(excerpt="An excerpt nobody published.")
    assert answers(client, urls) == before
    # Search reads the record's columns: the new words find nothing, the old ones C1.
    listing = parse(client.get(reverse("claim-list"), {"q": "nobody published"}))
    assert "No published claim matches." in text_of(listing)


def test_renaming_a_public_speaker_or_moving_a_source_in_the_working_copy_changes_no_page(
    client, seeded_claims
):
    urls = surfaces(seeded_claims)
    before = answers(client, urls)
    lavrov = Speaker.objects.get(slug="sergey-lavrov")
    lavrov.name = "Somebody Else"
    lavrov.save()
    lavrov.aliases.all().delete()
    Speaker.objects.filter(slug="russian-ministry-of-defence").update(name="Renamed ministry")
    Source.objects.filter(url="https://tass.com/politics/948656").update(
        url="https://evil.example/fake", title="A forged title"
    )
    assert answers(client, urls) == before
    # The speaker filter reads the published names and aliases too.
    assert client.get(reverse("claim-list"), {"speaker": "Somebody Else"}).status_code == 400


def test_after_an_editor_publishes_the_pages_show_the_new_text(client, seeded_claims):
    c1 = seeded_claims["C1"]
    old_url = c1.get_absolute_url()
    c1.text = "A corridor was agreed, the zeppelin pilot said."
    c1.save()
    assert client.get(old_url).status_code == 200  # still the published words
    document_publish(kind="claim", obj=c1)
    # The slug follows the published text: the old address redirects to the new one.
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == c1.get_absolute_url()
    page = parse(client.get(c1.get_absolute_url()))
    assert text_of(css(page, "h1")[0]) == "A corridor was agreed, the zeppelin pilot said."
    listing = parse(client.get(reverse("claim-list"), {"q": "zeppelin pilot"}))
    assert [text_of(h) for h in css(listing, ".claim-card__text")] == [c1.text]
    assert (
        b"A corridor was agreed, the zeppelin pilot said." in client.get("/feeds/claims/").content
    )
    # C2's thread shows C1's published words.
    assert c1.text in text_of(parse(client.get(seeded_claims["C2"].get_absolute_url())))


def test_a_speaker_published_again_shows_its_new_name_on_every_claim(client, seeded_claims):
    lavrov = Speaker.objects.get(slug="sergey-lavrov")
    lavrov.name = "Sergey V. Lavrov"
    lavrov.save()
    document_publish(kind="speaker", obj=lavrov)
    page = parse(client.get(seeded_claims["C3"].get_absolute_url()))
    assert text_of(css(page, ".claim__who")[0]).startswith("Sergey V. Lavrov")
    assert "Sergey V. Lavrov" in text_of(parse(client.get("/speakers/sergey-lavrov/")))
    assert (
        len(
            css(
                parse(client.get(reverse("claim-list"), {"speaker": "Sergey V. Lavrov"})),
                ".claim-card",
            )
        )
        == 3
    )


def test_withdrawing_a_claim_in_the_middle_of_a_thread_splits_it(client, seeded_claims):
    withdraw(seeded_claims["C2"], "Attributed to the wrong speaker.")
    c1 = parse(client.get(seeded_claims["C1"].get_absolute_url()))
    # No denial is left; C3's confirmation of C1 still is.
    assert not css(c1, ".claim__disputed")
    assert [text_of(step) for step in css(c1, ".thread-step__who")] == [
        "Claim A source in the Russian Defence Ministry · 27 May 2017 (this claim)",
        "Confirmed by Sergey Lavrov, Russian Foreign Minister · 31 May 2017",
    ]
    c3 = parse(client.get(seeded_claims["C3"].get_absolute_url()))
    answers = text_of(css(c3, ".claim__answers")[0])
    assert "Denies" not in answers
    assert answers.startswith("Confirms the claim by a source in the Russian Defence Ministry")
    assert client.get(seeded_claims["C2"].get_absolute_url(), follow=True).status_code == 410


@pytest.mark.parametrize("rows", [3, 30])
def test_a_long_thread_is_read_in_one_query(client, rows, django_assert_num_queries, settings):
    from tests.factories import ClaimFactory, ClaimLinkFactory

    # What rendering the page reads (storing it: tests/test_stored_pages.py).
    settings.STORE_CLAIM_PAGES = False
    root = ClaimFactory()
    denied = root
    for _ in range(rows):
        denied = ClaimLinkFactory(to_claim=denied).from_claim
    # A cycle: the root denies the last denial; the walk still ends.
    ClaimLinkFactory(from_claim=root, to_claim=denied)
    with django_assert_num_queries(3):
        # 1. the claim's document, 2. the thread's documents (no source is shown, so no
        # source cards are read), 3. the claim's versions
        response = client.get(root.get_absolute_url())
    assert len(css(parse(response), ".thread-step")) == rows + 2  # the root shown twice
