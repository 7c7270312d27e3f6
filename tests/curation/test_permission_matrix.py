"""The permission matrix: every admin model × action × role × state, from one table in the
code (``curation.policy``: Django's model permissions per role and ``RULES`` per state).

For each cell, the HTTP answer is what the policy says, and what readers and partners get
(every public surface, and the published record behind them) is byte-identical before and
after, unless the cell is an editor's publish or withdrawal — the one step that changes
it. Each cell runs in a savepoint on one world, rolled back after it.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    Review,
    Speaker,
    SpeakerAlias,
)
from curation.policy import Action, State, may, state_of
from record.models import (
    ClaimDocument,
    Link,
    OutletDocument,
    SourceDocument,
    SpeakerDocument,
    Version,
)
from record.services import claim_publish, claim_withdraw, review_withdraw
from sources.models import Outlet, Source
from tests.admin_forms import form_data, inline_row
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("contributor", "editor", "superuser")


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Every cell reads every public surface: hundreds of API requests in seconds.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "1000000/min", "partner": "1000000/min"},
    }


# --- The world: one item of each model in each state it can be in -------------------------


@dataclass
class World:
    items: dict[tuple[type, str], object]
    public_urls: list[str]


def build_world(seeded_claims) -> World:
    c = seeded_claims
    lavrov = c["C3"].speaker
    tass = Appearance.objects.filter(claim=c["C1"]).get().source
    private_outlet = OutletFactory(name="Private Outlet")
    private_source = SourceFactory(title="A private report", outlet=private_outlet)
    private_speaker = SpeakerFactory(name="Nobody Public")
    alias_public = lavrov.aliases.get()
    alias_private = SpeakerAlias.objects.create(speaker=private_speaker, name="N. Public")
    draft = ClaimFactory(draft=True, speaker=private_speaker, text="A draft statement.")
    in_review = ClaimFactory(draft=True, speaker=private_speaker, text="A statement in review.")
    in_review.submit_for_review()
    withdrawn = ClaimFactory(speaker=lavrov, text="A statement since withdrawn.")
    claim_withdraw(claim=withdrawn, reason="Misattributed.")
    private_appearance = AppearanceFactory(claim=draft, source=private_source, excerpt="draft")
    public_appearance = Appearance.objects.filter(claim=c["C1"]).get()
    private_denial = ClaimLinkFactory(from_claim=draft, to_claim=c["C1"])
    public_denial = ClaimLink.objects.get(from_claim=c["C2"], to_claim=c["C1"])
    private_evidence = EvidenceFactory(claim=draft, source=private_source)
    public_evidence = Evidence.objects.filter(claim=c["C1"]).first()
    public_correction = Correction.objects.create(
        claim=c["C1"], note="Date corrected.", corrected_on=datetime.date(2017, 6, 1)
    )
    claim_publish(claim=c["C1"])  # the correction is public
    private_correction = Correction.objects.create(
        claim=draft, note="Draft note.", corrected_on=datetime.date(2017, 6, 1)
    )
    rating = RatingFactory()
    reviews = {
        State.DRAFT: ReviewFactory(
            claim=c["C5"], rating=rating, status="draft", published_at=None
        ),
        State.IN_REVIEW: ReviewFactory(
            claim=c["C6"], rating=rating, status="in_review", published_at=None
        ),
        State.PUBLISHED: ReviewFactory(claim=c["C4"], rating=rating),
        State.WITHDRAWN: ReviewFactory(claim=c["C7"], rating=rating),
    }
    review_withdraw(review=reviews[State.WITHDRAWN], reason="Wrong scale.")
    items = {
        (Claim, State.DRAFT): draft,
        (Claim, State.IN_REVIEW): in_review,
        (Claim, State.PUBLISHED): c["C1"],
        (Claim, State.WITHDRAWN): withdrawn,
        **{(Review, state): review for state, review in reviews.items()},
        (Appearance, State.PUBLIC_BY_REFERENCE): public_appearance,
        (Appearance, State.PRIVATE): private_appearance,
        (ClaimLink, State.PUBLIC_BY_REFERENCE): public_denial,
        (ClaimLink, State.PRIVATE): private_denial,
        (Evidence, State.PUBLIC_BY_REFERENCE): public_evidence,
        (Evidence, State.PRIVATE): private_evidence,
        (Correction, State.PUBLIC_BY_REFERENCE): public_correction,
        (Correction, State.PRIVATE): private_correction,
        (Speaker, State.PUBLIC_BY_REFERENCE): lavrov,
        (Speaker, State.PRIVATE): private_speaker,
        (SpeakerAlias, State.PUBLIC_BY_REFERENCE): alias_public,
        (SpeakerAlias, State.PRIVATE): alias_private,
        (Source, State.PUBLIC_BY_REFERENCE): tass,
        (Source, State.PRIVATE): private_source,
        (Outlet, State.PUBLIC_BY_REFERENCE): tass.outlet,
        (Outlet, State.PRIVATE): private_outlet,
    }
    for (model, state), item in items.items():
        assert state_of(item) == state, (model, state)
    c1 = c["C1"]
    public_urls = [
        "/",
        "/claims/",
        "/claims/?q=corridor",
        c1.get_absolute_url(),
        f"/claims/{withdrawn.pk}/withdrawn/",
        f"/claims/{c1.pk}/embed/",
        lavrov.get_absolute_url(),
        tass.get_absolute_url(),
        "/feeds/claims/",
        "/sitemap.xml",
        "/api/v1/claims/",
        f"/api/v1/claims/{c1.pk}/",
        f"/api/v1/claims/{withdrawn.pk}/",
        f"/api/v1/claims/{draft.pk}/",
        f"/api/v1/speakers/{lavrov.slug}/",
        f"/api/v1/speakers/{private_speaker.slug}/",
        f"/api/v1/sources/{tass.pk}/",
        f"/api/v1/outlets/{tass.outlet_id}/",
        "/api/v1/speakers/",
        "/api/v1/sources/",
        "/api/v1/outlets/",
        "/api/v1/claimreviews/",
    ]
    return World(items=items, public_urls=public_urls)


def public_state(urls: list[str]) -> dict:
    """What readers and partners get at every public surface, and the record behind it."""
    reader = Client()
    answers = {}
    for url in urls:
        response = reader.get(url)
        answers[url] = (response.status_code, response.get("ETag"), response.content)
    record = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (ClaimDocument, SpeakerDocument, SourceDocument, OutletDocument)
    }
    record["versions"] = Version.objects.count()
    record["links"] = sorted(Link.objects.values_list("from_id", "relation", "to_id"))
    return {"answers": answers, "record": json.loads(json.dumps(record, default=str))}


# --- The cells -----------------------------------------------------------------------------


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


# The field a change changes, per model: (field, new value).
CHANGED_FIELD = {
    Claim: ("text", "Changed in the matrix."),
    Review: ("summary", "Changed in the matrix."),
    Appearance: ("attribution", "Changed in the matrix."),
    ClaimLink: ("note", "Changed in the matrix."),
    Evidence: ("note", "Changed in the matrix."),
    Correction: ("note", "Changed in the matrix."),
    Speaker: ("description", "Changed in the matrix."),
    SpeakerAlias: ("name", "Changed in the matrix"),
    Source: ("notes", "Changed in the matrix."),
    Outlet: ("notes", "Changed in the matrix."),
}
WORKFLOW_MODELS = (Claim, Review)


def do_change(client, model, item) -> tuple[int, bool]:
    url = admin_url(model, "change", item.pk)
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, False
    field, value = CHANGED_FIELD[model]
    data = form_data(page, f"{model._meta.model_name}_form")
    data[field] = [value]
    answer = client.post(url, data)
    done = getattr(model.objects.get(pk=item.pk), field) == value
    return answer.status_code, done


PROTECTED = "would require deleting the following protected related objects"


def deleted(answer, model, item) -> bool | None:
    """True when gone; None when the admin answered that rows pointing at it protect it
    (the database's rule, not the policy's)."""
    if not model.objects.filter(pk=item.pk).exists():
        return True
    return None if PROTECTED in answer.content.decode() else False


def do_delete(client, model, item) -> tuple[int, bool | None]:
    answer = client.post(admin_url(model, "delete", item.pk), {"post": "yes"})
    return answer.status_code, deleted(answer, model, item)


def do_revert(client, model, item) -> tuple[int, bool]:
    record = item.history.earliest()
    url = admin_url(model, "simple_history", item.pk, record.history_id)
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, False
    data = form_data(page, f"historical{model._meta.model_name}_form")
    data["status"] = ["draft"]  # a crafted status: a revert never carries one
    answer = client.post(url, data)
    return answer.status_code, answer.status_code == 302


def do_publish(client, model, item) -> tuple[int, bool]:
    """The change form's "Publish changes" (claims, speakers, sources, outlets) or the
    bulk action (verdicts)."""
    before = Version.objects.count()
    if model is Review:
        answer = client.post(
            admin_url(model, "changelist"),
            {"action": "publish", "_selected_action": [item.pk]},
        )
        return answer.status_code, Version.objects.count() > before
    url = admin_url(model, "change", item.pk)
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, False
    data = form_data(page, f"{model._meta.model_name}_form")
    data[CHANGED_FIELD[model][0]] = [CHANGED_FIELD[model][1]]
    data["_publish"] = ["Save and publish changes"]
    answer = client.post(url, data)
    return answer.status_code, Version.objects.count() > before


def do_withdraw(client, model, item) -> tuple[int, bool]:
    before = Version.objects.count()
    answer = client.post(
        admin_url(model, "changelist"),
        {"action": "withdraw", "_selected_action": [item.pk], "reason": "Matrix."},
    )
    return answer.status_code, Version.objects.count() > before


def do_bulk_delete(client, model, item) -> tuple[int, bool]:
    answer = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    return answer.status_code, deleted(answer, model, item)


def do_add(client, model, item) -> tuple[int, bool]:
    answer = client.get(admin_url(model, "add"))
    return answer.status_code, answer.status_code == 200


def do_inline_add(client, model, item) -> tuple[int, bool]:
    """A second appearance, added from the claim's own page."""
    url = admin_url(model, "change", item.pk)
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, False
    data = form_data(page, "claim_form")
    if "appearances-TOTAL_FORMS" not in data:
        return page.status_code, False  # no inline offered
    before = Appearance.objects.filter(claim=item).count()
    source = SourceFactory(title="Added from the claim's page")
    inline_row(data, "appearances", source=source.pk, excerpt="An inline excerpt.")
    answer = client.post(url, data)
    return answer.status_code, Appearance.objects.filter(claim=item).count() > before


def do_inline_delete(client, model, item) -> tuple[int, bool]:
    """Its first appearance, deleted from the claim's own page."""
    url = admin_url(model, "change", item.pk)
    page = client.get(url)
    if page.status_code != 200:
        return page.status_code, False
    data = form_data(page, "claim_form")
    if "appearances-0-id" not in data:
        return page.status_code, None  # nothing to delete
    data["appearances-0-DELETE"] = ["on"]
    before = Appearance.objects.filter(claim=item).count()
    answer = client.post(url, data)
    return answer.status_code, Appearance.objects.filter(claim=item).count() < before


def do_upload(client, model, item) -> tuple[int, bool]:
    """A ClaimReview file naming the claim's text: imported as drafts, proposed if public."""
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checker.example/matrix/{item.pk}",
        "datePublished": "2017-06-02",
        "claimReviewed": item.claim.text,
        "author": {"@type": "Organization", "name": "Matrix Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": item.claim.speaker.name},
        },
    }
    upload = SimpleUploadedFile("review.json", json.dumps(document).encode())
    before = Review.objects.count()
    answer = client.post(reverse("admin:claims_review_import"), {"file": upload})
    return answer.status_code, Review.objects.count() > before


def do_submit(client, model, item) -> tuple[int, bool]:
    """The bulk "submit for review" (drafts only)."""
    answer = client.post(
        admin_url(model, "changelist"),
        {"action": "submit_for_review", "_selected_action": [item.pk]},
    )
    changed = model.objects.get(pk=item.pk).status != item.status
    return answer.status_code, changed


ACTIONS = {
    "add": (Action.ADD, do_add),
    "inline add": (Action.CHANGE, do_inline_add),
    "inline delete": (Action.CHANGE, do_inline_delete),
    "upload": (Action.ADD, do_upload),
    "submit": (Action.CHANGE, do_submit),
    "change": (Action.CHANGE, do_change),
    "delete": (Action.DELETE, do_delete),
    "bulk delete": (Action.DELETE, do_bulk_delete),
    "revert": (Action.REVERT, do_revert),
    "publish": (Action.PUBLISH, do_publish),
    "withdraw": (Action.WITHDRAW, do_withdraw),
}


def applies(action: str, model, state: str) -> bool:
    if action in ("inline add", "inline delete"):
        return model is Claim
    if action == "upload":
        return model is Review
    if action == "submit":
        return model in WORKFLOW_MODELS and state == State.DRAFT
    if action == "revert":
        return model in WORKFLOW_MODELS or model in (Speaker, Source, Outlet)
    if action == "publish":
        return model in (*WORKFLOW_MODELS, Speaker, Source, Outlet) and state != State.WITHDRAWN
    if action == "withdraw":
        return model in WORKFLOW_MODELS
    return True


def expected_to_publish(model, state: str) -> bool:
    """An allowed publish that has something to publish: a change it just made, on
    something public (or a claim or verdict not yet published)."""
    if model is Review:
        return state != State.PUBLISHED  # the bulk action leaves a published one as it is
    if model is Claim:
        return True
    return state == State.PUBLIC_BY_REFERENCE


def users(django_user_model, roles):
    from tests.conftest import _staff

    return {
        "contributor": _staff(django_user_model, "carla", "Contributors"),
        "editor": _staff(django_user_model, "edgar", "Editors"),
        "superuser": django_user_model.objects.create_superuser("root", password="x"),
    }


# Each model's cells are a test of their own (a world built for each), so that test
# processes share the matrix out (pytest-xdist).
MODELS = (
    Claim,
    Review,
    Appearance,
    ClaimLink,
    Evidence,
    Correction,
    Speaker,
    SpeakerAlias,
    Source,
    Outlet,
)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_every_cell_answers_as_the_policy_says_and_leaves_the_public_alone(
    role, model, seeded_claims, roles, django_user_model
):
    world = build_world(seeded_claims)
    assert {m for m, _ in world.items} == set(MODELS)
    user = users(django_user_model, roles)[role]
    client = Client()
    client.force_login(user)
    baseline = public_state(world.public_urls)
    cells = 0
    problems = []
    assert admin.site.is_registered(model)
    for (item_model, state), item in world.items.items():
        if item_model is not model:
            continue
        for name, (action, perform) in ACTIONS.items():
            if not applies(name, model, state):
                continue
            cells += 1
            allowed = may(user, action, model, model.objects.get(pk=item.pk))
            if name == "inline add":
                allowed = allowed and may(user, Action.ADD, Appearance)
            if name == "inline delete":
                allowed = allowed and user.has_perm("claims.delete_appearance")
            if name == "add":
                allowed = may(user, Action.ADD, model)
            sid = transaction.savepoint()
            try:
                status, done = perform(client, model, model.objects.get(pk=item.pk))
                after = public_state(world.public_urls)
            finally:
                transaction.savepoint_rollback(sid)
            where = f"{role} {name} {model.__name__} ({state})"
            if not allowed:
                if done or status not in (200, 302, 403):
                    problems.append(
                        f"{where}: refused by the policy, answered {status}, done={done}"
                    )
            elif done is False and not (
                name == "publish" and not expected_to_publish(model, state)
            ):
                problems.append(f"{where}: allowed by the policy, answered {status}, not done")
            publishes = name in ("publish", "withdraw") and allowed and done
            if not publishes and after != baseline:
                changed = [
                    u for u in baseline["answers"] if baseline["answers"][u] != after["answers"][u]
                ]
                record = after["record"] != baseline["record"]
                problems.append(f"{where}: the public changed: {changed}, record changed={record}")
    print(
        f"\npermission matrix, {role}, {model.__name__}: {cells} cells, {len(problems)} problems"
    )
    assert problems == [], "\n".join(problems)
