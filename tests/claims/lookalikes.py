"""A small labelled set for the duplicate warning: the seed dispute, claims recorded around
it (the 2019 SDF denial of a Defence Ministry claim that the warning once missed, and clear
non-duplicates sharing its words, speakers and places), and new claims as a curator enters
them from other outlets' reports, each with the claims the warning must list and those it
must not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from claims.models import Claim, ClaimLink, LinkType, Speaker
from tests.factories import ClaimFactory, SpeakerFactory


def recorded_around_the_seeds() -> dict[str, Claim]:
    """Claims already in the database besides the seeds' C1–C7 (loaded first), by key."""
    speaker = {s.slug: s for s in Speaker.objects.all()}
    mod, sdf = speaker["russian-ministry-of-defence"], speaker["syrian-democratic-forces"]
    lavrov = speaker["sergey-lavrov"]
    rescuers = SpeakerFactory(name="Syrian Civil Defence", slug="syrian-civil-defence")

    def claim(key, who, text, on, **links):
        made = ClaimFactory(draft=True, speaker=who, text=text, stated_on=on)
        for link_type, answered in links.items():
            ClaimLink.objects.create(from_claim=made, to_claim=answered, type=link_type)
        return key, made

    day = datetime.date
    m19 = claim(
        "M19",
        mod,
        "The US-led coalition allowed Islamic State commanders to escape from Baghuz by "
        "helicopter.",
        day(2019, 3, 10),
    )[1]
    hospital = claim(
        "HOSPITAL",
        rescuers,
        "Russian aircraft struck a hospital in Idlib, killing five people.",
        day(2019, 1, 14),
    )[1]
    return dict(
        [
            ("M19", m19),
            ("HOSPITAL", hospital),
            # The look-alike the warning missed (issue 19): the SDF denying another claim
            # of the same ministry, two years later.
            claim(
                "S19",
                sdf,
                "SDF denies Russian MoD claim that Islamic State commanders escaped from "
                "Baghuz with coalition help.",
                day(2019, 3, 12),
                denies=m19,
            ),
            # The same speaker and the same places and groups, other subjects.
            claim(
                "TABQA",
                sdf,
                "The Syrian Democratic Forces captured the Tabqa dam from Islamic State after "
                "weeks of fighting.",
                day(2017, 5, 10),
            ),
            claim(
                "AFRIN",
                sdf,
                "The SDF says Turkish shelling killed civilians near Afrin.",
                day(2018, 2, 3),
            ),
            # A denial by another speaker, of another claim.
            claim(
                "IDLIB",
                mod,
                "The Russian Ministry of Defence denies that its aircraft struck a hospital in "
                "Idlib.",
                day(2019, 1, 15),
                denies=hospital,
            ),
            claim(
                "CEASEFIRE",
                lavrov,
                "Russia and Turkey agreed to extend the ceasefire in Idlib for another month.",
                day(2019, 2, 1),
            ),
        ]
    )


@dataclass
class NewClaim:
    """A claim as a curator enters it: its text, speaker, date and the links its form
    holds (``(type, key)``), with the keys the warning must list and must not."""

    name: str
    text: str
    speaker: str | None
    stated_on: datetime.date | None
    links: list[tuple[str, str]] = field(default_factory=list)
    look_alikes: set[str] = field(default_factory=set)
    not_duplicates: set[str] = field(default_factory=set)


NEW_CLAIMS = [
    # Issue 19: the SDF's denial of C1 as another outlet reported it. C2 is the same denial
    # as TASS put it; S19 denies a *different* claim of the same ministry: a look-alike to
    # check, never the same claim.
    NewClaim(
        "the SDF's 2017 denial, from another outlet",
        "The Kurdish-led SDF denied that it had agreed to let Islamic State fighters leave "
        "Raqqa for Palmyra.",
        "syrian-democratic-forces",
        datetime.date(2017, 5, 30),
        links=[(LinkType.DENIES, "C1")],
        look_alikes={"C2", "S19"},
        not_duplicates={"C1", "C3", "C4", "C5", "C6", "C7", "TABQA", "AFRIN", "IDLIB"},
    ),
    # C1 in other words, by the same unnamed source: C4 (the same ministry, the same
    # places and group) is about a strike, not a corridor.
    NewClaim(
        "C1 reworded",
        "Kurdish SDF commanders struck a deal with Islamic State leaders in Raqqa to open a "
        "safe corridor for militants to Palmyra.",
        "source-in-russian-defence-ministry",
        datetime.date(2017, 5, 27),
        look_alikes={"C1"},
        not_duplicates={"C3", "C4", "C5", "C6", "C7", "TABQA", "AFRIN", "IDLIB", "HOSPITAL"},
    ),
    # Lavrov's confirmation as another outlet put it: C5 is the same man, the same day.
    NewClaim(
        "C3 reworded",
        "Lavrov said the Defence Ministry's information had been confirmed: IS militants left "
        "Raqqa for Palmyra soon after it was made public.",
        "sergey-lavrov",
        datetime.date(2017, 5, 31),
        links=[(LinkType.CONFIRMS, "C1")],
        look_alikes={"C3"},
        not_duplicates={"C1", "C2", "C5", "C6", "CEASEFIRE", "TABQA", "AFRIN", "IDLIB"},
    ),
    # Typed before the speaker is picked (the live warning): the words alone.
    NewClaim(
        "C1 typed, no speaker yet",
        "Kurdish forces agreed a safe corridor for IS militants from Raqqa to Palmyra",
        None,
        None,
        look_alikes={"C1"},
        not_duplicates={"C3", "C5", "C6", "AFRIN", "IDLIB", "HOSPITAL", "CEASEFIRE"},
    ),
    # Nothing like it is recorded: the same speaker and place names are not enough.
    NewClaim(
        "a new subject",
        "Russia and Turkey will open a humanitarian corridor for civilians leaving Idlib.",
        "sergey-lavrov",
        datetime.date(2019, 2, 20),
        not_duplicates={"C1", "C3", "C5", "CEASEFIRE", "IDLIB", "HOSPITAL"},
    ),
    NewClaim(
        "another SDF statement",
        "The SDF says Turkish drones struck a market in Qamishli.",
        "syrian-democratic-forces",
        datetime.date(2019, 6, 1),
        not_duplicates={"C2", "S19", "TABQA", "IDLIB", "HOSPITAL"},
    ),
]
