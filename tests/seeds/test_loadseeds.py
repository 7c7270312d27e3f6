"""The seed dispute loads to exactly the table in docs/domain.md, and loads only once."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from claims.models import Appearance, Claim, ClaimLink, Evidence, PublicationStatus, Speaker
from record.models import Version
from seeds.loader import SeedError, load_seeds
from sources.models import Source
from web.pages.claims import claim_head, claim_page

pytestmark = pytest.mark.django_db

ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "tass-2017-05-31-lavrov-raqqa.txt"
TASS_URL = "https://tass.com/politics/948656"

# The table in docs/domain.md: key → (speaker, stated on, precision, start of the text).
TABLE = {
    "C1": ("source-in-russian-defence-ministry", "2017-05-27", "day", "Agreement had been"),
    "C2": ("syrian-democratic-forces", "2017-05-01", "month", "The Syrian Democratic Forces"),
    "C3": ("sergey-lavrov", "2017-05-31", "day", "Our Defense Ministry confirms"),
    "C4": ("sergei-shoigu", "2017-05-30", "day", "A missile strike destroyed"),
    "C5": ("sergey-lavrov", "2017-05-31", "day", "The situation that has emerged"),
    "C6": ("us-command", None, "", "US forces will encircle Raqqa"),
    "C7": ("sergey-lavrov", "2017-05-31", "day", "As you know, units of the Russian"),
}


def seeded_claims():
    return {
        key: Claim.objects.get(speaker__slug=speaker, text__startswith=start)
        for key, (speaker, _, _, start) in TABLE.items()
    }


def test_it_loads_every_claim_of_the_table(seeded):
    claims = seeded_claims()
    assert Claim.objects.count() == 7
    for key, (speaker, stated_on, precision, _) in TABLE.items():
        claim = claims[key]
        assert claim.speaker.slug == speaker, key
        assert claim.stated_on == (stated_on and datetime.date.fromisoformat(stated_on)), key
        assert claim.stated_on_precision == precision, key
        # Every date the article gives needed its year (or its day) worked out.
        assert claim.stated_on_inferred == bool(stated_on), key
        assert claim.status == PublicationStatus.PUBLISHED, key
        assert claim.published_at is not None, key


def test_c2_is_dated_to_the_month_and_bounded_to_its_last_five_days(seeded):
    c2 = seeded_claims()["C2"]
    assert (c2.stated_on_precision, c2.stated_not_before, c2.stated_not_after) == (
        "month",
        datetime.date(2017, 5, 27),
        datetime.date(2017, 5, 31),
    )
    assert c2.stated_on_display == "between 27 and 31 May 2017"


def test_it_loads_the_denial_chain(seeded):
    claims = seeded_claims()
    key_of = {claim.pk: key for key, claim in claims.items()}
    links = {
        (key_of[link.from_claim_id], link.type, key_of[link.to_claim_id])
        for link in ClaimLink.objects.all()
    }
    assert links == {("C2", "denies", "C1"), ("C3", "denies", "C2"), ("C3", "confirms", "C1")}


def test_it_loads_the_evidence_corroborating_c1(seeded):
    claims = seeded_claims()
    key_of = {claim.pk: key for key, claim in claims.items()}
    evidence = Evidence.objects.all()
    assert {(key_of[e.backing_claim_id], e.stance) for e in evidence} == {
        ("C3", "corroborates"),
        ("C4", "corroborates"),
        ("C7", "corroborates"),
    }
    assert {e.claim_id for e in evidence} == {claims["C1"].pk}
    assert {e.source.url for e in evidence} == {TASS_URL}


def test_c1_thread_reads_c1_denied_by_c2_denied_by_c3_and_confirmed_by_c3(seeded):
    claims = seeded_claims()
    page = claim_page(claim_head(claims["C1"].pk))
    steps = []
    nodes = list(page.thread)
    while nodes:
        node = nodes.pop(0)
        steps.append((node.step.claim.pk, node.step.depth))
        nodes[:0] = node.children
    # C2 denies C1 and C3 denies C2; C3 also confirms C1, a step of its own under C1.
    assert steps == [
        (claims["C1"].pk, 0),
        (claims["C2"].pk, 1),
        (claims["C3"].pk, 2),
        (claims["C3"].pk, 1),
    ]


def test_the_speakers_carry_kinds_affiliations_and_aliases(seeded):
    unnamed = Speaker.objects.get(slug="source-in-russian-defence-ministry")
    assert unnamed.kind == "unnamed_source"
    assert unnamed.affiliation.name == "Russian Ministry of Defence"
    lavrov = Speaker.objects.get(slug="sergey-lavrov")
    assert lavrov.affiliation.name == "Russian Ministry of Foreign Affairs"
    government = "Government of the Russian Federation"
    assert lavrov.affiliation.affiliation.name == government
    assert unnamed.affiliation.affiliation.name == government
    sdf = Speaker.objects.get(slug="syrian-democratic-forces")
    assert [a.name for a in sdf.aliases.all()] == ["SDF"]
    islamic_state = Speaker.objects.get(slug="islamic-state")
    assert {a.name for a in islamic_state.aliases.all()} == {"IS", "ISIS", "Daesh"}
    assert seeded_claims()["C3"].speaker_title == "Russian Foreign Minister"


def test_the_source_keeps_the_article_verbatim(seeded):
    source = Source.objects.get(url=TASS_URL)
    assert source.full_text == ARTICLE.read_bytes().decode("utf-8")
    assert "\nvrov rejected the statements" in source.full_text  # the defect, as printed
    assert source.title == "Lavrov comments on Raqqa developments"
    assert source.outlet.name == "TASS"
    assert source.published_on == datetime.date(2017, 5, 31)
    assert source.dateline == "MOSCOW"
    assert source.language == "en"


def test_every_claim_appears_in_the_source_with_a_verbatim_excerpt(seeded):
    source = Source.objects.get(url=TASS_URL)
    appearances = Appearance.objects.filter(source=source)
    assert {a.claim_id for a in appearances} == {c.pk for c in seeded_claims().values()}
    for appearance in appearances:
        assert not appearance.marked_first  # the first appearance follows from the dates
        assert appearance.excerpt in source.full_text
        assert appearance.attribution


def snapshot():
    """Every row of every model of the project's apps, all fields included."""
    rows = {}
    for app in ("claims", "sources"):
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list())
            for m2m in model._meta.many_to_many:
                through = m2m.remote_field.through
                rows[through._meta.label] = list(through.objects.order_by("pk").values_list())
    return rows


def test_loading_twice_changes_no_row(seeded):
    before = snapshot()
    report = load_seeds()
    assert not report.changed
    assert snapshot() == before


def test_the_command_says_what_it_did(db, capsys):
    call_command("loadseeds")
    out = capsys.readouterr().out
    assert out.startswith("Created ")
    for part in (
        "7 claims,",
        "7 appearances,",
        "3 links between claims.",
        "1 source,",
        "9 speakers,",
    ):
        assert part in out
    call_command("loadseeds")
    assert "nothing changed" in capsys.readouterr().out


def test_a_reload_leaves_curators_work_alone(seeded):
    """The seeds are where the data starts: what curators changed since (words, title,
    status) stays, nothing is duplicated, and nothing is published again."""
    claims = seeded_claims()
    c1, c5 = claims["C1"], claims["C5"]
    Claim.objects.filter(pk=c1.pk).update(text="Agreement had been reached (a curator's edit).")
    Claim.objects.filter(pk=c5.pk).update(speaker_title="Minister")
    c5.refresh_from_db()
    c5.withdraw(reason="Checked against the transcript.")
    versions = Version.objects.count()
    count = Claim.objects.count()
    report = load_seeds()
    assert not report.changed
    assert Claim.objects.count() == count
    assert Claim.objects.get(pk=c1.pk).text.endswith("(a curator's edit).")
    c5.refresh_from_db()
    assert c5.speaker_title == "Minister"
    assert c5.status == PublicationStatus.WITHDRAWN
    assert Version.objects.count() == versions


def test_a_seed_with_an_excerpt_not_in_its_source_writes_nothing(db, tmp_path):
    seed_dir = Path(__file__).resolve().parents[2] / "seeds"
    (tmp_path / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    broken = (seed_dir / "lavrov-raqqa.toml").read_text(encoding="utf-8")
    broken = broken.replace("leaders of the IS groupings", "leaders of IS", 1)
    (tmp_path / "lavrov-raqqa.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(SeedError, match="excerpt not found verbatim"):
        load_seeds(directory=tmp_path, files=("lavrov-raqqa.toml",))
    assert not Claim.objects.exists()
    assert not Speaker.objects.exists()
