"""The admin login resists password guessing (django-axes): five wrong passwords lock one
username at one address out; editors see lock-outs in the admin and lift them."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from core.client_address import client_address
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/conftest.py gives every staff user this
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


def log_in(client, username, password, address=HOME, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, address=HOME, **headers):
    return [log_in(client, username, "wrong", address, **headers) for _ in range(times)]


def is_logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, contributor):
    refused = fail(client, "carla", 4)
    assert [response.status_code for response in refused] == [200] * 4
    assert "Please enter the correct username and password" in refused[-1].content.decode()

    fifth = fail(client, "carla", 1)[0]
    assert fifth.status_code == 429

    sixth = log_in(client, "carla", PASSWORD)
    assert sixth.status_code == 429
    assert sixth["Retry-After"] == "3600"
    page = parse(sixth)
    assert text_of(css(page, "h1")[0]) == "Too many failed logins"
    text = text_of(css(page, ".lockout")[0])
    assert "as carla from this address is locked after 5 wrong passwords in a row" in text
    assert "Try again after" in text
    assert "(in 1 hour)" in text
    assert "contact an editor: they can unlock your account" in text
    assert "Content-Security-Policy" in sixth
    assert not is_logged_in(client)


def test_the_lock_holds_one_username_at_one_address(client, contributor, editor):
    fail(client, "carla", 5)
    # The same person from another address, and another person from the same one, get in:
    # a guesser cannot lock editors out from wherever they are.
    assert log_in(Client(), "carla", PASSWORD, address=ELSEWHERE).status_code == 302
    assert log_in(Client(), "edgar", PASSWORD).status_code == 302
    assert log_in(client, "carla", PASSWORD).status_code == 429


def test_a_successful_login_starts_the_count_again(client, contributor):
    fail(client, "carla", 4)
    assert log_in(client, "carla", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    assert [response.status_code for response in fail(client, "carla", 4)] == [200] * 4


def test_the_lock_lifts_after_an_hour(client, contributor):
    fail(client, "carla", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))
    assert log_in(client, "carla", PASSWORD).status_code == 302


def test_an_attempt_while_locked_starts_the_hour_again(client, contributor):
    fail(client, "carla", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=50))
    assert log_in(client, "carla", PASSWORD).status_code == 429
    restarted = AccessAttempt.objects.get().attempt_time
    assert timezone.now() - restarted < datetime.timedelta(minutes=1)


def test_no_password_is_stored(client, contributor):
    fail(client, "carla", 2)
    stored = AccessAttempt.objects.get().post_data
    assert "wrong" not in stored
    assert "password=********************" in stored


def test_an_unknown_username_is_locked_out_the_same_way(client, db):
    # No hint whether the account exists.
    assert [r.status_code for r in fail(client, "nobody", 5)] == [200] * 4 + [429]


def test_tests_log_in_with_force_login_or_with_a_request(contributor):
    # Axes needs the request to know whose attempt it is: Client.login(username, password)
    # alone raises. Tests use force_login (tests/conftest.py) or pass a request, as axes'
    # documentation says; axes stays on in tests.
    assert Client().login(request=HttpRequest(), username="carla", password=PASSWORD)
    with pytest.raises(ValueError, match="requires a request"):
        Client().login(username="carla", password=PASSWORD)


class TestBehindAProxy:
    """With NUM_PROXIES set, the address is the one the proxies report, as for the API's
    rate limits; without it, X-Forwarded-For is the client's to write and is ignored."""

    @pytest.fixture
    def one_proxy(self, settings):
        settings.NUM_PROXIES = 1

    def test_it_locks_the_address_the_proxy_reports(self, client, contributor, one_proxy):
        proxy = "10.0.0.1"
        # The client writes a new address in front each time; the proxy appends the real one.
        for n in range(5):
            log_in(client, "carla", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, {HOME}")
        assert AccessAttempt.objects.get().ip_address == HOME
        assert (
            log_in(client, "carla", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 429
        )
        other_client = log_in(Client(), "carla", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
        assert other_client.status_code == 302

    def test_without_num_proxies_the_header_is_ignored(self, client, contributor):
        for n in range(5):
            log_in(client, "carla", "wrong", HOME, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert AccessAttempt.objects.get().ip_address == HOME
        assert log_in(client, "carla", PASSWORD, HOME).status_code == 429

    @pytest.mark.parametrize(
        ("forwarded", "address"),
        [
            ("203.0.113.5, 198.51.100.7", "198.51.100.7"),
            ("198.51.100.7", "198.51.100.7"),
            ("not-an-address", HOME),
            ("", HOME),
        ],
    )
    def test_the_address_rule(self, rf, one_proxy, forwarded, address):
        request = rf.get("/", REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=forwarded)
        assert client_address(request) == address


class TestEditorsUnlock:
    def test_an_editor_sees_the_lock_out_and_lifts_it(self, client, contributor, editor_client):
        fail(client, "carla", 5)
        attempt = AccessAttempt.objects.get(username="carla")

        changelist = editor_client.get("/admin/axes/accessattempt/")
        assert changelist.status_code == 200
        [row] = css(parse(changelist), "#result_list tbody tr")
        assert "carla" in text_of(row)
        assert HOME in text_of(row)
        assert "Locked Out" in text_of(row)
        assert css(parse(changelist), 'select[name=action] option[value="delete_selected"]')
        assert "Access attempts" in editor_client.get("/admin/").content.decode()

        deleted = editor_client.post(
            f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        assert deleted.status_code == 302
        assert not AccessAttempt.objects.exists()
        assert log_in(client, "carla", PASSWORD).status_code == 302
        assert is_logged_in(client)

    def test_the_failures_stay_on_record_after_an_unlock(self, client, contributor, editor_client):
        fail(client, "carla", 5)
        AccessAttempt.objects.all().delete()
        failures = AccessFailureLog.objects.filter(username="carla")
        assert failures.count() == 5
        assert failures.filter(locked_out=True).count() == 1
        assert editor_client.get("/admin/axes/accessfailurelog/").status_code == 200

    def test_successful_logins_are_for_superusers_only(self, editor_client):
        assert editor_client.get("/admin/axes/accesslog/").status_code == 403

    def test_a_contributor_cannot_see_or_lift_lock_outs(self, client, contributor_client, editor):
        fail(client, "edgar", 5)
        attempt = AccessAttempt.objects.get()
        assert contributor_client.get("/admin/axes/accessattempt/").status_code == 403
        assert contributor_client.get("/admin/axes/accessfailurelog/").status_code == 403
        refused = contributor_client.post(
            f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        assert refused.status_code == 403
        assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
        assert "Access attempts" not in contributor_client.get("/admin/").content.decode()
