"""Locked quotes (docs/domain.md, "Locked quotes"): an excerpt must be in its source's stored
text, whitespace runs and typographic quotes aside; where it is, and the SHA-256 of the
text, are stored, re-checked when the text changes, and shown to readers and partners."""

import hashlib
import importlib

import pytest
from django.db import connection

from claims.models import Appearance, Evidence
from claims.quotes import ExcerptNotFound, Located, locate, lock, normalise
from record.services import claim_sync
from sources.models import Source
from tests.admin_forms import form_data, inline_row, post
from tests.factories import AppearanceFactory, ClaimFactory, EvidenceFactory, SourceFactory
from tests.html import css, parse, text_of

TEXT = (
    "MOSCOW, May 31. /TASS/. Russian Foreign Minister Sergey Lavrov said\n"
    "on Wednesday:  “Our Defense Ministry confirms this information.”\n"
    "Earlier, the SDF’s command said it had reached ‘no agreement’.\n"
    "vrov rejected the statements."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def found(excerpt: str, text: str = TEXT) -> str:
    """The passage of the original text where ``excerpt`` was located."""
    where = locate(excerpt, text)
    return text[where.offset : where.offset + where.length]


# --- normalise and locate -------------------------------------------------------------------


def test_normalise_makes_whitespace_runs_one_space_and_quotes_ascii():
    normalised = normalise("a \t\n b “c” ‘d’ „e‟ ‚f‛\u00a0g")
    assert normalised.text == "a b \"c\" 'd' \"e\" 'f' g"


def test_normalise_changes_nothing_else():
    text = "Lavrov — LAVROV – lavrov ′5″ «Raqqa» ‹IS›"
    assert normalise(text).text == text


def test_normalise_maps_each_character_back_to_the_original():
    original = "a  \n b“c”"
    normalised = normalise(original)
    assert normalised.text == 'a b"c"'
    assert normalised.starts == (0, 1, 5, 6, 7, 8, 9)
    # The space stands for the whole run of whitespace.
    assert normalised.original_span(1, 2) == (1, 5)


def test_an_excerpt_is_found_across_line_breaks_and_double_spaces():
    assert found("said on Wednesday: “Our Defense") == "said\non Wednesday:  “Our Defense"


def test_straight_quotes_find_typographic_ones_and_back():
    assert found('"Our Defense Ministry confirms this information."') == (
        "“Our Defense Ministry confirms this information.”"
    )
    assert found("the SDF's command") == "the SDF’s command"
    assert found("reached 'no agreement'") == "reached ‘no agreement’"
    assert found("‘Raqqa’", "He said 'Raqqa'.") == "'Raqqa'"


def test_the_offset_is_in_characters_of_the_original_text():
    text = "Лавров сказал:\n\n«Наше Минобороны подтверждает»."
    where = locate("Наше  Минобороны", text)
    assert where == Located(offset=17, length=15, text_sha256=sha(text))
    assert text[17:32] == "Наше Минобороны"


def test_the_tass_defect_is_found_as_printed():
    assert found("vrov rejected the statements") == "vrov rejected the statements"
    assert locate("vrov rejected", TEXT).offset == TEXT.index("vrov rejected")


def test_a_corrected_quote_is_not_found_and_the_passage_printed_is_offered():
    with pytest.raises(ExcerptNotFound) as refused:
        locate("Lavrov rejected the statements", TEXT)
    assert refused.value.closest == "vrov rejected the statements."
    assert TEXT[refused.value.closest_offset :].startswith("vrov rejected")
    assert refused.value.text_sha256 == sha(TEXT)


@pytest.mark.parametrize(
    "excerpt",
    [
        "our defense ministry confirms",  # case
        "Our Defence Ministry confirms",  # spelling
        "Foreign Minister Sergey Lavrov said — on Wednesday",  # an inserted dash
        "the SDF′s command",  # a prime is not an apostrophe
        "«Our Defense Ministry confirms»",  # guillemets are not the source's quotes
    ],
)
def test_nothing_but_whitespace_and_quotes_is_forgiven(excerpt):
    with pytest.raises(ExcerptNotFound):
        locate(excerpt, TEXT)


def test_the_excerpts_own_leading_and_trailing_whitespace_is_ignored():
    assert found("\n  Sergey Lavrov said \n") == "Sergey Lavrov said"


def test_an_empty_excerpt_is_not_located():
    with pytest.raises(ValueError, match="empty"):
        locate("  \n", TEXT)
    assert lock("", TEXT) == (None, "")
    assert lock("anything", "") == (None, "")


def test_nothing_alike_has_no_closest_passage():
    with pytest.raises(ExcerptNotFound) as refused:
        locate("zzzz", "abc")
    assert refused.value.closest == ""


# --- What the working copy stores -----------------------------------------------------------


@pytest.mark.django_db
def test_saving_stores_where_the_excerpt_is_and_the_texts_sha256():
    appearance = AppearanceFactory(source=SourceFactory(full_text=TEXT), excerpt="Sergey Lavrov")
    appearance.refresh_from_db()
    assert appearance.excerpt_offset == TEXT.index("Sergey Lavrov")
    assert appearance.excerpt_text_sha256 == sha(TEXT)


@pytest.mark.django_db
def test_a_write_outside_a_form_stores_a_missing_excerpt_as_not_found():
    appearance = AppearanceFactory(source=SourceFactory(full_text=TEXT), excerpt="Invented.")
    appearance.refresh_from_db()
    assert (appearance.excerpt_offset, appearance.excerpt_text_sha256) == (None, sha(TEXT))


@pytest.mark.django_db
def test_without_a_stored_text_or_a_source_there_is_nothing_to_locate():
    appearance = AppearanceFactory(source=SourceFactory(full_text=""), excerpt="Anything.")
    evidence = EvidenceFactory(source=None, backing_claim=ClaimFactory(), excerpt="Anything.")
    empty = EvidenceFactory(source=SourceFactory(full_text=TEXT), excerpt="")
    for row in (appearance, evidence, empty):
        row.refresh_from_db()
        assert (row.excerpt_offset, row.excerpt_text_sha256) == (None, "")


# --- The admin ------------------------------------------------------------------------------


def claim_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def source_url(source):
    return f"/admin/sources/source/{source.pk}/change/"


@pytest.mark.django_db
def test_the_admin_refuses_a_fabricated_excerpt_showing_the_closest_passage(editor_client):
    claim = ClaimFactory(draft=True)
    source = SourceFactory(full_text=TEXT)
    data = form_data(editor_client.get(claim_url(claim)), "claim_form")
    data = inline_row(
        data, "appearances", source=source.pk, excerpt="Lavrov rejected the statements."
    )
    response = post(editor_client, claim_url(claim), data)
    assert response.status_code == 200
    errors = text_of(css(parse(response), ".errorlist")[0])
    assert errors == (
        "This excerpt is not in the source's stored text. "
        "The closest passage is: “vrov rejected the statements.”."
    )
    assert not Appearance.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_fabricated_evidence_excerpts_too(editor_client):
    claim = ClaimFactory(draft=True)
    source = SourceFactory(full_text=TEXT)
    data = form_data(editor_client.get(claim_url(claim)), "claim_form")
    data = inline_row(
        data, "evidence", stance="corroborates", source=source.pk, excerpt="IS fled Raqqa."
    )
    response = post(editor_client, claim_url(claim), data)
    assert response.status_code == 200
    assert "This excerpt is not in the source&#x27;s stored text." in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_admin_accepts_a_quote_typed_with_straight_quotes(editor_client):
    claim = ClaimFactory(draft=True)
    source = SourceFactory(full_text=TEXT)
    data = form_data(editor_client.get(claim_url(claim)), "claim_form")
    excerpt = 'said on Wednesday: "Our Defense Ministry confirms this information."'
    data = inline_row(data, "appearances", source=source.pk, excerpt=excerpt)
    assert post(editor_client, claim_url(claim), data).status_code == 302
    appearance = Appearance.objects.get()
    assert appearance.excerpt == excerpt  # as the curator typed it
    assert appearance.excerpt_offset == TEXT.index("said\non Wednesday")
    assert appearance.excerpt_text_sha256 == sha(TEXT)


@pytest.mark.django_db
def test_a_source_without_stored_text_takes_any_excerpt(editor_client):
    claim = ClaimFactory(draft=True)
    source = SourceFactory(full_text="")
    data = form_data(editor_client.get(claim_url(claim)), "claim_form")
    data = inline_row(data, "appearances", source=source.pk, excerpt="As broadcast.")
    assert post(editor_client, claim_url(claim), data).status_code == 302
    assert Appearance.objects.get().excerpt_text_sha256 == ""


@pytest.mark.django_db
def test_a_new_source_text_that_loses_an_excerpt_is_refused_naming_it(editor_client):
    source = SourceFactory(full_text=TEXT)
    appearance = AppearanceFactory(source=source, excerpt="Our Defense Ministry confirms")
    evidence = EvidenceFactory(source=source, excerpt="reached ‘no agreement’")
    data = form_data(editor_client.get(source_url(source)), "source_form")
    data["full_text"] = ["Russian Foreign Minister Sergey Lavrov said nothing."]
    response = post(editor_client, source_url(source), data)
    assert response.status_code == 200
    errors = text_of(css(parse(response), ".errorlist")[0])
    assert (
        f"The excerpt of claim {appearance.claim_id} in this source, “Our Defense Ministry "
        "confirms”, is not in the new text." in errors
    )
    assert (
        f"The excerpt of this source as evidence on claim {evidence.claim_id}, “reached ‘no "
        "agreement’”, is not in the new text." in errors
    )
    source.refresh_from_db()
    assert source.full_text == TEXT


@pytest.mark.django_db
def test_a_new_source_text_that_keeps_the_excerpts_relocates_them(editor_client):
    source = SourceFactory(full_text=TEXT)
    appearance = AppearanceFactory(source=source, excerpt="Our Defense Ministry confirms")
    evidence = EvidenceFactory(source=source, excerpt="reached ‘no agreement’")
    new_text = "Updated. " + TEXT.replace("\n", " ")
    data = form_data(editor_client.get(source_url(source)), "source_form")
    data["full_text"] = [new_text]
    assert post(editor_client, source_url(source), data).status_code == 302
    appearance.refresh_from_db()
    evidence.refresh_from_db()
    source.refresh_from_db()
    assert appearance.excerpt_offset == source.full_text.index("Our Defense Ministry")
    assert evidence.excerpt_offset == source.full_text.index("reached ‘no agreement’")
    assert appearance.excerpt_text_sha256 == evidence.excerpt_text_sha256 == sha(new_text)


@pytest.mark.django_db
def test_any_write_of_a_source_relocates_its_excerpts():
    # An import or a script, not the admin: nothing refuses, the record says what is found.
    source = SourceFactory(full_text=TEXT)
    kept = AppearanceFactory(source=source, excerpt="Sergey Lavrov")
    lost = AppearanceFactory(source=source, excerpt="Our Defense Ministry confirms")
    source.full_text = "Sergey Lavrov spoke."
    source.save()
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.excerpt_offset, kept.excerpt_text_sha256) == (0, sha("Sergey Lavrov spoke."))
    assert (lost.excerpt_offset, lost.excerpt_text_sha256) == (None, sha("Sergey Lavrov spoke."))
    source.full_text = ""
    source.save()
    kept.refresh_from_db()
    assert (kept.excerpt_offset, kept.excerpt_text_sha256) == (None, "")


@pytest.mark.django_db
def test_the_migration_locates_existing_excerpts():
    source = SourceFactory(full_text=TEXT)
    kept = AppearanceFactory(source=source, excerpt="Sergey Lavrov")
    lost = EvidenceFactory(source=source, excerpt="Not printed.")
    Appearance.objects.update(excerpt_offset=None, excerpt_text_sha256="")
    Evidence.objects.update(excerpt_offset=None, excerpt_text_sha256="")
    migration = importlib.import_module("claims.migrations.0014_locate_excerpts")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    from django.apps import apps

    migration.locate_excerpts(apps, editor)
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.excerpt_offset, kept.excerpt_text_sha256) == (TEXT.index("Sergey"), sha(TEXT))
    assert (lost.excerpt_offset, lost.excerpt_text_sha256) == (None, sha(TEXT))


@pytest.mark.django_db
def test_every_seed_excerpt_is_located_in_the_tass_text(seeded):
    article = Source.objects.get()
    rows = [*Appearance.objects.all(), *Evidence.objects.exclude(source=None).exclude(excerpt="")]
    assert len(rows) >= 7
    for row in rows:
        assert row.excerpt_text_sha256 == sha(article.full_text), row
        assert row.excerpt_offset is not None, row


# --- What readers and partners see ----------------------------------------------------------


@pytest.fixture
def three_kinds(db):
    """A published claim with an excerpt found, one not found (written outside the admin)
    and one in a source that keeps no text, as appearances and as evidence."""
    claim = ClaimFactory()
    with_text = SourceFactory(full_text=TEXT)
    other_text = SourceFactory(full_text="Something else entirely.")
    without = SourceFactory(full_text="")
    AppearanceFactory(claim=claim, source=with_text, excerpt="Sergey Lavrov said")
    AppearanceFactory(claim=claim, source=other_text, excerpt="Sergey Lavrov said")
    AppearanceFactory(claim=claim, source=without, excerpt="Sergey Lavrov said")
    EvidenceFactory(claim=claim, source=with_text, excerpt="reached 'no agreement'")
    EvidenceFactory(claim=claim, source=other_text, excerpt="reached 'no agreement'")
    EvidenceFactory(claim=claim, source=without, excerpt="reached 'no agreement'")
    claim_sync(claim)
    return claim, with_text, other_text, without


VERIFIED = "Excerpt verified against the stored text."
NOT_FOUND = "Excerpt not found in the stored text."
NO_TEXT = "Excerpt not verifiable (no stored text)."


def test_the_claim_page_marks_each_excerpt(client, three_kinds):
    claim = three_kinds[0]
    page = parse(client.get(claim.get_absolute_url()))
    appearances = [text_of(li) for li in css(page, ".appearances > li")]
    assert [VERIFIED in a for a in appearances] == [True, False, False]
    assert [NOT_FOUND in a for a in appearances] == [False, True, False]
    assert [NO_TEXT in a for a in appearances] == [False, False, True]
    evidence = [text_of(li) for li in css(page, ".evidence-item")]
    assert sorted(m for e in evidence for m in (VERIFIED, NOT_FOUND, NO_TEXT) if m in e) == (
        sorted([VERIFIED, NOT_FOUND, NO_TEXT])
    )


def test_the_api_says_whether_each_excerpt_was_verified(client, three_kinds):
    claim, with_text, *_ = three_kinds
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert [a["excerpt_verified"] for a in body["appearances"]] == [True, False, None]
    assert [e["excerpt_verified"] for e in body["evidence"]] == [True, False, None]
    source = client.get(f"/api/v1/sources/{with_text.pk}/").json()
    assert [c["excerpt_verified"] for c in source["claims"]] == [True]


def test_the_source_page_marks_its_excerpts(client, three_kinds):
    _, with_text, other_text, without = three_kinds
    for source, mark in ((with_text, VERIFIED), (other_text, NOT_FOUND), (without, NO_TEXT)):
        page = parse(client.get(f"/sources/{source.pk}/"))
        reported = text_of(css(page, ".appearances > li")[0])
        assert mark in reported
        cited = text_of(css(page, ".link-list")[0])
        assert mark in cited
