"""Invalid API keys (issue 15, item 6): an unknown or revoked key is counted against the
client's address like an anonymous request, so guessing keys is rate limited (429), and a
made-up key is no way around the anonymous limit."""

import pytest

from serving.models import ApiKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _low_limits(low_limits):
    pass


@pytest.fixture(params=[0, 600], ids=["built", "stored"])
def answer_cache(request, settings):
    settings.PUBLIC_ANSWER_CACHE_SECONDS = request.param


def test_invalid_keys_are_counted_and_throttled_like_anonymous_clients(client, answer_cache):
    statuses = [
        client.get("/api/v1/", HTTP_X_API_KEY=f"fc_guess{n}").status_code for n in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    refused = client.get("/api/v1/", HTTP_X_API_KEY="fc_another")
    assert int(refused["Retry-After"]) > 0
    # Another address has its own budget.
    assert client.get("/api/v1/", HTTP_X_API_KEY="fc_x", REMOTE_ADDR="10.9.9.9").status_code == 401


def test_guessed_keys_and_anonymous_requests_share_one_budget(client, answer_cache):
    assert [client.get("/api/v1/").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/v1/", HTTP_X_API_KEY="fc_guess").status_code == 401
    assert client.get("/api/v1/").status_code == 429


def test_a_revoked_key_is_counted_too(client):
    key, raw_key = ApiKey.issue(name="Old partner")
    key.revoke()
    statuses = [client.get("/api/v1/", HTTP_X_API_KEY=raw_key).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_a_valid_key_is_not_held_back_by_its_address_guessing(client):
    _, raw_key = ApiKey.issue(name="Example Daily")
    for n in range(4):
        client.get("/api/v1/", HTTP_X_API_KEY=f"fc_guess{n}")
    assert client.get("/api/v1/", HTTP_X_API_KEY=raw_key).status_code == 200
