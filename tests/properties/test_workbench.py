"""The source workbench (curation/workbench) fed anything, as a contributor: its claim form
on the seed's TASS source (every field, the selection's offsets and the links read from the
page as rendered) and its source form (text, HTML, files of any bytes). No 500; a refused
post writes nothing; what a save writes passes ``full_clean()``.

As in test_admin_forms.py, each example runs in a savepoint rolled back when it ends.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim, Speaker
from sources.models import Outlet, Source
from tests.html import parse
from tests.properties import strategies as hostile
from tests.properties.database import rolled_back, saved_objects, snapshot, written
from tests.properties.support import bounded, lenient_client, no_server_error

pytestmark = pytest.mark.django_db

C1_PASSAGE = "A source in Russia’s Defense Ministry said on May 27"


@pytest.fixture
def contributor_session(seeded, roles, django_user_model):
    user = django_user_model.objects.create_user("carla", password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client = lenient_client()
    client.force_login(user)
    return client


@pytest.fixture
def tass(seeded) -> Source:
    return Source.objects.get(url="https://tass.com/politics/948656")


def assert_valid(before, after) -> None:
    for obj in saved_objects(before, after):
        try:
            obj.full_clean()
        except ValidationError as error:
            pytest.fail(f"saved {obj._meta.label} {obj.pk} is invalid: {error}")


@pytest.fixture
def claim_fields(contributor_session, tass) -> dict:
    """Each field of the claim form as the page renders it, with values that pass."""
    url = reverse("admin:sources_source_workbench", args=[tass.pk])
    names = set(parse(contributor_session.get(url)).xpath("//form[@id='wb-claim-form']//@name"))
    start = tass.full_text.index(C1_PASSAGE)
    claims = [str(pk) for pk in Claim.objects.values_list("pk", flat=True)]
    speakers = [str(pk) for pk in Speaker.objects.values_list("pk", flat=True)]
    good = {
        "excerpt": [C1_PASSAGE],
        "excerpt_start": [str(start)],
        "excerpt_end": [str(start + len(C1_PASSAGE))],
        "attribution": ["said on May 27"],
        "existing_claim": claims,
        "reuse_claim": claims,
        "text": ["A corridor out of Raqqa was agreed on 27 May.", ""],
        "is_quote": ["quote", "paraphrase"],
        "language": ["en", "ru"],
        "speaker": speakers,
        "new_speaker_name": ["A new speaker", "Sergey Lavrov"],
        "new_speaker_kind": ["person", "organisation", "unnamed_source"],
        "new_speaker_affiliation": speakers,
        "new_affiliation_name": ["A new ministry"],
        "speaker_title": ["Minister"],
        "stated_on": ["27 May 2017", "May 2017", "2017"],
        "stated_not_before": ["27 May 2017"],
        "stated_not_after": ["31 May 2017"],
        "stated_on_inferred": ["on"],
        "stated_on_note": ["From the dateline."],
        "different_claim": ["on"],
    }
    relations = ["", "out:denies", "in:confirms", "out:retracts", "in:counter_accuses"]
    for name in names:
        if name.startswith(("answers_", "other_relation_")):
            good[name] = relations
        elif name.startswith("other_claim_"):
            good[name] = claims
    return {name: good.get(name, []) for name in names if name != "csrfmiddlewaretoken"}


def drawn_post(data, base: dict, fields: dict) -> dict:
    """A post that would pass (``base``), with other fields given good values, and up to
    two fields given hostile ones (any text, NUL, huge numbers, repeated values…)."""
    extra = data.draw(
        st.fixed_dictionaries(
            {},
            optional={name: st.sampled_from(values) for name, values in fields.items() if values},
        ),
        label="more fields",
    )
    spoilt = data.draw(
        st.lists(st.sampled_from(sorted(fields)), max_size=2, unique=True), label="spoilt"
    )
    bad = {name: data.draw(hostile.query_values(*fields[name]), label=name) for name in spoilt}
    return {**base, **extra, **bad}


@bounded(40, shrink=False)
@given(data=st.data())
def test_any_claim_post_saves_valid_data_or_writes_nothing(
    contributor_session, tass, claim_fields, figure, data
):
    start = tass.full_text.index(C1_PASSAGE)
    base = {
        "excerpt": C1_PASSAGE,
        "excerpt_start": str(start),
        "excerpt_end": str(start + len(C1_PASSAGE)),
        "text": "A corridor out of Raqqa was agreed on 27 May.",
        "is_quote": "paraphrase",
        "language": "en",
        "speaker": str(Speaker.objects.get(slug="sergey-lavrov").pk),
        "different_claim": "on",
    }
    post = drawn_post(data, base, claim_fields)
    url = reverse("admin:sources_source_workbench", args=[tass.pk])
    tally = figure("Workbench posts")
    with rolled_back():
        before = snapshot()
        response = contributor_session.post(url, post)
        after = snapshot()
        tally.record(response, forms="claim")
        assert response.status_code in (200, 302), no_server_error(response)
        if response.status_code == 200:
            assert not written(before, after)
        else:
            tally.note("claims saved")
            assert_valid(before, after)


@bounded(20, shrink=False)
@given(data=st.data())
def test_any_source_post_saves_valid_data_or_writes_nothing(
    contributor_session, tass, figure, data
):
    outlets = [str(pk) for pk in Outlet.objects.values_list("pk", flat=True)]
    fields = {
        "title": ["An article"],
        "url": ["https://news.example/an-article", tass.url],
        "outlet": outlets,
        "new_outlet_name": ["A new outlet", "TASS"],
        "new_outlet_kind": ["news_agency", "other"],
        "published_on": ["31 May 2017", "May 2017"],
        "language": ["en"],
        "kind": ["article", "transcript"],
        "dateline": ["MOSCOW"],
        "authors": ["A. Writer"],
        "full_text": ["Someone said something on Wednesday.", ""],
        "html": ["<html><body><article><p>Someone said something.</p></article></body></html>"],
    }
    base = {
        "title": "An article",
        "new_outlet_name": "A new outlet",
        "new_outlet_kind": "news_agency",
        "language": "en",
        "kind": "article",
    }
    post = drawn_post(data, base, fields)
    upload = data.draw(st.none() | st.binary(max_size=300), label="upload")
    if upload is not None:
        name = data.draw(st.sampled_from(["a.txt", "a.html", "a"]), label="file name")
        post["upload"] = SimpleUploadedFile(name, upload)
    elif not any(post.get(name) for name in ("full_text", "html")):
        post["full_text"] = "Someone said something on Wednesday."
    tally = figure("Workbench posts")
    with rolled_back():
        before = snapshot()
        response = contributor_session.post(reverse("admin:sources_source_workbench_new"), post)
        after = snapshot()
        tally.record(response, forms="source")
        assert response.status_code in (200, 302), no_server_error(response)
        if response.status_code == 200:
            assert not written(before, after)
        else:
            tally.note("sources saved")
            assert_valid(before, after)
