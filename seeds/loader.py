"""Loads the seed data in this folder (TOML files) into the database, idempotently.

Each record is matched on its natural key and only written when a value differs, so a second
run changes no row (not even ``updated_at``). Records are created published; a later run
leaves their workflow status alone, so that a curator's decision is never undone by a reload.
Everything is written in one transaction: a bad seed file writes nothing.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from claims import quotes
from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Speaker,
    SpeakerAlias,
    Tag,
)
from record.services import publish_claims
from seeds.models import SeededClaim
from sources.models import Outlet, Source

SEED_DIR = Path(__file__).resolve().parent
# Rating scales first: other files may one day review claims against them.
SEED_FILES = ("rating-scales.toml", "lavrov-raqqa.toml")


class SeedError(Exception):
    """A seed file is inconsistent (an unknown reference, an excerpt not in its source)."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    # Versions of the published record written.
    versions: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.versions)

    def __str__(self) -> str:
        if not self.changed:
            return "Seeds already loaded: nothing changed."

        def describe(counter: Counter) -> str:
            parts = [
                f"{n} {plural if n != 1 else singular}"
                for (singular, plural), n in counter.items()
            ]
            return ", ".join(parts) or "nothing"

        return (
            f"Created {describe(self.created)}. Updated {describe(self.updated)}. "
            f"Published {self.versions} version{'s' if self.versions != 1 else ''}."
        )


def load_seeds(*, directory: Path = SEED_DIR, files: tuple[str, ...] = SEED_FILES) -> LoadReport:
    loader = _Loader(directory)
    with transaction.atomic():
        for name in files:
            with open(directory / name, "rb") as seed_file:
                loader.load(tomllib.load(seed_file), origin=name)
        # Through the one path that writes the published record, as an editor would: what
        # this run created, and nothing a curator has touched since an earlier one.
        loader.report.versions = len(publish_claims(loader.created_claims).versions)
    return loader.report


def _names(model: type[models.Model]) -> tuple[str, str]:
    return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)


class _Loader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.report = LoadReport()
        # The claims this run created: only they get their links, and are published.
        self.created_claims: list[Claim] = []

    def sync(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]):
        """Create the row if it is missing. A row that exists is the curators' now: never
        changed here (the seeds are where the data starts, not what it must stay)."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.created[_names(model)] += 1
        return obj

    def sync_tags(self, claim: Claim, tags: list[Tag]) -> None:
        claim.tags.set(tags)
        self.report.created[("claim tag set", "claim tag sets")] += 1

    def load(self, data: dict[str, Any], *, origin: str) -> None:
        for scale in data.get("rating_scales", []):
            self.load_rating_scale(scale)
        tags = {
            t["slug"]: self.sync(Tag, {"slug": t["slug"]}, {"name": t["name"]})
            for t in data.get("tags", [])
        }
        outlets = {o["slug"]: self.load_outlet(o) for o in data.get("outlets", [])}
        speakers: dict[str, Speaker] = {}
        for record in data.get("speakers", []):
            speakers[record["slug"]] = self.load_speaker(record, speakers)
        sources = {s["key"]: self.load_source(s, outlets, origin) for s in data.get("sources", [])}
        claim_records = data.get("claims", [])
        # Claims first, links second: a claim may point at one defined further down.
        claims = {c["key"]: self.load_claim(c, speakers, tags, origin) for c in claim_records}
        for record in claim_records:
            self.load_claim_links(record, claims, sources, origin)

    def load_rating_scale(self, record: dict[str, Any]) -> None:
        scale = self.sync(
            RatingScale,
            {"slug": record["slug"]},
            {"name": record["name"], "description": record.get("description", "")},
        )
        for rating in record.get("ratings", []):
            self.sync(
                Rating,
                {"scale": scale, "slug": rating["slug"]},
                {
                    "name": rating["name"],
                    "position": rating["position"],
                    "value": rating.get("value"),
                    "description": rating.get("description", ""),
                },
            )

    def load_outlet(self, record: dict[str, Any]) -> Outlet:
        fields = ("name", "kind", "homepage", "country", "language", "notes")
        return self.sync(Outlet, {"slug": record["slug"]}, {f: record.get(f, "") for f in fields})

    def load_speaker(self, record: dict[str, Any], speakers: dict[str, Speaker]) -> Speaker:
        affiliation = None
        if slug := record.get("affiliation"):
            affiliation = speakers.get(slug) or Speaker.objects.filter(slug=slug).first()
            if affiliation is None:
                raise SeedError(f"speaker {record['slug']}: unknown affiliation {slug!r}")
        fields = ("name", "kind", "description", "country", "wikidata_id")
        values = {f: record.get(f, "") for f in fields}
        speaker = self.sync(
            Speaker, {"slug": record["slug"]}, {**values, "affiliation": affiliation}
        )
        for alias in record.get("aliases", []):
            self.sync(SpeakerAlias, {"speaker": speaker, "name": alias}, {})
        return speaker

    def load_source(
        self, record: dict[str, Any], outlets: dict[str, Outlet], origin: str
    ) -> Source:
        full_text = ""
        if text_file := record.get("full_text_file"):
            # Bytes, not read_text(): no newline translation, the text stays verbatim.
            full_text = (self.directory / text_file).read_bytes().decode("utf-8")
        outlet = None
        if slug := record.get("outlet"):
            outlet = self._lookup(outlets, slug, "outlet", origin)
        fields = (
            "title",
            "authors",
            "language",
            "kind",
            "dateline",
            "archive_url",
            "notes",
            "published_on_precision",
            "published_on_note",
        )
        values = {f: record.get(f, "") for f in fields}
        values.update(
            outlet=outlet,
            published_on=record.get("published_on"),
            published_not_before=record.get("published_not_before"),
            published_not_after=record.get("published_not_after"),
            archived_at=record.get("archived_at"),
            full_text=full_text,
        )
        return self.sync(Source, {"url": record["url"]}, values)

    def load_claim(
        self,
        record: dict[str, Any],
        speakers: dict[str, Speaker],
        tags: dict[str, Tag],
        origin: str,
    ) -> Claim:
        speaker = (
            speakers.get(record["speaker"])
            or Speaker.objects.filter(slug=record["speaker"]).first()
        )
        if speaker is None:
            raise SeedError(
                f"{origin}, claim {record['key']}: unknown speaker {record['speaker']!r}"
            )
        fields = (
            "speaker_title",
            "original_text",
            "original_language",
            "stated_on_precision",
            "stated_on_note",
            "place",
            "occasion",
        )
        values: dict[str, Any] = {f: record.get(f, "") for f in fields}
        values.update(
            is_quote=record.get("is_quote", False),
            language=record.get("language", "en"),
            stated_on=record.get("stated_on"),
            stated_not_before=record.get("stated_not_before"),
            stated_not_after=record.get("stated_not_after"),
            stated_on_inferred=record.get("stated_on_inferred", False),
        )
        key = f"{origin}#{record['key']}"
        seeded = SeededClaim.objects.filter(key=key).select_related("claim").first()
        if seeded is not None:
            # Made by an earlier run: the curators' now, whatever they did to its words.
            return seeded.claim
        # Databases seeded before claims were remembered: found by their words, once.
        claim = Claim.objects.filter(speaker=speaker, text=record["text"]).first()
        if claim is None:
            # Seeded data is published: the first run publishes it, as an editor would.
            values.update(status=PublicationStatus.PUBLISHED, published_at=timezone.now())
            claim = self.sync(Claim, {"speaker": speaker, "text": record["text"]}, values)
            self.created_claims.append(claim)
            self.sync_tags(
                claim,
                [self._lookup(tags, slug, "tag", origin) for slug in record.get("tags", [])],
            )
        SeededClaim.objects.create(key=key, claim=claim)
        return claim

    def load_claim_links(
        self,
        record: dict[str, Any],
        claims: dict[str, Claim],
        sources: dict[str, Source],
        origin: str,
    ) -> None:
        claim = claims[record["key"]]
        if claim not in self.created_claims:
            return  # its links are the curators' now, as the claim is
        where = f"{origin}, claim {record['key']}"
        for appearance in record.get("appearances", []):
            source = self._lookup(sources, appearance["source"], "source", where)
            self._check_excerpt(source, appearance["excerpt"], where)
            relayed_from = None
            if key := appearance.get("relayed_from"):
                relayed_from = self._lookup(sources, key, "source", where)
            self.sync(
                Appearance,
                {"claim": claim, "source": source},
                {
                    "excerpt": appearance["excerpt"],
                    "attribution": appearance.get("attribution", ""),
                    "relayed_from": relayed_from,
                    "marked_first": bool(appearance.get("first_reason")),
                    "marked_first_reason": appearance.get("first_reason", ""),
                },
            )
        links = [{"claim": key, "type": "denies"} for key in record.get("denies", [])]
        for link in [*links, *record.get("links", [])]:
            other = self._lookup(claims, link["claim"], "claim", where)
            self.sync(ClaimLink, {"from_claim": claim, "to_claim": other}, {"type": link["type"]})
        for item in record.get("evidence", []):
            backing = source = None
            if "claim" in item:
                backing = self._lookup(claims, item["claim"], "claim", where)
            if "source" in item:
                source = self._lookup(sources, item["source"], "source", where)
            excerpt = item.get("excerpt", "")
            if source is not None and excerpt:
                self._check_excerpt(source, excerpt, where)
            lookup = {"claim": claim, "backing_claim": backing}
            if backing is None:
                lookup["source"] = source
            self.sync(
                Evidence,
                lookup,
                {
                    "source": source,
                    "stance": item["stance"],
                    "excerpt": excerpt,
                    "note": item.get("note", ""),
                },
            )

    @staticmethod
    def _lookup(table: dict[str, Any], key: str, kind: str, where: str):
        try:
            return table[key]
        except KeyError:
            raise SeedError(f"{where}: unknown {kind} {key!r}") from None

    @staticmethod
    def _check_excerpt(source: Source, excerpt: str, where: str) -> None:
        # Excerpts are quotations of the source: they must be in its stored text, as the
        # admin requires (docs/domain.md, "Locked quotes"; one rule, claims.quotes).
        if not source.full_text or not excerpt.strip():
            return
        try:
            quotes.locate(excerpt, source.full_text)
        except quotes.ExcerptNotFound as missing:
            raise SeedError(
                f"{where}: excerpt not found verbatim in {source.url}: {excerpt!r} "
                f"(the closest passage is {missing.closest!r})"
            ) from None
