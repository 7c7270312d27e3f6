"""A ClaimReview file's dates keep their precision: an appearance dated "2019-11" becomes a
source of November 2019, never of 1 November 2019."""

import datetime
import json

import pytest
from django.core.management import call_command

from sources.models import Source

pytestmark = pytest.mark.django_db


def test_an_appearance_dated_by_month_is_a_source_of_that_month(tmp_path):
    path = tmp_path / "review.json"
    path.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": "https://checks.example/1",
                "datePublished": "2019-12-02",
                "claimReviewed": "The bridge was finished in a month.",
                "author": {"@type": "Organization", "name": "Checks Example"},
                "reviewRating": {"@type": "Rating", "alternateName": "False"},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": "A. Mayor"},
                    "datePublished": "2019",
                    "appearance": [
                        {"url": "https://monthly.example/11", "datePublished": "2019-11"},
                        {"url": "https://daily.example/5", "datePublished": "2019-11-05"},
                    ],
                },
            }
        )
    )
    call_command("import_claimreview", str(path))
    monthly = Source.objects.get(url="https://monthly.example/11")
    assert (monthly.published_on, monthly.published_on_precision) == (
        datetime.date(2019, 11, 1),
        "month",
    )
    assert monthly.published_on_display == "November 2019"
    daily = Source.objects.get(url="https://daily.example/5")
    assert (daily.published_on, daily.published_on_precision) == (
        datetime.date(2019, 11, 5),
        "day",
    )
    review = Source.objects.get(url="https://checks.example/1")
    assert review.published_on_precision == "day"
