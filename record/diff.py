"""Unpublished changes: how a working copy differs from its published version, in words
an editor reads before publishing (the admin's "N unpublished changes" and its diff)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from record.content import SNAPSHOTS
from record.dispute import content_links
from record.models import DOCUMENT_MODELS
from sources.models import Source

LABELS = {
    "text": _("Text"),
    "is_quote": _("Quote or paraphrase"),
    "language": _("Language"),
    "original_text": _("Original text"),
    "original_language": _("Original language"),
    "speaker": _("Speaker"),
    "speaker_title": _("Speaker's title as given"),
    "stated_on": _("Date stated"),
    "stated_on_precision": _("Date precision"),
    "stated_on_inferred": _("Date inferred"),
    "stated_on_note": _("Date note"),
    "stated_not_before": _("Not before"),
    "stated_not_after": _("Not after"),
    "published_on_precision": _("Date precision"),
    "published_not_before": _("Not before"),
    "published_not_after": _("Not after"),
    "published_on_note": _("Date note"),
    "tags": _("Topics"),
    "appearances": _("Appearances"),
    "links": _("Claims it answers (denies, confirms, …)"),
    "evidence": _("Evidence"),
    "review": _("Verdict"),
    "corrections": _("Corrections"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its label, and both values as lines of text."""

    field: str
    label: str
    published: list[str]
    working: list[str]


def unpublished_changes(kind: str, obj) -> list[FieldChange] | None:
    """The fields of ``obj`` (a working claim, speaker, source or outlet) that differ from
    its live document, in field order; None when it has no live document (nothing of it
    is published, so there is nothing to differ from). A few queries: the document, the
    snapshot, and the titles of the claims and sources named."""
    head = DOCUMENT_MODELS[kind].objects.filter(pk=obj.pk).first()
    if head is None or not head.is_live:
        return None
    working = SNAPSHOTS[kind](obj)
    published = head.content
    if "links" in working and "links" not in published:
        # Published before links were typed: its denials were its links.
        published = {**published, "links": content_links(published)}
    changed = [
        key for key in working if key != "created_at" and working[key] != published.get(key)
    ]
    if not changed:
        return []
    names = _Names(published, working)
    return [
        FieldChange(
            field=key,
            label=str(LABELS.get(key, key.replace("_", " ").capitalize())),
            published=names.lines(key, published.get(key)),
            working=names.lines(key, working[key]),
        )
        for key in changed
    ]


class _Names:
    """Titles for the claims and sources that the two contents name by id."""

    def __init__(self, *contents: dict):
        claims, sources = set(), set()
        for content in contents:
            claims.update(link["claim"] for link in content.get("links", []))
            for item in content.get("evidence", []):
                claims.add(item["claim"])
                sources.add(item["source"])
            for item in content.get("appearances", []):
                sources.update({item["source"], item.get("relayed_from")})
        self.claims = dict(Claim.objects.filter(pk__in=claims - {None}).values_list("pk", "text"))
        self.sources = dict(
            Source.objects.filter(pk__in=sources - {None}).values_list("pk", "title")
        )

    def claim(self, pk) -> str:
        text = self.claims.get(pk) or gettext("(deleted)")
        return gettext("claim %(id)s: %(text)s") % {"id": pk, "text": text[:80]}

    def source(self, pk) -> str:
        return f"“{(self.sources.get(pk) or gettext('(deleted)'))[:80]}”"

    def appearance(self, item: dict) -> str:
        """“TASS article” (relayed from “Sputnik article”) (marked first: reason): excerpt"""
        words = self.source(item["source"])
        if item.get("relayed_from"):
            relayed = gettext(" (relayed from %(source)s)")
            words += relayed % {"source": self.source(item["relayed_from"])}
        if item.get("marked_first") or item.get("is_first"):
            reason = item.get("marked_first_reason")
            if reason:
                words += gettext(" (marked first: %(reason)s)") % {"reason": reason}
            else:
                words += gettext(" (first)")
        return f"{words}: {item['excerpt']}"

    def lines(self, key: str, value) -> list[str]:
        if value in (None, "", []):
            return ["—"]
        if key == "appearances":
            return [self.appearance(a) for a in value]
        if key == "links":
            return [f"{_verb(link['type'])} {self.claim(link['claim'])}" for link in value]
        if key == "evidence":
            return [
                f"{e['stance']}: "
                + gettext(" and ").join(
                    part
                    for part in (
                        self.claim(e["claim"]) if e["claim"] else "",
                        self.source(e["source"]) if e["source"] else "",
                    )
                    if part
                )
                + (f" — {e['excerpt']}" if e["excerpt"] else "")
                for e in value
            ]
        if key == "tags":
            return [", ".join(tag["name"] for tag in value)]
        if key == "review":
            return [f"{value['rating']['name']}: {value['summary']}"]
        if key == "corrections":
            return [f"{c['corrected_on']}: {c['note']}" for c in value]
        if key == "aliases":
            return [", ".join(value)]
        return [str(value)]


def _verb(link_type: str) -> str:
    """ "denies", "counter-accuses": a link's type as its label reads."""
    return link_type.replace("_", "-")
