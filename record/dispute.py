"""The dispute as evidence, as a claim's document states it (docs/disputes.md): its typed
links, its first appearance, and how independent its corroborating evidence is.

Everything here reads a claim's published content and the live documents around it
through a ``record.render.Neighbourhood`` (or ``record.bulk``'s stand-in for one): the same
rules for an editor's publish and for a bulk publish, so both write the same bodies.
Nothing here queries but through the neighbourhood, which reads what it is asked to
prefetch in one query per kind.
"""

from __future__ import annotations

from collections.abc import Iterable

from claims.models import LinkType, Stance
from record.models import Kind, Relation

# The record's relation for each link type: the same word (record.models.Relation).
LINK_RELATIONS: dict[str, str] = {value: Relation(value).value for value in LinkType.values}


def content_links(content: dict) -> list[dict]:
    """A claim content's outgoing links, ``[{"claim": id, "type": "denies"}, …]`` ordered
    by the other claim's id. A content published before links were typed holds only
    ``"denies"`` (ids): those are its links."""
    if "links" in content:
        return content["links"]
    return [{"claim": pk, "type": LinkType.DENIES.value} for pk in content.get("denies", [])]


def first_appearance(items: list[dict], sources: list[dict]) -> int | None:
    """The index of a claim's first known appearance among ``items`` (the appearances
    shown, content dicts in their order) whose sources' summaries are ``sources`` (same
    order). The appearance a curator marked first, with a reason, when there is one; else
    the one whose source was published earliest (undated sources last; a tie goes to the
    earlier appearance). None when there are none."""
    if not items:
        return None
    for index, item in enumerate(items):
        # Content stored before first appearances were worked out has the curator's tick
        # as ``is_first``: still their choice (claims migration 0013 kept it the same way).
        if item.get("marked_first", item.get("is_first")):
            return index

    def published(index: int) -> tuple:
        day = sources[index]["published_on"]
        return (day is None, day or "", index)

    return min(range(len(items)), key=published)


# --- Affiliations ------------------------------------------------------------------------


def prefetch_affiliations(around, speaker_ids: Iterable[int | None]) -> None:
    """Read the speakers ``speaker_ids`` and every organisation above them, one query per
    level of affiliation (what ``affiliation_chain`` then reads without a query)."""
    seen: set[int] = set()
    level = {pk for pk in speaker_ids if pk is not None}
    while level:
        around.prefetch(Kind.SPEAKER, level)
        seen |= level
        above = set()
        for pk in level:
            head = around.live(Kind.SPEAKER, pk)
            if head is not None and head.content["affiliation"] is not None:
                above.add(head.content["affiliation"])
        level = above - seen


def affiliation_chain(around, speaker_id: int | None) -> tuple[list[int], int | None]:
    """The speaker and the live organisations above it, following each published
    speaker's affiliation up to the top: ``(chain, root)``. ``root`` is the last of the
    chain; when affiliations go round in a cycle (legal data), the lowest id of the cycle,
    so that every member of it has the same root. An affiliation that is not live ends the
    chain. ``([], None)`` for no speaker or one that is not live."""
    chain: list[int] = []
    current = speaker_id
    while current is not None:
        if current in chain:
            return chain, min(chain[chain.index(current) :])
        head = around.live(Kind.SPEAKER, current)
        if head is None:
            break
        chain.append(current)
        current = head.content["affiliation"]
    return chain, (chain[-1] if chain else None)


def _dangling(around, chain: list[int]) -> int | None:
    """The affiliation a chain stopped at because it is not live (yet): linked, so that
    publishing it writes the claim again."""
    if not chain:
        return None
    above = around.live(Kind.SPEAKER, chain[-1]).content["affiliation"]
    return above if above is not None and above not in chain else None


def _backing_speaker(around, claim_id: int | None) -> int | None:
    head = around.live(Kind.CLAIM, claim_id)
    return head.content["speaker"] if head is not None else None


def side_speakers(content: dict, around) -> set[int]:
    """The speakers whose affiliations a claim's independence count reads: its speaker's
    and each corroborating claim's speaker's chains (``affiliation_chain``), and where each
    stopped. Its document links to them (``Relation.SIDE``), so that publishing one of
    them writes the claim again."""
    speakers = [content["speaker"]]
    for item in content["evidence"]:
        if item["stance"] == Stance.CORROBORATES and item["claim"]:
            speakers.append(_backing_speaker(around, item["claim"]))
    prefetch_affiliations(around, speakers)
    sides: set[int] = set()
    for speaker in speakers:
        chain, _ = affiliation_chain(around, speaker)
        sides.update(chain)
        if (above := _dangling(around, chain)) is not None:
            sides.add(above)
    return sides


def independence(content: dict, evidence: list[dict], around) -> dict:
    """How independent a claim's corroborating evidence is (docs/disputes.md), for its
    body: ``{"corroborations": n, "from_claimant_side": n, "independent_origins": n,
    "claimant_side": speaker summary or None}``.

    ``evidence``: the evidence items the body shows (``source`` and ``claim`` summaries),
    in the order of the content's ``evidence`` restricted to the shown ones — paired with
    those content items by ``claim`` id to find each backing claim's speaker.

    An item from the claimant's side is one whose backing claim's speaker has the
    claimant's affiliation root. The others' origins are their backing claims' speakers'
    roots, or, for a source alone, its outlet (the source itself without one); the
    distinct origins are counted. ``claimant_side``: the claimant's root, when it is
    another speaker than the claimant."""
    corroborating = [item for item in evidence if item["stance"] == Stance.CORROBORATES]
    backing = [_backing_speaker(around, _id(item["claim"])) for item in corroborating]
    prefetch_affiliations(around, [content["speaker"], *backing])
    _, claimant_root = affiliation_chain(around, content["speaker"])
    own_side = 0
    origins: set[tuple[str, int]] = set()
    for item, speaker in zip(corroborating, backing, strict=True):
        if item["claim"] is not None:
            _, root = affiliation_chain(around, speaker)
            root = root if root is not None else speaker
            if root is not None and root == claimant_root:
                own_side += 1
            else:
                origins.add((Kind.SPEAKER, root))
        elif item["source"]["outlet"] is not None:
            origins.add((Kind.OUTLET, item["source"]["outlet"]["id"]))
        else:
            origins.add((Kind.SOURCE, item["source"]["id"]))
    side = None
    if claimant_root is not None and claimant_root != content["speaker"]:
        side = around.summary(Kind.SPEAKER, claimant_root)
    return {
        "corroborations": len(corroborating),
        "from_claimant_side": own_side,
        "independent_origins": len(origins),
        "claimant_side": side,
    }


def _id(summary: dict | None) -> int | None:
    return summary["id"] if summary else None
