"""Every reader page, at any address its URL pattern matches and with any query string,
answers a page (200), a redirect, a gone (410) or an error page (400, 404): never a 500.

The addresses are read from the URL configuration: a page added to claims/urls.py or
sources/urls.py is covered without touching this file. The claim list's filters are read
from its FilterSet.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim, Speaker
from sources.models import Source
from tests.html import parse
from tests.properties import strategies as hostile
from tests.properties.support import bounded, lenient_client, no_server_error
from web.filters import ClaimPageFilter
from web.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

# Answers a reader may get: a page, a redirect to the canonical address, a page for bad
# filters (400), not found (404), withdrawn (410), an oEmbed format we do not serve (501).
READER_ANSWERS = {200, 301, 302, 400, 404, 410, 501}
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
NOT_READER_PAGES = ("admin/", "api/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


PAGES = {
    pattern.name: (route, pattern.pattern.converters)
    for route, pattern in _routes(get_resolver().url_patterns)
    if not route.startswith(NOT_READER_PAGES)
}

# The query parameters each page reads; any other parameter is drawn at random.
PAGE_PARAMETERS = {
    "claim-list": [*ClaimPageFilter.base_filters, "page"],
    "oembed": ["url", "format", "maxwidth", "maxheight"],
    "sitemap-section": ["p"],
}


def test_the_url_configuration_names_the_reader_pages():
    assert {"home", "claim-list", "claim-detail", "speaker-detail", "source-detail"} <= set(PAGES)
    assert "q" in PAGE_PARAMETERS["claim-list"]


@pytest.fixture(scope="module")
def good_values(seed_for_module) -> dict[str, list[str]]:
    """Path and query values that reach real rows, by name."""
    claims = list(Claim.objects.all())
    ids = {c.pk for c in claims} | set(Source.objects.values_list("pk", flat=True))
    claim_url = f"http://testserver{claims[0].get_absolute_url()}"
    return {
        "pk": [str(pk) for pk in sorted(ids)],
        "slug": [*Speaker.objects.values_list("slug", flat=True), *(c.slug for c in claims)],
        "section": list(SITEMAPS),
        "q": ["Raqqa", '"safe corridor" -isis', "raqqa or palmyra"],
        "speaker": list(Speaker.objects.values_list("slug", flat=True)),
        "stated_after": ["2017-05-01"],
        "stated_before": ["2017-06-30"],
        "disputed": ["true", "false"],
        "page": ["1", "2"],
        "url": [claim_url, claim_url.replace("http://testserver", "http://[")],
        "format": ["json", "xml"],
        "maxwidth": ["200", "480", "²"],
        "maxheight": ["150", "300", "³"],
        "p": ["1", "2"],
    }


def path_values(converter, known: list[str]) -> st.SearchStrategy:
    # Anything the converter's pattern matches reaches the view: a 20-digit "int" included.
    matching = st.from_regex(f"(?:{converter.regex})", fullmatch=True).filter(
        lambda value: "/" not in value
    )
    return (st.sampled_from(known) if known else st.nothing()) | matching


def query_strategy(name: str, good_values: dict) -> st.SearchStrategy:
    parameters = {
        parameter: hostile.query_values(*good_values.get(parameter, []))
        for parameter in PAGE_PARAMETERS.get(name, [])
    }
    known = st.fixed_dictionaries({}, optional=parameters)
    unknown = st.dictionaries(hostile.any_text, hostile.scalar_values, max_size=2)
    return st.tuples(known, unknown).map(lambda both: {**both[1], **both[0]})


@pytest.mark.parametrize("name", sorted(PAGES))
@bounded(15)
@given(data=st.data())
def test_any_address_and_query_of_a_page_answers_without_a_server_error(
    seeded, good_values, figure, name, data
):
    route, converters = PAGES[name]
    path = "/" + CONVERTER.sub(
        lambda m: data.draw(
            path_values(converters[m["name"]], good_values.get(m["name"], [])), label=m["name"]
        ),
        route,
    )
    params = data.draw(query_strategy(name, good_values), label="query")
    response = lenient_client().get(path, params)
    figure("Reader pages").record(response, pages=name)
    assert response.status_code in READER_ANSWERS, no_server_error(response)


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        (name, parameter)
        for name, parameters in PAGE_PARAMETERS.items()
        for parameter in parameters
    ],
)
@bounded(15)
@given(data=st.data())
def test_any_value_of_one_query_parameter_is_answered_without_a_server_error(
    seeded, good_values, figure, name, parameter, data
):
    route, _ = PAGES[name]
    # The page's own address (its first known values): the parameter is what varies.
    path = "/" + CONVERTER.sub(lambda m: good_values[m["name"]][0], route)
    value = data.draw(hostile.query_values(*good_values.get(parameter, [])), label=parameter)
    response = lenient_client().get(path, {parameter: value})
    figure("Reader page parameters, one at a time").record(
        response, pages=name, parameters=f"{name}?{parameter}"
    )
    assert response.status_code in READER_ANSWERS, no_server_error(response)
    if name == "claim-list" and response.status_code == 400:
        # The reader sees the error at the field that holds the bad value.
        assert parse(response).cssselect(f'.field--error [name="{parameter}"]')
