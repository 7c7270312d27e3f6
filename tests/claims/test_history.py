"""Every change to curated data is recorded (who, when, what) and can be reverted."""

import pytest

from tests.admin_forms import form_data, post
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_change_is_recorded_with_who_made_it_and_can_be_reverted(editor_client, editor):
    claim = ClaimFactory(draft=True, text="As first entered.")
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_data(editor_client.get(url), "claim_form")
    data["text"] = ["As edited."]
    assert post(editor_client, url, data).status_code == 302

    claim.refresh_from_db()
    assert claim.text == "As edited."
    latest, first = claim.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert [change.field for change in latest.diff_against(first).changes] == ["text"]

    history_page = editor_client.get(f"/admin/claims/claim/{claim.pk}/history/")
    assert history_page.status_code == 200
    assert "edgar" in history_page.content.decode()

    revert_url = f"/admin/claims/claim/{claim.pk}/history/{first.history_id}/"
    revert_form = form_data(editor_client.get(revert_url), "historicalclaim_form")
    assert post(editor_client, revert_url, revert_form).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "As first entered."
    assert claim.history.count() == 3


def test_links_and_sources_are_recorded_too(db):
    from tests.factories import ClaimLinkFactory, SourceFactory

    denial = ClaimLinkFactory()
    source = SourceFactory()
    source.title = "Retitled"
    source.save()
    assert denial.history.count() == 1
    assert [h.title for h in source.history.all()] == ["Retitled", source.history.last().title]
