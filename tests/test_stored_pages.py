"""Claim pages stored as rendered (serving/renditions.py, web/claim_pages.py): a reader gets
the page an editor's publish made, in one query; every publish of a document the page shows
changes it at once, and no other publish touches it."""

from urllib.parse import quote

import pytest
from django.test import override_settings

from claims.models import Claim
from record.models import Kind
from record.services import claim_sync, document_publish, republish_if_public
from serving import renditions
from serving.models import ClaimPageDependency, ClaimPageRendition
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    withdraw,
)
from tests.html import css, parse

# Headers that differ between two answers for reasons of their own.
PER_RESPONSE = {"Date"}


@pytest.fixture
def publish(db, django_capture_on_commit_callbacks):
    """Runs a publish as an editor's request does: committed, then what follows the commit
    (the pages it changed rendered)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def claim(db, publish):
    claim = publish(ClaimFactory, text="The corridor was agreed with the Americans.")
    publish(AppearanceFactory, claim=claim)
    return claim


def headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in PER_RESPONSE}


def stored(claim: Claim, language: str = "en") -> ClaimPageRendition | None:
    return ClaimPageRendition.objects.filter(claim_id=claim.pk, language=language).first()


class TestServing:
    def test_the_first_request_stores_the_page_and_the_next_read_it_in_one_query(
        self, client, claim, django_assert_num_queries
    ):
        ClaimPageRendition.objects.all().delete()  # as after a bulk import
        first = client.get(claim.get_absolute_url())
        assert first.status_code == 200
        assert stored(claim) is not None
        with django_assert_num_queries(1):
            again = client.get(claim.get_absolute_url())
        assert again.content == first.content
        assert headers(again) == headers(first)

    def test_a_stored_page_is_the_page_the_view_gives(self, client, claim):
        client.get(claim.get_absolute_url())
        before_the_layers = client.get(claim.get_absolute_url())
        # A session cookie takes the request the whole way, to the view.
        client.cookies["sessionid"] = "not-a-session"
        through_the_view = client.get(claim.get_absolute_url())
        assert through_the_view.content == before_the_layers.content
        differ = {"Vary"}  # the view's way reads the session (the reader limit's staff check)
        assert {k: v for k, v in headers(through_the_view).items() if k not in differ} == {
            k: v for k, v in headers(before_the_layers).items() if k not in differ
        }

    def test_every_host_gets_its_own_origin_and_no_placeholder(self, client, claim, settings):
        settings.ALLOWED_HOSTS = ["claims.example.org", "testserver"]
        client.get(claim.get_absolute_url())
        for host, origin in [
            ("testserver", "http://testserver"),
            ("claims.example.org", "http://claims.example.org"),
        ]:
            page = client.get(claim.get_absolute_url(), HTTP_HOST=host)
            html = page.content.decode()
            assert "rendition.invalid" not in html
            canonical = css(parse(page), "link[rel=canonical]")[0].get("href")
            assert canonical == origin + claim.get_absolute_url()
            assert f'"url": "{origin}{claim.get_absolute_url()}"' in html  # the JSON-LD
            oembed = css(parse(page), "link[type='application/json+oembed']")[0].get("href")
            assert oembed.startswith("/oembed?url=" + quote(origin, safe=""))

    def test_a_refused_host_is_refused(self, client, claim):
        client.get(claim.get_absolute_url())
        assert client.get(claim.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400

    def test_a_current_copy_is_answered_304_in_one_query(
        self, client, claim, django_assert_num_queries
    ):
        first = client.get(claim.get_absolute_url())
        with django_assert_num_queries(1):
            unchanged = client.get(claim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304
        assert unchanged["ETag"] == first["ETag"]
        assert unchanged["Cache-Control"] == "public, no-cache"
        # Only the ETag decides: when a page was rendered says nothing of its content.
        assert "Last-Modified" not in first

    def test_a_page_rendered_again_the_same_keeps_its_etag(self, client, claim):
        first = client.get(claim.get_absolute_url())
        ClaimPageRendition.objects.all().delete()
        again = client.get(claim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304

    @pytest.mark.parametrize("pk", ["9223372036854775808", "100000000000000000000"])
    def test_an_id_too_large_for_the_database_is_not_found(self, client, claim, pk):
        assert client.get(f"/claims/{pk}/x/").status_code == 404

    def test_a_stale_address_redirects_to_the_page(self, client, claim):
        client.get(claim.get_absolute_url())
        response = client.get(f"/claims/{claim.pk}/an-older-wording/")
        assert response.status_code == 301
        assert response["Location"] == claim.get_absolute_url()

    def test_text_that_looks_like_the_placeholder_stays_as_typed(self, client, publish):
        text = "See https://0123456789abcdef.rendition.invalid for the corridor."
        claim = publish(ClaimFactory, text=text)
        client.get(claim.get_absolute_url())
        page = client.get(claim.get_absolute_url())
        assert text in page.content.decode()

    def test_a_claim_whose_words_are_a_reserved_address_has_a_page(self, client, publish):
        claim = publish(ClaimFactory, text="Embed")
        assert claim.get_absolute_url() == f"/claims/{claim.pk}/embed-claim/"
        assert b"Embed" in client.get(claim.get_absolute_url()).content

    def test_with_pages_not_stored_every_page_is_rendered(self, client, claim, settings):
        settings.STORE_CLAIM_PAGES = False
        ClaimPageRendition.objects.all().delete()
        assert client.get(claim.get_absolute_url()).status_code == 200
        assert b"agreed with the Americans" in client.get(claim.get_absolute_url()).content
        assert stored(claim) is None

    def test_another_release_renders_the_page_again(self, client, claim):
        old = stored(claim)
        with override_settings(RELEASE="next"):
            client.get(claim.get_absolute_url())
        assert "|next|" in stored(claim).release
        assert stored(claim).rendered_at > old.rendered_at


class TestPublishing:
    def test_a_publish_renders_the_page_before_anyone_asks(self, claim, publish):
        claim.text = "The corridor was agreed with the Kurds."
        claim.save()
        publish(claim_sync, claim)
        assert "agreed with the Kurds" in stored(claim).html

    def test_the_claims_correction_is_shown_at_once(self, client, claim, publish):
        etag = client.get(claim.get_absolute_url())["ETag"]
        claim.text = "The corridor was agreed with the Kurds."
        claim.save()
        publish(claim_sync, claim)
        page = client.get(claim.get_absolute_url(), follow=True, HTTP_IF_NONE_MATCH=etag)
        assert page.status_code == 200
        assert b"agreed with the Kurds" in page.content

    def test_a_new_denial_shows_on_the_denied_claims_page(self, client, claim, publish):
        client.get(claim.get_absolute_url())
        publish(ClaimLinkFactory, to_claim=claim, from_claim__text="No such agreement.")
        assert b"No such agreement." in client.get(claim.get_absolute_url()).content

    def test_a_claim_further_along_the_thread_shows_at_once(self, client, claim, publish):
        denial = publish(ClaimLinkFactory, to_claim=claim)
        client.get(claim.get_absolute_url())
        publish(ClaimLinkFactory, to_claim=denial.from_claim, from_claim__text="Far.")
        assert b"Far." in client.get(claim.get_absolute_url()).content

    def test_a_renamed_speaker_shows_at_once(self, client, claim, publish):
        client.get(claim.get_absolute_url())
        speaker = claim.speaker
        speaker.name = "Maria Zakharova"
        speaker.save()
        publish(republish_if_public, kind=Kind.SPEAKER, obj=speaker)
        assert b"Maria Zakharova" in client.get(claim.get_absolute_url()).content

    def test_a_corrected_source_and_outlet_show_at_once(self, client, claim, publish):
        client.get(claim.get_absolute_url())
        source = claim.appearances.get().source
        source.title = "Lavrov on Raqqa, corrected"
        source.save()
        publish(republish_if_public, kind=Kind.SOURCE, obj=source)
        outlet = source.outlet
        outlet.name = "TASS Russian News Agency"
        outlet.save()
        publish(document_publish, kind=Kind.OUTLET, obj=outlet)
        page = client.get(claim.get_absolute_url()).content
        assert b"Lavrov on Raqqa, corrected" in page
        assert b"TASS Russian News Agency" in page

    def test_evidence_added_shows_at_once(self, client, claim, publish):
        client.get(claim.get_absolute_url())
        publish(EvidenceFactory, claim=claim, source__title="Satellite images of the road")
        assert b"Satellite images of the road" in client.get(claim.get_absolute_url()).content

    def test_a_withdrawn_claim_is_gone_at_once(self, client, claim, publish):
        client.get(claim.get_absolute_url())
        publish(withdraw, claim, "Misattributed.")
        assert stored(claim) is None
        assert client.get(claim.get_absolute_url(), follow=True).status_code == 410

    def test_a_publish_elsewhere_leaves_the_page_and_its_validators(self, client, claim, publish):
        first = client.get(claim.get_absolute_url())
        rendered_at = stored(claim).rendered_at
        publish(ClaimFactory, text="Grain exports resumed through the port.")
        again = client.get(claim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert stored(claim).rendered_at == rendered_at

    @pytest.mark.parametrize(
        "elsewhere",
        [
            # Another claim by its speaker: the speaker's claim count moves, not its name.
            lambda claim: ClaimFactory(speaker=claim.speaker),
            # Another claim citing its source: the source's list of claims moves.
            lambda claim: AppearanceFactory(source=claim.appearances.get().source),
            # Another source of its outlet: the outlet's count of sources moves.
            lambda claim: AppearanceFactory(source__outlet=claim.appearances.get().source.outlet),
        ],
        ids=["speaker's other claim", "source's other claim", "outlet's other source"],
    )
    def test_a_publish_near_it_that_it_does_not_show_keeps_the_page(
        self, client, claim, publish, elsewhere
    ):
        first = client.get(claim.get_absolute_url())
        rendered_at = stored(claim).rendered_at
        publish(elsewhere, claim)
        assert stored(claim).rendered_at == rendered_at
        again = client.get(claim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304

    def test_a_publish_of_a_thousand_documents_drops_their_pages(self, client, claim):
        # One lookup per kind and per 500 documents: SQLite refuses an expression of a
        # thousand terms.
        from record.signals import versions_written

        client.get(claim.get_absolute_url())
        documents = {(Kind.CLAIM, pk): None for pk in range(10_000, 11_200)}
        documents[(Kind.SPEAKER, claim.speaker_id)] = frozenset({"name"})
        versions_written.send(sender=None, documents=documents)
        assert stored(claim) is None

    def test_the_page_knows_what_it_shows(self, claim, publish):
        denial = publish(ClaimLinkFactory, to_claim=claim)
        evidence = publish(EvidenceFactory, claim=claim)
        shows = set(
            ClaimPageDependency.objects.filter(claim_id=claim.pk).values_list(
                "kind", "document_id"
            )
        )
        source = claim.appearances.get().source
        assert {
            (Kind.CLAIM, claim.pk),
            (Kind.CLAIM, denial.from_claim_id),
            (Kind.SPEAKER, claim.speaker_id),
            (Kind.SOURCE, source.pk),
            (Kind.OUTLET, source.outlet_id),
            (Kind.SOURCE, evidence.source_id),
        } <= shows


class TestRaces:
    """A page rendered while a publish commits is not stored if it may be older than the
    record; it is served all the same."""

    def test_a_page_rendered_before_a_version_of_what_it_shows_is_not_stored(self, claim, publish):
        since = renditions.last_version()
        claim.text = "The corridor was agreed with the Kurds."
        claim.save()
        publish(claim_sync, claim)  # commits while the page "renders"
        ClaimPageRendition.objects.all().delete()
        page = renditions.store(
            claim_id=claim.pk,
            language="en",
            slug="old",
            html="<p>agreed with the Americans</p>",
            origin=renditions.placeholder_origin(),
            shows={(Kind.CLAIM, claim.pk)},
            since=since,
        )
        assert page.html == "<p>agreed with the Americans</p>"
        assert stored(claim) is None

    def test_a_version_of_something_else_does_not_stop_it(self, claim, publish):
        since = renditions.last_version()
        publish(ClaimFactory)
        renditions.store(
            claim_id=claim.pk,
            language="en",
            slug="s",
            html="<p>page</p>",
            origin=renditions.placeholder_origin(),
            shows={(Kind.CLAIM, claim.pk)},
            since=since,
        )
        assert stored(claim).html == "<p>page</p>"


def test_the_middleware_leaves_other_requests_to_the_view(client, claim):
    client.get(claim.get_absolute_url())
    assert client.head(claim.get_absolute_url()).status_code == 200
    page = client.get(claim.get_absolute_url() + "?utm_source=feed")
    assert b"agreed with the Americans" in page.content
    assert client.get(f"/claims/{claim.pk}/embed/").status_code == 200
    assert client.get(f"/claims/{claim.pk}/x/%0A").status_code == 404


def test_the_command_renders_the_missing_pages(claim, publish):
    import io

    from django.core.management import call_command

    other = publish(ClaimFactory)
    withdrawn = publish(ClaimFactory)
    publish(withdraw, withdrawn, "Misattributed.")
    ClaimPageRendition.objects.all().delete()  # as after a bulk import
    call_command("render_claim_pages", "--limit", "1", stdout=io.StringIO())
    assert ClaimPageRendition.objects.count() == 1
    call_command("render_claim_pages", stdout=io.StringIO())
    assert set(ClaimPageRendition.objects.values_list("claim_id", flat=True)) == {
        claim.pk,
        other.pk,
    }


def test_a_template_changed_without_a_new_release_renders_the_pages_again(tmp_path, settings):
    # A deploy that forgot RELEASE, or a template edited in place, still names the pages
    # stored before it as another release's.
    template = tmp_path / "templates" / "claims" / "claim_detail.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>before</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    renditions._code_fingerprint.cache_clear()
    try:
        before = renditions.release()
        template.write_text("<p>after</p>")
        renditions._code_fingerprint.cache_clear()
        assert renditions.release() != before
    finally:
        renditions._code_fingerprint.cache_clear()
