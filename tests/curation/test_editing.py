"""Editing something public changes only the working copy; an editor's publish is the one
step that changes what readers and partners see (docs/architecture.md)."""

import json

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Appearance, Claim, PublicationStatus
from curation.models import ChangeRequest
from record.models import ClaimDocument, Version
from tests.admin_forms import form_data, inline_row
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def api(client, claim) -> bytes:
    response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    return response.content


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def record_panel(response) -> str:
    document = lxml.html.fromstring(response.content.decode())
    [panel] = document.cssselect(".record-status")
    return " ".join(panel.text_content().split())


def submit_buttons(response) -> set[str]:
    document = lxml.html.fromstring(response.content.decode())
    return {button.get("name") for button in document.cssselect("input[type=submit]")}


class TestAContributorOnAPublishedClaim:
    def test_edits_the_working_copy_and_the_public_sees_no_change(
        self, client, contributor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        before = api(client, c1)
        page = contributor_client.get(change_url(c1))
        assert page.status_code == 200
        data = form_data(page, "claim_form")
        data["text"] = ["Agreement had been reached (a contributor's typo fix)."]
        answer = contributor_client.post(change_url(c1), data)
        assert answer.status_code == 302
        assert Claim.objects.get(pk=c1.pk).text.endswith("typo fix).")
        assert api(client, c1) == before
        panel = record_panel(contributor_client.get(change_url(c1)))
        assert "1 unpublished change" in panel
        assert "typo fix" in panel

    def test_adds_a_second_appearance_and_submits_it_for_review(
        self, client, contributor_client, editor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        before = api(client, c1)
        sputnik = SourceFactory(
            title="Sputnik: corridor from Raqqa", url="https://sputnik.example/1"
        )
        data = form_data(contributor_client.get(change_url(c1)), "claim_form")
        inline_row(
            data,
            "appearances",
            source=sputnik.pk,
            excerpt="A safe corridor was agreed, a Defence Ministry source said.",
        )
        data["change_note"] = ["Sputnik carried it too."]
        data["_submit_changes"] = ["Save and submit changes for review"]
        answer = contributor_client.post(change_url(c1), data)
        assert answer.status_code == 302, answer.content.decode()[:2000]
        assert Appearance.objects.filter(claim=c1).count() == 2
        assert api(client, c1) == before  # submitted, not published
        request = ChangeRequest.objects.open().get(object_id=c1.pk)
        assert request.note == "carla: Sputnik carried it too."

        # The editor sees the diff and the button, and publishes.
        page = editor_client.get(change_url(c1))
        assert "Sputnik: corridor from Raqqa" in record_panel(page)
        assert "_publish" in submit_buttons(page)
        data = form_data(page, "claim_form")
        data["_publish"] = ["Save and publish changes"]
        assert editor_client.post(change_url(c1), data).status_code == 302
        published = json.loads(api(client, c1))
        assert [a["source"]["title"] for a in published["appearances"]] == [
            "Lavrov comments on Raqqa developments",
            "Sputnik: corridor from Raqqa",
        ]
        assert published["version"] == 2
        assert not ChangeRequest.objects.open().exists()
        version = Version.objects.get(kind="claim", object_id=c1.pk, number=2)
        assert version.published_by.username == "edgar"
        assert version.changes == {"appearances": None}

    def test_has_no_publish_button_and_a_crafted_publish_publishes_nothing(
        self, client, contributor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        before = api(client, c1)
        page = contributor_client.get(change_url(c1))
        assert "_publish" not in submit_buttons(page)
        data = form_data(page, "claim_form")
        data["text"] = ["Changed by a contributor."]
        data["_publish"] = ["Save and publish changes"]
        contributor_client.post(change_url(c1), data)
        assert api(client, c1) == before

    def test_changes_a_link_from_its_own_page_without_a_public_trace(
        self, client, contributor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        appearance = Appearance.objects.get(claim=c1)
        before = api(client, c1)
        url = reverse("admin:claims_appearance_change", args=[appearance.pk])
        data = form_data(contributor_client.get(url), "appearance_form")
        data["attribution"] = ["Changed on the appearance's own page"]
        assert contributor_client.post(url, data).status_code == 302
        assert api(client, c1) == before


class TestAnEditor:
    def test_publishes_a_draft_from_its_form(self, client, editor_client, seeded_claims):
        c5 = seeded_claims["C5"]
        draft = Claim.objects.create(
            text="A new statement by Lavrov.", speaker=c5.speaker, status=PublicationStatus.DRAFT
        )
        assert client.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
        data = form_data(editor_client.get(change_url(draft)), "claim_form")
        data["_publish"] = ["Save and publish"]
        assert editor_client.post(change_url(draft), data).status_code == 302
        assert json.loads(api(client, draft))["text"] == "A new statement by Lavrov."
        assert Claim.objects.get(pk=draft.pk).status == PublicationStatus.PUBLISHED

    def test_withdraws_from_the_form_and_the_address_says_why(
        self, client, editor_client, seeded_claims
    ):
        c6 = seeded_claims["C6"]
        data = form_data(editor_client.get(change_url(c6)), "claim_form")
        data["status"] = ["withdrawn"]
        data["withdrawn_reason"] = ["Attributed to the wrong command."]
        assert editor_client.post(change_url(c6), data).status_code == 302
        gone = client.get(f"/api/v1/claims/{c6.pk}/")
        assert gone.status_code == 410
        assert gone.json()["reason"] == "Attributed to the wrong command."
        assert c6.pk not in [c["id"] for c in client.get("/api/v1/claims/").json()["results"]]

    def test_saving_without_publishing_changes_nothing_public(
        self, client, editor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        before = api(client, c1)
        data = form_data(editor_client.get(change_url(c1)), "claim_form")
        data["text"] = ["An editor's draft wording."]
        assert editor_client.post(change_url(c1), data).status_code == 302
        assert api(client, c1) == before
        assert ClaimDocument.objects.get(pk=c1.pk).version == 1


def test_a_revert_from_history_keeps_the_status_and_the_public_record(
    client, contributor_client, seeded_claims
):
    c1 = seeded_claims["C1"]
    before = api(client, c1)
    first = c1.history.earliest()
    assert first.status == PublicationStatus.PUBLISHED  # seeded as published
    # An older version that was a draft: reverting to it must not unpublish.
    Claim.history.filter(pk=first.pk).update(status=PublicationStatus.DRAFT, published_at=None)
    url = reverse("admin:claims_claim_simple_history", args=[c1.pk, first.history_id])
    page = contributor_client.get(url)
    assert page.status_code == 200
    data = form_data(page, "historicalclaim_form")
    data["status"] = ["draft"]  # crafted: a revert never carries a status
    answer = contributor_client.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    claim = Claim.objects.get(pk=c1.pk)
    assert claim.status == PublicationStatus.PUBLISHED
    assert claim.published_at is not None
    assert api(client, c1) == before


def test_an_import_matching_a_public_claim_proposes_and_changes_nothing(
    client, contributor_client, seeded_claims
):
    c1 = seeded_claims["C1"]
    before = api(client, c1)
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checker.example/fact-checks/corridor/",
        "datePublished": "2017-06-02",
        "claimReviewed": c1.text,
        "author": {"@type": "Organization", "name": "Checker Example"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": c1.speaker.name},
            "appearance": [{"@type": "CreativeWork", "url": "https://news.example/corridor"}],
        },
    }
    upload = SimpleUploadedFile("review.json", json.dumps(document).encode())
    answer = contributor_client.post(reverse("admin:claims_review_import"), {"file": upload})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert api(client, c1) == before
    assert (
        not c1.evidence.exclude(backing_claim__isnull=False)
        .exclude(source__url="https://tass.com/politics/948656")
        .exists()
    )
    [proposal] = ChangeRequest.objects.open().filter(object_id=c1.pk)
    assert "ClaimReview import" in proposal.note


class TestPreview:
    def test_an_editor_previews_a_draft_denial_as_it_would_be_published(
        self, client, editor_client, seeded_claims
    ):
        c1 = seeded_claims["C1"]
        draft = Claim.objects.create(
            text="The YPG denied any deal over Raqqa.",
            speaker=seeded_claims["C2"].speaker,
            status=PublicationStatus.DRAFT,
        )
        draft.links_out.create(to_claim=c1)
        page = editor_client.get(reverse("claim-preview", args=[draft.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "The YPG denied any deal over Raqqa." in html
        assert "Preview for editors" in html
        assert c1.text[:40] in html  # the claim it denies, in its thread
        assert page["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
        # Nothing was written: the public knows nothing of it.
        assert client.get(f"/api/v1/claims/{draft.pk}/").status_code == 404
        assert ClaimDocument.objects.filter(pk=draft.pk).count() == 0

    def test_a_reader_cannot_preview(self, client, seeded_claims):
        url = reverse("claim-preview", args=[seeded_claims["C1"].pk])
        answer = client.get(url)
        assert answer.status_code == 302  # to the admin's login
        assert "/admin/login/" in answer["Location"]

    def test_the_change_form_links_to_the_preview(self, editor_client, seeded_claims):
        c1 = seeded_claims["C1"]
        assert reverse("claim-preview", args=[c1.pk]) in record_panel_html(
            editor_client.get(change_url(c1))
        )


def record_panel_html(response) -> str:
    document = lxml.html.fromstring(response.content.decode())
    [panel] = document.cssselect(".record-status")
    return lxml.html.tostring(panel, encoding="unicode")


def test_two_contributors_submitting_keep_both_notes(contributor, roles, django_user_model):
    from django.contrib.auth.models import Group

    from curation.editing import submit_changes

    bob = django_user_model.objects.create_user("bob", is_staff=True)
    bob.groups.add(Group.objects.get(name="Contributors"))
    submit_changes(kind="claim", pk=1, by=contributor, note="Sputnik carried it too.")
    request = submit_changes(kind="claim", pk=1, by=bob, note="")
    request = submit_changes(kind="claim", pk=1, by=bob, note="And RIA.")
    assert request.note == "carla: Sputnik carried it too.\nbob: And RIA."
    assert ChangeRequest.objects.open().count() == 1


def test_a_contributors_upload_adds_no_rating(contributor_client, seeded):
    from claims.models import Rating, RatingScale

    ratings, scales = Rating.objects.count(), RatingScale.objects.count()
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checker.example/fact-checks/pants/",
        "datePublished": "2017-06-02",
        "claimReviewed": "Something nobody said.",
        "author": {"@type": "Organization", "name": "Checker Example"},
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire Totally"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
    }
    upload = SimpleUploadedFile("review.json", json.dumps(document).encode())
    answer = contributor_client.post(reverse("admin:claims_review_import"), {"file": upload})
    assert answer.status_code == 200
    assert "adding ratings is an editor" in answer.content.decode()
    assert (Rating.objects.count(), RatingScale.objects.count()) == (ratings, scales)


def test_the_queue_shows_open_requests_and_names_the_new_claims_in_review(editor_client, editor):
    # Reported by a newcomer: resolved requests stayed listed with their "Review and
    # publish" link, and drafts submitted for review were nowhere in the queue.
    from django.utils import timezone

    from tests.factories import ClaimFactory

    open_one, done = ClaimFactory(), ClaimFactory()
    now = timezone.now()
    ChangeRequest.objects.create(
        kind="claim", object_id=open_one.pk, note="Still to see", submitted_at=now
    )
    ChangeRequest.objects.create(
        kind="claim", object_id=done.pk, note="Seen already", submitted_at=now, resolved_at=now
    )
    ClaimFactory(status=PublicationStatus.IN_REVIEW, published_at=None)

    queue = editor_client.get(reverse("admin:curation_changerequest_changelist"))
    rows = lxml.html.fromstring(queue.content).cssselect("#result_list tbody tr")
    text = queue.content.decode()
    assert len(rows) == 1
    assert "Still to see" in rows[0].text_content()
    assert "1 new claim in review" in text
    assert "?status__exact=in_review" in text

    everything = editor_client.get(
        reverse("admin:curation_changerequest_changelist") + "?state=all"
    )
    assert len(lxml.html.fromstring(everything.content).cssselect("#result_list tbody tr")) == 2
