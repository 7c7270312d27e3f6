"""Costly requests: a client's search time is bounded (serving/search_budget.py). Past its
budget a client gets 429 with Retry-After, in the API and on the reader's page, until it
has earned time back; other clients search on; without the cache nobody is refused."""

import pytest
from django.core.cache import cache

from factcheck.settings import redis_cache_config
from serving import search_budget
from serving.models import ApiKey
from tests.factories import ClaimFactory

SEARCH = "/api/v1/claims/?q=corridor"
READER_SEARCH = "/claims/?q=corridor"


class Clock:
    """serving.search_budget's clocks, moved by hand: every search takes ``search_takes``
    seconds."""

    def __init__(self):
        self.now = 1_000_000.0
        self.search_takes = 2.0
        self.searching = False

    def time(self):
        return self.now

    def perf_counter(self):
        # Called at the start of each search, then at its end: the search's time passes.
        if self.searching:
            self.now += self.search_takes
        self.searching = not self.searching
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(search_budget, "now", clock.time)
    monkeypatch.setattr(search_budget, "timer", clock.perf_counter)
    return clock


@pytest.fixture
def budget(db, settings, clock):
    # Six seconds a minute (a tenth of a second earned each second), three to start with.
    settings.SEARCH_SECONDS_PER_MINUTE = 6
    settings.SEARCH_SECONDS_BURST = 3
    ClaimFactory(text="The corridor was agreed with the Americans.")
    cache.clear()
    yield clock
    cache.clear()


def test_a_client_past_its_search_time_is_refused_with_retry_after(client, budget):
    # 2 s, then 4 s spent: within the 3 s to start with until the second search ends.
    assert client.get(SEARCH).status_code == 200
    assert client.get(SEARCH).status_code == 200
    refused = client.get(SEARCH)
    assert refused.status_code == 429
    # 3.6 s owed (each search's second reserved when it was let in, earned back at a tenth
    # of a second a second while it ran), 3 allowed: 0.6 s to earn back.
    assert refused["Retry-After"] == "6"
    assert "search time" in refused.json()["detail"]
    budget.now += 9
    assert client.get(SEARCH).status_code == 200


def test_other_clients_search_on(client, budget):
    for _ in range(2):
        client.get(SEARCH)
    assert client.get(SEARCH).status_code == 429
    _, raw_key = ApiKey.issue(name="Example Daily")
    assert client.get(SEARCH, HTTP_X_API_KEY=raw_key).status_code == 200
    assert client.get(SEARCH, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_lists_without_a_search_are_not_counted(client, budget):
    for _ in range(10):
        assert client.get("/api/v1/claims/").status_code == 200
    assert client.get(SEARCH).status_code == 200


def test_a_reader_past_its_search_time_gets_a_page_saying_when(client, budget):
    assert client.get(READER_SEARCH).status_code == 200
    assert client.get(READER_SEARCH).status_code == 200
    refused = client.get(READER_SEARCH)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "6"
    assert refused["Cache-Control"] == "no-store"
    assert b"searched more in the last minute" in refused.content
    # Reading pages is not searching.
    assert client.get("/claims/").status_code == 200


def test_without_the_cache_nobody_is_refused(client, budget, settings):
    settings.CACHES = {"default": redis_cache_config("redis://127.0.0.1:1/0")}
    for _ in range(5):
        assert client.get(SEARCH).status_code == 200


def test_budgets_off(client, budget, settings):
    settings.SEARCH_SECONDS_PER_MINUTE = 0
    for _ in range(5):
        assert client.get(SEARCH).status_code == 200


def test_what_the_cache_holds_wrongly_refuses_nobody(client, budget):
    for value in [5, "garbage", "1:2:3", ("a", "b")]:
        cache.set("search-time:address:127.0.0.1", value)
        assert client.get(SEARCH).status_code == 200
        assert client.get(READER_SEARCH).status_code == 200


@pytest.mark.usefixtures("redis_cache")
class TestInRedis:
    """As deployed: every process shares the budget, changed in one atomic step."""

    def test_searches_side_by_side_count_together(self, budget):
        one = search_budget.SearchBudget("address:203.0.113.9")
        # Each let in is charged a second at once: with 3 to start with, the fifth waits.
        assert [one.admit() for _ in range(5)][:4] == [None] * 4
        assert one.admit() is not None

    def test_searches_ending_together_are_all_charged(self, budget):
        import threading

        budget.search_takes = 0.5
        one = search_budget.SearchBudget("address:203.0.113.10")
        barrier = threading.Barrier(8)

        def search():
            barrier.wait()
            one._step(0.5, check=False)

        threads = [threading.Thread(target=search) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        debt, _ = one._step(0, check=False)
        assert debt == pytest.approx(4.0)

    def test_a_client_past_its_budget_is_refused(self, client, budget):
        for _ in range(2):
            assert client.get(SEARCH).status_code == 200
        refused = client.get(SEARCH)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "6"
