"""Control characters (issue 15, item 2): the text the project accepts is decided once
(factcheck/validators.py): C0 controls other than tab and line breaks, NUL among them, and
lone surrogates are refused at input with a clear message, in every curated text field and
by the ClaimReview importer; and the Atom feed stays well-formed whatever a row holds."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models

from claims.models import Claim, Review, Speaker
from core.validators import validate_text_characters
from tests.admin_forms import form_data, post
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claimreview"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("character", ["\x00", "\x02", "\x08", "\x0b", "\x1f", "\ud800"])
def test_the_validator_refuses_control_characters_and_lone_surrogates(character):
    with pytest.raises(ValidationError, match=f"U\\+{ord(character):04X}, character 7"):
        validate_text_characters(f"Before{character}after")


@pytest.mark.parametrize("text", ["Tab\there", "Lines\nand\r\nbreaks", "Ünïcödé ‏RTL‏ 疫苗 🙂"])
def test_the_validator_accepts_tabs_line_breaks_and_any_other_text(text):
    validate_text_characters(text)


def test_every_curated_text_field_refuses_control_characters():
    unguarded = [
        f"{model._meta.label}.{field.name}"
        for app_label in ("claims", "sources")
        for model in apps.get_app_config(app_label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField))
        and validate_text_characters not in field.validators
    ]
    assert unguarded == []


class TestTheAdmin:
    def test_the_claim_form_refuses_a_control_character_with_a_message(self, editor_client):
        claim = ClaimFactory(draft=True, text="Before.")
        url = f"/admin/claims/claim/{claim.pk}/change/"
        data = form_data(editor_client.get(url), "claim_form")
        data["text"] = ["Pasted from a PDF\x02 here."]
        response = post(editor_client, url, data)
        assert response.status_code == 200
        assert "invisible control character (U+0002, character 18)" in response.content.decode()
        claim.refresh_from_db()
        assert claim.text == "Before."

    def test_the_speaker_form_refuses_one_too(self, editor_client):
        speaker = SpeakerFactory()
        url = f"/admin/claims/speaker/{speaker.pk}/change/"
        data = form_data(editor_client.get(url), "speaker_form")
        data["name"] = ["Name\x1b[0m"]
        response = post(editor_client, url, data)
        assert response.status_code == 200
        assert "U+001B" in response.content.decode()
        assert Speaker.objects.get(pk=speaker.pk).name == speaker.name


def claimreview_with(tmp_path, character: str) -> Path:
    document = json.loads((FIXTURES / "single-object.json").read_text(encoding="utf-8"))
    document["claimReviewed"] = f"Unemployment{character} was cut in half."
    document["itemReviewed"]["author"]["name"] = f"Jane{character} Q. Senator"
    path = tmp_path / "pasted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


class TestTheClaimReviewImport:
    @pytest.mark.parametrize("character", ["\x02", "\x00"], ids=["U+0002", "NUL"])
    def test_the_command_reports_the_record_and_writes_nothing(self, tmp_path, character):
        path = claimreview_with(tmp_path, character)
        with pytest.raises(CommandError) as refused:
            call_command("import_claimreview", str(path))
        message = str(refused.value)
        assert "Nothing was imported" in message
        assert f"document: claim_text contains a control character (U+{ord(character):04X})" in (
            message
        )
        assert not Claim.objects.exists()
        assert not Review.objects.exists()

    def test_the_admin_upload_reports_it_as_a_form_error(self, tmp_path, contributor_client):
        path = claimreview_with(tmp_path, "\x00")
        upload = SimpleUploadedFile(path.name, path.read_bytes(), "application/ld+json")
        response = contributor_client.post("/admin/claims/review/import/", {"file": upload})
        assert response.status_code == 200
        assert "contains a control character (U+0000)" in response.content.decode()
        assert not Claim.objects.exists()


class TestTheFeed:
    def test_a_control_character_saved_directly_leaves_the_feed_well_formed(self, client):
        # Written past every form and importer (a script, the shell): output stays safe.
        # (NUL cannot be stored at all on PostgreSQL; SQLite would keep it: the feed drops
        # it too.)
        nul = "\x00" if connection.vendor == "sqlite" else ""
        speaker = SpeakerFactory(name="Speaker\x02 pasted")
        ClaimFactory(speaker=speaker, text=f"A claim\x02 pasted from a PDF\x1b{nul}.")
        ClaimFactory(text="An ordinary claim.")
        response = client.get("/feeds/claims/")
        assert response.status_code == 200
        feed = ET.fromstring(response.content)
        titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
        assert "Speaker pasted: A claim pasted from a PDF." in titles
        assert any(title.endswith("An ordinary claim.") for title in titles)
