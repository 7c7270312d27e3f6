"""Hostile text (issue on hardening): C0 controls, NUL, lone surrogates, right-to-left marks
and 10,000-character words, typed into every curated text field through the admin and fed
through every import format, then every public surface read: never a 5xx.

What each kind must do:

- C0 controls and NUL are refused wherever they come in (core/validators.py): a form error
  naming the character in the admin, a report naming the field from an import, and nothing
  written.
- A lone surrogate cannot travel in a form: a client sends its (invalid) UTF-8 bytes, which
  Django decodes as U+FFFD, so the admin stores replacement characters. In JSON it is a
  ``\\ud800`` escape, which decodes to the surrogate itself: an import refuses it.
- Right-to-left marks and overrides, and a 10,000-character word (cut to a field's length
  where it has one), are text like any other: saved, published, shown.

Every text field is found from the models, not listed here, so a new field is covered by
the time it reaches the admin (``test_every_curated_text_field_gets_every_kind`` fails
otherwise). Fields holding codes (slugs, language and country codes, Wikidata ids, choices)
get the refused kinds; the accepted ones would only meet their format checks. The public
surfaces are read with the values published; and each hostile value is sent as every query
parameter the reader pages and the API read, in every kind of address and in the headers
the site reads. Each answer parses (HTML and its JSON-LD, XML, JSON) and none is a 5xx;
the one 501 allowed is oEmbed's, for a format it does not serve, as its specification says.
"""

import copy
import datetime
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

import lxml.html
import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from api.filters import (
    ClaimDocumentFilter,
    OutletDocumentFilter,
    SourceDocumentFilter,
    SpeakerDocumentFilter,
)
from claims.models import Claim, Correction, Review, SpeakerAlias, SpeakerKind, Tag
from core.validators import validate_text_characters
from record.services import publish_claims
from tests.admin_forms import form_data
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)
from web.filters import ClaimPageFilter

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claimreview"
SITE = "http://testserver"

# Refused wherever they come in: one post (one file) per kind, so each is seen refused.
REFUSED = {
    "C0": "\x01\x07\x1b[31m\x7f",  # DEL (U+007F) is not C0: it stays, the others refuse
    "NUL": "\x00",
}
# The admin's message for each: Django's form fields refuse NUL before the models' validator.
REFUSAL = {
    "C0": "invisible control character (U+0001",
    "NUL": "Null characters are not allowed.",
}
# A lone surrogate: refused from JSON; from a form, Django decodes its bytes as U+FFFD.
SURROGATE = "\ud800"
# Right-to-left override, marks and isolates, then a word with no break opportunity.
RTL = "\u202e\u200f\u2067مرحبا\u2069\u200e\u202c"
LONG_WORD = "W" * 10_000
# Everything a field accepts, together: one publish carries every accepted kind.
ACCEPTED = f"{RTL} {SURROGATE} {LONG_WORD}"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # The crawl reads the API and the pages hundreds of times from one address.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "1000000/min", "partner": "1000000/min"},
    }
    cache.clear()
    yield
    cache.clear()


# --- The fields ----------------------------------------------------------------------------


def is_text(model_field) -> bool:
    return isinstance(model_field, models.CharField | models.TextField)


def curated_text_fields() -> set[tuple[str, str]]:
    """Every editable text field of every model curators edit (the domain's apps), their
    histories aside: ``(model label, field name)``."""
    return {
        (model._meta.label, field.name)
        for app in ("claims", "sources")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if is_text(field) and field.editable
    }


def is_free_text(model_field) -> bool:
    """Words, not a code: no validator but the project's and length, no choices."""
    if model_field.choices or isinstance(model_field, models.SlugField):
        return False
    if isinstance(model_field, models.URLField):
        return True
    own = [
        v
        for v in model_field.validators
        if v is not validate_text_characters
        and type(v).__name__ not in {"MaxLengthValidator", "ProhibitNullCharactersValidator"}
    ]
    return not own


def value_for(model_field, text: str) -> str:
    """``text`` shaped to go in ``model_field``: in a URL's path for a URL field (no spaces),
    cut to the field's length."""
    if isinstance(model_field, models.URLField):
        text = "https://hostile.example/" + text.replace(" ", "")
    if model_field.max_length:
        # A lone surrogate arrives as three U+FFFD: the cut counts what arrives.
        text = text[: model_field.max_length]
        while len(as_received(text)) > model_field.max_length:
            text = text[:-1]
    return text


# --- The world -----------------------------------------------------------------------------


def build_world() -> dict:
    """A published claim with a row of every kind a claim carries, and a published claim
    denying it: each curated model has an object for its admin page."""
    outlet = OutletFactory()
    source = SourceFactory(outlet=outlet)
    organisation = SpeakerFactory(kind=SpeakerKind.ORGANISATION)
    speaker = SpeakerFactory(affiliation=organisation)
    SpeakerAlias.objects.create(speaker=speaker, name="An alias")
    tag = Tag.objects.create(name="A topic", slug="a-topic")
    claim = ClaimFactory(
        speaker=speaker,
        place="Moscow",
        occasion="A briefing",
        original_text="Текст.",
        original_language="ru",
    )
    claim.tags.add(tag)
    AppearanceFactory(
        claim=claim, source=source, marked_first=True, marked_first_reason="The earliest report."
    )
    denier = ClaimFactory(speaker=organisation, original_text="Нет.", original_language="ru")
    ClaimLinkFactory(from_claim=denier, to_claim=claim, note="Denied.")
    EvidenceFactory(claim=claim, backing_claim=denier, source=source, note="Evidence.")
    ReviewFactory(claim=claim, reasoning="Because.", reviewer_name="R. Viewer")
    Correction.objects.create(claim=claim, note="Fixed.", corrected_on=datetime.date(2017, 6, 3))
    publish_claims(Claim.objects.all())
    return {
        "claim": claim,
        "denier": denier,
        "speaker": speaker,
        "organisation": organisation,
        "source": source,
        "outlet": outlet,
    }


def admin_pages() -> list[tuple[type, int]]:
    """Every object of the world that has an admin change page: ``(model, pk)``."""
    return [
        (model, pk)
        for model in admin.site._registry
        if model._meta.app_label in ("claims", "sources")
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)
    ]


# --- The admin -----------------------------------------------------------------------------


def text_inputs(response) -> list[tuple[str, object]]:
    """The posted names of the text fields on an admin change page, main form and each
    inline's stored rows, with their model fields."""
    found = []
    form = response.context["adminform"].form
    for name in form.fields:
        model_field = _model_field(form._meta.model, name)
        if model_field is not None:
            found.append((name, model_field))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for row in formset.initial_forms:
            for name in row.fields:
                model_field = _model_field(formset.model, name)
                if model_field is not None:
                    found.append((f"{row.prefix}-{name}", model_field))
    return found


def _model_field(model, name: str):
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a form-only field (a note, a confirmation)
        return None
    return model_field if is_text(model_field) and model_field.editable else None


def post_as_a_client(client, url: str, data: dict):
    """Posts ``data`` urlencoded as its UTF-8 bytes, lone surrogates included (as invalid
    UTF-8, which is what a hostile client can send; the test client's own encoding refuses
    them)."""
    body = urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass")
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def as_received(text: str) -> str:
    """What Django makes of ``text`` sent as a form value: invalid UTF-8 as U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def stored_text(model) -> list[tuple]:
    text_names = [f.attname for f in model._meta.concrete_fields if is_text(f)]
    return list(model.objects.order_by("pk").values_list(*text_names))


def curated_snapshot() -> dict:
    return {
        model._meta.label: stored_text(model)
        for app in ("claims", "sources")
        for model in apps.get_app_config(app).get_models()
    }


def submit_hostile(client, model, pk: int, hostile: str, *, only_free_text: bool):
    """Fills every text field of the object's change page (inlines' rows too) with
    ``hostile`` and posts it with the publish button when there is one. Returns the
    response and the fields filled (``(model label, field name)``)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page, f"{model._meta.model_name}_form")
    filled = set()
    for name, model_field in text_inputs(page):
        if only_free_text and not is_free_text(model_field):
            continue
        data[name] = [value_for(model_field, hostile)]
        filled.add((model_field.model._meta.label, model_field.name))
    if "_publish" in page.content.decode():
        data["_publish"] = ["Save and publish changes"]
    return post_as_a_client(client, url, data), filled


def form_errors(response) -> str:
    document = lxml.html.fromstring(response.content.decode())
    return " ".join(" ".join(e.itertext()) for e in document.cssselect(".errorlist"))


def test_every_curated_text_field_gets_every_kind(editor_client):
    """The admin refuses controls and NUL with a message and writes nothing; it saves and
    publishes right-to-left text, replacement characters and long words; and every curated
    text field is in some admin form that received them."""
    build_world()
    reached = set()
    for model, pk in admin_pages():
        for kind, hostile in REFUSED.items():
            before = curated_snapshot()
            response, filled = submit_hostile(
                editor_client, model, pk, f"Text{hostile}here", only_free_text=False
            )
            reached |= filled
            assert response.status_code == 200, (model, kind, response.status_code)
            assert REFUSAL[kind] in form_errors(response), (model, kind)
            assert curated_snapshot() == before, f"{model.__name__}: a partial write ({kind})"
    for model, pk in admin_pages():
        response, filled = submit_hostile(editor_client, model, pk, ACCEPTED, only_free_text=True)
        assert response.status_code == 302, (model, form_errors(response))
    # A date's precision is not typed: the admin sets it from the date as written ("May
    # 2017"), which gets every kind of text above (core.admin.dates).
    derived = {
        ("claims.Claim", "stated_on_precision"),
        ("sources.Source", "published_on_precision"),
    }
    missing = curated_text_fields() - reached - derived
    assert not missing, f"text fields in no admin form: {sorted(missing)}"
    claim = Claim.objects.get(speaker__kind=SpeakerKind.PERSON)
    assert claim.text == as_received(value_for(Claim._meta.get_field("text"), ACCEPTED))
    crawl_everything(published_claims())


# --- The imports ---------------------------------------------------------------------------


URL_KEYS = {"url", "sameAs", "image", "@id"}
KEPT_KEYS = {
    "@type",
    "@context",
    "datePublished",
    "dateModified",
    "dateCreated",
    "ratingValue",
    "bestRating",
    "worstRating",
}


def with_hostile(node, hostile: str, key: str = ""):
    """Every string of a ClaimReview document with ``hostile`` added: in a URL's path for a
    URL; types, contexts, dates and numbers kept."""
    if isinstance(node, dict):
        return {k: with_hostile(v, hostile, k) for k, v in node.items()}
    if isinstance(node, list):
        return [with_hostile(v, hostile, key) for v in node]
    if not isinstance(node, str) or key in KEPT_KEYS:
        return node
    if key in URL_KEYS or node.startswith("http"):
        return (
            node.rstrip("/")
            + "/"
            + quote(hostile.replace(" ", ""), safe="", errors="surrogatepass")[:150]
        )
    return f"{node} {hostile}"


def fixture_documents() -> dict[str, object]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("*.json"))
    }


def upload(client, name: str, document):
    # ensure_ascii: a lone surrogate travels as its \ud800 escape, as JSON writers send it.
    content = json.dumps(document, ensure_ascii=True).encode()
    return client.post(
        "/admin/claims/review/import/",
        {"file": SimpleUploadedFile(name, content, "application/ld+json")},
    )


IMPORT_REFUSED = {**REFUSED, "surrogate": SURROGATE}


@pytest.mark.parametrize("kind", IMPORT_REFUSED, ids=list(IMPORT_REFUSED))
def test_every_import_format_refuses_controls_and_surrogates_writing_nothing(
    contributor_client, tmp_path, kind
):
    hostile = IMPORT_REFUSED[kind]
    character = f"U+{ord(hostile[0]):04X}"
    for name, document in fixture_documents().items():
        hostile_document = with_hostile(document, f"x{hostile}")
        response = upload(contributor_client, name, hostile_document)
        assert response.status_code == 200, (name, response.status_code)
        assert f"contains a control character ({character})" in response.content.decode()
        path = tmp_path / name
        path.write_text(json.dumps(hostile_document, ensure_ascii=True), encoding="utf-8")
        with pytest.raises(CommandError, match=re.escape(f"({character})")):
            call_command("import_claimreview", str(path))
    assert not Claim.objects.exists()
    assert not Review.objects.exists()


def test_every_import_format_takes_rtl_and_long_words_or_says_why(
    contributor_client, editor, tmp_path
):
    """Right-to-left text and long words in every string: each record imports, or is
    skipped with a message naming the field (a word longer than a field holds)."""
    accepted = f"{RTL} {LONG_WORD}"
    documents = fixture_documents()
    for name, document in documents.items():
        before = curated_snapshot()
        response = upload(contributor_client, name, with_hostile(document, accepted))
        assert response.status_code in (200, 302), (name, response.status_code)
        if response.status_code == 200:
            body = response.content.decode()
            if f"Nothing was imported from {name}" in body:
                assert curated_snapshot() == before, f"{name}: a partial write"
            else:  # record by record: what was skipped is named in the report
                assert 'id="import-report"' in body, name
    # The command reads a folder of the same files with shorter words, so that they fit.
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name, document in documents.items():
        hostile = with_hostile(copy.deepcopy(document), f"{RTL} {LONG_WORD[:60]}")
        (folder / name).write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
    call_command("import_claimreview", str(folder))
    assert Review.objects.exists()
    # An editor publishes what came in, through the services the admin's actions call.
    publish_claims(Claim.objects.all(), by=editor)
    crawl_everything(published_claims())


# --- The public surfaces -------------------------------------------------------------------


def published_claims() -> list[Claim]:
    return list(Claim.objects.filter(status="published").select_related("speaker"))


QUERY_VALUES = [
    *REFUSED.values(),
    "%ED%A0%80",  # a lone surrogate's bytes, percent-encoded as a client sends them
    RTL,
    LONG_WORD,
]


def with_param(path: str, name: str, value: str) -> str:
    # Sent as raw percent-encoding so that invalid UTF-8 travels as it would.
    encoded = value if value.startswith("%") else quote(value, safe="")
    return f"{path}?{name}={encoded}"


def hostile_queries() -> list[str]:
    """Every query parameter the reader pages and the API read, with each hostile value."""
    lists = {
        reverse("claim-list"): [*ClaimPageFilter.base_filters, "page"],
        reverse("api:claim-list"): [*ClaimDocumentFilter.base_filters, "cursor", "ordering"],
        reverse("api:speaker-list"): [*SpeakerDocumentFilter.base_filters, "ordering"],
        reverse("api:source-list"): [*SourceDocumentFilter.base_filters, "ordering"],
        reverse("api:outlet-list"): [*OutletDocumentFilter.base_filters, "ordering"],
        reverse("oembed"): ["url", "maxwidth", "format"],
        reverse("home"): ["q"],
    }
    return [
        with_param(path, name, value)
        for path, names in lists.items()
        for name in names
        for value in QUERY_VALUES
    ]


def hostile_paths() -> list[str]:
    """Every kind of address with each hostile value where a name or number goes."""
    paths = [
        "/{}",
        "/claims/{}/",
        "/claims/1/{}/",
        "/speakers/{}/",
        "/sources/{}/",
        "/api/v1/claims/{}/",
        "/api/v1/speakers/{}/",
        "/api/v1/sources/{}/",
        "/api/v1/outlets/{}/",
    ]
    return [
        path.format(value if value.startswith("%") else quote(value, safe=""))
        for path in paths
        for value in QUERY_VALUES
    ]


# Request headers the site reads, each sent with every hostile value in turn.
HOSTILE_HEADERS = ["X-API-Key", "If-None-Match", "If-Modified-Since", "X-Forwarded-For", "Accept"]


def surfaces(claims: list[Claim]) -> list[str]:
    paths = [
        reverse("home"),
        reverse("claim-list"),
        reverse("claim-feed"),
        reverse("sitemap"),
        *(reverse("sitemap-section", args=[s]) for s in ("claims", "speakers", "sources")),
        reverse("api:index"),
        reverse("api:claim-list"),
        reverse("api:speaker-list"),
        reverse("api:source-list"),
        reverse("api:outlet-list"),
        reverse("api:claimreview-feed"),
    ]
    for claim in claims:
        paths += [
            claim.get_absolute_url(),
            reverse("claim-embed", args=[claim.pk]),
            reverse("oembed") + "?" + urlencode({"url": SITE + claim.get_absolute_url()}),
            reverse("api:claim-detail", args=[claim.pk]),
            claim.speaker.get_absolute_url(),
            reverse("api:speaker-detail", args=[claim.speaker.slug]),
        ]
        for appearance in claim.appearances.select_related("source"):
            paths += [
                appearance.source.get_absolute_url(),
                reverse("api:source-detail", args=[appearance.source_id]),
                reverse("api:outlet-detail", args=[appearance.source.outlet_id]),
            ]
    return list(dict.fromkeys(paths))


def well_formed(path: str, response) -> str | None:
    """Why the answer does not parse as what it says it is; None when it does."""
    kind = response.get("Content-Type", "").split(";")[0]
    content = response.content
    try:
        if kind.endswith("json"):
            json.loads(content)
        elif kind.endswith("xml"):
            ET.fromstring(content)
        elif kind == "text/html":
            document = lxml.html.fromstring(content.decode())
            for block in document.cssselect('script[type="application/ld+json"]'):
                json.loads(block.text)
    except (ValueError, ET.ParseError) as error:
        return f"{path}: {kind} does not parse: {error}"
    return None


def read_all(client, requests: list[tuple[str, dict]]) -> list[str]:
    """Problems with the answers to ``requests`` (``(path, headers)``): a 5xx, or an answer
    that does not parse."""
    problems = []
    for path, headers in requests:
        response = client.get(path, headers=headers)
        # oEmbed's own answer to a format it does not serve is 501 (oembed.com, 2.3.4).
        unserved_format = path.startswith(reverse("oembed") + "?format=")
        if response.status_code >= 500 and not (unserved_format and response.status_code == 501):
            problems.append(f"{path[:120]} {list(headers)}: {response.status_code}")
        elif response.status_code == 200 and (problem := well_formed(path[:120], response)):
            problems.append(problem)
    return problems


def test_hostile_queries_addresses_and_headers_answer_without_5xx(client):
    """Each hostile value as every query parameter the reader pages and the API read, in
    every kind of address, and in every header the site reads."""
    build_world()
    requests = [(path, {}) for path in [*hostile_queries(), *hostile_paths()]]
    # Header values travel as bytes (latin-1 in WSGI): the surrogate cannot be sent.
    requests += [
        (path, {header: value})
        for path in (reverse("claim-list"), reverse("api:claim-list"))
        for header in HOSTILE_HEADERS
        for value in [*REFUSED.values(), RTL.encode().decode("latin-1"), LONG_WORD]
    ]
    problems = read_all(client, requests)
    assert not problems, "\n".join(problems)


def crawl_everything(claims: list[Claim]) -> None:
    """Reads every public surface showing ``claims``, and the ClaimReview export: no 5xx,
    every answer parses."""
    client = Client()
    problems = read_all(client, [(path, {}) for path in surfaces(claims)])
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "export.json"
        call_command("export_claimreview", str(exported))
        try:
            json.loads(exported.read_text(encoding="utf-8"))
        except ValueError as error:
            problems.append(f"export_claimreview: not JSON: {error}")
    assert not problems, "\n".join(problems)


def test_the_admin_lists_take_hostile_searches_and_filters(editor_client):
    """The curators' side of the same: each admin list searched for each hostile value."""
    build_world()
    lists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    problems = read_all(
        editor_client,
        # Right-to-left text aside (a search like any other there), to keep this quick.
        [
            (with_param(path, "q", value), {})
            for path in lists
            for value in QUERY_VALUES
            if value != RTL
        ],
    )
    assert not problems, "\n".join(problems)
