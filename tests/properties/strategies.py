"""Hostile values for query strings and form fields, as Hypothesis strategies.

Everything a client can put in a URL or a form: any text HTTP can carry (unicode, control
characters, NUL — which PostgreSQL refuses in a query, a classic 500), numbers of every size
and sign, dates in and out of range, datetimes with odd offsets, empty values.
"""

import base64
import datetime
import json

from hypothesis import strategies as st

# Lone surrogates cannot be encoded in a URL or a form body (UTF-8 has no form for them).
CHARACTERS = st.characters(exclude_categories=("Cs",))

# Classics, each known to break some parser: NUL, digits int() refuses ("²") or accepts
# ("٣"), more digits than int() converts, impossible dates, a broken IPv6 host, markup.
CLASSICS = st.sampled_from(
    [
        "\x00",
        "²",
        "٣",
        "-1",
        "0",
        "9" * 20,
        "9" * 5000,
        "1e3",
        "NaN",
        "-inf",
        "2017-02-30",
        "0000-01-01",
        "10000-01-01",
        "http://[",
        "%00",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "\u202e",
        "🙂",
    ]
)
any_text = st.text(CHARACTERS, max_size=40)
# Text that looks almost right: digits in other scripts ("²", "٣"), signs, separators.
lookalike_text = st.text(
    st.sampled_from("0123456789-+.,:e E_/TZ²³١٢٣٤٥٦٧٨٩٠\x00\t\n%"), min_size=1, max_size=12
)
blank_text = st.sampled_from(["", " ", "\t", "\x00", "\u00a0", "\u200b", "\ufeff"])

huge_int = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]),
)
any_float = st.floats(allow_nan=True, allow_infinity=True)


def _date_string(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


date_strings = st.one_of(
    st.dates().map(datetime.date.isoformat),
    # Out of range or impossible: year 0, year 10000, 30 February, month 13, negative years.
    st.builds(
        _date_string,
        st.integers(min_value=-1, max_value=10001),
        st.integers(min_value=0, max_value=13),
        st.integers(min_value=0, max_value=32),
    ),
    st.sampled_from(["0000-01-01", "10000-01-01", "2017-02-30", "2017-5-31", "31/05/2017"]),
)

odd_offsets = st.builds(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes)),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
)
datetime_strings = st.builds(
    datetime.datetime.isoformat, st.datetimes(timezones=st.none() | odd_offsets)
)

scalar_values = st.one_of(
    CLASSICS,
    any_text,
    lookalike_text,
    blank_text,
    huge_int.map(str),
    any_float.map(str),
    date_strings,
    datetime_strings,
)


def query_values(*known: str) -> st.SearchStrategy:
    """One parameter's value: a known-good one (so filters also match rows), any hostile
    scalar, or the parameter repeated with several values (``?q=a&q=b``)."""
    good = st.sampled_from(known) if known else st.nothing()
    return st.one_of(
        good,
        scalar_values,
        st.lists(good | scalar_values, min_size=2, max_size=3),
    )


def _cursor(payload: dict) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# The API's keyset cursors (api/pagination.py) are base64 of ``o`` (the ordering), ``v``
# (the last row's sort values and id, as text) and ``r`` (backwards): a well-formed cursor
# naming an ordering in use and carrying hostile values reaches the database, a random one
# does not.
ORDERINGS = [
    "-stated_sort,-id",
    "stated_sort,id",
    "-updated_at,-id",
    "updated_at,id",
    "-reviewed_on,-id",
    "-id",
]
crafted_cursors = st.builds(
    _cursor,
    st.fixed_dictionaries(
        {
            "o": st.sampled_from(ORDERINGS) | lookalike_text,
            "v": st.lists(scalar_values, min_size=1, max_size=2)
            | st.tuples(datetime_strings, huge_int.map(str)).map(list)
            | st.tuples(date_strings, huge_int.map(str)).map(list),
        },
        optional={"r": st.sampled_from([1, 0, 2, -1, True, "1", None])},
    ),
)
