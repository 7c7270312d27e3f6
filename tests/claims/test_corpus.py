"""The generated corpus for benchmarks: deterministic, realistic, and usable by every page."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from claims.models import Claim, ClaimLink, Review, Speaker
from record.services import publish_all
from seeds.corpus import generate_corpus

pytestmark = pytest.mark.django_db


def signature():
    return list(
        Claim.objects.order_by("pk").values_list(
            "pk", "text", "language", "stated_on", "stated_on_precision", "status", "speaker_id"
        )
    )


def test_the_same_seed_gives_the_same_corpus(seeded):
    with transaction.atomic():
        generate_corpus(claims=300, seed=7, progress=False)
        first = signature()
        transaction.set_rollback(True)
    generate_corpus(claims=300, seed=7, progress=False)
    assert signature() == first
    assert len(first) == 307  # and the seven seed claims


def test_it_is_varied_like_real_data(seeded):
    counts = generate_corpus(claims=1000, seed=3, progress=False)
    assert counts["claims"] == 1000
    generated = Claim.objects.exclude(speaker__slug__in=["sergey-lavrov", "sergei-shoigu"])
    languages = set(generated.values_list("language", flat=True))
    assert {"en", "ru", "es", "fr", "de"} <= languages
    statuses = set(generated.values_list("status", flat=True))
    assert statuses == {"draft", "published", "withdrawn"}
    assert Speaker.objects.filter(kind="unnamed_source", affiliation__isnull=False).exists()
    assert ClaimLink.objects.count() > 50
    assert Review.objects.count() > 100
    # Denials of denials: chains deeper than one step.
    assert ClaimLink.objects.filter(to_claim__links_out__isnull=False).exists()


def test_pages_search_and_api_work_on_it(client, seeded):
    call_command("generate_corpus", "--claims", "500", "--seed", "5", "--quiet")
    # The generator writes working rows in bulk; pages read the published record, which
    # gets them as after a migration over existing data.
    publish_all()
    claim = Claim.objects.published().filter(links_in__isnull=False).first()
    assert client.get(claim.get_absolute_url()).status_code == 200
    assert client.get("/claims/", {"q": "corridor"}).status_code == 200
    listed = client.get("/api/v1/claims/", {"page_size": 100}).json()["results"]
    assert len(listed) == 100
    assert Claim.objects.published().search("ceasefire").exists()
    # Ids were assigned by the generator; new rows still get fresh ones.
    assert Claim.objects.create(text="After the corpus.", speaker=claim.speaker).pk


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes are set aside on PostgreSQL"
)
def test_the_claim_indexes_set_aside_during_the_load_are_all_back(seeded):
    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim'"
            )
            return sorted(cursor.fetchall())

    before = indexes()
    assert any("gin_trgm_ops" in definition for _, definition in before)
    generate_corpus(claims=50, seed=3, progress=False)
    assert indexes() == before
    assert Claim.objects.search("corridor").exists()  # the vectors, through the GIN index
