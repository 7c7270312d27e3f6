"""Partial dates show at their precision, never with a made-up day or month."""

import datetime

import pytest

from core.dates import DatePrecision, format_partial_date, normalize_partial_date
from tests.factories import ClaimFactory

MAY_27 = datetime.date(2017, 5, 27)


@pytest.mark.parametrize(
    ("precision", "shown"),
    [
        (DatePrecision.DAY, "27 May 2017"),
        (DatePrecision.MONTH, "May 2017"),
        (DatePrecision.YEAR, "2017"),
    ],
)
def test_a_date_is_formatted_at_its_precision(precision, shown):
    assert format_partial_date(MAY_27, precision) == shown


def test_no_date_formats_as_nothing():
    assert format_partial_date(None, "") == ""


@pytest.mark.parametrize(
    ("precision", "stored"),
    [
        (DatePrecision.DAY, datetime.date(2017, 5, 27)),
        (DatePrecision.MONTH, datetime.date(2017, 5, 1)),
        (DatePrecision.YEAR, datetime.date(2017, 1, 1)),
    ],
)
def test_a_partial_date_is_stored_as_the_first_of_its_period(precision, stored):
    assert normalize_partial_date(MAY_27, precision) == stored


@pytest.mark.django_db
class TestClaimDates:
    def test_a_month_precision_claim_is_saved_as_the_first_of_the_month(self):
        claim = ClaimFactory(stated_on=MAY_27, stated_on_precision=DatePrecision.MONTH)
        claim.refresh_from_db()
        assert claim.stated_on == datetime.date(2017, 5, 1)

    def test_a_month_precision_claim_never_shows_a_day(self):
        claim = ClaimFactory(
            stated_on=MAY_27, stated_on_precision=DatePrecision.MONTH, speaker__name="SDF"
        )
        claim.refresh_from_db()
        assert claim.stated_on_display == "May 2017"
        assert str(claim).endswith("(May 2017)")
        for day in ("1 May", "27 May", "May 1", "May 27", "2017-05"):
            assert day not in str(claim)

    def test_a_year_precision_claim_shows_only_the_year(self):
        claim = ClaimFactory(stated_on=MAY_27, stated_on_precision=DatePrecision.YEAR)
        claim.refresh_from_db()
        assert claim.stated_on_display == "2017"
        assert "May" not in str(claim)
        assert "January" not in str(claim)

    def test_an_undated_claim_shows_no_date(self):
        claim = ClaimFactory(stated_on=None, stated_on_precision="", text="Undated words.")
        assert claim.stated_on_display == ""
        assert str(claim) == f"{claim.speaker.name}: Undated words."
