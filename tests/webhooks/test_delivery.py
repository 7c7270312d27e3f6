"""Webhooks (webhooks/; docs/api.md, "Webhooks"): every change-feed event is POSTed to each
endpoint, signed, at least once, with back-off, and a failing endpoint is paused. These
tests drive ``webhooks.delivery`` in the test's process; tests/webhooks/test_worker.py runs
the same through a real Celery worker."""

import contextlib
import datetime
import socket
import threading
import time

import pytest
from django.utils import timezone

from record import queries
from tests.api.answers import read_feed
from tests.factories import ClaimFactory, withdraw
from tests.webhooks.receiver import Receiver
from webhooks import delivery
from webhooks.destinations import Refused, check_destination
from webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.usefixtures("no_rate_limit")


@pytest.fixture(autouse=True)
def _local_endpoints(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    # Bodies carry absolute addresses under SITE_URL; the feed's under the test client's.
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def endpoint(db, receiver):
    endpoint = Endpoint.objects.create(description="A mirror", url=receiver.url, after_seq=0)
    receiver.secret = endpoint.secret
    return endpoint


def send_all() -> None:
    """What a worker does, in this process, until nothing is due."""
    while delivery.sweep(delivery.deliver):
        pass


def fail_with(receiver, status=500, delay=0.0):
    receiver.answer = lambda event: (status, delay)


def test_every_version_is_posted_signed_and_as_the_feed_gives_it(
    client, seeded, endpoint, receiver
):
    claim = withdraw(ClaimFactory(), "Misattributed.")

    send_all()

    items, _ = read_feed(client)
    assert receiver.forged == 0
    assert receiver.events == items  # every one, each once, the same document
    for headers, item in zip(receiver.headers, items, strict=True):
        assert headers["X-Factcheck-Event"] == item["event"]
        assert headers["User-Agent"].startswith("Factcheck-Webhooks/")
    (withdrawal,) = [i for i in items if i["event"] == "withdrawn" and i["id"] == claim.pk]
    assert withdrawal["object"] == "claim"
    assert withdrawal["changes"] == {"reason": "Misattributed."}
    delivered = Delivery.objects.filter(endpoint=endpoint)
    assert set(delivered.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert Attempt.objects.filter(delivery__endpoint=endpoint).count() == len(items)


def test_a_new_endpoint_starts_from_the_newest_change(seeded, receiver):
    endpoint = Endpoint.objects.create(description="From now on", url=receiver.url)
    receiver.secret = endpoint.secret
    assert endpoint.after_seq == queries.last_seq() > 0

    claim = ClaimFactory()
    send_all()

    assert [(e["object"], e["id"]) for e in receiver.events if e["object"] == "claim"] == [
        ("claim", claim.pk)
    ]
    assert min(receiver.ids()) > endpoint.after_seq


def test_a_forged_or_altered_delivery_does_not_verify(endpoint, receiver):
    from webhooks.signing import signed_headers

    body = b'{"seq":1}'
    headers = signed_headers(
        secret=endpoint.secret, event_id="1", event="published", body=body, at=timezone.now()
    )
    assert receiver.verify(body, headers) is not None
    assert receiver.verify(b'{"seq":2}', headers) is None
    old = signed_headers(
        secret=endpoint.secret,
        event_id="1",
        event="published",
        body=body,
        at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert receiver.verify(body, old) is None  # replayed later: too old


def test_a_failing_endpoint_backs_off_and_is_probed_with_one_delivery(seeded, endpoint, receiver):
    fail_with(receiver, 500)
    count = len(read_feed_ids())

    leased = delivery.sweep(delivery.deliver)

    endpoint.refresh_from_db()
    assert leased == min(count, delivery.IN_FLIGHT)
    assert endpoint.state == "failing"
    # Deliveries sent together that fail together are one step of the back-off.
    assert endpoint.consecutive_failures == 1
    assert endpoint.retry_at > timezone.now()
    attempt = Attempt.objects.filter(delivery__endpoint=endpoint).first()
    assert (attempt.status_code, attempt.error) == (
        500,
        "The endpoint answered 500 Internal Server Error.",
    )
    assert attempt.response == "not now"
    assert delivery.claim_due() == []  # waiting

    later = endpoint.retry_at + datetime.timedelta(seconds=1)
    probe = delivery.claim_due(now=later)
    assert len(probe) == 1  # one request, the oldest event, not the whole backlog
    oldest = Delivery.objects.filter(endpoint=endpoint).order_by("version_id").first()
    assert probe[0][0] == oldest.pk

    fail_with(receiver, 200)
    assert delivery.deliver(*probe[0]) is True
    endpoint.refresh_from_db()
    assert (endpoint.state, endpoint.consecutive_failures, endpoint.retry_at) == (
        "active",
        0,
        None,
    )
    send_all()
    assert sorted(receiver.ids()) == read_feed_ids()


def read_feed_ids() -> list[int]:
    from record.models import Version

    return list(Version.objects.order_by("seq").values_list("seq", flat=True))


def test_the_back_off_doubles_up_to_its_ceiling(settings):
    settings.WEBHOOK_FIRST_RETRY_SECONDS, settings.WEBHOOK_MAX_RETRY_SECONDS = 10, 3600
    for failures, seconds in [(1, 10), (2, 20), (3, 40), (9, 2560), (10, 3600), (500, 3600)]:
        wait = delivery.backoff(failures).total_seconds()
        assert 0.8 * seconds <= wait <= seconds, failures


def test_an_endpoint_failing_for_a_day_is_paused_until_resumed(
    seeded, endpoint, receiver, settings
):
    settings.WEBHOOK_RETRY_HOURS = 24
    fail_with(receiver, 503)
    now = timezone.now()
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=now - datetime.timedelta(hours=25),
        consecutive_failures=30,
        retry_at=now - datetime.timedelta(seconds=1),
    )
    delivery.fan_out()

    (probe,) = delivery.claim_due()
    assert delivery.deliver(*probe) is False

    endpoint.refresh_from_db()
    assert endpoint.state == "paused"
    assert endpoint.paused_reason.startswith("Failed for 24 hours (31 attempts in a row); last:")
    assert delivery.claim_due(now=now + datetime.timedelta(days=2)) == []
    published_meanwhile = ClaimFactory()
    assert delivery.fan_out() == 0  # a paused endpoint's place in the feed waits too

    fail_with(receiver, 200)
    delivery.resume(Endpoint.objects.all())
    (probe,) = delivery.claim_due()
    assert delivery.deliver(*probe) is True
    send_all()
    assert sorted(receiver.ids()) == read_feed_ids()
    assert published_meanwhile.pk in {e["id"] for e in receiver.events if e["object"] == "claim"}


def test_no_answer_in_time_is_a_failure(seeded, endpoint, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.2
    fail_with(receiver, 200, delay=1.0)
    delivery.fan_out()
    (first, *_) = delivery.claim_due()

    assert delivery.deliver(*first) is False
    attempt = Attempt.objects.get(delivery_id=first[0])
    assert (attempt.status_code, attempt.error) == (None, "No answer within 0.2 seconds.")


def test_an_answer_dripped_slowly_is_cut_off_at_the_timeout(seeded, endpoint, settings):
    # One header line every 0.3 s: each wait is short, the whole answer is not.
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def drip():
        connection, _ = server.accept()
        with connection, contextlib.suppress(OSError):
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(20):
                time.sleep(0.3)
                connection.sendall(b"X-Drip: 1\r\n")

    threading.Thread(target=drip, daemon=True).start()
    Endpoint.objects.filter(pk=endpoint.pk).update(url=f"http://127.0.0.1:{port}/hook")
    delivery.fan_out()
    (first, *_) = delivery.claim_due()

    started = time.monotonic()
    assert delivery.deliver(*first) is False
    assert time.monotonic() - started < 2
    attempt = Attempt.objects.get(delivery_id=first[0])
    assert (attempt.status_code, attempt.error) == (None, "No answer within 1 seconds.")
    server.close()


def test_a_redirect_is_not_followed(seeded, endpoint, receiver):
    fail_with(receiver, 302)
    delivery.fan_out()
    (first, *_) = delivery.claim_due()

    assert delivery.deliver(*first) is False
    error = Attempt.objects.get(delivery_id=first[0]).error
    assert error.startswith("The endpoint answered 302")
    assert "redirects are not followed" in error


def test_a_lease_that_ends_lets_another_worker_send_it(seeded, endpoint, receiver, settings):
    delivery.fan_out()
    first = delivery.claim_due()
    assert first
    assert delivery.claim_due() == []  # held while the first worker has them

    after_the_lease = timezone.now() + datetime.timedelta(
        seconds=settings.WEBHOOK_LEASE_SECONDS + 1
    )
    second = delivery.claim_due(now=after_the_lease)
    assert [pk for pk, _ in second] == [pk for pk, _ in first]

    assert delivery.deliver(*first[0]) is None  # the first worker's lease is gone: no POST
    assert receiver.events == []
    assert delivery.deliver(*second[0]) is True
    assert len(receiver.events) == 1


def test_resend_sends_the_same_event_again(seeded, endpoint, receiver, editor_client):
    send_all()
    one = Delivery.objects.filter(endpoint=endpoint).order_by("version_id").first()

    answer = editor_client.post(
        "/admin/webhooks/delivery/",
        {"action": "resend", "_selected_action": [one.pk]},
        follow=True,
    )

    assert "1 will be sent again, with the same event ids." in answer.content.decode()
    send_all()
    ids = receiver.ids()
    assert ids.count(one.version_id) == 2
    copies = [e for e in receiver.events if e["seq"] == one.version_id]
    assert copies[0] == copies[1]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://93.184.216.34/hook", "HTTPS only"),
        ("https://127.0.0.1/hook", "inside a private network"),
        ("https://10.1.2.3/hook", "inside a private network"),
        ("https://169.254.169.254/latest/meta-data/", "inside a private network"),
        ("https://[::1]:8443/hook", "inside a private network"),
        ("https://user:secret@93.184.216.34/hook", "no user name or password"),
        ("https://localhost/hook", "inside a private network"),
        # IPv6 forms that carry a private IPv4 address, which Python calls global.
        ("https://[::127.0.0.1]/hook", "inside a private network"),
        ("https://[::ffff:10.0.0.1]/hook", "inside a private network"),
        ("https://[64:ff9b::a9fe:a9fe]/hook", "inside a private network"),
        ("https://[2002:7f00:1::1]/hook", "inside a private network"),
        ("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", "inside a private network"),
    ],
)
def test_only_public_https_addresses_are_endpoints(settings, url, why):
    settings.WEBHOOK_ALLOW_LOCAL = False
    with pytest.raises(Refused, match=why):
        check_destination(url)


def test_a_public_https_address_is_an_endpoint(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    check_destination("https://93.184.216.34/hook")


def test_the_admin_refuses_a_private_address_with_a_form_error(editor_client, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    answer = editor_client.post(
        "/admin/webhooks/endpoint/add/",
        {"description": "Metadata", "url": "https://169.254.169.254/latest/", "after_seq": ""},
    )
    assert answer.status_code == 200
    assert "webhooks go to public addresses only" in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_an_address_that_became_private_is_not_posted_to(seeded, endpoint, settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    Endpoint.objects.filter(pk=endpoint.pk).update(url="https://127.0.0.1:9/hook")
    delivery.fan_out()
    (first, *_) = delivery.claim_due()

    assert delivery.deliver(*first) is False
    assert "private network" in Attempt.objects.get(delivery_id=first[0]).error


def test_an_editor_registers_an_endpoint_and_gets_its_secret(editor_client, editor, seeded):
    answer = editor_client.post(
        "/admin/webhooks/endpoint/add/",
        {"description": "Example News mirror", "url": "https://93.184.216.34/hooks"},
        follow=True,
    )

    endpoint = Endpoint.objects.get()
    assert endpoint.created_by == editor
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.after_seq == queries.last_seq()
    assert "it is on the endpoint&#x27;s page" in answer.content.decode()
    assert endpoint.secret not in answer.content.decode()  # nor in the messages cookie
    page = editor_client.get(f"/admin/webhooks/endpoint/{endpoint.pk}/change/")
    assert endpoint.secret in page.content.decode()


def test_contributors_see_no_endpoints_or_secrets(contributor_client, endpoint):
    assert contributor_client.get("/admin/webhooks/endpoint/").status_code == 403
    assert (
        contributor_client.get(f"/admin/webhooks/endpoint/{endpoint.pk}/change/").status_code
        == 403
    )
    assert contributor_client.get("/admin/webhooks/delivery/").status_code == 403


def test_the_delivery_log_shows_each_attempt(seeded, endpoint, receiver, editor_client):
    fail_with(receiver, 500)
    delivery.fan_out()
    (first, *_) = delivery.claim_due()
    delivery.deliver(*first)

    page = editor_client.get(f"/admin/webhooks/delivery/{first[0]}/change/").content.decode()
    assert "The endpoint answered 500 Internal Server Error." in page
    listing = editor_client.get("/admin/webhooks/delivery/?status=pending").content.decode()
    assert "The endpoint answered 500" in listing


def test_old_deliveries_are_pruned_and_pending_ones_kept(seeded, endpoint, receiver, settings):
    settings.WEBHOOK_KEEP_DAYS = 30
    send_all()
    ClaimFactory()
    delivery.fan_out()
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING).count()
    assert pending

    assert delivery.prune(now=timezone.now() + datetime.timedelta(days=31)) > 0
    assert Delivery.objects.count() == pending
