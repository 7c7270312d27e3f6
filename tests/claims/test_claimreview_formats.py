"""Fact-checks as they are really published (issue 18): every format the import reads, what
real markup holds, record by record, and the same reviews never imported twice."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Appearance, Claim, PublicationStatus, Review, Speaker
from curation.models import ChangeRequest
from interop.claimreview.load import ImportFailed, import_document
from interop.claimreview.urls import clean_url, identity_key
from sources.models import Outlet, Source

pytestmark = pytest.mark.django_db

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "claimreview-formats"


def run(path, *args) -> str:
    """The command's report (its standard output)."""
    from io import StringIO

    out = StringIO()
    call_command("import_claimreview", str(path), *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Claim, Review, Speaker, Source, Outlet, Appearance)
    }


def review(**changes) -> dict:
    """A ClaimReview as a publisher's page carries it, with ``changes`` applied."""
    node = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/2024/moon-cheese/",
        "datePublished": "2024-01-05",
        "claimReviewed": "The moon is made of cheese.",
        "author": {"@type": "Organization", "name": "Checks Example"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Person"}},
    }
    node.update(changes)
    return node


def imported(node: dict) -> tuple[Review, list[str]]:
    """Imports one review; returns it and the report's notes on it."""
    report = import_document(node, name="review.json")
    return Review.objects.select_related("claim__speaker", "rating__scale").get(), [
        p.text for p in report.notes
    ]


# --- What real markup holds ---------------------------------------------------------------


class TestDates:
    @pytest.mark.parametrize(
        ("written", "day"),
        [
            ("2019-04-02", datetime.date(2019, 4, 2)),
            ("2019-04-02T18:45:09Z", datetime.date(2019, 4, 2)),
            ("2019-04-02 18:45:09 UTC", datetime.date(2019, 4, 2)),
            ("2019-04-02T23:30:00-05:00", datetime.date(2019, 4, 2)),  # the day written there
            ("2019-04-02T18:45:09.000+0000", datetime.date(2019, 4, 2)),
            ("Tue, 02 Apr 2019 18:45:09 GMT", datetime.date(2019, 4, 2)),
        ],
    )
    def test_a_date_with_or_without_time_zone_or_utc_suffix(self, seeded, written, day):
        found, notes = imported(review(datePublished=written))
        assert found.reviewed_on == day
        assert notes == []

    def test_no_date_published_imports_dated_by_date_modified(self, seeded):
        node = review(dateModified="2024-02-01")
        del node["datePublished"]
        found, notes = imported(node)
        assert found.reviewed_on == datetime.date(2024, 2, 1)
        assert notes == ["no datePublished: dated by its dateModified"]

    def test_no_date_at_all_imports_dated_today_and_says_so(self, seeded):
        node = review()
        del node["datePublished"]
        found, notes = imported(node)
        assert found.reviewed_on == timezone.localdate()
        assert "no readable datePublished: dated the day of this import" in notes[0]

    def test_an_unreadable_date_is_left_out_and_named(self, seeded):
        found, notes = imported(review(dateModified="soon"))
        assert found.updated_on is None
        assert notes == ["dateModified 'soon' is not a date: left out"]


class TestAuthors:
    def test_an_organisation_with_only_a_url_is_named_after_its_site(self, seeded):
        found, notes = imported(
            review(author={"@type": "Organization", "url": "https://www.CheckDesk.example.org/"})
        )
        assert found.reviewer_organisation == "checkdesk.example.org"
        assert Outlet.objects.get(name="checkdesk.example.org").homepage == (
            "https://www.CheckDesk.example.org/"
        )
        assert notes == ["author has no name: named after its site (checkdesk.example.org)"]

    def test_an_array_whose_first_author_is_empty_takes_the_next(self, seeded):
        found, _ = imported(review(author=[{"@type": "Organization"}, {"name": "Second Desk"}]))
        assert found.reviewer_organisation == "Second Desk"

    def test_a_string_author_and_a_url_string_author(self, seeded):
        found, _ = imported(review(author="Plain Desk"))
        assert found.reviewer_organisation == "Plain Desk"
        Review.objects.all().delete()
        found, _ = imported(review(url="https://checks.example/2", author="https://url.example/"))
        assert found.reviewer_organisation == "url.example"

    def test_a_person_with_a_name_and_a_url_is_the_reviewer(self, seeded):
        found, _ = imported(
            review(author={"@type": "Person", "name": "Ana Checker", "url": "https://a.example"})
        )
        assert (found.reviewer_name, found.reviewer_organisation) == ("Ana Checker", "Ana Checker")

    def test_no_author_at_all_names_the_review_after_its_site(self, seeded):
        node = review()
        del node["author"]
        found, notes = imported(node)
        assert found.reviewer_organisation == "checks.example"
        assert notes == [
            "no author: the reviewer is named after the review's site (checks.example)"
        ]


class TestRatings:
    @pytest.mark.parametrize(
        ("rating", "expected"),
        [
            ({"ratingValue": 4, "bestRating": 5, "worstRating": 1}, "Mostly true"),
            ({"ratingValue": "1", "bestRating": "5", "worstRating": "1"}, "False"),
            ({"ratingValue": 3}, "Half true"),  # schema.org's defaults: best 5, worst 1
            ({"ratingValue": 1, "bestRating": 1, "worstRating": 5}, "True"),  # inverted scale
            ({"ratingValue": 5, "bestRating": 1, "worstRating": 5}, "False"),
            ({"alternateName": "Mostly true"}, "Mostly true"),
            ({"ratingValue": "False"}, "False"),  # the word where the number belongs
            ("Half true", "Half true"),
            (2, "Mostly false"),
        ],
    )
    def test_numbers_numeric_strings_words_and_inverted_scales(self, seeded, rating, expected):
        if isinstance(rating, dict):
            rating = {"@type": "Rating", **rating}
        found, _ = imported(review(reviewRating=rating))
        assert (found.rating.scale.slug, found.rating.name) == ("standard", expected)

    @pytest.mark.parametrize("rating", [{}, {"@type": "Rating", "ratingValue": ""}, None])
    def test_an_empty_rating_imports_as_no_rating_given(self, seeded, rating):
        node = review(reviewRating=rating)
        if rating is None:
            del node["reviewRating"]
        found, notes = imported(node)
        assert (found.rating.scale.slug, found.rating.name) == ("imported", "No rating given")
        assert "imported as “No rating given”" in notes[0]


class TestText:
    def test_claim_reviewed_as_an_array_takes_the_first_and_says_so(self, seeded):
        found, notes = imported(review(claimReviewed=["First wording.", "Second wording."]))
        assert found.claim.text == "First wording."
        assert notes == ["claimReviewed holds 2 texts: the first was taken"]

    def test_html_entities_and_markup_are_decoded(self, seeded):
        found, _ = imported(review(claimReviewed="It&#39;s &quot;<b>cheese</b>&quot; &amp; milk"))
        assert found.claim.text == 'It\'s "cheese" & milk'

    def test_same_as_with_spaces_finds_the_wikidata_id(self, seeded):
        author = {
            "@type": "Person",
            "name": "Spaced Speaker",
            "sameAs": " https://twitter.example/x   https://www.wikidata.org/wiki/Q4242 ",
        }
        found, _ = imported(review(itemReviewed={"@type": "Claim", "author": author}))
        assert found.claim.speaker.wikidata_id == "Q4242"

    def test_a_review_without_claim_text_is_skipped_with_its_reason(self, seeded):
        with pytest.raises(ImportFailed) as failure:
            import_document(review(claimReviewed="  "), name="review.json")
        assert failure.value.reasons == [
            "document: has no claimReviewed: there is no claim text to import"
        ]
        assert not Review.objects.exists()


# --- Formats ------------------------------------------------------------------------------


class TestFormats:
    def test_a_data_commons_feed_with_item_lists(self, seeded):
        out = run(FORMATS / "datacommons-feed.json")
        assert "Read as schema.org DataFeed of ClaimReview (JSON-LD)." in out
        assert "Created 2, updated 0, matched 0, skipped 1." in out
        assert (
            "  dataFeedElement[1].item[0]: has no claimReviewed: there is no claim text to import"
            in out
        )
        chips = Review.objects.get(url="https://checkdesk.example.org/checks/vaccine-chips")
        assert chips.reviewer_organisation == "checkdesk.example.org"
        assert chips.reviewed_on == datetime.date(2019, 4, 2)
        assert chips.rating.name == "False"
        rain = Review.objects.get(url="https://checkdesk.example.org/checks/rain")
        assert rain.claim.text == "It never rains in the capital in May."
        assert rain.rating.name == "False"  # 5 on a scale from 5 (worst) to 1 (best)
        assert rain.claim.speaker.wikidata_id == "Q4242"

    def test_a_google_fact_check_tools_response(self, seeded):
        out = run(FORMATS / "google-claims-search.json")
        assert "Read as Google Fact Check Tools claims:search response." in out
        assert "Created 3, updated 0, matched 0, skipped 1." in out
        assert "  claims[2]: has no claimReview: nothing to import" in out
        bridge = Review.objects.get(url="https://bridgecheck.example/2024/bridge-budget/")
        assert bridge.reviewer_organisation == "Bridge Checkers"
        assert bridge.rating.name == "Mostly false"
        assert bridge.reviewed_on == datetime.date(2024, 2, 5)
        claim = bridge.claim
        assert (claim.text, claim.speaker.name, claim.language) == (
            "The new bridge cost twice its budget.", "Mayor Example", "en",
        )  # fmt: skip
        assert claim.stated_on == datetime.date(2024, 2, 1)
        other = Review.objects.get(url="https://other.example/checks/bridge")
        assert other.reviewer_organisation == "other.example"
        assert other.rating.name == "Exaggerated"
        assert Claim.objects.get(language="fr").review.rating.name == "Faux"

    def test_a_claimskg_csv(self, seeded):
        out = run(FORMATS / "claimskg.csv")
        assert "Read as ClaimsKG CSV." in out
        assert "Created 2, updated 0, matched 0, skipped 1." in out
        assert "  line 4: has no claimReviewed: there is no claim text to import" in out
        wages = Review.objects.get(url__contains="wages-flat")
        assert wages.claim.text == "Wages have been flat for forty years."
        assert wages.claim.speaker.name == "Senator Example"
        assert wages.claim.stated_on == datetime.date(2019, 3, 12)
        assert wages.reviewer_organisation == "PolitiFact"
        assert wages.rating.name == "False"  # "false", the word; ClaimsKG's own number unread
        assert Source.objects.get(url=wages.url).title == "Have wages been flat for 40 years?"

    def test_a_plain_csv(self, seeded):
        out = run(FORMATS / "plain.csv")
        assert "Read as plain CSV." in out
        assert "Created 2, updated 0, matched 0, skipped 1." in out
        assert "  line 4: has no claimReviewed: there is no claim text to import" in out
        crime = Review.objects.get(url="https://desk.example/checks/1")
        assert crime.claim.speaker.name == "The Minister"
        assert crime.summary == "Recorded crime fell 4%, not 50%."
        assert crime.claim.appearances.get().source.url == "https://news.example/minister-crime"
        # Each row written has its history row, as a save writes it: curators see where a
        # draft came from.
        history = crime.claim.history.get()
        assert (history.history_type, history.text) == ("+", crime.claim.text)
        assert crime.history.get().url == crime.url
        exports = Review.objects.get(url="https://desk.example/checks/2")
        assert exports.rating.name == "Mostly true"  # 4 of 1–5
        assert exports.reviewed_on == datetime.date(2023, 6, 10)
        assert exports.claim.stated_on_display == "June 2023"

    def test_a_meedan_check_item_export(self, seeded):
        """Check's "Export list" of a workspace's items: the claim description, the status
        as the verdict, the item's page in Check as the review's address."""
        out = run(FORMATS / "meedan-check.csv")
        assert "Read as Meedan Check item export (CSV)." in out
        assert "Created 2, updated 0, matched 0, skipped 2." in out
        assert (
            "  line 3: its Status is “In Progress”: not fact-checked yet, there is no verdict"
            in out
        )
        assert "  line 4: has no Claim: the item has no claim description" in out
        bridge = Review.objects.get(url="https://checkmedia.org/desk-example/media/101")
        assert bridge.claim.text == "The river bridge was closed for a year."
        assert (bridge.rating.scale.slug, bridge.rating.name) == ("standard", "False")
        assert bridge.reviewed_on == datetime.date(2024, 2, 3)  # Report Published at
        assert bridge.claim.stated_on == datetime.date(2024, 1, 30)  # Social Media Posted at
        assert bridge.reviewer_organisation == "desk-example"  # the workspace in the address
        assert bridge.claim.speaker.name == "Unattributed"
        # A verdict whose report is not published: imported, dated the day of the import,
        # and said so; a status no scale knows is kept as written.
        school = Review.objects.get(url__endswith="/media/104")
        assert school.reviewed_on == timezone.localdate()
        assert school.rating.name == "Verified"
        assert "  line 5: no readable datePublished: dated the day of this import" in out
        assert "  line 2: no Workspace column: the reviewer is the workspace the item's" in out

    def test_a_meedan_check_export_of_fact_checks_alone_is_refused_saying_why(
        self, seeded, tmp_path
    ):
        path = tmp_path / "fact-checks.csv"
        path.write_text(
            "ID,Title,Summary,URL,Language,Report Status,Imported?\n"
            "7,No the bridge was open,It was open,https://desk.example/7,en,published,false\n"
        )
        with pytest.raises(CommandError, match=r"names the fact-checks .* but not the claims"):
            run(path)
        assert Review.objects.count() == 0

    def test_an_html_page_carrying_json_ld(self, seeded):
        out = run(FORMATS / "page.html")
        assert "Read as an HTML page carrying ClaimReview JSON-LD." in out
        assert "Created 1, updated 0, matched 0, skipped 1." in out
        assert "  script[2]: this JSON-LD block is not JSON" in out
        dam = Review.objects.get()
        assert dam.claim.text == "The dam holds a year's water."
        assert dam.reviewed_on == datetime.date(2022, 8, 9)
        assert dam.rating.name == "Mostly false"

    def test_a_graph_and_a_list_and_one_object(self, seeded, tmp_path):
        graph = {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebPage", "name": "x"}, review(url="https://g.example/1")],
        }
        listed = [review(url="https://l.example/1"), {"@type": "Recipe"}]
        for name, document, read_as, position in [
            ("graph.json", graph, "schema.org ClaimReview JSON-LD (@graph)", None),
            ("list.json", listed, "a JSON list of ClaimReview JSON-LD", "[1]"),
            ("one.json", review(url="https://o.example/1"), "(one object)", None),
        ]:
            path = tmp_path / name
            path.write_text(json.dumps(document))
            out = run(path)
            assert read_as in out, name
            if position:
                assert f"  {position}: unknown @type 'Recipe': expected ClaimReview" in out
        assert Review.objects.count() == 3


class TestRecordByRecord:
    def test_one_percent_unreadable_imports_the_other_99_and_names_each(self, seeded, tmp_path):
        items = []
        for n in range(100):
            node = review(url=f"https://feed.example/{n}", claimReviewed=f"Claim {n}.")
            if n in (13, 71):
                node = {"@type": "DataFeedItem", "item": [{**node, "claimReviewed": ""}]}
            items.append(node)
        path = tmp_path / "feed.json"
        path.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": items}))
        out = run(path)
        assert "Created 98, updated 0, matched 0, skipped 2." in out
        assert "  dataFeedElement[13].item[0]: has no claimReviewed" in out
        assert "  dataFeedElement[71].item[0]: has no claimReviewed" in out
        assert Review.objects.count() == 98

    def test_a_record_the_database_refuses_is_skipped_and_the_others_import(
        self, seeded, tmp_path
    ):
        items = [
            review(url="https://feed.example/1", claimReviewed="Fine."),
            review(url="https://feed.example/" + "x" * 600, claimReviewed="Too long a url."),
            review(url="https://feed.example/3", claimReviewed="Also fine."),
        ]
        path = tmp_path / "feed.json"
        path.write_text(json.dumps(items))
        out = run(path)
        assert "Created 2, updated 0, matched 0, skipped 1." in out
        assert "  [1]: Ensure this value has at most 500 characters" in out
        assert Review.objects.count() == 2

    def test_a_batch_the_database_refuses_is_written_again_record_by_record(
        self, seeded, monkeypatch
    ):
        """Plans are written a batch at a time; a row the database refuses (here a source
        another writer added under the same address after the batch was looked up) rolls the
        batch back, and each record is written again in its own transaction."""
        from interop.claimreview import load

        looked_up = load._Importer.prefetch

        def prefetch_then_race(importer, records):
            looked_up(importer, records)
            Source.objects.create(url="https://news.example/raced", title="Added meanwhile")

        monkeypatch.setattr(load._Importer, "prefetch", prefetch_then_race)
        items = [
            review(url="https://feed.example/1", claimReviewed="First."),
            review(
                url="https://feed.example/2",
                claimReviewed="Second.",
                itemReviewed={"@type": "Claim", "appearance": ["https://news.example/raced"]},
            ),
            review(url="https://feed.example/3", claimReviewed="Third."),
        ]
        report = import_document(items, name="feed.json")
        assert (report.created, len(report.skipped)) == (2, 1)
        assert report.skipped[0].position == "[1]"
        assert report.skipped[0].text.startswith("refused by the database:")
        assert set(Review.objects.values_list("claim__text", flat=True)) == {"First.", "Third."}
        assert not Claim.objects.filter(text="Second.").exists()

    def test_a_batch_is_looked_up_and_written_in_as_many_queries_however_many_records(
        self, seeded
    ):
        """What a batch names is looked up once for the batch, and its rows written together:
        twice the records (each with its own speaker, appearance and claim), the same
        queries."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def feed(first: int, count: int) -> list[dict]:
            return [
                review(
                    url=f"https://feed.example/{n}",
                    claimReviewed=f"Claim {n}.",
                    itemReviewed={
                        "@type": "Claim",
                        "author": {"@type": "Person", "name": f"Speaker {n}"},
                        "appearance": [f"https://news.example/{n}"],
                    },
                )
                for n in range(first, first + count)
            ]

        import_document(feed(0, 1), name="warm.json")  # the outlet and the rating, once
        queries = []
        for first, count in ((100, 10), (200, 20)):
            with CaptureQueriesContext(connection) as captured:
                report = import_document(feed(first, count), name="feed.json")
            assert report.created == count
            queries.append(len(captured))
        assert queries[0] == queries[1]

    def test_a_record_skipped_takes_the_outlet_it_created_with_it(self, seeded):
        """An outlet or rating a record needs is written as it is read, in the record's own
        transaction: skipped, the record leaves nothing behind."""
        items = [
            review(
                url="https://new.example/1",
                author={"@type": "Organization", "name": "New Checker"},
                reviewRating={"@type": "Rating", "alternateName": "Pants on fire-ish"},
            ),
            review(url="https://checks.example/2"),
        ]
        report = import_document(items, name="upload.json", may_add_ratings=False)
        assert (report.created, [p.position for p in report.skipped]) == (1, ["[0]"])
        assert "is on no rating scale here" in report.skipped[0].text
        assert not Outlet.objects.filter(name="New Checker").exists()
        assert Outlet.objects.filter(name="Checks Example").exists()

    def test_imported_claims_are_found_by_search_as_saved_ones_are(self, seeded):
        """Claims are written with their search vectors (on PostgreSQL: in the insert, their
        appearances' excerpts included), the vectors a save would store."""
        import_document(
            review(itemReviewed={"@type": "Claim", "appearance": ["https://news.example/1"]}),
            name="review.json",
        )
        claim = Claim.objects.get(text="The moon is made of cheese.")
        assert list(Claim.objects.search("cheese")) == [claim]
        stored = Claim.objects.filter(pk=claim.pk).values_list("search_config", "search_vector")
        as_imported = stored.get()
        Claim.objects.filter(pk=claim.pk).update_search_vectors()
        assert stored.get() == as_imported

    def test_a_file_that_breaks_off_keeps_what_was_read_and_says_so(self, seeded, tmp_path):
        items = [review(url=f"https://feed.example/{n}") for n in range(3)]
        text = json.dumps({"@type": "DataFeed", "dataFeedElement": items})
        path = tmp_path / "cut.json"
        path.write_text(text[: text.index("feed.example/2") - 40])
        with pytest.raises(CommandError, match="breaks off after item 1"):
            run(path)
        assert Review.objects.count() == 2


# --- Identity -----------------------------------------------------------------------------


class TestIdentity:
    @pytest.mark.parametrize(
        "spelling",
        [
            "http://checks.example/2024/moon-cheese",
            "https://CHECKS.example:443/2024/moon-cheese/",
            "https://checks.example/2024/moon-cheese/?utm_source=feed&utm_medium=rss&fbclid=1",
            "https://checks.example/2024/moon-cheese/#comments",
            "https://checks.example/2024/moon-cheese/?gclid=abc",
        ],
    )
    def test_the_same_review_spelled_another_way_changes_nothing(self, seeded, spelling):
        import_document(review(), name="first.json")
        before = counts()
        report = import_document(review(url=spelling), name="again.json")
        assert (report.created, report.matched) == (0, 1)
        assert counts() == before
        assert Review.objects.get().url == "https://checks.example/2024/moon-cheese/"

    @pytest.mark.parametrize(
        "address",
        [
            "https://checks.example/2024/moon-cheese/",
            "http://checks.example/a/b.html",
            "https://checks.example/a/./b",
            "https://checks.example/a/../b/",
            "https://checks.example/.well-known/x",
            "https://Checks.example/a",
            "https://checks.example",
            "https://xn--80ak6aa92e.example/a",
            "https://checks.example/a%2Fb",
            "https://checks.example/caf\u00e9",
        ],
    )
    def test_an_address_already_clean_is_what_w3lib_makes_of_it(self, address, monkeypatch):
        """``clean_url`` returns addresses of the common, already clean shape as they are:
        what the whole work would give."""
        from interop.claimreview import urls

        shortcut = urls.clean_url.__wrapped__(address)
        monkeypatch.setattr(urls, "ALREADY_CLEAN", re.compile(r"(?!)"))  # matches nothing
        assert shortcut == urls.clean_url.__wrapped__(address)

    def test_tracking_parameters_are_dropped_and_others_kept(self):
        assert clean_url("HTTPS://Example.COM:443/a?b=2&utm_campaign=x&a=1&pk_kwd=y") == (
            "https://example.com/a?a=1&b=2"
        )
        assert identity_key("http://example.com/a/") == identity_key("https://example.com/a")
        assert identity_key("https://example.com/a?id=1") != identity_key(
            "https://example.com/a?id=2"
        )

    @pytest.mark.parametrize(
        "name",
        [
            "datacommons-feed.json",
            "google-claims-search.json",
            "claimskg.csv",
            "plain.csv",
            "meedan-check.csv",
            "page.html",
        ],
    )
    def test_reimporting_any_format_changes_nothing(self, seeded, name):
        run(FORMATS / name)
        before = counts()
        out = run(FORMATS / name)
        assert "Created 0, updated 0," in out
        assert "Rows created: nothing." in out
        assert counts() == before

    def test_an_unreviewed_draft_claim_is_matched_not_duplicated(self, seeded):
        speaker = Speaker.objects.create(name="A. Person", slug="a-person-x", kind="person")
        claim = Claim.objects.create(text="The moon is made of cheese.", speaker=speaker)
        import_document(review(), name="review.json")
        assert Claim.objects.filter(text="The moon is made of cheese.").count() == 1
        assert Review.objects.get().claim == claim

    def test_a_published_claim_is_proposed_to_an_editor_never_changed(self, seeded):
        speaker = Speaker.objects.create(name="A. Person", slug="a-person-x", kind="person")
        public = Claim.objects.create(
            text="The moon is made of cheese.", speaker=speaker, status=PublicationStatus.DRAFT
        )
        public.publish()
        run_file = import_document(review(), name="review.json")
        assert run_file.proposals == [(Review.objects.get().claim_id, public.pk)]
        public.refresh_from_db()
        assert public.status == PublicationStatus.PUBLISHED
        assert not hasattr(public, "review") or not Review.objects.filter(claim=public).exists()

    def test_the_command_turns_matches_into_proposals(self, seeded, tmp_path):
        speaker = Speaker.objects.create(name="A. Person", slug="a-person-x", kind="person")
        public = Claim.objects.create(text="The moon is made of cheese.", speaker=speaker)
        public.publish()
        path = tmp_path / "review.json"
        path.write_text(json.dumps(review()))
        out = run(path)
        assert "1 matched a public claim: proposed to an editor." in out
        request = ChangeRequest.objects.get(object_id=public.pk, resolved_at=None)
        assert "A ClaimReview import reviews this claim" in request.note


class TestAdminUpload:
    def test_the_admin_takes_a_csv_and_shows_the_same_report(self, contributor_client, seeded):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.html import css, parse, text_of

        path = FORMATS / "plain.csv"
        upload = SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")
        response = contributor_client.post("/admin/claims/review/import/", {"file": upload})
        assert response.status_code == 200
        page = parse(response)
        report = text_of(css(page, "#import-report")[0])
        assert "Read as plain CSV." in report
        assert "2 created, 0 updated, 0 matched (already here), 1 skipped." in report
        assert [text_of(li) for li in css(page, ".import-skipped li")] == [
            "line 4: has no claimReviewed: there is no claim text to import"
        ]
        assert Review.objects.count() == 2
