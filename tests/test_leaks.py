"""Only published data reaches readers and partners. Drafts, claims in review, withdrawn
claims, unpublished verdicts, and whatever only they refer to (speakers, sources, outlets,
topics, ratings, corrections) leave no trace on any public surface: not on a page, in the API,
the Atom feed, the sitemaps, an embed, the JSON-LD — and not in a count.

The suite crawls the public site as a reader, a partner or a search engine would: from the
home page, the API index, robots.txt and every public route of the URLconf (each published
object's addresses, every filter and search), following every same-site link, redirect and
API link. It crawls twice, before and after the hidden objects are added: every address must
answer exactly as before, so a leaked count shows as surely as a leaked word. Every hidden
object's text, names and slugs carry MARKER, looked for case-insensitively in every body and
header (a slug carries it in lower case).
"""

import csv
import datetime
import html
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import lxml.html
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from api import views as api_views
from claims.models import (
    Claim,
    Correction,
    PublicationStatus,
    Rating,
    Speaker,
    SpeakerKind,
    Stance,
    Tag,
)
from record.models import (
    ClaimDocument,
    Kind,
    OutletDocument,
    SourceDocument,
    SpeakerDocument,
)
from record.services import (
    claim_publish,
    claim_withdraw,
    document_publish,
    review_withdraw,
)
from sources.models import Outlet, Source
from tests.api.answers import read_feed
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    RatingFactory,
    RatingScaleFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.html import css, parse, text_of
from tests.releases.conftest import use_release_storage
from web.filters import ClaimPageFilter

pytestmark = pytest.mark.django_db

MARKER = "LEAKED"
# A word in every hidden claim, excerpt, speaker, source and outlet, and nowhere public: what
# the searches look for (the marker itself would be echoed back in the search box).
HIDDEN_WORD = "quokka"
SITE = "http://testserver"
# Not public surfaces: the admin and the editors' preview (staff only) and static files.
NOT_PUBLIC = ("/admin/", "/preview/", "/static/")
STAFF_ROUTES = {"claim-preview"}
# Answers every other path under /api/v1/ with the same JSON 404: nothing to show.
NOTHING_ROUTES = {"api:unknown"}
# Django's set_language, the admin's choice of language: a POST that sets a cookie and
# redirects to an address on this site; it shows nothing.
NOTHING_ROUTES |= {"set_language"}
CRAWL_LIMIT = 2000
HIDDEN_STATUSES = [
    PublicationStatus.DRAFT,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.WITHDRAWN,
]


# --- The figure ----------------------------------------------------------------------------


@dataclass
class Audit:
    """What the suite looked at, over the whole session."""

    responses: int = 0
    surfaces: set[str] = field(default_factory=set)
    traces: list[str] = field(default_factory=list)


AUDIT = Audit()


@pytest.fixture(scope="session", autouse=True)
def _leak_figure(request):
    yield
    line = (
        f"leak suite: {len(AUDIT.surfaces)} surfaces, {AUDIT.responses} responses checked, "
        f"{len(AUDIT.traces)} traces"
    )
    # Shown whether or not output is captured (-s), as the last line of the run.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{line}")


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # A crawl makes hundreds of API requests in a few seconds; the counts are cleared after,
    # so that the tests after these start under the limit.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/min", "partner": "100000/min"},
    }
    cache.clear()
    yield
    cache.clear()


def route_of(url: str) -> str:
    if "as_of" in parse_qs(urlsplit(url).query):
        # A page or document as it was at a past moment: the record's history.
        return AS_OF
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return "(no route)"


def trace_in(response) -> str | None:
    """Where the marker shows in the response, if it does: a bit of the body, or a header."""
    body = response.content.decode(errors="replace")
    where = body.casefold().find(MARKER.casefold())
    if where >= 0:
        return body[max(0, where - 100) : where + 100]
    for name, value in response.headers.items():
        if MARKER.casefold() in value.casefold():
            return f"{name}: {value}"
    return None


def fetch(client, url: str):
    """GET an address as an anonymous visitor, counted, and noted if it shows a trace."""
    response = client.get(url)
    if response.streaming:
        # A file (a release's): read whole, as a visitor downloading it does.
        whole = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
        for name, value in response.items():
            whole[name] = value
        whole.json = lambda: json.loads(whole.content)
        response = whole
    AUDIT.responses += 1
    AUDIT.surfaces.add(route_of(url))
    if (trace := trace_in(response)) is not None:
        AUDIT.traces.append(f"{url}: {trace}")
    return response


def assert_no_trace(url: str, response) -> None:
    trace = trace_in(response)
    assert trace is None, f"{url} shows hidden data: {trace}"


# --- The world -----------------------------------------------------------------------------


@dataclass
class World:
    claims: dict[str, Claim]  # C1 … C7 of the seed, and M: the mixed speaker's one public claim
    tass: Source
    lavrov: Speaker
    # One published claim of its own, and hidden ones.
    mixed: Speaker
    # An organisation readers meet as the mixed speaker's affiliation; its claims are hidden.
    quiet_org: Speaker
    # The Defence Ministry's own organisation: two steps above the speaker of C1.
    government: Speaker
    hidden: list[Claim] = field(default_factory=list)
    hidden_speakers: list[Speaker] = field(default_factory=list)
    hidden_sources: list[Source] = field(default_factory=list)
    hidden_tags: list[Tag] = field(default_factory=list)
    hidden_ratings: list[Rating] = field(default_factory=list)


@pytest.fixture
def world(seeded_claims, settings, tmp_path):
    """The seed and a little more published data for hidden objects to hang on to, and a
    research release of it; no hidden object yet (``add_hidden_objects`` adds them)."""
    government = SpeakerFactory(
        name="Government of the Russian Federation",
        slug="russian-government",
        kind=SpeakerKind.ORGANISATION,
    )
    ministry = Speaker.objects.get(slug="russian-ministry-of-defence")
    ministry.affiliation = government
    ministry.save()
    document_publish(kind=Kind.SPEAKER, obj=ministry)  # as an editor publishes the change
    quiet_org = SpeakerFactory(
        name="Ministry of Quiet Affairs", slug="quiet-affairs", kind=SpeakerKind.ORGANISATION
    )
    mixed = SpeakerFactory(name="Maria Mixed", slug="maria-mixed", affiliation=quiet_org)
    public_claim = ClaimFactory(speaker=mixed, text="The corridor stayed closed all week.")
    AppearanceFactory(
        claim=public_claim,
        source=SourceFactory(title="Weekly report", outlet__name="Quiet Gazette"),
        marked_first=True,
        marked_first_reason="The earliest report.",
    )
    # A published verdict, on the seed's standard scale.
    ReviewFactory(claim=seeded_claims["C4"], rating=Rating.objects.get(slug="false"))
    # A release of the record as it is: crawled with the rest (its files link to the
    # documents), and the same bytes after hidden objects come, for a release is fixed.
    settings.SITE_URL = SITE
    use_release_storage(settings, tmp_path / "releases")
    call_command("release", stdout=io.StringIO())
    c1 = seeded_claims["C1"]
    return World(
        claims={**seeded_claims, "M": public_claim},
        tass=c1.appearances.get().source,
        lavrov=Speaker.objects.get(slug="sergey-lavrov"),
        mixed=mixed,
        quiet_org=quiet_org,
        government=government,
    )


def marked(what: str) -> str:
    return f"{MARKER} {HIDDEN_WORD} {what}"


def hidden_speaker(world: World, label: str, **fields) -> Speaker:
    speaker = SpeakerFactory(
        name=marked(f"speaker {label}"),
        slug=f"leaked-speaker-{label}",
        description=marked("description"),
        **fields,
    )
    speaker.aliases.create(name=marked(f"alias {label}"))
    world.hidden_speakers.append(speaker)
    return speaker


def hidden_source(world: World, label: str) -> Source:
    source = SourceFactory(
        title=marked(f"source {label}"),
        url=f"https://leaked.example/{label}",
        archive_url=f"https://archive.example/leaked-{label}",
        authors=marked("author"),
        full_text=marked("full text"),
        notes=marked("notes"),
        outlet=OutletFactory(
            name=marked(f"outlet {label}"),
            slug=f"leaked-outlet-{label}",
            homepage="https://leaked.example/",
            notes=marked("outlet notes"),
        ),
    )
    world.hidden_sources.append(source)
    return source


def hidden_claim(world: World, status: str, label: str, *, speaker: Speaker) -> Claim:
    """A claim readers must not see, in ``status``, reported in a source of its own."""
    claim = ClaimFactory(
        draft=True,
        text=marked(f"{label}: words nobody outside may read."),
        original_text=marked("original"),
        original_language="ru",
        speaker=speaker,
        speaker_title=marked("title"),
        place=marked("place"),
        occasion=marked("occasion"),
    )
    AppearanceFactory(
        claim=claim,
        source=hidden_source(world, label),
        excerpt=marked("excerpt"),
        attribution=marked("attribution"),
        marked_first=True,
        marked_first_reason="The earliest report.",
    )
    if status == PublicationStatus.IN_REVIEW:
        claim.submit_for_review()
    elif status == PublicationStatus.WITHDRAWN:
        claim_publish(claim=claim)
        # The reason is public on purpose (the withdrawn claim's page shows it): no marker.
        claim_withdraw(claim=claim, reason="The quote was misattributed.")
    world.hidden.append(claim)
    return claim


def add_hidden_objects(world: World, statuses=HIDDEN_STATUSES) -> None:
    """Every way a hidden object can touch a public one, for hidden objects in
    ``statuses``."""
    c = world.claims
    syria = Tag.objects.get(slug="syria")
    false = Rating.objects.get(slug="false")
    hidden_scale = RatingScaleFactory(name=marked("scale"), slug="leaked-scale")
    for status in statuses:
        s = status.value.replace("_", "-")
        # An organisation known only through hidden speakers.
        hidden_org = hidden_speaker(world, f"org-{s}", kind=SpeakerKind.ORGANISATION)
        denier = hidden_claim(
            world, status, f"denier-{s}", speaker=hidden_speaker(world, s, affiliation=hidden_org)
        )
        # It denies C1, backs C1 as evidence (with a source only that evidence cites), is
        # reported in the seed's public TASS article too, and is tagged with a public topic
        # and a topic of its own.
        ClaimLinkFactory(from_claim=denier, to_claim=c["C1"], note=marked("denial note"))
        EvidenceFactory(
            claim=c["C1"],
            backing_claim=denier,
            source=hidden_source(world, f"evidence-{s}"),
            stance=Stance.CONTRADICTS,
            excerpt=marked("evidence excerpt"),
            note=marked("evidence note"),
        )
        AppearanceFactory(claim=denier, source=world.tass, excerpt=marked("excerpt in TASS"))
        tag = Tag.objects.create(name=marked(f"topic {s}"), slug=f"leaked-topic-{s}")
        world.hidden_tags.append(tag)
        denier.tags.add(tag, syria)
        # Evidence on the hidden claim, citing the public TASS article and the public C2.
        EvidenceFactory(
            claim=denier,
            backing_claim=c["C2"],
            source=world.tass,
            excerpt=marked("excerpt"),
            note=marked("note"),
        )
        Correction.objects.create(
            claim=denier, note=marked("correction"), corrected_on=datetime.date(2017, 6, 3)
        )
        # Published verdicts on hidden claims: one on a rating of its own, one on the public
        # "False".
        rating = RatingFactory(
            scale=hidden_scale, name=marked(f"rating {s}"), slug=f"leaked-rating-{s}"
        )
        world.hidden_ratings.append(rating)
        ReviewFactory(
            claim=denier,
            rating=rating,
            summary=marked("summary"),
            reasoning=marked("reasoning"),
            reviewer_name=marked("reviewer"),
            reviewer_organisation=marked("organisation"),
            url=f"https://leaked.example/review-{s}",
        )
        denied = hidden_claim(
            world, status, f"denied-{s}", speaker=hidden_speaker(world, f"denied-{s}")
        )
        ClaimLinkFactory(from_claim=c["C1"], to_claim=denied)
        ReviewFactory(claim=denied, rating=false, summary=marked("summary"))
        # Hidden claims of public speakers: one a bridge between two public claims (C5
        # denies it, it denies C6), which must not join their threads.
        bridge = hidden_claim(world, status, f"bridge-{s}", speaker=world.lavrov)
        ClaimLinkFactory(from_claim=c["C5"], to_claim=bridge)
        ClaimLinkFactory(from_claim=bridge, to_claim=c["C6"])
        EvidenceFactory(claim=c["C6"], backing_claim=bridge, source=None)
        hidden_claim(world, status, f"mixed-{s}", speaker=world.mixed)
        hidden_claim(world, status, f"quiet-{s}", speaker=world.quiet_org)
        hidden_claim(world, status, f"government-{s}", speaker=world.government)
    # Verdicts on public claims that are not published themselves.
    ReviewFactory(
        claim=c["C1"],
        status=PublicationStatus.DRAFT,
        published_at=None,
        rating=RatingFactory(scale=hidden_scale, name=marked("draft rating"), slug="leaked-d"),
        summary=marked("draft verdict"),
        reasoning=marked("draft reasoning"),
    )
    ReviewFactory(
        claim=c["C2"],
        status=PublicationStatus.IN_REVIEW,
        published_at=None,
        rating=false,
        summary=marked("verdict in review"),
    )
    if PublicationStatus.WITHDRAWN in statuses:
        withdrawn_review = ReviewFactory(claim=c["C3"], rating=false, summary=marked("verdict"))
        review_withdraw(review=withdrawn_review, reason=marked("withdrawn verdict"))


# --- The crawl -----------------------------------------------------------------------------


def same_site(base: str, link: str) -> str | None:
    """``link`` (found at ``base``) as a path and query on this site, or None."""
    absolute = urljoin(SITE + base, link.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(NOT_PUBLIC) else path


ABSOLUTE_URL = re.compile(re.escape(SITE) + r"/[^\s\"'<>\\]*")
CSRF_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


def links_in(url: str, response) -> list[str]:
    """Every address a visitor can follow from the response: redirects, Link headers, links
    and references in HTML (JSON-LD included), URLs in JSON (oEmbed's iframe included) and
    in XML (sitemaps, the feed), and in text (robots.txt)."""
    found = []
    if "Location" in response:
        found.append(response["Location"])
    if "Link" in response:
        found += re.findall(r"<([^>]+)>", response["Link"])
    body = response.content.decode()
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and body.strip():
        document = lxml.html.fromstring(body)
        found += [link for _element, _attribute, link, _pos in document.iterlinks()]
        for script in document.iter("script"):
            found += ABSOLUTE_URL.findall(script.text or "")
    elif "json" in content_type and "ndjson" not in content_type:
        found += ABSOLUTE_URL.findall(json.dumps(response.json(), ensure_ascii=False))
    elif content_type.startswith("text/csv"):
        found += [
            url
            for row in csv.reader(io.StringIO(body))
            for cell in row
            for url in ABSOLUTE_URL.findall(cell)
        ]
    else:
        found += ABSOLUTE_URL.findall(html.unescape(body))
    return [path for link in found if (path := same_site(url, link)) is not None]


def snapshot(response):
    """What a visitor gets: the status, where it redirects, and the content read as the
    visitor would (visible text, links and JSON-LD of a page; the data of JSON)."""
    content_type = response.get("Content-Type", "")
    # CSRF tokens (the API reference's script has one) differ at every answer.
    body = CSRF_TOKEN.sub("(token)", response.content.decode())
    if content_type.startswith("text/html") and body.strip():
        document = lxml.html.fromstring(body)
        # A claim page's list of its versions is the record's history: apart.
        history = []
        for section in css(document, "section.versions"):
            history.append((text_of(section), [link for _e, _a, link, _p in section.iterlinks()]))
            section.drop_tree()
        content = (
            text_of(document),
            sorted(link for _e, _a, link, _p in document.iterlinks()),
            [script.text for script in document.iter("script")],
            [
                (meta.get("name") or meta.get("property"), meta.get("content"))
                for meta in css(document, "meta")
            ],
            history,
        )
    elif "json" in content_type and "ndjson" not in content_type:
        content = response.json()
    else:
        content = body
    return response.status_code, response.get("Location"), content


@dataclass
class Crawl:
    answers: dict[str, tuple] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    # Where each address was first found (None: a starting address).
    found_on: dict[str, str | None] = field(default_factory=dict)

    def reached_through(self, routes: set[str]) -> list[str]:
        """The addresses of ``routes``, and those first found by following links from
        them, however far."""

        def through(url: str | None) -> bool:
            while url is not None:
                if route_of(url) in routes:
                    return True
                url = self.found_on[url]
            return False

        return [url for url in self.answers if through(url)]


# The record's history (docs/api.md, "Following changes"): what was once public stays in
# it, as the versions that were published and the later ones that ended them.
AS_OF = "(as of a past moment)"
HISTORY = {"api:changes", AS_OF}


def assert_history_ends_in_withdrawals(client) -> None:
    """What a mirror of the change feed ends with shows the marker nowhere: each document
    that did (public before it was withdrawn, or showing one that was) has a later
    version, its withdrawal or one that no longer shows it."""
    items, _ = read_feed(client, page_size=1000)
    last = {(item["object"], item["id"]): item for item in items}
    for item in last.values():
        if item["event"] != "withdrawn":
            # The whole item: its document, and what it says changed (a verdict's names).
            assert MARKER.casefold() not in json.dumps(item).casefold(), item


def crawl(client, start: list[str]) -> Crawl:
    result = Crawl()
    queue = deque((url, None) for url in start)
    while queue:
        url, origin = queue.popleft()
        if url in result.answers:
            continue
        assert len(result.answers) < CRAWL_LIMIT, "the crawl does not end"
        response = fetch(client, url)
        result.answers[url] = snapshot(response)
        result.statuses[url] = response.status_code
        result.found_on[url] = origin
        queue.extend((link, url) for link in links_in(url, response))
    return result


def public_routes() -> set[str]:
    """Every named route of the URLconf but the admin's: the surfaces to cover."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)

    return set(walk(get_resolver().url_patterns, "")) - STAFF_ROUTES - NOTHING_ROUTES


def with_query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def filter_values(world: World) -> dict[str, list[str]]:
    """A value or two for every filter the pages and the API take, each chosen to meet
    hidden objects: the hidden word, topics, ratings, speakers and sources they share."""
    tass_outlet = str(world.tass.outlet_id)
    return {
        "q": [HIDDEN_WORD, "corridor"],
        "speaker": [world.mixed.slug, world.lavrov.slug, world.quiet_org.slug],
        "tag": ["syria"],
        "rating": ["false"],
        "stated_after": ["2017-05-01"],
        "stated_before": ["2017-05-31"],
        "disputed": ["true", "false"],
        "language": ["en"],
        "source": [str(world.tass.pk)],
        "outlet": [tass_outlet],
        "country": ["RU"],
        "published_after": ["2017-05-01"],
        "published_before": ["2017-05-31"],
        "ordering": ["-updated_at", "stated_on"],
    }


# Values of the ``kind`` filter, by API resource.
KIND_VALUES = {
    "api:speaker-list": ["person", "organisation"],
    "api:outlet-list": ["news_agency", "newspaper"],
    "api:source-list": ["article"],
}
# The resources' speaker search takes names, not claim words.
SEARCH_VALUES = {
    "api:speaker-list": [HIDDEN_WORD, "min"],
    "api:outlet-list": [HIDDEN_WORD, "a"],
    "api:source-list": [HIDDEN_WORD, "Lavrov"],
}


def filtered_addresses(world: World) -> list[str]:
    """The claim list and every API list, once per value of each of their filters, and
    paged two at a time (the crawl follows the pages)."""
    values = filter_values(world)
    lists = {
        "claim-list": ClaimPageFilter,
        "api:claim-list": api_views.ClaimViewSet.filterset_class,
        "api:speaker-list": api_views.SpeakerViewSet.filterset_class,
        "api:outlet-list": api_views.OutletViewSet.filterset_class,
        "api:source-list": api_views.SourceViewSet.filterset_class,
    }
    addresses = []
    for route, filterset in lists.items():
        path = reverse(route)
        params = [*filterset.base_filters, *(["ordering"] if route == "api:claim-list" else [])]
        for param in params:
            if param == "kind":
                options = KIND_VALUES[route]
            elif param == "q" and route in SEARCH_VALUES:
                options = SEARCH_VALUES[route]
            else:
                assert param in values, f"no test value for the {param!r} filter of {route}"
                options = values[param]
            addresses += [with_query(path, **{param: value}) for value in options]
        if route.startswith("api:"):
            addresses.append(with_query(path, page_size=2))
    addresses.append(with_query(reverse("api:claimreview-feed"), page_size=1))
    return addresses


def start_addresses(world: World) -> list[str]:
    """Where a visitor can start: the entrances, and every public object's own addresses."""
    addresses = [
        reverse("home"),
        reverse("robots"),
        reverse("healthz"),
        reverse("sitemap"),
        reverse("claim-feed"),
        reverse("api:index"),
        *filtered_addresses(world),
    ]
    # Every live document of the published record: what readers may reach.
    for claim in Claim.objects.filter(pk__in=ClaimDocument.objects.live().values("pk")):
        addresses += [
            claim.get_absolute_url(),
            reverse("claim-redirect", args=[claim.pk]),
            reverse("claim-embed", args=[claim.pk]),
            with_query(reverse("oembed"), url=SITE + claim.get_absolute_url()),
            reverse("api:claim-detail", args=[claim.pk]),
        ]
    for speaker in Speaker.objects.filter(pk__in=SpeakerDocument.objects.live().values("pk")):
        addresses += [
            speaker.get_absolute_url(),
            reverse("api:speaker-detail", args=[speaker.slug]),
        ]
    for source in Source.objects.filter(pk__in=SourceDocument.objects.live().values("pk")):
        addresses += [source.get_absolute_url(), reverse("api:source-detail", args=[source.pk])]
    for outlet in Outlet.objects.filter(pk__in=OutletDocument.objects.live().values("pk")):
        addresses.append(reverse("api:outlet-detail", args=[outlet.pk]))
    return addresses


@pytest.fixture
def one_moment(monkeypatch):
    """Every write at the same instant. A withdrawn claim was public until it was withdrawn:
    the record rightly wrote versions of the claims it showed in between, so their `updated`
    times (the feed's, the sitemap's) would say that something changed, which is the record's
    truth, not a leak. With one clock reading, only what a version says can differ."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)


VERSION_STAMPS = {"version", "version_published_at", "updated_at"}


def without_version_stamps(answer):
    """A JSON answer without the stamps of the versions that hold it."""
    if isinstance(answer, dict):
        return {k: without_version_stamps(v) for k, v in answer.items() if k not in VERSION_STAMPS}
    if isinstance(answer, list):
        return [without_version_stamps(item) for item in answer]
    return answer


@pytest.mark.parametrize(
    "statuses",
    [
        # Never public: not even a version number or a time moves anywhere.
        [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW],
        # Public once, then withdrawn: the documents that showed them have moved on a version
        # (the record keeps its history), and show nothing of them.
        [PublicationStatus.WITHDRAWN],
    ],
    ids=["never-public", "withdrawn"],
)
def test_every_public_surface_answers_as_before_the_hidden_objects_and_shows_no_trace(
    one_moment, client, world, statuses
):
    before = crawl(client, start_addresses(world))
    add_hidden_objects(world, statuses)
    traces_before = len(AUDIT.traces)
    after = crawl(client, start_addresses(world))
    if PublicationStatus.WITHDRAWN in statuses:
        for crawled in (before, after):
            for url, (status, location, content) in crawled.answers.items():
                if "updated_at" in url:
                    # Ordered by the version stamps: the documents that moved, moved up.
                    content = sorted(map(str, without_version_stamps(content)["results"]))
                if isinstance(content, tuple):
                    # A page's version list: it lists the versions the record wrote.
                    content = content[:-1]
                crawled.answers[url] = (status, location, without_version_stamps(content))

    new_traces = AUDIT.traces[traces_before:]
    reached = {route_of(url) for url in after.answers}
    if PublicationStatus.WITHDRAWN in statuses:
        # The record's history keeps what was once public, and its withdrawal last.
        assert_history_ends_in_withdrawals(client)
        new_traces = [t for t in new_traces if route_of(t.split(": ")[0]) not in HISTORY]
        for crawled in (before, after):
            # Its pages, and what only they lead to (a withdrawn document's 410, its page).
            for url in crawled.reached_through(HISTORY):
                del crawled.answers[url], crawled.statuses[url]
    assert new_traces == [], "\n".join(new_traces)
    # Every address answers, whether a visitor started there or followed a link to it.
    broken = {
        url: (status, after.found_on[url])
        for url, status in after.statuses.items()
        if status not in (200, 301, 302)
    }
    assert broken == {}, "addresses that do not answer (status, found on)"
    # Nothing new to follow, nothing gone, and every answer the same as without them.
    assert sorted(after.answers) == sorted(before.answers)
    changed = [url for url in before.answers if before.answers[url] != after.answers[url]]
    assert changed == []
    # Every public route was reached, so a new surface is crawled as soon as it exists.
    assert public_routes() <= reached, public_routes() - reached


# --- The hidden objects' own addresses -----------------------------------------------------


def test_hidden_claims_have_no_page_card_oembed_or_api_address(client, world):
    add_hidden_objects(world)
    for claim in world.hidden:
        withdrawn = claim.status == PublicationStatus.WITHDRAWN
        for url in (
            claim.get_absolute_url(),
            f"/claims/{claim.pk}/",
            f"/claims/{claim.pk}/{claim.pk}-some-old-words/",
            reverse("claim-embed", args=[claim.pk]),
        ):
            response = fetch(client, url)
            assert_no_trace(url, response)
            while response.status_code == 301:
                # A withdrawn claim's addresses lead to its notice, and the redirect does
                # not spell its words (the slug would).
                assert withdrawn, url
                url = response["Location"]
                response = fetch(client, url)
                assert_no_trace(url, response)
            assert response.status_code == (410 if withdrawn else 404), url
        oembed = with_query(reverse("oembed"), url=SITE + claim.get_absolute_url())
        assert fetch(client, oembed).status_code == 404
        # The API says when and why a withdrawn claim was taken down (docs/api.md).
        api = fetch(client, reverse("api:claim-detail", args=[claim.pk]))
        assert api.status_code == (410 if withdrawn else 404)
        assert_no_trace(url, api)


def test_hidden_speakers_sources_and_outlets_have_no_address(client, world):
    add_hidden_objects(world)
    for speaker in [*world.hidden_speakers, Speaker.objects.get(slug="islamic-state")]:
        for url in (
            speaker.get_absolute_url(),
            reverse("api:speaker-detail", args=[speaker.slug]),
        ):
            response = fetch(client, url)
            # 410: public once (with a claim since withdrawn), and it says no more than that.
            assert response.status_code in (404, 410), url
            assert_no_trace(url, response)
    for source in world.hidden_sources:
        for url in (
            source.get_absolute_url(),
            reverse("api:source-detail", args=[source.pk]),
            reverse("api:outlet-detail", args=[source.outlet_id]),
        ):
            response = fetch(client, url)
            assert response.status_code in (404, 410), url
            assert_no_trace(url, response)


def test_api_filters_naming_hidden_objects_match_nothing(client, world):
    add_hidden_objects(world)
    speaker, source = world.hidden_speakers[1], world.hidden_sources[0]
    for params in (
        {"speaker": speaker.slug},
        {"tag": world.hidden_tags[0].slug},
        {"rating": world.hidden_ratings[0].slug},
        {"source": source.pk},
        {"outlet": source.outlet_id},
        {"q": HIDDEN_WORD},
    ):
        url = with_query(reverse("api:claim-list"), **params)
        response = fetch(client, url)
        assert response.status_code == 200, url
        assert response.json()["results"] == [], url
        assert_no_trace(url, response)


def test_a_withdrawn_claim_shows_only_when_and_why(client, world):
    add_hidden_objects(world)
    withdrawn = next(c for c in world.hidden if c.status == PublicationStatus.WITHDRAWN)
    for url in (withdrawn.get_absolute_url(), reverse("claim-embed", args=[withdrawn.pk])):
        response = fetch(client, url)
        assert response.status_code == 410
        assert_no_trace(url, response)
        assert HIDDEN_WORD not in response.content.decode()
    page = parse(fetch(client, withdrawn.get_absolute_url()))
    assert "The quote was misattributed." in text_of(page)
    assert css(page, 'meta[name="robots"][content="noindex"]')
    assert not css(page, 'script[type="application/ld+json"]')


# --- Counts --------------------------------------------------------------------------------


def page(client, url):
    response = fetch(client, url)
    assert response.status_code == 200, url
    assert_no_trace(url, response)
    return parse(response)


def test_page_counts_ignore_hidden_objects(client, world):
    add_hidden_objects(world)
    c = world.claims
    home = page(client, reverse("home"))
    assert "8 published claims so far" in text_of(home)
    disputed = text_of(css(home, "#disputed-heading")[0].getparent())
    # C1: denied by the SDF alone, not by 4 claims; not 6 pieces of evidence.
    assert "Denied by the Syrian Democratic Forces · 3 pieces of evidence" in disputed
    listing = page(client, reverse("claim-list"))
    assert text_of(css(listing, "#results-heading")[0]) == "8 claims"

    c1 = page(client, c["C1"].get_absolute_url())
    # C1, C2 denying it, C3 denying C2, and C3 again confirming C1
    assert len(css(c1, ".thread-step")) == 4
    assert not css(c1, ".claim__denies")
    assert [text_of(h) for h in css(c1, "#evidence-heading ~ section h3")] == ["Corroborates (3)"]
    assert not css(c1, "section.verdict, .corrections")
    [description] = css(c1, 'meta[property="og:description"]')
    assert "2 linked claims in the dispute" in description.get("content")
    # The bridge does not join C5's thread to C6's.
    c5 = page(client, c["C5"].get_absolute_url())
    assert "No published claim answers this one, and it answers none." in text_of(c5)
    for key in ("C2", "C3"):  # a verdict in review, a withdrawn verdict
        assert not css(page(client, c[key].get_absolute_url()), "section.verdict")

    mixed = page(client, world.mixed.get_absolute_url())
    assert text_of(css(mixed, "#claims-heading")[0]) == "Claims (1)"
    assert len(css(mixed, ".claim-card")) == 1
    quiet = page(client, world.quiet_org.get_absolute_url())
    assert text_of(css(quiet, "#claims-heading")[0]) == "Claims (0)"
    lavrov = page(client, world.lavrov.get_absolute_url())
    assert text_of(css(lavrov, "#claims-heading")[0]) == "Claims (3)"
    # His record at a glance counts what is public only: no hidden verdict, no hidden denial.
    assert not css(lavrov, ".verdict-chart")
    assert [text_of(dd) for dd in css(lavrov, ".glance__stat dd")] == ["0 of 3", "1"]
    tass = page(client, world.tass.get_absolute_url())
    assert text_of(css(tass, "#reported-heading")[0]) == "Claims it reports (7)"

    card = page(client, reverse("claim-embed", args=[c["C1"].pk]))
    assert "Disputed. Denied by the Syrian Democratic Forces." in text_of(card)
    assert not css(card, ".claim-embed__verdict")


def api(client, url):
    response = fetch(client, url)
    assert response.status_code == 200, url
    assert_no_trace(url, response)
    return response.json()


def test_api_counts_ignore_hidden_objects(client, world):
    add_hidden_objects(world)
    c1 = api(client, reverse("api:claim-detail", args=[world.claims["C1"].pk]))
    assert c1["denial_count"] == 1
    assert c1["evidence_count"] == 3
    assert len(c1["denied_by"]) == 1
    assert c1["denies"] == []
    assert len(c1["evidence"]) == 3
    assert c1["review"] is None
    assert c1["corrections"] == []
    assert [t["slug"] for t in c1["tags"]] == [t.slug for t in world.claims["C1"].tags.all()]
    listed = api(client, reverse("api:claim-list"))["results"]
    assert len(listed) == 8
    [item] = [i for i in listed if i["id"] == world.claims["C1"].pk]
    assert [s["slug"] for s in item["denied_by_speakers"]] == ["syrian-democratic-forces"]

    def claim_count(speaker):
        return api(client, reverse("api:speaker-detail", args=[speaker.slug]))["claim_count"]

    assert claim_count(world.mixed) == 1
    assert claim_count(world.quiet_org) == 0
    assert claim_count(world.lavrov) == 3
    tass = api(client, reverse("api:source-detail", args=[world.tass.pk]))
    assert len(tass["claims"]) == 7
    outlets = api(client, reverse("api:outlet-list"))["results"]
    assert {o["name"]: o["source_count"] for o in outlets} == {"Quiet Gazette": 1, "TASS": 1}
    feed = api(client, reverse("api:claimreview-feed"))["dataFeedElement"]
    assert [item["itemReviewed"]["text"] for item in feed] == [world.claims["C4"].text]


def test_filter_choices_offer_nothing_hidden(client, world):
    add_hidden_objects(world)
    document = page(client, reverse("claim-list"))
    options = {
        select.get("name"): [option.get("value") for option in css(select, "option")]
        for select in css(document, "select")
    }
    assert "leaked-topic-draft" not in options["tag"]
    assert options["rating"] == ["", "false"]
    # The speaker is typed: a hidden speaker's name, alias or slug is answered as a name
    # nobody has, while a public speaker's finds their claims.
    assert client.get(reverse("claim-list"), {"speaker": world.mixed.slug}).status_code == 200
    for speaker in world.hidden_speakers:
        for typed in (speaker.name, speaker.slug, speaker.aliases.first().name):
            response = client.get(reverse("claim-list"), {"speaker": typed})
            assert response.status_code == 400
            assert "No speaker by that name has published claims." in text_of(parse(response))
