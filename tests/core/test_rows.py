"""core.rows and core.lookups: rows written without model instances are refused exactly as
``full_clean`` refuses them, written with their keys, and looked up by many values at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.models import Claim, PublicationStatus, Review, Speaker
from core.lookups import AnyOf
from core.rows import insert_new_rows, new_row
from sources.models import Source


def full_clean_errors(model, values) -> dict | None:
    """What ``full_clean`` says of ``values`` on its fields (relations, uniqueness and
    constraints left out, as the importer leaves them to the database)."""
    instance = model(**values)
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    try:
        instance.clean_fields(exclude=relations)
    except ValidationError as error:
        return error.message_dict
    return None


def new_row_errors(model, values) -> dict | None:
    try:
        new_row(model, **values)
    except ValidationError as error:
        return error.message_dict
    return None


REVIEW = {
    "url": "https://checks.example/2024/moon/",
    "summary": "False.",
    "reviewer_organisation": "Checks Example",
    "reviewed_on": datetime.date(2024, 1, 5),
    "status": PublicationStatus.DRAFT,
}


@pytest.mark.parametrize(
    ("model", "changes"),
    [
        (Review, {}),
        (Review, {"url": "https://checks.example/" + "x" * 600}),  # beyond max_length
        (Review, {"url": "not an address"}),
        (Review, {"url": "https://a.b/x"}),  # a one-letter top-level domain
        (Review, {"url": "https://checks.example/a b"}),
        (Review, {"summary": ""}),  # required
        (Review, {"summary": "bad\x02text", "reviewer_name": "x" * 300}),  # two fields
        (Review, {"status": "shelved"}),  # not a choice
        (Review, {"reviewed_on": "5 January"}),
        (Review, {"reviewed_on": None}),
        (Speaker, {"name": "A. Person", "slug": "a-person", "kind": "person"}),
        (Speaker, {"name": "A. Person", "slug": "a person", "kind": "person"}),
        (Speaker, {"name": "A. Person", "slug": "a", "kind": "person", "wikidata_id": "Q01"}),
        (Claim, {"text": "Said.", "language": "english"}),
        (Claim, {"text": "Said.", "language": "pt-BR", "stated_on_precision": "week"}),
        (Source, {"title": "t" * 501, "url": "https://news.example/1"}),
    ],
)
def test_a_row_is_refused_as_full_clean_refuses_it(model, changes):
    values = {**REVIEW, **changes} if model is Review else changes
    assert new_row_errors(model, values) == full_clean_errors(model, values)


ADDRESSES = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda scheme, host, rest: f"{scheme}://{host}{rest}",
        st.sampled_from(["http", "https", "HTTPS", "ftp", "gopher", "javascript"]),
        st.from_regex(r"[a-zA-Z0-9.\-@:\[\]]{0,30}", fullmatch=True),
        st.one_of(st.just(""), st.text(max_size=30).map(lambda s: "/" + s)),
    ),
)


@settings(max_examples=300, deadline=None)
@given(ADDRESSES)
def test_an_address_is_checked_as_full_clean_checks_it(address):
    """Addresses are checked by their origin (``core.rows._by_origin``), each origin once:
    the verdict and the message are URLValidator's all the same."""
    values = {"title": "t", "url": address}
    assert new_row_errors(Source, values) == full_clean_errors(Source, values)


@pytest.mark.django_db
def test_rows_are_written_with_their_keys_parents_and_stamps():
    before = timezone.now()
    speaker = new_row(Speaker, name="A. Person", slug="a-person-rows", kind="person")
    claims = [
        new_row(Claim, {"speaker_id": speaker}, text=f"Said {n}.", language="en") for n in range(3)
    ]
    insert_new_rows([(Speaker, [speaker]), (Claim, claims)], timezone.now())
    written = Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("pk")
    # The values are the rows as written (what their history rows copy).
    assert [(c.pk, c.text, c.speaker_id, c.created_at) for c in written] == [
        (row.pk, f"Said {n}.", speaker.pk, row.values["created_at"])
        for n, row in enumerate(claims)
    ]
    assert before <= written[0].created_at <= timezone.now()
    assert Speaker.objects.get(pk=speaker.pk).name == "A. Person"


@pytest.mark.django_db
def test_any_of_finds_what_in_finds(django_assert_num_queries):
    speaker = Speaker.objects.create(name="S", slug="s", kind="person")
    texts = ["One.", "", "Two\x1fwith the separator.", "Three, 'quoted'."]
    for text in texts:
        Claim.objects.create(text=text or "Blank no more.", speaker=speaker)
    for wanted in (["One.", "Three, 'quoted'."], ["Two\x1fwith the separator.", "One."], [""]):
        with django_assert_num_queries(1):
            found = set(Claim.objects.filter(AnyOf(F("text"), wanted)).values_list("text"))
        assert found == set(Claim.objects.filter(text__in=wanted).values_list("text"))
    ids = list(Claim.objects.values_list("pk", flat=True)[:2])
    assert set(Claim.objects.filter(AnyOf(F("pk"), ids)).values_list("pk", flat=True)) == set(ids)
    assert not Claim.objects.filter(AnyOf(F("text"), [])).exists()
