"""The squashed migrations (docs/operations.md, "Migrations"): a fresh database runs the
squashed ones and none they replace; each replaces every migration of its app before it, so
that no database is left half on the old files; on PostgreSQL, what the models cannot declare
(the trigram extension and the GIN indexes) is made by them too."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from record.models import Lock, PublicDataVersion

SQUASHED = {
    ("sources", "0001_squashed_0005_dispute_as_evidence"),
    ("claims", "0001_squashed_0014_locate_excerpts"),
    ("record", "0001_squashed_0008_dispute_as_evidence"),
    ("serving", "0001_squashed_0002_claim_page_renditions"),
}


@pytest.fixture(scope="module")
def loader():
    # No connection: the graph a database with nothing applied follows.
    return MigrationLoader(None, ignore_no_migrations=True)


def fresh_plan(loader) -> list[tuple[str, str]]:
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    return plan


def test_a_fresh_database_runs_the_squashed_migrations_and_none_they_replace(loader):
    plan = fresh_plan(loader)
    assert set(loader.replacements) == SQUASHED
    assert set(plan) >= SQUASHED
    replaced = {key for squash in SQUASHED for key in loader.replacements[squash].replaces}
    assert not replaced & set(plan)


def test_each_squash_replaces_every_migration_of_its_app_before_it(loader):
    for app, name in SQUASHED:
        squash = loader.disk_migrations[app, name]
        on_disk = {key for key in loader.disk_migrations if key[0] == app} - {(app, name)}
        assert set(squash.replaces) <= on_disk, app
        # Anything else on disk comes after the squash (another branch's 0015).
        last = max(replaced for _, replaced in squash.replaces)
        for key in on_disk - set(squash.replaces):
            assert key[1] > last, key
            assert (app, name) in loader.graph.forwards_plan(key), key


@pytest.mark.django_db
def test_a_fresh_database_has_the_rows_migrations_create():
    assert list(Lock.objects.values_list("pk", flat=True)) == [1]
    assert PublicDataVersion.objects.filter(pk=1).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
@pytest.mark.django_db
def test_a_fresh_postgresql_database_has_what_the_models_cannot_declare():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchall() == [("pg_trgm",)]
        cursor.execute(
            "SELECT tablename, indexname, indexdef LIKE '%%USING gin%%' FROM pg_indexes "
            "WHERE indexname = ANY(%s) ORDER BY indexname",
            [["claim_text_trgm", "claim_search_vector", "record_claim_search_vector"]],
        )
        assert cursor.fetchall() == [
            ("claims_claim", "claim_search_vector", True),
            ("claims_claim", "claim_text_trgm", True),
            ("record_claimdocument", "record_claim_search_vector", True),
        ]
