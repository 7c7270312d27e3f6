"""The dispute in words, as a claim's page says it: who answered the claim and how ("Denied
by the Syrian Democratic Forces; Sergey Lavrov rejected the denial. Confirmed by Sergey
Lavrov."), how independent its corroboration is, and the path each report travelled ("ARA
News, carried from Sputnik, quoting RIA Novosti"); and as a list's card says it ("Denies
Sergey Lavrov's claim: …", "Denied by the Syrian Democratic Forces").

Sentences are lists of ``Piece``: text, some of it linking to a claim's page, so that a
template renders the links and a test reads the words (``str(sentence)``). Nothing here
queries: it reads a ``web.threads.DisputeThread`` and published documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext, pgettext_lazy

from claims.models import LinkType, SpeakerKind
from record.documents import PublishedAppearance, PublishedClaim, PublishedSpeaker

# How the thread labels a claim nested under the one it answers ("Denied by" Sergey Lavrov).
ANSWERED_BY = {
    LinkType.DENIES: pgettext_lazy("thread step", "Denied by"),
    LinkType.CONFIRMS: pgettext_lazy("thread step", "Confirmed by"),
    LinkType.RETRACTS: pgettext_lazy("thread step", "Retracted by"),
    LinkType.CLARIFIES: pgettext_lazy("thread step", "Clarified by"),
    LinkType.REPEATS: pgettext_lazy("thread step", "Repeated by"),
    LinkType.COUNTER_ACCUSES: pgettext_lazy("thread step", "Counter-accused by"),
}
# The summary line's sentence about the ``count`` claims answering this one one way
# ("Denied by the SDF and by Nuri Mahmoud."). In English one form serves any number; a
# language whose words change with it has its plural forms.
# Translators: names: the speakers, each linked to their claim ("the SDF and Nuri Mahmoud").
ANSWERED_BY_SENTENCE = {
    LinkType.DENIES: lambda count: npgettext(
        "dispute summary", "Denied by %(names)s.", "Denied by %(names)s.", count
    ),
    LinkType.CONFIRMS: lambda count: npgettext(
        "dispute summary", "Confirmed by %(names)s.", "Confirmed by %(names)s.", count
    ),
    LinkType.RETRACTS: lambda count: npgettext(
        "dispute summary", "Retracted by %(names)s.", "Retracted by %(names)s.", count
    ),
    LinkType.CLARIFIES: lambda count: npgettext(
        "dispute summary", "Clarified by %(names)s.", "Clarified by %(names)s.", count
    ),
    LinkType.REPEATS: lambda count: npgettext(
        "dispute summary", "Repeated by %(names)s.", "Repeated by %(names)s.", count
    ),
    LinkType.COUNTER_ACCUSES: lambda count: npgettext(
        "dispute summary",
        "Counter-accused by %(names)s.",
        "Counter-accused by %(names)s.",
        count,
    ),
}
# How this claim answers ``count`` others one way: "Denies the claim by … (31 May 2017).".
# Translators: claims: the claims answered, each linked ("the claim by the SDF (May 2017)").
ANSWERS_SENTENCE = {
    LinkType.DENIES: lambda count: npgettext(
        "dispute summary", "Denies %(claims)s.", "Denies %(claims)s.", count
    ),
    LinkType.CONFIRMS: lambda count: npgettext(
        "dispute summary", "Confirms %(claims)s.", "Confirms %(claims)s.", count
    ),
    LinkType.RETRACTS: lambda count: npgettext(
        "dispute summary", "Retracts %(claims)s.", "Retracts %(claims)s.", count
    ),
    LinkType.CLARIFIES: lambda count: npgettext(
        "dispute summary", "Clarifies %(claims)s.", "Clarifies %(claims)s.", count
    ),
    LinkType.REPEATS: lambda count: npgettext(
        "dispute summary", "Repeats %(claims)s.", "Repeats %(claims)s.", count
    ),
    LinkType.COUNTER_ACCUSES: lambda count: npgettext(
        "dispute summary",
        "Answers %(claims)s with a counter-accusation.",
        "Answers %(claims)s with a counter-accusation.",
        count,
    ),
}


def _english() -> bool:
    """Whether the sentences are English: its articles, possessives and repeated "by" are
    English grammar, applied only there. Other languages name speakers as their names are,
    within their own patterns."""
    return (translation.get_language() or "en").split("-")[0] == "en"


@dataclass(frozen=True)
class Piece:
    """Words of a sentence; ``url``: the claim page they link to, if any."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return self.text


class Sentence(list):
    """A sentence as ``Piece`` items; ``str()`` is its words."""

    def __str__(self) -> str:
        return "".join(piece.text for piece in self)


# --- Words ----------------------------------------------------------------------------


def speaker_phrase(speaker: PublishedSpeaker | None, *, start: bool = False) -> str:
    """How a sentence names a speaker. In English: an organisation with "the" ("the Syrian
    Democratic Forces"; not when its name starts with an article already), an unnamed
    source as its name says it, lower-cased inside a sentence ("a source in the Russian
    Defence Ministry"), a person by name; ``start``: at the start of a sentence
    (capitalised). In other languages, the name as it is."""
    if speaker is None:
        if start:
            return pgettext("speaker, starting a sentence", "An unknown speaker")
        return pgettext("speaker, inside a sentence", "an unknown speaker")
    name = speaker.name
    if not _english():
        return name
    first_word = name.split(" ", 1)[0].lower()
    has_article = first_word in {"the", "a", "an"}
    if speaker.kind == SpeakerKind.ORGANISATION and not has_article:
        name = f"the {name}"
    elif has_article:
        name = name[0].lower() + name[1:]
    return name[0].upper() + name[1:] if start else name


def possessive(phrase: str) -> str:
    """ "the SDF's", "the Syrian Democratic Forces'" (a name ending in s takes the
    apostrophe alone). In English only: other languages' patterns take the name as it is."""
    if not _english():
        return phrase
    return f"{phrase}'" if phrase.endswith(("s", "S")) else f"{phrase}'s"


def join_and(items: list, *, each: str = "") -> list:
    """``items`` with the words between them, in the active language: [a] → [a]; [a, b] →
    [a, " and ", b]; [a, b, c] → [a, ", ", b, " and ", c]. ``each``: repeated before every
    item but the first ("by " gives "a and by b")."""
    comma = pgettext("between items of a list", ", ")
    last = pgettext("before the last item of a list", " and ")
    joined: list = []
    for index, item in enumerate(items):
        if index:
            joined.append(last if index == len(items) - 1 else comma)
            if each:
                joined.append(each)
        joined.append(item)
    return joined


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, "…" after it: a
    headline's or a list item's share of a claim. Text without spaces there (Chinese,
    Japanese) is cut at the limit."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.!?—–-") + "…"


def join_words(words: list[str], *, each: str = "") -> str:
    """``join_and`` of strings, as one string: "A, B and C"."""
    return "".join(join_and(words, each=each))


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def fill(template: str, **values) -> list:
    """A translated ``template`` ("%(speakers)s rejected the denial") as sentence parts, each
    placeholder replaced by its value (text, a ``Piece``, or a list of them), so that a
    translation may put the named parts in its own order and they keep their links."""
    parts: list = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(template[position : match.start()])
        parts.append(values[match.group(1)])
        position = match.end()
    if position < len(template):
        parts.append(template[position:])
    return parts


# --- The summary line -------------------------------------------------------------------


def answers_to(thread, claim: PublishedClaim) -> list[Sentence]:
    """What the claims of ``thread`` answering ``claim`` did, a sentence per link type in
    the types' order, each naming their speakers (linked to their claims) earliest first;
    a denial's sentence goes on to who rejected each denial (the claims denying it):
    "Denied by the SDF and by YPG spokesman Nuri Mahmoud; Sergey Lavrov rejected the SDF's
    denial." ``thread``: a ``web.threads.DisputeThread``."""
    by_type: dict[str, list[PublishedClaim]] = {}
    for link_type, other in thread.answered_by(claim):
        by_type.setdefault(link_type, []).append(other)
    sentences = []
    for link_type in LinkType.values:
        others = by_type.get(link_type)
        if not others:
            continue
        names = join_and(_named(others), each="by " if _english() else "")
        if link_type == LinkType.DENIES:
            rejections = [
                _rejection(_named(rejecting), denial, alone=len(others) == 1)
                for denial in others
                if (rejecting := thread.denied_by(denial))
            ]
            if rejections:
                names = fill(
                    gettext("%(denials)s; %(rejections)s"),
                    denials=names,
                    rejections=join_and(rejections),
                )
        pattern = ANSWERED_BY_SENTENCE[link_type](len(others))
        sentences.append(_sentence(fill(pattern, names=names)))
    return sentences


def _rejection(rejecting: list[Piece], denial: PublishedClaim, *, alone: bool) -> list:
    """Who rejected a denial: "Sergey Lavrov rejected the denial" when the claim has only
    that one, else naming whose ("… rejected the Syrian Democratic Forces' denial")."""
    speakers = join_and(rejecting)
    if alone:
        return fill(gettext("%(speakers)s rejected the denial"), speakers=speakers)
    return fill(
        gettext("%(speakers)s rejected %(whose)s denial"),
        speakers=speakers,
        whose=_whose(denial),
    )


def _named(claims: list[PublishedClaim]) -> list[Piece]:
    return [Piece(speaker_phrase(c.speaker), c.get_absolute_url()) for c in claims]


def _whose(claim: PublishedClaim) -> str:
    return possessive(speaker_phrase(claim.speaker))


def _sentence(parts: list) -> Sentence:
    """Parts (text, ``Piece`` items, lists of them) as one flat sentence."""
    sentence = Sentence()
    for part in parts:
        if isinstance(part, list):
            sentence.extend(_sentence(part))
        else:
            sentence.append(part if isinstance(part, Piece) else Piece(part))
    return sentence


def answered(thread, claim: PublishedClaim) -> list[Sentence]:
    """What ``claim`` does to the claims of ``thread`` it answers, a sentence per link
    type: "Denies the claim by the Syrian Democratic Forces (May 2017)." Each claim is
    linked and dated."""
    by_type: dict[str, list[PublishedClaim]] = {}
    for link_type, other in thread.answers(claim):
        by_type.setdefault(link_type, []).append(other)
    sentences = []
    for link_type in LinkType.values:
        others = by_type.get(link_type)
        if not others:
            continue
        named = []
        for other in others:
            speaker = speaker_phrase(other.speaker)
            if other.stated_on_display:  # bounds alone are a date too ("on or before …")
                words = gettext("the claim by %(speaker)s (%(date)s)") % {
                    "speaker": speaker,
                    "date": other.stated_on_display,
                }
            else:
                words = gettext("the claim by %(speaker)s") % {"speaker": speaker}
            named.append(Piece(words, other.get_absolute_url()))
        pattern = ANSWERS_SENTENCE[link_type](len(others))
        sentences.append(_sentence(fill(pattern, claims=join_and(named))))
    return sentences


# --- A claim in a list -------------------------------------------------------------------

# How much of a denied claim's text a list item quotes.
CARD_CLIP = 110


@dataclass(frozen=True)
class CardDisputes:
    """What a claim's card (home page, claim list, speaker page, embed card, feed) says of
    its denials: a sentence per claim it denies ("Denies Sergey Lavrov's claim: “Our
    Defense Ministry confirms…”"), and who denied it ("Denied by the Syrian Democratic
    Forces"; None when nothing denies it). Neither ends with a full stop: a card sets
    them among its facts."""

    denies: list[Sentence] = field(default_factory=list)
    denied_by: Sentence | None = None


def card_disputes(claim: PublishedClaim) -> CardDisputes:
    """``claim``'s denials in words, from its card (``denies``, ``denied_by_speakers``);
    a card stored before cards named the deniers says how many ("Denied by 2 claims")."""
    denies = [_denies_sentence(other) for other in claim.denies]
    count = claim.denial_count
    if not count:
        return CardDisputes(denies=denies)
    speakers = claim.denied_by_speakers
    if not speakers:
        words = ngettext("Denied by %(count)s claim", "Denied by %(count)s claims", count)
        return CardDisputes(denies=denies, denied_by=_sentence([words % {"count": count}]))
    names = join_and([Piece(speaker_phrase(s), s.get_absolute_url()) for s in speakers])
    if count == len(speakers):
        parts = fill(gettext("Denied by %(speakers)s"), speakers=names)
    else:
        # One speaker denied it more than once: the names, and how many denials in all.
        template = ngettext(
            "Denied by %(speakers)s (%(count)s claim)",
            "Denied by %(speakers)s (%(count)s claims)",
            count,
        )
        parts = fill(template, speakers=names, count=str(count))
    return CardDisputes(denies=denies, denied_by=_sentence(parts))


def _denies_sentence(other: PublishedClaim) -> Sentence:
    whose = possessive(speaker_phrase(other.speaker))
    text = clip(other.text, CARD_CLIP)
    if other.is_quote:
        text = f"“{text}”"
    return _sentence(
        fill(
            gettext("Denies %(whose)s claim: %(text)s"),
            whose=whose,
            text=Piece(text, other.get_absolute_url()),
        )
    )


# --- Independence -----------------------------------------------------------------------


def independence_sentence(independence: dict | None) -> str:
    """How independent the corroborating evidence is, in a sentence
    (docs/disputes.md): "3 corroborations, all from the Government of the Russian
    Federation, the claimant's side; none independent."; "2 corroborations: 1 from the
    claimant's side (the Government of the Russian Federation), 1 independent origin.";
    "2 corroborations from 2 independent origins.". Empty without corroborating evidence
    (or for a body from before independence was counted: None)."""
    if not independence or not independence["corroborations"]:
        return ""
    total = independence["corroborations"]
    own = independence["from_claimant_side"]
    origins = independence["independent_origins"]
    side = independence["claimant_side"]
    name = speaker_phrase(PublishedSpeaker.from_summary(side)) if side is not None else None
    if own == total:
        if name is None:
            return ngettext(
                "%(count)d corroboration, from the claimant's own side; none independent.",
                "%(count)d corroborations, all from the claimant's own side; none independent.",
                total,
            ) % {"count": total}
        return ngettext(
            "%(count)d corroboration, from %(side)s, the claimant's side; none independent.",
            "%(count)d corroborations, all from %(side)s, the claimant's side; none independent.",
            total,
        ) % {"count": total, "side": name}
    counted = ngettext("%(count)d corroboration", "%(count)d corroborations", total) % {
        "count": total
    }
    independent = ngettext(
        "%(count)d independent origin", "%(count)d independent origins", origins
    ) % {"count": origins}
    if own == 0:
        return gettext("%(corroborations)s from %(origins)s.") % {
            "corroborations": counted,
            "origins": independent,
        }
    if name is None:
        side_brief = gettext("the claimant's own side")
    else:
        side_brief = gettext("the claimant's side (%(side)s)") % {"side": name}
    return gettext("%(corroborations)s: %(own)d from %(side)s, %(origins)s.") % {
        "corroborations": counted,
        "own": own,
        "side": side_brief,
        "origins": independent,
    }


# --- Relays -----------------------------------------------------------------------------


def source_name(source) -> str:
    """A source as a relay chain names it: its outlet's name, else its title."""
    return source.outlet.name if source.outlet else source.title


def relay_chain(appearance: PublishedAppearance, appearances: list[PublishedAppearance]) -> str:
    """The path a report travelled, following each ``relayed_from`` through the claim's
    other ``appearances`` in those sources: "ARA News, carried from Sputnik, quoting RIA
    Novosti". Empty when it names no source it was taken from. A source reached twice
    (a cycle in the data) ends the chain."""
    if appearance.relayed_from is None:
        return ""
    by_source = {a.source.id: a for a in appearances}
    words = [source_name(appearance.source)]
    seen = {appearance.source.id}
    current = appearance
    while current is not None and current.relayed_from is not None:
        source = current.relayed_from
        if source.id in seen:
            break
        seen.add(source.id)
        if len(words) == 1:
            step = gettext("carried from %(source)s")
        else:
            step = gettext("quoting %(source)s")
        words.append(step % {"source": source_name(source)})
        current = by_source.get(source.id)
    return pgettext("between items of a list", ", ").join(words)
