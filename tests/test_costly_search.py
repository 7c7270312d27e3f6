"""Costly searches are bounded (issue item 6, docs/api.md "Search limits"): a query over
the documented limits is a clear 400 (JSON in the API, a form error on the reader's page),
never a 500 nor seconds of database time; on PostgreSQL a search that runs past its
statement timeout is stopped and answered 503 with Retry-After."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.search import MAX_QUERY_CHARACTERS, MAX_QUERY_WORDS
from tests.factories import ClaimFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statement timeout is PostgreSQL's"
)

WORDS = [f"word{n:03d}" for n in range(300)]


def ored(count: int) -> str:
    return " or ".join(WORDS[:count])


@pytest.fixture
def claims(db):
    return [ClaimFactory(text=f"Grain exports {word} resumed.") for word in WORDS[:20]]


class TestTheLimits:
    def test_the_worst_query_within_the_limits_is_answered(self, client, claims):
        query = ored(MAX_QUERY_WORDS)
        response = client.get("/api/v1/claims/", {"q": query})
        assert response.status_code == 200
        assert len(response.json()["results"]) == MAX_QUERY_WORDS
        assert client.get(reverse("claim-list"), {"q": query}).status_code == 200

    @pytest.mark.parametrize("count", [MAX_QUERY_WORDS + 1, 200, 290])
    def test_too_many_words_is_a_400_in_the_api(self, client, claims, count):
        response = client.get("/api/v1/claims/", {"q": ored(count)})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        message = response.json()["q"][0]
        if len(ored(count)) > MAX_QUERY_CHARACTERS:
            assert f"at most {MAX_QUERY_CHARACTERS} characters" in message
        else:
            assert f"at most {MAX_QUERY_WORDS} words" in message

    def test_words_are_counted_however_they_are_written(self, client, claims):
        for query in [
            " ".join(["a"] * (MAX_QUERY_WORDS + 1)),  # all required
            " ".join(f"-w{n}" for n in range(MAX_QUERY_WORDS)) + " grain",  # exclusions count
            '"' + " ".join(["grain"] * (MAX_QUERY_WORDS + 1)) + '"',  # a phrase's words count
            "疫" * (MAX_QUERY_WORDS + 2),  # pairs of letters count
        ]:
            response = client.get("/api/v1/claims/", {"q": query})
            assert response.status_code == 400, query
            assert f"at most {MAX_QUERY_WORDS} words" in response.json()["q"][0]

    def test_too_long_a_query_is_a_400(self, client, claims):
        response = client.get("/api/v1/claims/", {"q": "x" * (MAX_QUERY_CHARACTERS + 1)})
        assert response.status_code == 400
        assert response.json() == {
            "q": [
                f"Search for at most {MAX_QUERY_CHARACTERS} characters "
                f"(this query has {MAX_QUERY_CHARACTERS + 1})."
            ]
        }
        ok = client.get("/api/v1/claims/", {"q": "x" * MAX_QUERY_CHARACTERS})
        assert ok.status_code == 200

    def test_the_reader_page_shows_a_form_error(self, client, claims):
        response = client.get(reverse("claim-list"), {"q": ored(200)})
        assert response.status_code == 400
        document = parse(response)
        errors = [text_of(e) for e in css(document, "#id_q-error")]
        assert errors == [
            f"Search for at most {MAX_QUERY_CHARACTERS} characters (this query has "
            f"{len(ored(200))})."
        ]
        assert css(document, ".claim-card") == []
        words = client.get(reverse("claim-list"), {"q": " ".join(WORDS[:17])})
        assert words.status_code == 400
        assert f"at most {MAX_QUERY_WORDS} words" in text_of(css(parse(words), "#id_q-error")[0])


@postgresql_only
@pytest.mark.django_db(transaction=True)
class TestTheStatementTimeout:
    """A tiny timeout, and every search statement made to sleep past it."""

    @pytest.fixture(autouse=True)
    def slow_searches(self, settings):
        settings.SEARCH_STATEMENT_TIMEOUT_MS = 10

        def sleep_first(execute, sql, params, many, context):
            if "search_vector" in sql:
                sql = sql.replace(" WHERE ", " WHERE (SELECT pg_sleep(0.2)) IS NULL AND ", 1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(sleep_first):
            yield

    def test_the_api_answers_503_with_retry_after(self, client, claims):
        response = client.get("/api/v1/claims/", {"q": "grain"})
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert response.json()["detail"].startswith("This search took too long")
        # Other reads are not under the search's limit, and the connection is usable.
        assert client.get("/api/v1/claims/").status_code == 200

    def test_the_reader_page_answers_503_with_retry_after(self, client, claims):
        response = client.get(reverse("claim-list"), {"q": "grain"})
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "This search took too long" in text_of(css(parse(response), "h2")[0])
        assert client.get(reverse("claim-list")).status_code == 200

    def test_a_search_within_the_timeout_is_answered(self, client, claims, settings):
        settings.SEARCH_STATEMENT_TIMEOUT_MS = 5000
        assert client.get("/api/v1/claims/", {"q": "grain"}).status_code == 200
