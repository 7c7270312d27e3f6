"""core.dates: what curators type, the span a date and its bounds leave, and how readers
(format_span) and machines (edtf, iso_interval) see it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from core.dates import (
    MONTH_NAMES,
    DatePrecision,
    bounds_errors,
    edtf,
    format_partial_date,
    format_span,
    iso_interval,
    normalize_partial_date,
    parse_not_after,
    parse_not_before,
    parse_partial_date,
    period,
    span,
    validate_bounds,
)

D = datetime.date
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-05-27", (D(2017, 5, 27), DAY)),
        ("27 May 2017", (D(2017, 5, 27), DAY)),
        ("May 27, 2017", (D(2017, 5, 27), DAY)),
        ("27/05/2017", (D(2017, 5, 27), DAY)),
        ("27.05.2017", (D(2017, 5, 27), DAY)),
        ("  27   may 2017 ", (D(2017, 5, 27), DAY)),
        ("27th May 2017", (D(2017, 5, 27), DAY)),
        ("05/05/2017", (D(2017, 5, 5), DAY)),
        ("5.6.2017", (D(2017, 6, 5), DAY)),
        ("November 2017", (D(2017, 11, 1), MONTH)),
        ("Nov 2017", (D(2017, 11, 1), MONTH)),
        ("Nov. 2017", (D(2017, 11, 1), MONTH)),
        ("Sept 2017", (D(2017, 9, 1), MONTH)),
        ("2017-11", (D(2017, 11, 1), MONTH)),
        ("11/2017", (D(2017, 11, 1), MONTH)),
        ("2017", (D(2017, 1, 1), YEAR)),
        ("29 February 2016", (D(2016, 2, 29), DAY)),
    ],
)
def test_it_reads_what_people_type(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("05/06/2017", "05/06/2017 could be 5 June or May 6: write 5 June 2017 or 2017-06-05"),
        ("31 April 2017", "31 April 2017 does not exist"),
        ("31/04/2017", "31 April 2017 does not exist"),
        ("2017-02-29", "29 February 2017 does not exist"),
        ("05/27/2017", "05/27/2017: dates with slashes are read day first, and 27 is not a month"),
        ("13/2017", "13/2017: 13 is not a month"),
        ("2017-13", "2017-13: 13 is not a month"),
        ("27/05/17", "27/05/17: write the year in full, with four digits (2017)"),
        ("yesterday", "“yesterday” is not a date: write it as 27 May 2017, May 2017 or 2017"),
        ("Maybe 2017", "“Maybe 2017” is not a date"),
        ("17", "17 is not a date"),
        ("", "No date given"),
        ("7" * 1000, "Too long for a date"),
    ],
)
def test_it_refuses_saying_why(text, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        parse_partial_date(text)


def test_a_bound_typed_as_a_month_or_year_means_its_first_or_last_day():
    assert parse_not_before("May 2017") == D(2017, 5, 1)
    assert parse_not_after("May 2017") == D(2017, 5, 31)
    assert parse_not_after("February 2016") == D(2016, 2, 29)
    assert parse_not_before("2017") == D(2017, 1, 1)
    assert parse_not_after("2017") == D(2017, 12, 31)
    assert parse_not_after("27 May 2017") == D(2017, 5, 27)


def test_the_span_is_the_period_narrowed_by_the_bounds():
    assert span(D(2017, 5, 1), MONTH, None, None) == (D(2017, 5, 1), D(2017, 5, 31))
    assert span(D(2017, 5, 1), MONTH, D(2017, 5, 27), D(2017, 5, 31)) == (
        D(2017, 5, 27),
        D(2017, 5, 31),
    )
    assert span(D(2017, 1, 1), YEAR, None, D(2017, 5, 31)) == (D(2017, 1, 1), D(2017, 5, 31))
    assert span(None, "", None, D(2017, 5, 31)) == (None, D(2017, 5, 31))
    assert span(None, "", None, None) == (None, None)
    assert span(D(2017, 5, 27), DAY, D(2017, 5, 1), None) == (D(2017, 5, 27), D(2017, 5, 27))


@pytest.mark.parametrize(
    ("date", "precision", "not_before", "not_after", "words", "edtf_text"),
    [
        (D(2017, 5, 27), DAY, None, None, "27 May 2017", "2017-05-27"),
        (D(2017, 5, 1), MONTH, None, None, "May 2017", "2017-05"),
        (D(2017, 1, 1), YEAR, None, None, "2017", "2017"),
        (
            D(2017, 5, 1),
            MONTH,
            D(2017, 5, 27),
            D(2017, 5, 31),
            "between 27 and 31 May 2017",
            "2017-05-27/2017-05-31",
        ),
        (
            None,
            "",
            D(2017, 4, 27),
            D(2017, 5, 3),
            "between 27 April and 3 May 2017",
            "2017-04-27/2017-05-03",
        ),
        (
            None,
            "",
            D(2016, 12, 30),
            D(2017, 1, 2),
            "between 30 December 2016 and 2 January 2017",
            "2016-12-30/2017-01-02",
        ),
        (None, "", D(2017, 5, 27), D(2017, 5, 27), "27 May 2017", "2017-05-27"),
        (None, "", None, D(2017, 5, 31), "on or before 31 May 2017", "../2017-05-31"),
        (None, "", D(2017, 5, 27), None, "on or after 27 May 2017", "2017-05-27/.."),
        (
            D(2017, 5, 1),
            MONTH,
            None,
            D(2017, 5, 29),
            "May 2017, on or before 29 May",
            "2017-05/2017-05-29",
        ),
        (D(2017, 1, 1), YEAR, D(2017, 6, 3), None, "2017, on or after 3 June", "2017-06-03/2017"),
        # A bound that leaves the whole period, or sits on its far end, says nothing more.
        (D(2017, 5, 1), MONTH, D(2017, 4, 1), D(2017, 6, 30), "May 2017", "2017-05"),
        (D(2017, 5, 1), MONTH, None, D(2017, 5, 31), "May 2017", "2017-05"),
        (D(2017, 5, 27), DAY, D(2017, 5, 20), D(2017, 5, 31), "27 May 2017", "2017-05-27"),
        (D(2017, 5, 1), MONTH, None, D(2017, 5, 1), "1 May 2017", "2017-05-01"),
        (None, "", None, None, "", ""),
    ],
)
def test_readers_and_machines_see_the_span(
    date, precision, not_before, not_after, words, edtf_text
):
    assert format_span(date, precision, not_before, not_after) == words
    assert edtf(date, precision, not_before, not_after) == edtf_text


def test_the_iso_interval_names_whole_days():
    assert iso_interval(D(2017, 5, 1), MONTH, None, None) == "2017-05-01/2017-05-31"
    assert iso_interval(None, "", None, D(2017, 5, 31)) == "../2017-05-31"
    assert iso_interval(D(2017, 5, 27), DAY, None, None) == "2017-05-27"
    assert iso_interval(None, "", None, None) == ""


def test_bounds_must_be_ordered_and_overlap_the_period():
    may = (D(2017, 5, 1), MONTH)
    assert bounds_errors(*may, D(2017, 6, 3), None) == {
        "not_before": "Not before 3 June 2017 is after the whole of May 2017."
    }
    assert bounds_errors(*may, None, D(2017, 4, 30)) == {
        "not_after": "Not after 30 April 2017 is before the whole of May 2017."
    }
    assert bounds_errors(D(2017, 5, 27), DAY, D(2017, 5, 28), None) == {
        "not_before": "Not before 28 May 2017 is after 27 May 2017."
    }
    assert bounds_errors(None, "", D(2017, 5, 31), D(2017, 5, 27)) == {
        "not_after": "Not after 27 May 2017 comes before not before 31 May 2017."
    }
    assert bounds_errors(*may, D(2017, 5, 27), D(2017, 5, 31)) == {}
    with pytest.raises(ValidationError) as refusal:
        validate_bounds(
            *may,
            D(2017, 6, 3),
            None,
            not_before_field="stated_not_before",
            not_after_field="stated_not_after",
        )
    assert refusal.value.message_dict == {
        "stated_not_before": ["Not before 3 June 2017 is after the whole of May 2017."]
    }


# --- Properties ------------------------------------------------------------------------

days = st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31))
precisions = st.sampled_from([DAY, MONTH, YEAR])


@st.composite
def dated(draw):
    """A valid (date|None, precision, not_before|None, not_after|None)."""
    if draw(st.booleans()):
        value, precision = draw(days), draw(precisions)
        value = normalize_partial_date(value, precision)
        first, last = period(value, precision)
        # Bounds overlap the period: not_before ≤ last, not_after ≥ first.
        not_before = draw(st.none() | st.dates(min_value=D(1000, 1, 1), max_value=last))
        low = max(first, not_before) if not_before else first
        not_after = draw(st.none() | st.dates(min_value=low, max_value=D(9999, 12, 31)))
    else:
        value, precision = None, ""
        not_before = draw(st.none() | days)
        not_after = draw(
            st.none() | st.dates(min_value=not_before or D(1000, 1, 1), max_value=D(9999, 12, 31))
        )
    return value, precision, not_before, not_after


def _typed_forms(value, precision):
    """Ways a curator may type the date at its precision."""
    month = MONTH_NAMES[value.month - 1]
    if precision == YEAR:
        return [f"{value.year}"]
    if precision == MONTH:
        return [
            f"{month} {value.year}",
            f"{month[:3]} {value.year}",
            value.isoformat()[:7],
            f"{value.month:02d}/{value.year}",
        ]
    return [
        value.isoformat(),
        f"{value.day} {month} {value.year}",
        f"{month} {value.day}, {value.year}",
        f"{value.day:02d}.{value.month:02d}.{value.year}",
    ]


@given(days, precisions, st.data())
def test_parsing_never_invents_a_day(value, precision, data):
    text = data.draw(st.sampled_from(_typed_forms(value, precision)))
    assert parse_partial_date(text) == (normalize_partial_date(value, precision), precision)


@given(st.text(max_size=20))
def test_parsing_anything_either_reads_a_date_or_says_why(text):
    try:
        value, precision = parse_partial_date(text)
    except ValueError as refusal:
        refused = str(refusal)
        assert refused  # a refusal always says why
    else:
        assert value == normalize_partial_date(value, precision)
        # Without two numbers besides the year there is no day to read.
        if len(re.findall(r"\d+", text)) < 2 and not re.search(r"[a-z]+\.?\s+\d", text, re.I):
            assert precision != DAY


@given(dated())
def test_the_span_lies_within_the_period_and_the_bounds(args):
    value, precision, not_before, not_after = args
    assert bounds_errors(*args) == {}
    earliest, latest = span(*args)
    if value is not None:
        first, last = period(value, precision)
        assert first <= earliest <= latest <= last
    if not_before is not None:
        assert earliest >= not_before
    if not_after is not None:
        assert latest <= not_after
    if earliest is not None and latest is not None:
        assert earliest <= latest


@given(dated())
def test_the_words_show_no_day_nobody_gave(args):
    value, precision, not_before, not_after = args
    words = format_span(*args)
    given_days = {d for d in (not_before, not_after) if d is not None}
    if value is not None and precision == DAY:
        given_days.add(value)
    if not given_days:
        assert words == format_partial_date(value, precision)
        assert not re.search(r"\d{1,2} [A-Z]", words)
    for day_number, month in re.findall(r"(\d{1,2}) ([A-Z][a-z]+)", words):
        assert (int(day_number), MONTH_NAMES.index(month) + 1) in {
            (d.day, d.month) for d in given_days
        }
    if any(args):
        assert words


@given(dated())
def test_edtf_and_the_interval_name_the_span(args):
    earliest, latest = span(*args)
    text = edtf(*args)
    interval = iso_interval(*args)
    if earliest is None and latest is None:
        assert text == interval == ""
        return
    ends = text.split("/") if "/" in text else [text, text]
    read = [None if end == ".." else parse_partial_date(end) for end in ends]
    # Each EDTF end, read back as a partial date, holds the span's end.
    if read[0] is None:
        assert earliest is None
    else:
        assert period(*read[0])[0] <= earliest <= period(*read[0])[1]
    if read[1] is None:
        assert latest is None
    else:
        assert period(*read[1])[0] <= latest <= period(*read[1])[1]
    bounds = interval.split("/") if "/" in interval else [interval, interval]
    assert bounds == [
        earliest.isoformat() if earliest else "..",
        latest.isoformat() if latest else "..",
    ]


@given(days, precisions)
def test_the_display_reads_back_as_the_date(value, precision):
    value = normalize_partial_date(value, precision)
    assume(value.year >= 1000)
    shown = format_span(value, precision, None, None)
    assert parse_partial_date(shown) == (value, precision)
