"""The workbench's writes: a source from an article, and a claim entered from a passage of
it, each in one transaction, each object checked by its model's own validation on the way
(``full_clean``: the locked excerpt, the dates' bounds, the retraction rule, the unique
links), so that the workbench and the rest of the admin refuse the same things in the same
words. Nothing here writes the published record: a claim entered here is a draft, an
appearance or link added to a public claim changes its working copy only, and editors
publish as everywhere else (``curation.editing``, the claim list's actions).

A refusal (``Refused``) rolls the whole save back and names, for each form field, what was
wrong; the page shows it on the form.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims import quotes
from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    LinkType,
    PublicationStatus,
    Speaker,
    SpeakerKind,
)
from core import names
from core.db import lock_keys
from core.slugs import unique_slug
from curation.editing import submit_changes
from curation.policy import Action, may
from record.diff import unpublished_changes
from record.models import Kind
from sources.models import Outlet, OutletKind, Source

OUT, IN = "out", "in"
SAVED_MEANWHILE = _(
    "Someone saved something with the same name or link at the same moment: nothing of "
    "yours was saved. Save again."
)

# The refusals of a name already recorded, on the form and when a save finds one created
# meanwhile: ``.format(recorded_row.name)``, in the curator's language.
OUTLET_RECORDED = _("An outlet named “{}” is already recorded: pick it above.")
SPEAKER_RECORDED = _("A speaker named “{}” is already recorded: pick them above.")
ORGANISATION_RECORDED = _("“{}” is already recorded: pick it under “Belonging to”.")


class Refused(Exception):
    """What a save could not write, by form field (``None``: the form as a whole), in a
    curator's words. Nothing of the save was written."""

    def __init__(self, errors: dict[str | None, list[str]]):
        self.errors = errors
        super().__init__("; ".join(str(m) for messages in errors.values() for m in messages))


@dataclass(frozen=True)
class NewSpeaker:
    """A speaker created with the claim: its name and kind, and the organisation it belongs
    to: a recorded speaker (``affiliation``) or a new organisation by name
    (``new_affiliation``, "" for none)."""

    name: str
    kind: str
    affiliation: Speaker | None = None
    new_affiliation: str = ""


@dataclass(frozen=True)
class PlannedLink:
    """A link between the entered claim and ``other``: ``direction`` ``"out"`` (the entered
    claim answers ``other``) or ``"in"`` (``other`` answers it), of ``type``
    (``claims.LinkType``); ``field``: the form field that asked for it, where a refusal
    is shown."""

    direction: str
    type: str
    other: Claim
    field: str


@dataclass(frozen=True)
class ClaimEntry:
    """A claim as the workbench form gives it: the passage of ``source``'s stored text
    (``excerpt``, as printed) and its attribution; either a recorded claim it reports
    (``claim``) or the new claim's fields; and the links to make. The date is the
    ``(date, precision)`` of ``core.dates.parse_partial_date`` or ``None``."""

    source: Source
    excerpt: str
    attribution: str = ""
    claim: Claim | None = None
    text: str = ""
    is_quote: bool = False
    language: str = "en"
    speaker: Speaker | None = None
    new_speaker: NewSpeaker | None = None
    speaker_title: str = ""
    stated: tuple[datetime.date, str] | None = None
    stated_not_before: datetime.date | None = None
    stated_not_after: datetime.date | None = None
    stated_on_inferred: bool = False
    stated_on_note: str = ""
    links: tuple[PlannedLink, ...] = ()


@dataclass
class Entered:
    """What ``enter_claim`` wrote: the claim (``created``: new, as a draft), its new
    appearance, its links, and the speakers it created."""

    claim: Claim
    created: bool
    appearance: Appearance
    links: list[ClaimLink] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Who may use it


def may_enter_sources(user) -> bool:
    """Whether ``user`` may create a source on the workbench (the policy's "add source")."""
    return may(user, Action.ADD, Source)


def may_enter_claims(user) -> bool:
    """Whether ``user`` may enter claims from a source: add claims and their appearances
    and links (contributors and editors; anyone else is answered 403)."""
    return all(may(user, Action.ADD, model) for model in (Claim, Appearance, ClaimLink))


def _require(user, action: str, model, obj=None, *, field: str | None, words: str) -> None:
    if not may(user, action, model, obj):
        raise Refused({field: [words]})


# ---------------------------------------------------------------------------------------
# Sources


def create_source(form, *, by) -> Source:
    """Save a valid ``forms.SourceEntryForm``: its new outlet (when one was named) and the
    source, its text as given, in one transaction. Raises ``Refused`` when the user may not
    add an outlet, or a row written meanwhile takes the name (however written:
    ``core.names``) or URL."""
    try:
        with transaction.atomic():
            return _create_source(form, by)
    except IntegrityError:
        raise Refused({None: [SAVED_MEANWHILE]}) from None


def _create_source(form, by) -> Source:
    name = form.cleaned_data.get("new_outlet_name", "")
    if name:
        _require(
            by,
            Action.ADD,
            Outlet,
            field="new_outlet_name",
            words=_("You may not add outlets: pick a recorded one."),
        )
        # Another save may have recorded the name since the form was checked.
        names.lock(Outlet, [name])
        recorded = names.recorded(Outlet, name)
        if recorded is not None:
            raise Refused({"new_outlet_name": [OUTLET_RECORDED.format(recorded.name)]})
        outlet = Outlet(
            name=name,
            slug=unique_slug(Outlet, name, fallback="outlet"),
            kind=form.cleaned_data.get("new_outlet_kind") or OutletKind.OTHER,
        )
        _checked(outlet, {"name": "new_outlet_name", "kind": "new_outlet_kind"})
        outlet.save()
        form.instance.outlet = outlet
    source = form.save(commit=False)
    _checked(source, {})
    if not name:
        _refuse_twin_source(source)
    source.save()
    return source


def _refuse_twin_source(source: Source) -> None:
    """Refuse a source recorded already with the same title, outlet and text (a form sent
    twice; the same wire story in another outlet is another source), under a lock on its
    title so that two posts in the same instant make one; an address, when given, is
    unique by itself."""
    lock_keys(
        [f"workbench:new-source:{names.key(source.title)}"], using=router.db_for_write(Source)
    )
    twin = (
        Source.objects.filter(title=source.title, outlet=source.outlet, full_text=source.full_text)
        .order_by("pk")
        .first()
    )
    if twin is not None:
        url = reverse("admin:sources_source_workbench", args=[twin.pk])
        raise Refused(
            {
                None: [
                    format_html(
                        gettext(
                            "This source is already recorded (the same title, outlet and "
                            'text): <a href="{}">enter claims from it on the workbench</a>.'
                        ),
                        url,
                    )
                ]
            }
        )


# ---------------------------------------------------------------------------------------
# Claims


# Where each model's refusals show on the workbench's claim form.
_CLAIM_FIELDS = {
    "text": "text",
    "is_quote": "is_quote",
    "language": "language",
    "speaker": "speaker",
    "speaker_title": "speaker_title",
    "stated_on": "stated_on",
    "stated_on_precision": "stated_on",
    "stated_not_before": "stated_not_before",
    "stated_not_after": "stated_not_after",
    "stated_on_inferred": "stated_on_inferred",
    "stated_on_note": "stated_on_note",
}
_SPEAKER_FIELDS = {
    "name": "new_speaker_name",
    "kind": "new_speaker_kind",
    "affiliation": "new_speaker_affiliation",
    NON_FIELD_ERRORS: "new_speaker_name",
}
_AFFILIATION_FIELDS = {"name": "new_affiliation_name", NON_FIELD_ERRORS: "new_affiliation_name"}
_APPEARANCE_FIELDS = {"excerpt": "excerpt", "attribution": "attribution"}


def enter_claim(entry: ClaimEntry, *, by) -> Entered:
    """Write ``entry`` in one transaction: the speakers it names anew, the claim (a draft)
    or the recorded claim it reports, the appearance of that claim in the source with its
    excerpt (located in the stored text by ``claims.quotes``, as every appearance is), and
    its links. Claims it adds to (an appearance, a link) get a new version of their working
    copy, recorded in their history, so that a page opened on them before is told
    (``core.admin.concurrency``). Raises ``Refused`` (nothing written) when the user may
    not make one of them, or a model refuses it."""
    try:
        with transaction.atomic():
            return _enter(entry, by)
    except IntegrityError:
        # Another save took a name, slug or pair in the same instant (the checks above
        # saw none): nothing of this one was written.
        raise Refused({None: [SAVED_MEANWHILE]}) from None


def _enter(entry: ClaimEntry, by) -> Entered:
    speakers: list[Speaker] = []
    if entry.claim is not None:
        claim = Claim.objects.select_for_update().filter(pk=entry.claim.pk).first()
        if claim is None:
            raise Refused({"existing_claim": [gettext("This claim was deleted meanwhile.")]})
        _require(
            by,
            Action.CHANGE,
            Claim,
            claim,
            field="existing_claim",
            words=_("You may not change this claim."),
        )
        created = False
    else:
        # One new claim from a source at a time: a save sent twice (a double click, Save
        # pressed again after an answer lost on the way) finds what the first wrote.
        lock_keys(
            [f"workbench:claims-from-source:{entry.source.pk}"], using=router.db_for_write(Claim)
        )
        speaker = entry.speaker
        if entry.new_speaker is not None:
            speakers = _new_speakers(entry.new_speaker, by)
            speaker = speakers[-1]
        else:
            _refuse_twin(entry)
        claim = Claim(
            text=entry.text,
            is_quote=entry.is_quote,
            language=entry.language,
            speaker=speaker,
            speaker_title=entry.speaker_title,
            stated_on=entry.stated[0] if entry.stated else None,
            stated_on_precision=entry.stated[1] if entry.stated else "",
            stated_not_before=entry.stated_not_before,
            stated_not_after=entry.stated_not_after,
            stated_on_inferred=entry.stated_on_inferred,
            stated_on_note=entry.stated_on_note,
            status=PublicationStatus.DRAFT,
        )
        fields = dict(_CLAIM_FIELDS)
        if entry.new_speaker is not None:
            fields["speaker"] = "new_speaker_name"
        _checked(claim, fields)
        claim.save()
        created = True

    appearance = Appearance(
        claim=claim, source=entry.source, excerpt=entry.excerpt, attribution=entry.attribution
    )
    reused = "existing_claim" if not created else None
    _checked(appearance, {**_APPEARANCE_FIELDS, NON_FIELD_ERRORS: reused})
    appearance.save()

    links = [_link(claim, planned) for planned in entry.links]
    for link in links:
        link.save()

    touched = {planned.other.pk for planned in entry.links}
    if not created:
        touched.add(claim.pk)
    _stamp(touched, by, f"Entered on the workbench from source {entry.source.pk}")
    return Entered(claim, created, appearance, links, speakers)


def _refuse_twin(entry: ClaimEntry) -> None:
    """Refuse a new claim that its speaker already made, in the same words, in the same
    source: never two claims, only the same one entered twice (a new speaker's twin is
    refused by name, ``_new_speakers``)."""
    twin = (
        Claim.objects.filter(
            appearances__source=entry.source, speaker=entry.speaker, text=entry.text
        )
        .order_by("pk")
        .first()
    )
    if twin is not None:
        raise Refused(
            {
                None: [
                    gettext(
                        "Claim %(id)s, by the same speaker in the same words, is already "
                        "entered from this source: it was saved before."
                    )
                    % {"id": twin.pk}
                ]
            }
        )


def _new_speakers(new: NewSpeaker, by) -> list[Speaker]:
    """The new speaker, after the new organisation it belongs to when one is named; their
    names locked and looked up again (``core.names``), so that two saves naming the same new
    speaker make one. Raises ``Refused`` for a name recorded since the form was checked."""
    _require(
        by,
        Action.ADD,
        Speaker,
        field="new_speaker_name",
        words=_("You may not add speakers: pick a recorded one."),
    )
    # Another save may have recorded a name since the form was checked.
    names.lock(Speaker, [new.name, new.new_affiliation] if new.new_affiliation else [new.name])
    for name, form_field, words in (
        (new.new_affiliation, "new_affiliation_name", ORGANISATION_RECORDED),
        (new.name, "new_speaker_name", SPEAKER_RECORDED),
    ):
        recorded = names.recorded(Speaker, name, aliases=True) if name else None
        if recorded is not None:
            raise Refused({form_field: [words.format(recorded.name)]})
    made = []
    affiliation = new.affiliation
    if new.new_affiliation:
        affiliation = Speaker(
            name=new.new_affiliation,
            slug=unique_slug(Speaker, new.new_affiliation, fallback="speaker"),
            kind=SpeakerKind.ORGANISATION,
        )
        _checked(affiliation, _AFFILIATION_FIELDS)
        affiliation.save()
        made.append(affiliation)
    speaker = Speaker(
        name=new.name,
        slug=unique_slug(Speaker, new.name, fallback="speaker"),
        kind=new.kind,
        affiliation=affiliation,
    )
    _checked(speaker, _SPEAKER_FIELDS)
    speaker.save()
    made.append(speaker)
    return made


def _link(claim: Claim, planned: PlannedLink) -> ClaimLink:
    """The link ``planned`` asks for, checked by ``ClaimLink``'s own rules (a claim never
    answers itself, one link per ordered pair, only a claim's own speaker retracts it)."""
    if planned.direction == OUT:
        link = ClaimLink(from_claim=claim, to_claim=planned.other, type=planned.type)
    else:
        link = ClaimLink(from_claim=planned.other, to_claim=claim, type=planned.type)
    _checked(link, {"type": planned.field, NON_FIELD_ERRORS: planned.field})
    return link


def _checked(obj, fields: dict) -> None:
    """``obj.full_clean()``; its refusal raised as ``Refused``, each message on the form
    field ``fields`` maps its model field to (unmapped: the form as a whole)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        errors: dict[str | None, list[str]] = {}
        for name, messages in error.message_dict.items():
            errors.setdefault(fields.get(name), []).extend(messages)
        raise Refused(errors) from None


def _stamp(pks: Iterable[int], by, reason: str) -> None:
    """A new version of the working copy of the claims ``pks`` (their ``updated_at``),
    recorded in their history as ``by``'s change with ``reason``: a claim's page opened
    before shows its links and appearances as they were, and must not write them back."""
    for claim in Claim.objects.filter(pk__in=set(pks)).order_by("pk"):
        claim._history_user = by
        claim._change_reason = reason
        claim.save(update_fields=["updated_at"])


# ---------------------------------------------------------------------------------------
# Review


@dataclass
class Submitted:
    """What ``submit_for_review`` did: drafts put in review, and public claims whose
    changes went to the editors' queue."""

    drafts: int
    changes: int


def submit_for_review(source: Source, *, by) -> Submitted:
    """Hand the source's claims to the editors, as the rest of the admin does: every draft
    reporting it goes in review (``Publishable.submit_for_review``); every public claim
    reporting it, or linked to one that does, whose working copy differs from what the
    public sees goes to the editors' queue (``curation.editing.submit_changes``). Nothing
    is published."""
    note = f"Entered on the source workbench from “{Truncator(source.title).chars(120)}”."
    with transaction.atomic():
        drafts = list(
            Claim.objects.select_for_update()
            .filter(appearances__source=source, status=PublicationStatus.DRAFT)
            .order_by("pk")
        )
        for claim in drafts:
            claim.submit_for_review()
        reporting = set(
            Claim.objects.filter(appearances__source=source).values_list("pk", flat=True)
        )
        linked = ClaimLink.objects.filter(
            Q(from_claim__in=reporting) | Q(to_claim__in=reporting)
        ).values_list("from_claim", "to_claim")
        public = (
            Claim.objects.filter(status=PublicationStatus.PUBLISHED)
            .filter(pk__in=reporting | {pk for pair in linked for pk in pair})
            .select_related("speaker")
            .order_by("pk")
        )
        changed = [claim for claim in public if unpublished_changes(Kind.CLAIM, claim)]
        for claim in changed:
            submit_changes(kind=Kind.CLAIM, pk=claim.pk, by=by, note=note)
    return Submitted(drafts=len(drafts), changes=len(changed))


# ---------------------------------------------------------------------------------------
# What the page shows


def source_claims(source: Source) -> list[Claim]:
    """The claims reporting ``source``, in the order of their excerpts in its text (those
    not located last, by id), each with its speaker, its ``workbench_appearance`` (the one
    in this source) and its links (``links_out`` and ``links_in`` with the other claims).
    Four queries."""
    appearances = Appearance.objects.filter(source=source)
    claims = list(
        Claim.objects.filter(appearances__source=source)
        .select_related("speaker")
        .prefetch_related(
            Prefetch("appearances", queryset=appearances, to_attr="workbench_appearances"),
            Prefetch("links_out", queryset=ClaimLink.objects.select_related("to_claim__speaker")),
            Prefetch("links_in", queryset=ClaimLink.objects.select_related("from_claim__speaker")),
        )
    )
    for claim in claims:
        claim.workbench_appearance = claim.workbench_appearances[0]

    def place(claim):
        offset = claim.workbench_appearance.excerpt_offset
        return (offset is None, offset or 0, claim.pk)

    return sorted(claims, key=place)


def excerpt_marks(source: Source, claims: list[Claim]) -> list[tuple[int, int, int]]:
    """Where each claim's excerpt is in the source's stored text: ``(start, end, claim
    id)`` in characters, for those located in the text as it now is (``claims.quotes``)."""
    text = source.full_text
    if not text:
        return []
    sha = quotes.text_sha256(text)
    normalised = None
    marks = []
    for claim in claims:
        appearance = claim.workbench_appearance
        if appearance.excerpt_offset is None or appearance.excerpt_text_sha256 != sha:
            continue
        normalised = normalised or quotes.normalise(text)
        try:
            found = quotes.locate(appearance.excerpt, text, closest=False, normalised=normalised)
        except (quotes.ExcerptNotFound, ValueError):
            continue
        marks.append((found.offset, found.offset + found.length, claim.pk))
    return marks


# How the new claim answers another ("The new claim … claim"), in the curator's language:
# what it does to that claim, and what that claim did to it.
LINK_WORDS = {
    LinkType.DENIES: (
        pgettext_lazy("the new claim … claim", "denies"),
        pgettext_lazy("the new claim … claim", "is denied by"),
    ),
    LinkType.CONFIRMS: (
        pgettext_lazy("the new claim … claim", "confirms"),
        pgettext_lazy("the new claim … claim", "is confirmed by"),
    ),
    LinkType.RETRACTS: (
        pgettext_lazy("the new claim … claim", "retracts"),
        pgettext_lazy("the new claim … claim", "is retracted by"),
    ),
    LinkType.CLARIFIES: (
        pgettext_lazy("the new claim … claim", "clarifies"),
        pgettext_lazy("the new claim … claim", "is clarified by"),
    ),
    LinkType.REPEATS: (
        pgettext_lazy("the new claim … claim", "repeats"),
        pgettext_lazy("the new claim … claim", "is repeated by"),
    ),
    LinkType.COUNTER_ACCUSES: (
        pgettext_lazy("the new claim … claim", "counter-accuses"),
        pgettext_lazy("the new claim … claim", "is counter-accused by"),
    ),
}


def relation_choices() -> list[tuple[str, str]]:
    """The ways a claim entered on the workbench can be linked to another: ``"out:denies"``
    ("denies it") … then ``"in:denies"`` ("is denied by it") …, after "" (no link)."""
    out = [(f"{OUT}:{kind}", active) for kind, (active, _) in LINK_WORDS.items()]
    into = [(f"{IN}:{kind}", passive) for kind, (_, passive) in LINK_WORDS.items()]
    return [("", "—"), *out, *into]
