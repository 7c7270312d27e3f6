"""Client addresses (issue 15, item 4): one rule decides who a client is, for the API's rate
limits, the admin login's lock-out and the request logs (core/client_address.py)."""

import json
import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client

from core.client_address import client_address, parse_address
from factcheck.logging import JsonFormatter

PROXY = "10.0.0.1"
CLIENT = "1.2.3.4"


@pytest.fixture
def one_proxy(settings):
    settings.NUM_PROXIES = 1


class TestTheRule:
    @pytest.mark.parametrize(
        ("value", "address"),
        [
            ("1.2.3.4", "1.2.3.4"),
            (" 1.2.3.4 ", "1.2.3.4"),
            ("1.2.3.4:5678", "1.2.3.4"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:DB8::1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("::ffff:1.2.3.4", "1.2.3.4"),
            ("1.2.3.4:", None),
            ("1.2.3.4:http", None),
            ("[2001:db8::1]443", None),
            ("[2001:db8::1", None),
            ("unknown", None),
            ("", None),
            ("999.1.1.1", None),
        ],
    )
    def test_it_parses_addresses_with_and_without_ports(self, value, address):
        assert parse_address(value) == address

    @pytest.mark.parametrize(
        ("forwarded", "address"),
        [
            ("203.0.113.5, 198.51.100.7", "198.51.100.7"),
            ("203.0.113.5, 198.51.100.7:61000", "198.51.100.7"),
            ("203.0.113.5, [2001:db8::7]:61000", "2001:db8::7"),
            # Unparsable: the connection's address, never a value every such client shares.
            ("203.0.113.5, garbage", PROXY),
            ("", PROXY),
        ],
    )
    def test_behind_one_proxy_it_takes_the_rightmost_entry(
        self, rf, one_proxy, forwarded, address
    ):
        request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        assert client_address(request) == address

    def test_behind_two_proxies_it_takes_the_second_from_the_right(self, rf, settings):
        settings.NUM_PROXIES = 2
        forwarded = "6.6.6.6, 1.2.3.4, 10.0.0.2"
        request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        assert client_address(request) == "1.2.3.4"

    def test_without_num_proxies_the_header_is_ignored(self, rf):
        request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert client_address(request) == PROXY


@pytest.mark.django_db
class TestForgedForwardedFor:
    def test_a_random_x_forwarded_for_per_request_is_still_rate_limited(self, client, low_limits):
        statuses = [
            client.get(
                "/api/v1/", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
            ).status_code
            for n in range(6)
        ]
        assert statuses[:3] == [200, 200, 200]
        assert 429 in statuses[3:]


@pytest.mark.django_db
class TestAddressWithPort:
    """IIS and Azure append ``ip:port``: a new connection must not be a new client."""

    def test_the_throttle_keys_on_the_address_without_its_port(
        self, client, low_limits, one_proxy
    ):
        statuses = [
            client.get(
                "/api/v1/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{CLIENT}:{5678 + n}"
            ).status_code
            for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        # Another client behind the same proxy has its own budget.
        other = client.get("/api/v1/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="5.6.7.8:5678")
        assert other.status_code == 200

    def test_the_throttle_keys_on_an_ipv6_address_without_its_port(
        self, client, low_limits, one_proxy
    ):
        statuses = [
            client.get(
                "/api/v1/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"[2001:db8::1]:{5678 + n}"
            ).status_code
            for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]

    def test_the_lock_out_keys_on_the_address_without_its_port(self, contributor, one_proxy):
        for n in range(5):
            Client().post(
                "/admin/login/?next=/admin/",
                {"username": "carla", "password": "wrong", "next": "/admin/"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"{CLIENT}:{5678 + n}",
            )
        assert AccessAttempt.objects.get().ip_address == CLIENT
        # The editor at her own address behind the same proxy is not locked out.
        response = Client().post(
            "/admin/login/?next=/admin/",
            {
                "username": "carla",
                "password": "correct horse battery staple",
                "next": "/admin/",
            },
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="192.0.2.10:443",
        )
        assert response.status_code == 302

    def test_the_request_log_names_a_refused_client_by_the_same_rule(
        self, client, low_limits, one_proxy, caplog
    ):
        with caplog.at_level(logging.INFO, logger="factcheck.requests"):
            for n in range(4):
                client.get("/api/v1/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{CLIENT}:{n}")
        lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
        assert [line["client"] for line in lines if line.get("status") == 429] == [CLIENT]
        assert all(line["client"] is None for line in lines if line.get("status") == 200)
