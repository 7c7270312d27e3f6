"""Importing ClaimReview JSON-LD as fact-checkers publish it, and exporting ours."""

import datetime
import json
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Appearance, Claim, PublicationStatus, Review, Speaker
from interop.claimreview import export
from record.models import PublicDataVersion
from sources.models import Outlet, Source
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "claimreview"
BAD = FIXTURES / "claimreview-malformed" / "three-bad-records.json"


def import_file(path, *args):
    call_command("import_claimreview", str(path), *args)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Claim, Review, Speaker, Source, Outlet, Appearance)
    }


class TestRealWorldShapes:
    def test_a_single_object_with_every_detail(self, seeded):
        import_file(GOOD / "single-object.json")
        review = Review.objects.get(url__contains="unemployment-halved")
        claim = review.claim
        assert review.status == claim.status == PublicationStatus.DRAFT
        # Markup stripped and entities decoded.
        assert (
            claim.text == "Unemployment was cut in half in just one year — the fastest drop ever."
        )
        assert claim.stated_on == datetime.date(2020, 10, 12)
        assert claim.stated_on_precision == "day"
        assert claim.speaker.name == "Jane Q. Senator"
        assert claim.speaker.kind == "person"
        assert claim.speaker.wikidata_id == "Q123456789"  # found in a sameAs list
        # The publisher's rating word matched the standard scale.
        assert (review.rating.scale.slug, review.rating.name) == ("standard", "Mostly false")
        assert review.reviewer_organisation == "Checker Example"
        assert review.reviewed_on == datetime.date(2020, 10, 15)  # the date as published there
        assert review.updated_on == datetime.date(2020, 10, 16)
        appearances = {a.source.url: a.marked_first for a in claim.appearances.all()}
        assert appearances == {
            "https://video.example/watch?v=abc": True,
            "https://social.example/janeq/status/1": False,
        }
        # The fact-check itself is kept as a source on the claim, from its publisher.
        source = Source.objects.get(url=review.url)
        assert source.outlet.name == "Checker Example"
        assert source.title == 'No, unemployment did not "halve" in a year'
        assert claim.evidence.get().source == source

    def test_a_list_with_authors_as_strings(self, seeded):
        import_file(GOOD / "list-with-string-authors.json")
        microchips = Claim.objects.get(text="Vaccines contain microchips.")
        assert microchips.speaker.name == "Social media posts"
        assert microchips.stated_on is None
        review = microchips.review
        assert review.reviewer_organisation == "Full Fact Example"
        # A rating word no scale has is kept as written, on the imported scale.
        assert review.rating.scale.slug == "imported"
        assert review.rating.name == "Incorrect. Vaccines do not contain microchips."
        bread = Review.objects.get(url__endswith="bread-prices/")
        assert bread.rating.name == "False"
        assert bread.summary == "Bread prices rose by about 10%, not 100%."

    def test_a_graph_in_spanish_with_an_iri_type(self, seeded):
        import_file(GOOD / "wordpress-graph.json")
        claim = Claim.objects.get(language="es")
        assert claim.text == "El gobierno abrió un corredor seguro para los militantes."
        assert claim.stated_on_precision == "year"
        assert claim.stated_on_display == "2019"
        assert claim.speaker.wikidata_id == "Q987654321"
        assert claim.speaker.kind == "organisation"
        # "Engañoso" is unknown; 3 of 1–5 sits in the middle of the standard scale.
        assert claim.review.rating.name == "Half true"

    def test_a_data_feed_with_wrapped_and_bare_items(self, seeded):
        import_file(GOOD / "datafeed.json")
        russian = Claim.objects.get(language="ru")
        assert russian.speaker.name == "Иван Петров"
        assert russian.stated_on_display == "March 2023"
        assert russian.review.rating.name == "Half true"
        turnout = Claim.objects.get(text__startswith="Turnout")
        assert turnout.review.rating.name == "True"  # 5 of 5, no word given
        assert turnout.stated_on == datetime.date(2023, 3, 28)
        assert turnout.language == "und"

    def test_a_folder_imports_every_file(self, seeded):
        before = Review.objects.count()
        import_file(GOOD)
        assert Review.objects.count() == before + 6


class TestSafety:
    def test_a_second_import_creates_nothing(self, seeded, capsys):
        import_file(GOOD)
        first = counts()
        capsys.readouterr()
        import_file(GOOD)
        assert counts() == first
        assert "Created 0, updated 0, matched 6, skipped 0." in capsys.readouterr().out

    def test_a_malformed_file_imports_the_good_records_and_names_each_bad_one(
        self, seeded, capsys
    ):
        before = counts()
        import_file(BAD)
        out = capsys.readouterr().out
        assert "4 reviews read." in out
        assert "Created 2, updated 0, matched 0, skipped 2." in out
        assert "Skipped (2):" in out
        assert (
            "  dataFeedElement[1]: has no claimReviewed: there is no claim text to import" in out
        )
        assert "  dataFeedElement[3]: unknown @type 'Recipe': expected ClaimReview" in out
        # A date that cannot be read: imported without it, and said so.
        assert (
            "  dataFeedElement[2]: datePublished 'the second of January' is not a date: left out"
            in out
        )
        assert counts()["Review"] == before["Review"] + 2

    def test_strict_keeps_a_malformed_file_all_or_nothing(self, seeded):
        before = counts()
        with pytest.raises(CommandError) as error:
            import_file(BAD, "--strict")
        message = str(error.value)
        assert "--strict: the whole file is refused" in message
        assert "dataFeedElement[1]: has no claimReviewed" in message
        assert "dataFeedElement[3]: unknown @type 'Recipe': expected ClaimReview" in message
        assert counts() == before

    def test_a_rating_value_beyond_any_float_is_left_out(self, seeded, tmp_path, capsys):
        document = json.loads((GOOD / "single-object.json").read_text())
        document["reviewRating"]["ratingValue"] = 10**400
        path = tmp_path / "review.json"
        path.write_text(json.dumps(document))
        import_file(path)
        assert "ratingValue 1000" in capsys.readouterr().out
        rating = Review.objects.get(url__contains="unemployment-halved").rating
        assert rating.name == "Mostly false"  # its word is kept

    @pytest.mark.parametrize("value", [float("nan"), float("inf")])
    def test_nan_and_infinity_are_not_json(self, seeded, tmp_path, value):
        # Python's json module writes them; JSON (RFC 8259) has no such numbers.
        document = json.loads((GOOD / "single-object.json").read_text())
        document["reviewRating"]["ratingValue"] = value
        path = tmp_path / "review.json"
        path.write_text(json.dumps(document))
        before = counts()
        with pytest.raises(CommandError, match="not JSON"):
            import_file(path)
        assert counts() == before

    def test_a_rating_with_only_a_value_is_read_on_schema_orgs_default_scale(
        self, seeded, tmp_path
    ):
        document = json.loads((GOOD / "single-object.json").read_text())
        document["reviewRating"] = {"@type": "Rating", "ratingValue": 2}
        path = tmp_path / "review.json"
        path.write_text(json.dumps(document))
        import_file(path)
        rating = Review.objects.get(url__contains="unemployment-halved").rating
        # 2 between worst 1 and best 5 (schema.org's defaults): a quarter of the way up.
        assert (rating.scale.slug, rating.name) == ("standard", "Mostly false")

    def test_a_page_without_json_ld_is_refused_saying_so(self, seeded, tmp_path):
        path = tmp_path / "page.json"
        path.write_text("<html>not json</html>")
        with pytest.raises(CommandError, match="an HTML page without ClaimReview JSON-LD"):
            import_file(path)

    def test_a_file_in_no_known_format_is_refused_saying_what_is_read(self, seeded, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text("just some words\nand more")
        with pytest.raises(CommandError, match="not a format this import reads: expected"):
            import_file(path)

    def test_a_dry_run_says_what_would_change_and_writes_nothing(self, seeded, capsys):
        before = counts()
        import_file(GOOD / "datafeed.json", "--dry-run")
        out = capsys.readouterr().out
        assert out.startswith(
            "Dry run, nothing written. Would have: 2 reviews read. Read as schema.org DataFeed "
            "of ClaimReview (JSON-LD). Created 2, updated 0, matched 0, skipped 0."
        )
        assert "2 reviews" in out
        assert counts() == before

    def test_a_published_review_is_never_overwritten(self, seeded):
        import_file(GOOD / "single-object.json")
        review = Review.objects.get()
        review.claim.publish()
        review.summary = "Edited by our desk."
        review.save()
        review.publish()
        import_file(GOOD / "single-object.json")
        review.refresh_from_db()
        assert review.summary == "Edited by our desk."

    def test_an_import_never_moves_the_public_data_version(
        self, db, django_capture_on_commit_callbacks
    ):
        # Everything it writes is a draft: the public record is an editor's to change.
        with django_capture_on_commit_callbacks() as callbacks:
            import_file(GOOD / "datafeed.json")
        assert [c for c in callbacks if c == PublicDataVersion.bump] == []


def comparable(feed):
    """A feed's content without our own addresses (ids differ between databases)."""
    items = []
    for item in feed["dataFeedElement"]:
        reviewed = item["itemReviewed"]
        items.append(
            {
                "url": item["url"],
                "claimReviewed": item["claimReviewed"],
                "datePublished": item["datePublished"],
                "author": item["author"]["name"],
                "rating": item["reviewRating"]["alternateName"],
                "speaker": reviewed["author"]["name"],
                "stated": reviewed.get("datePublished"),
                "appearances": sorted(a["url"] for a in reviewed.get("appearance", [])),
            }
        )
    return sorted(items, key=lambda i: i["url"])


def test_an_export_imported_into_an_empty_database_reproduces_it(seeded_claims, tmp_path):
    from claims.models import Rating
    from tests.factories import ReviewFactory

    standard = {r.slug: r for r in Rating.objects.filter(scale__slug="standard")}
    ReviewFactory(claim=seeded_claims["C1"], rating=standard["unproven"], url="")
    ReviewFactory(
        claim=seeded_claims["C2"], rating=standard["mostly-false"], reviewer_name="A. Checker"
    )
    exported = tmp_path / "feed.json"
    call_command("export_claimreview", str(exported), "--base-url", "https://claims.example")
    original = json.loads(exported.read_text())
    assert len(original["dataFeedElement"]) == 2

    # An empty database (the rating scales are seeds, as on any fresh install).
    for model in (Review, Appearance):
        model.objects.all().delete()
    from claims.models import ClaimLink, Evidence

    Evidence.objects.all().delete()
    ClaimLink.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
    Outlet.objects.all().delete()
    # Members before their organisations, level by level (affiliations are protected).
    while Speaker.objects.exists():
        Speaker.objects.filter(members__isnull=True).delete()

    import_file(exported)
    for review in Review.objects.select_related("claim"):
        review.claim.publish()
        review.publish()
    again = tmp_path / "again.json"
    call_command("export_claimreview", str(again), "--base-url", "https://claims.example")
    assert comparable(json.loads(again.read_text())) == comparable(original)


def test_the_export_reads_every_review_once_in_batches(seeded_claims, monkeypatch):
    # Reviews of one day, more than a batch: each once, newest first, then highest id.
    for claim in seeded_claims.values():
        ReviewFactory(claim=claim, reviewed_on=datetime.date(2017, 6, 1))
    monkeypatch.setattr(export, "BATCH", 2)
    items = list(export.claim_review_items(lambda path: f"https://claims.example{path}"))
    urls = [item["itemReviewed"]["url"] for item in items]
    expected = sorted(seeded_claims.values(), key=lambda claim: -claim.pk)
    assert urls == [f"https://claims.example{claim.get_absolute_url()}" for claim in expected]


def test_a_recorded_speaker_or_outlet_written_another_way_is_found(seeded, tmp_path):
    # As the source workbench finds them (core.names): accents decomposed, a zero-width
    # space pasted in, another case (of ASCII letters on SQLite). A new name is stored as
    # read.
    speaker = Speaker.objects.create(name="José Pérez", slug="jose-perez", kind="person")
    outlet = Outlet.objects.create(name="Vérité Check", slug="verite-check", kind="other")
    document = json.loads((GOOD / "single-object.json").read_text())
    document["author"]["name"] = unicodedata.normalize("NFD", "Vérité\u200b CHECK")
    author = document["itemReviewed"]["author"]
    author["name"] = unicodedata.normalize("NFD", "José\u200b Pérez")
    del author["sameAs"]
    for appearance in document["itemReviewed"]["appearance"]:
        appearance.pop("author", None)
    path = tmp_path / "review.json"
    path.write_text(json.dumps(document))
    before = counts()
    import_file(path)
    review = Review.objects.select_related("claim__speaker").get(url=document["url"])
    assert review.claim.speaker == speaker
    assert Speaker.objects.count() == before["Speaker"]
    assert Outlet.objects.count() == before["Outlet"]
    assert Source.objects.get(url=document["url"]).outlet == outlet

    # A name not recorded yet is stored as read, and found by the next record naming it.
    author["name"] = unicodedata.normalize("NFD", "Zoë\u200b Brontë")
    document["url"] += "2"
    path.write_text(json.dumps([document, {**document, "url": document["url"] + "3"}]))
    import_file(path)
    assert Speaker.objects.filter(name="Zoë Brontë").count() == 1
