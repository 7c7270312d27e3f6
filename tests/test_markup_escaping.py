"""Markup in curated fields is shown as text, never executed.

Every curated text and URL field of every model readers or partners see holds an attack
payload — a script element, an attribute break-out, a script block closer (for the JSON-LD),
an image with an error handler, template syntax — and is published. Every surface is then
read as a browser or a partner would read it: no script element but the expected data
blocks, no event handler attribute, no javascript: link, the payload shown as visible text,
the JSON-LD still JSON with the payload intact. URL fields refuse javascript: URLs wherever
one can come in: the model, the admin's forms, a ClaimReview import.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import lxml.etree
import lxml.html
import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
    Stance,
    Tag,
)
from interop.claimreview.load import ImportFailed, import_document
from record.services import claim_publish, claim_withdraw, publish_claims, review_publish
from sources.models import Outlet, OutletKind, Source
from tests.admin_forms import form_data
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

# Each payload with the same payload made a valid URL (no spaces, which a URL cannot hold).
PAYLOADS = {
    "script": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    "attribute": ('"onmouseover="alert(1)', '"onmouseover="alert(1)'),
    "script-closer": (
        "</script><script>alert(1)</script>",
        "</script><script>alert(1)</script>",
    ),
    "image": ("<img src=x onerror=alert(1)>", "<img/src=x/onerror=alert(1)>"),
    "template": ("{{ 7*7 }}", "{{7*7}}"),
}
UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "cite", "srcset"}
# Script elements that hold data, not code.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
SITE = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"


# --- The figure ----------------------------------------------------------------------------


@dataclass
class Tally:
    fields: set[str] = field(default_factory=set)
    surfaces: set[str] = field(default_factory=set)
    payloads: set[str] = field(default_factory=set)


TALLY = Tally()


@pytest.fixture(scope="session", autouse=True)
def _escaping_figure(request):
    yield
    line = (
        f"markup escaping: {len(TALLY.fields)} fields × {len(TALLY.surfaces)} surfaces checked"
        f", with {len(TALLY.payloads)} payloads"
    )
    # Shown whether or not output is captured (-s), as the last line of the run.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{line}")


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Each test reads the API a dozen times; the counts are cleared after, so that the tests
    # after these start under the limit.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/min", "partner": "100000/min"},
    }
    cache.clear()
    yield
    cache.clear()


# --- Reading markup as a browser would -----------------------------------------------------


def scheme_of(url: str) -> str:
    # Browsers drop control characters and white space anywhere in a URL's scheme.
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


def unsafe_markup(root) -> list[str]:
    """What in a parsed document (or fragment) would run script: script elements other than
    data blocks and same-site files, event handler attributes, script URLs."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and scheme_of(value) in UNSAFE_SCHEMES:
                problems.append(f"<{element.tag} {name}={value!r}>")
        if element.tag != "script":
            continue
        kind = (element.get("type") or "").lower()
        src = element.get("src")
        if kind in DATA_SCRIPT_TYPES:
            try:
                json.loads(element.text or "")
            except json.JSONDecodeError:
                problems.append(f"a {kind} block that is not JSON: {element.text!r}")
        elif src is None or not src.startswith("/") or src.startswith("//"):
            problems.append(f"<script {dict(element.attrib)}>{element.text or ''}</script>")
        elif (element.text or "").strip():
            problems.append(f"<script src={src!r}> with a body")
    return problems


def strings_in(data) -> set[str]:
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(strings_in(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(strings_in(v) for v in data)) if data else set()
    return set()


def jsonld_of(document) -> list:
    return [
        json.loads(script.text) for script in css(document, 'script[type="application/ld+json"]')
    ]


# --- The world: every curated field holding the payload ------------------------------------


@dataclass
class World:
    payload: str
    values: dict[str, str]  # "model.field" → the value stored
    claim: Claim
    denier: Claim
    withdrawn: Claim
    speaker: Speaker
    organisation: Speaker
    source: Source
    outlet: Outlet


def build_world(payload_name: str) -> World:
    """One published claim with everything a claim can carry, a published claim denying it, a
    withdrawn claim; every curated text field reads ``<payload> [model.field]`` and every URL
    field ``https://payload.example/<model.field>?q=<payload as a URL>``. Every object passes
    the model's validation first, as it would in the admin."""
    text_payload, url_payload = PAYLOADS[payload_name]
    values: dict[str, str] = {}

    def text(label: str) -> str:
        values[label] = f"{text_payload} [{label}]"
        return values[label]

    def url(label: str) -> str:
        values[label] = f"https://payload.example/{label}?q={url_payload}"
        return values[label]

    def saved(obj, **exclude):
        obj.full_clean(**exclude)
        obj.save()
        return obj

    outlet = saved(
        Outlet(
            name=text("outlet.name"),
            slug="payload-outlet",
            kind=OutletKind.NEWSPAPER,
            homepage=url("outlet.homepage"),
            notes=text("outlet.notes"),
        )
    )
    # The excerpts quote the source's text (docs/domain.md, "Locked quotes"): it holds them.
    full_text = " ".join(
        [
            text("source.full_text"),
            f"{text_payload} [appearance.excerpt]",
            f"{text_payload} [evidence.excerpt]",
        ]
    )
    values["source.full_text"] = full_text
    source = saved(
        Source(
            title=text("source.title"),
            url=url("source.url"),
            archive_url=url("source.archive_url"),
            outlet=outlet,
            authors=text("source.authors"),
            dateline=text("source.dateline"),
            full_text=full_text,
            notes=text("source.notes"),
            published_on=datetime.date(2017, 5, 31),
            published_on_note=text("source.published_on_note"),
            language="en",
        )
    )
    organisation = saved(
        Speaker(
            name=text("organisation.name"),
            slug="payload-organisation",
            kind=SpeakerKind.ORGANISATION,
            description=text("organisation.description"),
        )
    )
    speaker = saved(
        Speaker(
            name=text("speaker.name"),
            slug="payload-speaker",
            kind=SpeakerKind.PERSON,
            description=text("speaker.description"),
            affiliation=organisation,
        )
    )
    saved(SpeakerAlias(speaker=speaker, name=text("alias.name")))
    tag = saved(Tag(name=text("tag.name"), slug="payload-topic"))
    scale = saved(
        RatingScale(
            name=text("scale.name"), slug="payload-scale", description=text("scale.description")
        )
    )
    rating = saved(
        Rating(
            scale=scale,
            name=text("rating.name"),
            slug="payload-rating",
            position=1,
            value=1,
            description=text("rating.description"),
        )
    )

    def claim(label: str, who: Speaker, **fields) -> Claim:
        return saved(
            Claim(
                text=text(f"{label}.text"),
                speaker=who,
                stated_on=datetime.date(2017, 5, 27),
                stated_on_precision="day",
                status=PublicationStatus.PUBLISHED,
                **fields,
            )
        )

    reviewed = claim(
        "claim",
        speaker,
        original_text=text("claim.original_text"),
        original_language="ru",
        speaker_title=text("claim.speaker_title"),
        stated_on_inferred=True,
        stated_on_note=text("claim.stated_on_note"),
        place=text("claim.place"),
        occasion=text("claim.occasion"),
    )
    reviewed.tags.add(tag)
    saved(
        Appearance(
            claim=reviewed,
            source=source,
            excerpt=text("appearance.excerpt"),
            attribution=text("appearance.attribution"),
            marked_first=True,
            marked_first_reason=text("appearance.marked_first_reason"),
        )
    )
    denier = claim("denier", organisation)
    saved(ClaimLink(from_claim=denier, to_claim=reviewed, note=text("denial.note")))
    saved(
        Evidence(
            claim=reviewed,
            backing_claim=denier,
            source=source,
            stance=Stance.CONTRADICTS,
            excerpt=text("evidence.excerpt"),
            note=text("evidence.note"),
        )
    )
    saved(
        Review(
            claim=reviewed,
            rating=rating,
            summary=text("review.summary"),
            reasoning=text("review.reasoning"),
            reviewer_name=text("review.reviewer_name"),
            reviewer_organisation=text("review.reviewer_organisation"),
            url=url("review.url"),
            reviewed_on=datetime.date(2017, 6, 2),
            status=PublicationStatus.PUBLISHED,
        )
    )
    saved(
        Correction(
            claim=reviewed,
            note=text("correction.note"),
            corrected_on=datetime.date(2017, 6, 3),
        )
    )
    withdrawn = claim("withdrawn", speaker)
    # An editor publishes it all, then withdraws one claim.
    publish_claims(Claim.objects.filter(status=PublicationStatus.PUBLISHED))
    claim_withdraw(claim=withdrawn, reason=text("withdrawn.withdrawn_reason"))
    return World(
        payload=text_payload,
        values=values,
        claim=reviewed,
        denier=denier,
        withdrawn=withdrawn,
        speaker=speaker,
        organisation=organisation,
        source=source,
        outlet=outlet,
    )


def public_models() -> dict[str, type]:
    """The models of the apps readers and partners see, by name (their histories aside)."""
    return {
        model.__name__: model
        for app in ("claims", "sources")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }


def curated_fields() -> set[tuple[str, str]]:
    """Every text field a curator types into, in the models readers and partners see."""
    return {
        (name, model_field.name)
        for name, model in public_models().items()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.CharField | models.TextField)
        and model_field.editable
        and not model_field.choices
        and not isinstance(model_field, models.SlugField)
    }


# Fields that hold codes, not words: checked by their validators (language and country codes,
# Wikidata ids), so a payload cannot be stored in them.
CODE_FIELDS = {
    ("Claim", "language"),
    ("Claim", "original_language"),
    ("Speaker", "country"),
    ("Speaker", "wikidata_id"),
    ("Outlet", "country"),
    ("Outlet", "language"),
    ("Source", "language"),
}
# The labels of build_world, by model: which fields of each model carry the payload.
LABEL_MODELS = {
    "claim": "Claim",
    "denier": "Claim",
    "withdrawn": "Claim",
    "appearance": "Appearance",
    "evidence": "Evidence",
    "denial": "ClaimLink",
    "speaker": "Speaker",
    "organisation": "Speaker",
    "alias": "SpeakerAlias",
    "outlet": "Outlet",
    "source": "Source",
    "tag": "Tag",
    "scale": "RatingScale",
    "rating": "Rating",
    "review": "Review",
    "correction": "Correction",
}


def field_of(label: str) -> tuple[str, str]:
    kind, name = label.split(".")
    return LABEL_MODELS[kind], name


def test_the_payloads_fill_every_curated_field():
    world = build_world("script")
    filled = {field_of(label) for label in world.values}
    missing = curated_fields() - CODE_FIELDS - NOT_CURATED - filled
    assert not missing, f"fields without a payload: {sorted(missing)}"
    for model_name, name in CODE_FIELDS:
        model = public_models()[model_name]
        for text_payload, _ in PAYLOADS.values():
            with pytest.raises(ValidationError):
                model._meta.get_field(name).clean(text_payload, model())


# --- The surfaces --------------------------------------------------------------------------


def surfaces(world: World) -> dict[str, str]:
    """Every public surface showing the world's data, by name."""
    claim, denier, withdrawn = world.claim, world.denier, world.withdrawn
    return {
        "home": reverse("home"),
        "claim list": reverse("claim-list"),
        "claim list by topic": reverse("claim-list") + "?tag=payload-topic",
        # The search box shows the query back: the reader's own input, escaped too.
        "claim list searched": reverse("claim-list") + "?" + urlencode({"q": world.payload}),
        "claim page": claim.get_absolute_url(),
        "denier page": denier.get_absolute_url(),
        "withdrawn page": withdrawn.get_absolute_url(),
        "speaker page": world.speaker.get_absolute_url(),
        "organisation page": world.organisation.get_absolute_url(),
        "source page": world.source.get_absolute_url(),
        "embed card": reverse("claim-embed", args=[claim.pk]),
        "withdrawn embed card": reverse("claim-embed", args=[withdrawn.pk]),
        "oEmbed": reverse("oembed") + "?" + urlencode({"url": SITE + claim.get_absolute_url()}),
        "Atom feed": reverse("claim-feed"),
        "claims sitemap": reverse("sitemap-section", args=["claims"]),
        "API claim list": reverse("api:claim-list"),
        "API claim": reverse("api:claim-detail", args=[claim.pk]),
        "API denier": reverse("api:claim-detail", args=[denier.pk]),
        "API speaker list": reverse("api:speaker-list"),
        "API speaker": reverse("api:speaker-detail", args=[world.speaker.slug]),
        "API organisation": reverse("api:speaker-detail", args=[world.organisation.slug]),
        "API source list": reverse("api:source-list"),
        "API source": reverse("api:source-detail", args=[world.source.pk]),
        "API outlet list": reverse("api:outlet-list"),
        "API outlet": reverse("api:outlet-detail", args=[world.outlet.pk]),
        "API ClaimReview feed": reverse("api:claimreview-feed"),
    }


# Where each field must show as visible text; fields not named here show on no page (the API
# or the JSON-LD has them, or nobody: a denial's note is for curators).
SHOWN_ON = {
    "claim page": [
        "claim.text",
        "claim.original_text",
        "claim.speaker_title",
        "claim.stated_on_note",
        "claim.place",
        "claim.occasion",
        "appearance.excerpt",
        "appearance.attribution",
        "evidence.excerpt",
        "evidence.note",
        "tag.name",
        "rating.name",
        "review.summary",
        "review.reasoning",
        "review.reviewer_name",
        "review.reviewer_organisation",
        "correction.note",
        "speaker.name",
        "organisation.name",
        "source.title",
        "outlet.name",
        "denier.text",
    ],
    "denier page": ["denier.text", "organisation.name", "claim.text"],
    "withdrawn page": ["withdrawn.withdrawn_reason"],
    "speaker page": ["speaker.name", "speaker.description", "alias.name", "claim.text"],
    "organisation page": ["organisation.name", "organisation.description", "denier.text"],
    "source page": [
        "source.title",
        "source.url",
        "source.archive_url",
        "source.authors",
        "source.dateline",
        "source.full_text",
        "source.notes",
        "outlet.name",
        "outlet.notes",
        "claim.text",
    ],
    "embed card": ["speaker.name", "claim.speaker_title", "claim.text", "rating.name"],
    "home": ["claim.text", "denier.text", "speaker.name", "rating.name"],
    "claim list by topic": ["claim.text"],
}
# What the claim page's JSON-LD carries (schema.org ClaimReview).
IN_JSONLD = [
    "claim.text",
    "claim.speaker_title",
    "speaker.name",
    "rating.name",
    "review.summary",
    "review.reviewer_name",
    "review.reviewer_organisation",
    "review.url",
    "source.title",
    "source.url",
    "outlet.name",
    "outlet.homepage",
]
# What no API answer carries: curators' notes on links, scale and rating descriptions, and a
# withdrawn claim's reason (the claim is not in the API at all).
NOT_IN_API = {
    "denial.note",
    "scale.description",
    "rating.description",
    "withdrawn.withdrawn_reason",
    "withdrawn.text",
}
# Model fields no curator fills in on a published object's public side: a published
# review's withdrawal reason is empty by construction.
NOT_CURATED = {("Review", "withdrawn_reason")}


def check_page(name: str, response, world: World) -> list[str]:
    body = response.content.decode()
    document = lxml.html.fromstring(body)
    problems = [f"{name}: {problem}" for problem in unsafe_markup(document)]
    if re.search(r"[<>\"]", world.payload) and world.payload in body:
        problems.append(f"{name}: the payload is in the page unescaped")
    for label in SHOWN_ON.get(name, []):
        if world.values[label] not in text_of(document):
            problems.append(f"{name}: {label} is not shown as text")
    return problems


def check_feed(name: str, response, world: World) -> list[str]:
    """Atom: titles are text; a summary of type html is markup a feed reader renders."""
    problems = []
    root = lxml.etree.fromstring(response.content)
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == 2  # the reviewed claim and its denier
    for entry in entries:
        for element in entry.iter(f"{ATOM}title", f"{ATOM}summary", f"{ATOM}content"):
            if element.get("type") in ("html", "xhtml"):
                fragment = lxml.html.fragment_fromstring(element.text, create_parent="div")
                problems += [f"{name} <{element.tag}>: {p}" for p in unsafe_markup(fragment)]
                shown = text_of(fragment)
            else:
                shown = element.text or ""
            if element.tag == f"{ATOM}summary" and world.payload not in shown:
                problems.append(f"{name}: the summary does not show the claim's text as text")
    return problems


def check_json(name: str, response, world: World) -> list[str]:
    """JSON is data for partners' code: served as JSON (never sniffed as HTML), parsed
    intact. The oEmbed html is markup the partner's page inserts."""
    problems = []
    if response["Content-Type"] != "application/json":
        problems.append(f"{name}: served as {response['Content-Type']}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{name}: without X-Content-Type-Options: nosniff")
    answer = response.json()
    if name == "oEmbed":
        fragment = lxml.html.fragment_fromstring(answer["html"], create_parent="div")
        problems += [f"{name}: {p}" for p in unsafe_markup(fragment)]
        [iframe] = fragment
        if iframe.tag != "iframe" or len(fragment) != 1 or len(iframe):
            problems.append(f"{name}: the html is not one iframe: {answer['html']!r}")
        if iframe.get("title") != answer["title"] or world.payload not in answer["title"]:
            problems.append(f"{name}: the iframe's title is not the claim's, as text")
        if not iframe.get("src", "").startswith(f"{SITE}/claims/"):
            problems.append(f"{name}: the iframe frames {iframe.get('src')!r}")
    return problems


def render_everything(client, world: World) -> tuple[dict, set[str]]:
    """Every surface's answer, checked; and every string the API answers hold."""
    problems, api_strings = [], set()
    answers = {}
    for name, url in surfaces(world).items():
        response = client.get(url)
        expected = 410 if name.startswith("withdrawn") else 200
        assert response.status_code == expected, (name, url, response.status_code)
        content_type = response["Content-Type"]
        if content_type.startswith("text/html"):
            problems += check_page(name, response, world)
        elif content_type.startswith("application/atom+xml"):
            problems += check_feed(name, response, world)
        elif content_type.startswith("application/json"):
            problems += check_json(name, response, world)
            if name.startswith("API"):
                api_strings |= strings_in(response.json())
        else:
            lxml.etree.fromstring(response.content)  # the sitemap: XML, whatever the text
        answers[name] = response
        TALLY.surfaces.add(name)
    assert problems == [], "\n".join(problems)
    return answers, api_strings


@pytest.mark.parametrize("payload_name", PAYLOADS)
def test_curated_markup_is_shown_as_text_on_every_surface(client, payload_name):
    world = build_world(payload_name)
    answers, api_strings = render_everything(client, world)
    TALLY.payloads.add(payload_name)
    TALLY.fields |= {field_of(label) for label in world.values}

    # The JSON-LD is still JSON, with every value intact.
    [jsonld] = jsonld_of(parse(answers["claim page"]))
    in_jsonld = strings_in(jsonld)
    assert [label for label in IN_JSONLD if world.values[label] not in in_jsonld] == []
    assert jsonld["@type"] == "ClaimReview"
    # Partners get every value as it was typed.
    missing = [
        label
        for label, value in world.values.items()
        if label not in NOT_IN_API and value not in api_strings
    ]
    assert missing == []
    # Links to documents are the documents' own addresses, and nothing else.
    source_page = parse(answers["source page"])
    links = {a.get("href") for a in css(source_page, "a")}
    assert {world.values["source.url"], world.values["source.archive_url"]} <= links


def test_template_syntax_is_not_evaluated(client):
    world = build_world("template")
    document = parse(client.get(world.claim.get_absolute_url()))
    assert text_of(css(document, "h1")[0]) == "{{ 7*7 }} [claim.text]"


# --- javascript: URLs ----------------------------------------------------------------------


def url_fields() -> list[tuple[type, models.URLField]]:
    """Every URL field a curator or an import fills in."""
    return [
        (model, model_field)
        for app in ("claims", "sources", "factcheck")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.URLField)
    ]


def test_url_fields_refuse_script_urls_in_the_model_and_in_forms():
    fields = url_fields()
    assert {f"{model.__name__}.{f.name}" for model, f in fields} == {
        "Outlet.homepage",
        "Source.url",
        "Source.archive_url",
        "Review.url",
    }
    for model, model_field in fields:
        for bad in UNSAFE_URLS:
            with pytest.raises(ValidationError):
                model_field.clean(bad, model())
            with pytest.raises(ValidationError):
                model_field.formfield().clean(bad)


def test_the_admin_refuses_a_script_url(editor_client):
    add = reverse("admin:sources_outlet_add")
    data = form_data(editor_client.get(add))
    data.update(name=["Script Daily"], slug=["script-daily"], kind=["newspaper"])
    data["homepage"] = ["javascript:alert(1)"]
    response = editor_client.post(add, data)
    assert response.status_code == 200
    errors = text_of(css(parse(response), ".errorlist")[0])
    assert errors == "Enter a valid URL."
    assert not Outlet.objects.filter(slug="script-daily").exists()


def claimreview(**changes) -> dict:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checker.example/fact-checks/corridor/",
        "headline": "A &lt;script&gt;alert(1)&lt;/script&gt; headline",
        "datePublished": "2017-06-02",
        "claimReviewed": "&lt;img src=x onerror=alert(1)&gt; &quot;onmouseover=&quot;alert(1)",
        "author": {"@type": "Organization", "name": "&lt;/script&gt;&lt;script&gt;alert(1)"},
        "reviewRating": {"@type": "Rating", "alternateName": "&lt;b onclick=alert(1)&gt;"},
        "reviewBody": "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "&lt;script&gt;alert(1)&lt;/script&gt;"},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://news.example/corridor",
                    "headline": "&lt;img src=x onerror=alert(1)&gt;",
                    "publisher": {"@type": "Organization", "name": "&lt;i onmouseover=x&gt;"},
                }
            ],
        },
    }
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = review
        for parent in parents:
            node = node[parent][0] if isinstance(node[parent], list) else node[parent]
        node[last] = value
    return review


@pytest.mark.parametrize(
    ("place", "value"),
    [
        ("url", "javascript:alert(1)"),
        ("itemReviewed.appearance.url", "JavaScript:alert(1)"),
        ("itemReviewed.appearance.url", "&#106;avascript:alert(1)"),
    ],
)
def test_an_import_with_a_script_url_writes_nothing(db, place, value):
    before = (Claim.objects.count(), Source.objects.count(), Review.objects.count())
    with pytest.raises(ImportFailed, match="Enter a valid URL"):
        import_document(claimreview(**{place: value}), name="upload.json")
    assert (Claim.objects.count(), Source.objects.count(), Review.objects.count()) == before


def test_an_imported_reviewer_with_a_script_url_gets_no_homepage(db):
    document = claimreview(
        author={"@type": "Organization", "name": "Checker", "url": "javascript:alert(1)"}
    )
    import_document(document, name="upload.json")
    assert Outlet.objects.get(name="Checker").homepage == ""


def test_imported_markup_is_shown_as_text_once_published(client, seeded):
    """A ClaimReview file carries markup as entities (decoded on import): once a curator
    publishes the claim and its review, every surface shows it as text."""
    import_document(claimreview(), name="upload.json")
    review = Review.objects.select_related("claim").get()
    claim_publish(claim=review.claim)
    review_publish(review=review)
    claim = review.claim
    assert claim.text == '<img src=x onerror=alert(1)> "onmouseover="alert(1)'
    for url in (
        claim.get_absolute_url(),
        claim.speaker.get_absolute_url(),
        claim.appearances.get().source.get_absolute_url(),
        reverse("claim-embed", args=[claim.pk]),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        document = lxml.html.fromstring(response.content.decode())
        assert unsafe_markup(document) == [], url
    page = parse(client.get(claim.get_absolute_url()))
    assert text_of(css(page, "h1")[0]) == f"{claim.text}"
    [jsonld] = jsonld_of(page)
    assert jsonld["claimReviewed"] == claim.text
    assert jsonld["reviewRating"]["alternateName"] == "<b onclick=alert(1)>"
    assert "Verdict: <b onclick=alert(1)>" in text_of(page)
