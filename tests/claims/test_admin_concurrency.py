"""Two editors open the same page and save in turn: the second is told who changed it and
when, nothing of theirs is written (neither the object nor an inline row), and their values
stay in the form; after reloading the page, they save."""

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from claims.models import Appearance, Claim, Evidence, PublicationStatus, SpeakerAlias
from tests.admin_forms import form_data, inline_row, post
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

NOT_SAVED = "Your changes were not saved: they are still in the form below."


@pytest.fixture
def erin_client(roles, django_user_model):
    """A second editor, to open the same pages as edgar."""
    erin = django_user_model.objects.create_user(username="erin", password="x", is_staff=True)
    erin.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(erin)
    return client


def claim_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def form_errors(response) -> str:
    """The errors above the form, as the editor reads them."""
    return " ".join(text_of(e) for e in css(parse(response), ".errornote, .errorlist.nonfield"))


def clock(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


class TestTwoEditorsOnOneClaim:
    def test_the_second_is_told_and_nothing_of_theirs_is_written(self, editor_client, erin_client):
        claim = ClaimFactory(draft=True, text="As first entered.")
        edgars = form_data(editor_client.get(claim_url(claim)), "claim_form")
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")

        edgars["text"] = ["Edited by edgar."]
        assert post(editor_client, claim_url(claim), edgars).status_code == 302
        claim.refresh_from_db()
        history, log = claim.history.count(), LogEntry.objects.count()

        erins["text"] = ["Edited by erin."]
        inline_row(erins, "appearances", source=SourceFactory().pk, excerpt="Erin's excerpt.")
        response = post(erin_client, claim_url(claim), erins)

        assert response.status_code == 200
        errors = form_errors(response)
        assert "Please correct the error below." in errors
        assert (
            f"This claim was changed by edgar at {clock(claim.updated_at)} since you opened it. "
            f"{NOT_SAVED} Review the changes, then reapply yours on the current version."
        ) in errors
        page = parse(response)
        links = css(page, ".errorlist.nonfield a")
        assert [link.get("href") for link in links] == [
            f"/admin/claims/claim/{claim.pk}/history/",
            claim_url(claim),
        ]
        # Erin's values are still in the form, her new appearance row included.
        assert text_of(css(page, "textarea[name=text]")[0]) == "Edited by erin."
        assert text_of(css(page, "textarea[name=appearances-0-excerpt]")[0]) == "Erin's excerpt."
        # Nothing of hers was written: not the claim, not the row, not a history entry.
        claim.refresh_from_db()
        assert claim.text == "Edited by edgar."
        assert not Appearance.objects.exists()
        assert claim.history.count() == history
        assert LogEntry.objects.count() == log

        # Reloaded, the page carries the current version, and her save goes through.
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")
        assert erins["text"] == ["\nEdited by edgar."]
        erins["text"] = ["Edited by erin, after reading edgar's change."]
        assert post(erin_client, claim_url(claim), erins).status_code == 302
        claim.refresh_from_db()
        assert claim.text == "Edited by erin, after reading edgar's change."

    def test_an_edit_of_an_inline_row_only_is_a_change_of_the_claim(
        self, editor_client, erin_client
    ):
        appearance = AppearanceFactory(claim=ClaimFactory(draft=True), excerpt="As printed.")
        claim = appearance.claim
        opened_at = claim.updated_at
        edgars = form_data(editor_client.get(claim_url(claim)), "claim_form")
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")

        edgars["appearances-0-excerpt"] = ["As printed, corrected by edgar."]
        assert post(editor_client, claim_url(claim), edgars).status_code == 302
        claim.refresh_from_db()
        assert claim.updated_at > opened_at  # saving the page stamps the claim

        erins["appearances-0-excerpt"] = ["As printed, corrected by erin."]
        response = post(erin_client, claim_url(claim), erins)
        assert response.status_code == 200
        assert "This claim was changed by edgar at" in form_errors(response)
        appearance.refresh_from_db()
        assert appearance.excerpt == "As printed, corrected by edgar."

    def test_a_publish_from_a_stale_page_is_refused(self, editor_client, erin_client):
        claim = ClaimFactory(draft=True, text="Before review.")
        claim.submit_for_review()
        edgars = form_data(editor_client.get(claim_url(claim)), "claim_form")
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")
        edgars["text"] = ["Corrected before publication."]
        assert post(editor_client, claim_url(claim), edgars).status_code == 302

        erins["status"] = ["published"]
        response = post(erin_client, claim_url(claim), erins)
        assert response.status_code == 200
        assert "This claim was changed by edgar" in form_errors(response)
        claim.refresh_from_db()
        assert claim.status == PublicationStatus.IN_REVIEW
        assert claim.published_at is None

    def test_a_bulk_action_taken_meanwhile_counts_as_a_change(self, editor_client, erin_client):
        claim = ClaimFactory(draft=True, text="Drafted.")
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")
        editor_client.post(
            "/admin/claims/claim/", {"action": "publish", "_selected_action": [claim.pk]}
        )
        erins["text"] = ["Redrafted."]
        response = post(erin_client, claim_url(claim), erins)
        assert response.status_code == 200
        assert "This claim was changed by edgar" in form_errors(response)
        claim.refresh_from_db()
        assert (claim.text, claim.status) == ("Drafted.", PublicationStatus.PUBLISHED)

    def test_the_same_editor_in_two_tabs_is_told_it_was_them(self, editor_client):
        claim = ClaimFactory(draft=True)
        first = form_data(editor_client.get(claim_url(claim)), "claim_form")
        second = form_data(editor_client.get(claim_url(claim)), "claim_form")
        first["text"] = ["From the first tab."]
        assert post(editor_client, claim_url(claim), first).status_code == 302
        second["text"] = ["From the second tab."]
        response = post(editor_client, claim_url(claim), second)
        assert "This claim was changed by you, in another window or tab, at" in form_errors(
            response
        )
        claim.refresh_from_db()
        assert claim.text == "From the first tab."

    def test_a_change_made_without_history_is_still_caught(self, erin_client):
        claim = ClaimFactory(draft=True, text="Drafted.")
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")
        # A script's bulk update: it stamps the claim but records no history row.
        Claim.objects.filter(pk=claim.pk).update(text="Scripted.", updated_at=timezone.now())
        erins["text"] = ["Redrafted."]
        response = post(erin_client, claim_url(claim), erins)
        claim.refresh_from_db()
        assert f"This claim was changed at {clock(claim.updated_at)} since you opened it." in (
            form_errors(response)
        )
        assert claim.text == "Scripted."


class TestOtherPages:
    def test_a_review(self, editor_client, erin_client):
        review = ReviewFactory(
            claim=ClaimFactory(draft=True), status="draft", published_at=None, summary="First."
        )
        url = f"/admin/claims/review/{review.pk}/change/"
        edgars = form_data(editor_client.get(url), "review_form")
        erins = form_data(erin_client.get(url), "review_form")
        edgars["summary"] = ["Edgar's summary."]
        assert post(editor_client, url, edgars).status_code == 302
        erins["summary"] = ["Erin's summary."]
        response = post(erin_client, url, erins)
        assert response.status_code == 200
        assert "This review was changed by edgar at" in form_errors(response)
        review.refresh_from_db()
        assert review.summary == "Edgar's summary."

    @pytest.mark.parametrize(
        ("factory", "path", "form_id", "field", "name"),
        [
            (SpeakerFactory, "claims/speaker", "speaker_form", "description", "speaker"),
            (SourceFactory, "sources/source", "source_form", "notes", "source"),
            (OutletFactory, "sources/outlet", "outlet_form", "notes", "outlet"),
        ],
    )
    def test_speakers_sources_and_outlets(
        self, editor_client, erin_client, factory, path, form_id, field, name
    ):
        obj = factory()
        url = f"/admin/{path}/{obj.pk}/change/"
        edgars = form_data(editor_client.get(url), form_id)
        erins = form_data(erin_client.get(url), form_id)
        edgars[field] = ["Edgar's words."]
        assert post(editor_client, url, edgars).status_code == 302
        erins[field] = ["Erin's words."]
        response = post(erin_client, url, erins)
        assert response.status_code == 200
        assert f"This {name} was changed by edgar at" in form_errors(response)
        obj.refresh_from_db()
        assert getattr(obj, field) == "Edgar's words."

    def test_an_add_form_has_no_version_and_saves_as_before(self, editor_client):
        response = editor_client.get("/admin/claims/claim/add/")
        assert not css(parse(response), "[name=opened_version]")
        data = form_data(response, "claim_form")
        data.update(text=["A new claim."], speaker=[str(SpeakerFactory().pk)])
        assert post(editor_client, "/admin/claims/claim/add/", data).status_code == 302
        assert Claim.objects.get().text == "A new claim."

    def test_a_read_only_page_has_no_version_field(self, contributor_client):
        # Contributors may only view public corrections (editors write them).
        correction = ClaimFactory().corrections.create(
            note="Published correction.", corrected_on=timezone.now().date()
        )
        response = contributor_client.get(f"/admin/claims/correction/{correction.pk}/change/")
        assert response.status_code == 200
        assert "opened_version" not in response.content.decode()
        assert "Published correction." in response.content.decode()


class TestLinks:
    """Appearances, denials, evidence and corrections are edited on their claim's page and on
    pages of their own: both are the same claim's version."""

    def test_a_link_edited_on_its_own_page_refuses_an_open_claim_page(
        self, editor, editor_client, erin_client
    ):
        appearance = AppearanceFactory(claim=ClaimFactory(draft=True), excerpt="As printed.")
        claim = appearance.claim
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")

        url = f"/admin/claims/appearance/{appearance.pk}/change/"
        edgars = form_data(editor_client.get(url), "appearance_form")
        edgars["excerpt"] = ["As printed, by edgar."]
        assert post(editor_client, url, edgars).status_code == 302
        stamp = claim.history.first()
        assert (stamp.history_user, stamp.history_change_reason) == (
            editor,
            f"Appearance changed: {appearance}",
        )

        erins["text"] = ["Erin's text."]
        response = post(erin_client, claim_url(claim), erins)
        assert "This claim was changed by edgar at" in form_errors(response)
        appearance.refresh_from_db()
        assert appearance.excerpt == "As printed, by edgar."
        claim.refresh_from_db()
        assert claim.text != "Erin's text."

    def test_a_long_name_is_cut_to_fit_the_history_reason(self, editor_client):
        # The reason names the row; simple-history keeps 100 characters, and PostgreSQL
        # refused a longer one with a 500 (found by tests/test_hostile_text.py).
        alias = SpeakerAlias.objects.create(speaker=SpeakerFactory(), name="Short")
        url = f"/admin/claims/speakeralias/{alias.pk}/change/"
        data = form_data(editor_client.get(url), "speakeralias_form")
        data["name"] = ["W" * 255]
        assert post(editor_client, url, data).status_code == 302
        reason = alias.speaker.history.first().history_change_reason
        assert len(reason) == 100
        assert reason.startswith("Speaker alias changed: W")
        assert reason.endswith("…")

    def test_a_link_deleted_on_its_own_page_refuses_an_open_claim_page(
        self, editor_client, erin_client
    ):
        appearance = AppearanceFactory(claim=ClaimFactory(draft=True))
        claim = appearance.claim
        erins = form_data(erin_client.get(claim_url(claim)), "claim_form")
        response = editor_client.post(
            f"/admin/claims/appearance/{appearance.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302
        assert not Appearance.objects.exists()
        erins["text"] = ["Erin's text."]
        response = post(erin_client, claim_url(claim), erins)
        assert response.status_code == 200
        assert "This claim was changed by edgar at" in form_errors(response)
        assert claim.history.first().history_change_reason == f"Appearance deleted: {appearance}"

    def test_two_editors_on_one_link_page(self, editor_client, erin_client):
        claim = ClaimFactory(draft=True)
        evidence = Evidence.objects.create(
            claim=claim, stance="corroborates", source=SourceFactory(), note="First."
        )
        url = f"/admin/claims/evidence/{evidence.pk}/change/"
        edgars = form_data(editor_client.get(url), "evidence_form")
        erins = form_data(erin_client.get(url), "evidence_form")
        edgars["note"] = ["Edgar's note."]
        assert post(editor_client, url, edgars).status_code == 302
        erins["note"] = ["Erin's note."]
        response = post(erin_client, url, erins)
        assert response.status_code == 200
        assert "The claim this evidence belongs to was changed by edgar at" in form_errors(
            response
        )
        assert "since you opened this page." in form_errors(response)
        evidence.refresh_from_db()
        assert evidence.note == "Edgar's note."

    def test_a_denial_edited_on_one_claims_page_refuses_the_other_claims_page(
        self, editor_client, erin_client
    ):
        denial = ClaimLinkFactory(
            from_claim=ClaimFactory(draft=True), to_claim=ClaimFactory(draft=True)
        )
        denying, denied = denial.from_claim, denial.to_claim
        erins = form_data(erin_client.get(claim_url(denied)), "claim_form")
        assert erins["links_in-0-note"] == ["\n"]

        edgars = form_data(editor_client.get(claim_url(denying)), "claim_form")
        edgars["links_out-0-note"] = ["Edgar's note on the denial."]
        assert post(editor_client, claim_url(denying), edgars).status_code == 302

        # Erin's page holds the old, empty note: saving it would write it back.
        erins["text"] = ["Erin's text."]
        response = post(erin_client, claim_url(denied), erins)
        assert "This claim was changed by edgar at" in form_errors(response)
        denial.refresh_from_db()
        assert denial.note == "Edgar's note on the denial."

    def test_a_claim_page_saved_without_touching_its_denials_leaves_the_other_claim_alone(
        self, editor_client, erin_client
    ):
        denial = ClaimLinkFactory(
            from_claim=ClaimFactory(draft=True), to_claim=ClaimFactory(draft=True)
        )
        denying, denied = denial.from_claim, denial.to_claim
        erins = form_data(erin_client.get(claim_url(denied)), "claim_form")
        edgars = form_data(editor_client.get(claim_url(denying)), "claim_form")
        edgars["text"] = ["Edgar's text."]
        assert post(editor_client, claim_url(denying), edgars).status_code == 302
        erins["text"] = ["Erin's text."]
        assert post(erin_client, claim_url(denied), erins).status_code == 302


class TestBadVersions:
    @pytest.mark.parametrize(
        "version",
        [
            None,
            "",
            "garbage",
            "{pk}=yesterday",
            "{pk}=2017-05-31T21:04:05",  # no time zone
            "=2017-05-31T21:04:05+00:00",
        ],
    )
    def test_a_missing_or_damaged_version_is_a_form_error(self, editor_client, version):
        claim = ClaimFactory(draft=True, text="Drafted.")
        data = form_data(editor_client.get(claim_url(claim)), "claim_form")
        del data["opened_version"]
        if version is not None:
            data["opened_version"] = [version.format(pk=claim.pk)]
        data["text"] = ["Changed."]
        response = post(editor_client, claim_url(claim), data)
        assert response.status_code == 200
        assert (
            "This form does not say which version of the claim you opened (the field is missing "
            "or damaged), so changes made since cannot be checked. Your changes were not saved: "
            "reload the page and reapply them."
        ) in form_errors(response)
        claim.refresh_from_db()
        assert claim.text == "Drafted."

    def test_a_version_of_another_claim_is_refused(self, editor_client):
        claim, other = ClaimFactory(draft=True, text="Drafted."), ClaimFactory(draft=True)
        data = form_data(editor_client.get(claim_url(claim)), "claim_form")
        data["opened_version"] = [f"{other.pk}={other.updated_at.isoformat()}"]
        data["text"] = ["Changed."]
        response = post(editor_client, claim_url(claim), data)
        assert response.status_code == 200
        assert NOT_SAVED in form_errors(response)
        claim.refresh_from_db()
        assert claim.text == "Drafted."


class TestRevert:
    def test_a_revert_page_opened_before_a_change_is_refused(self, editor_client, erin_client):
        claim = ClaimFactory(draft=True, text="As first entered.")
        first = claim.history.get()
        revert_url = f"/admin/claims/claim/{claim.pk}/history/{first.history_id}/"
        revert = form_data(erin_client.get(revert_url), "historicalclaim_form")

        edgars = form_data(editor_client.get(claim_url(claim)), "claim_form")
        edgars["text"] = ["Edited by edgar."]
        assert post(editor_client, claim_url(claim), edgars).status_code == 302

        response = post(erin_client, revert_url, revert)
        assert response.status_code == 200
        assert "This claim was changed by edgar at" in form_errors(response)
        claim.refresh_from_db()
        assert claim.text == "Edited by edgar."

        # Opened again, the revert page carries the current version and reverts.
        revert = form_data(erin_client.get(revert_url), "historicalclaim_form")
        assert post(erin_client, revert_url, revert).status_code == 302
        claim.refresh_from_db()
        assert claim.text == "As first entered."


@pytest.mark.django_db(transaction=True)
def test_the_check_waits_for_a_save_in_progress(editor_client):
    """The check and the write are one step: a save committing while the check runs is seen
    (PostgreSQL row lock). Without the lock, the check would read the old version, pass, and
    the write would then overwrite the other save."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time; the row lock is PostgreSQL's")
    claim = ClaimFactory(draft=True, text="Drafted.")
    stale = form_data(editor_client.get(claim_url(claim)), "claim_form")
    stale["text"] = ["Edgar's text."]

    locked, release = threading.Event(), threading.Event()

    def another_save_in_progress():
        try:
            with transaction.atomic():
                other = Claim.objects.select_for_update().get(pk=claim.pk)
                other.text = "Saved meanwhile."
                other.save()
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    other_save = threading.Thread(target=another_save_in_progress)
    other_save.start()
    assert locked.wait(10)
    threading.Timer(0.5, release.set).start()
    response = post(editor_client, claim_url(claim), stale)  # waits for the other commit
    other_save.join(10)

    assert response.status_code == 200
    assert "This claim was changed at" in form_errors(response)
    claim.refresh_from_db()
    assert claim.text == "Saved meanwhile."
