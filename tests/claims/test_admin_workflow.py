"""Contributors draft and submit; editors publish and withdraw. A contributor cannot publish
by any path: the form, a bulk action, or a crafted POST."""

import pytest

from claims.models import Claim, Correction, PublicationStatus, Review
from tests.admin_forms import form_data, post
from tests.factories import ClaimFactory, ReviewFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


def change_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def status_options(response):
    import lxml.html

    document = lxml.html.fromstring(response.content.decode())
    return [o.get("value") for o in document.xpath("//select[@name='status']/option")]


class TestContributor:
    def test_the_form_offers_draft_and_review_only(self, contributor_client):
        response = contributor_client.get("/admin/claims/claim/add/")
        assert response.status_code == 200
        assert status_options(response) == ["draft", "in_review"]

    def test_a_crafted_post_cannot_publish_a_new_claim(self, contributor_client):
        speaker = SpeakerFactory()
        data = form_data(contributor_client.get("/admin/claims/claim/add/"), "claim_form")
        data.update(text=["A new claim."], speaker=[str(speaker.pk)], status=["published"])
        response = post(contributor_client, "/admin/claims/claim/add/", data)
        assert response.status_code == 200
        assert "Select a valid choice. published is not one of the available choices." in (
            response.content.decode()
        )
        assert not Claim.objects.exists()

    def test_a_crafted_post_cannot_publish_a_draft(self, contributor_client):
        claim = ClaimFactory(draft=True)
        data = form_data(contributor_client.get(change_url(claim)), "claim_form")
        data["status"] = ["published"]
        response = post(contributor_client, change_url(claim), data)
        assert response.status_code == 200
        claim.refresh_from_db()
        assert claim.status == PublicationStatus.DRAFT
        assert claim.published_at is None

    def test_the_publish_action_does_not_exist_for_them(self, contributor_client):
        claim = ClaimFactory(draft=True)
        response = contributor_client.get(CHANGELIST)
        assert 'value="publish"' not in response.content.decode()
        assert 'value="withdraw"' not in response.content.decode()
        response = contributor_client.post(
            CHANGELIST, {"action": "publish", "_selected_action": [claim.pk]}
        )
        claim.refresh_from_db()
        assert claim.status == PublicationStatus.DRAFT

    def test_they_submit_drafts_for_review(self, contributor_client):
        claim = ClaimFactory(draft=True)
        contributor_client.post(
            CHANGELIST, {"action": "submit_for_review", "_selected_action": [claim.pk]}
        )
        claim.refresh_from_db()
        assert claim.status == PublicationStatus.IN_REVIEW

    def test_they_change_only_the_working_copy_of_a_published_claim(
        self, client, contributor_client
    ):
        claim = ClaimFactory(text="As published.")
        data = form_data(contributor_client.get(change_url(claim)), "claim_form")
        data["text"] = ["A typo fixed."]
        response = post(contributor_client, change_url(claim), data)
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.text == "A typo fixed."  # the working copy
        # What the public sees waits for an editor to publish it.
        assert client.get(f"/api/v1/claims/{claim.pk}/").json()["text"] == "As published."

    def test_they_cannot_publish_a_review(self, contributor_client):
        review = ReviewFactory(claim=ClaimFactory(draft=True), status="draft", published_at=None)
        url = f"/admin/claims/review/{review.pk}/change/"
        data = form_data(contributor_client.get(url), "review_form")
        data["status"] = ["published"]
        post(contributor_client, url, data)
        review.refresh_from_db()
        assert review.status == PublicationStatus.DRAFT
        assert not Review.objects.published().exists()

    def test_they_cannot_write_corrections(self, contributor_client):
        claim = ClaimFactory()
        response = contributor_client.post(
            "/admin/claims/correction/add/",
            {"claim": claim.pk, "note": "Changed.", "corrected_on": "2017-06-01"},
        )
        assert response.status_code == 403
        assert not Correction.objects.exists()


class TestEditor:
    def test_they_publish_from_the_form(self, editor_client):
        claim = ClaimFactory(draft=True)
        claim.submit_for_review()
        data = form_data(editor_client.get(change_url(claim)), "claim_form")
        assert "published" in status_options(editor_client.get(change_url(claim)))
        data["status"] = ["published"]
        response = post(editor_client, change_url(claim), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        claim.refresh_from_db()
        assert claim.is_published
        assert claim.published_at is not None

    def test_they_publish_many_at_once(self, editor_client):
        claims = [ClaimFactory(draft=True) for _ in range(3)]
        editor_client.post(
            CHANGELIST, {"action": "publish", "_selected_action": [c.pk for c in claims]}
        )
        assert Claim.objects.published().count() == 3

    def test_they_withdraw_many_at_once_with_a_reason(self, editor_client):
        claims = [ClaimFactory() for _ in range(2)]
        ids = [c.pk for c in claims]
        asked = editor_client.post(CHANGELIST, {"action": "withdraw", "_selected_action": ids})
        assert asked.status_code == 200
        assert "Withdraw: say why" in asked.content.decode()
        assert Claim.objects.published().count() == 2  # nothing happens before the reason
        done = editor_client.post(
            CHANGELIST,
            {"action": "withdraw", "_selected_action": ids, "reason": "Misattributed."},
        )
        assert done.status_code == 302
        assert set(Claim.objects.values_list("status", "withdrawn_reason")) == {
            ("withdrawn", "Misattributed.")
        }

    def test_withdrawing_from_the_form_needs_a_reason(self, editor_client):
        claim = ClaimFactory()
        data = form_data(editor_client.get(change_url(claim)), "claim_form")
        assert status_options(editor_client.get(change_url(claim))) == ["published", "withdrawn"]
        data["status"] = ["withdrawn"]
        response = post(editor_client, change_url(claim), data)
        assert response.status_code == 200
        assert "Say why it is withdrawn: readers see the reason." in response.content.decode()
        claim.refresh_from_db()
        assert claim.is_published

    def test_a_published_claim_cannot_be_deleted(self, editor_client):
        claim = ClaimFactory()
        response = editor_client.post(f"/admin/claims/claim/{claim.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assert Claim.objects.filter(pk=claim.pk).exists()

    def test_they_write_public_corrections(self, editor_client):
        claim = ClaimFactory()
        response = editor_client.post(
            "/admin/claims/correction/add/",
            {"claim": claim.pk, "note": "The date was corrected.", "corrected_on": "2017-06-01"},
        )
        assert response.status_code == 302
        assert Correction.objects.get().claim == claim


def test_the_roles_can_be_set_up_again_without_change(roles):
    from django.contrib.auth.models import Group

    from curation.roles import setup_roles

    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    setup_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert before == after
    assert "publish_claim" in after["Editors"]
    assert "publish_claim" not in after["Contributors"]
