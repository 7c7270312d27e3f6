"""Publishing in bulk (record.bulk) writes what publishing one by one writes
(record.services.publish_claims): every head, link, topic and version, the same, but for
the times and the order of the change feed."""

import json

import pytest
from django.db import transaction
from django.utils import timezone

from claims.models import Appearance, Claim, Evidence, Speaker, SpeakerKind
from claims.models.workflow import PublicationStatus
from record import services
from record.bulk import BulkError, publish_in_bulk
from record.models import DOCUMENT_MODELS, ClaimDocument, ClaimTopic, Link, Version
from record.services import publish_all, publish_claims
from seeds.corpus import generate_corpus
from sources.models import Outlet, Source

pytestmark = pytest.mark.django_db

PUBLIC = [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
# Written with the time of the publish: they differ between any two publishes.
TIMES = {"version_published_at", "first_published_at", "updated_at", "withdrawn_at"}
BODY_TIMES = TIMES | {"published_at"}


def without_times(value):
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in BODY_TIMES}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def body(text: str):
    return without_times(json.loads(text)) if text else text


def dump(value) -> str:
    return json.dumps(value, sort_keys=True)


def record_rows() -> dict:
    """Every row of the record, times left out (and whether a document is withdrawn kept)."""
    rows = {}
    for kind, model in DOCUMENT_MODELS.items():
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in TIMES]
        withdrawn = set(
            model.objects.filter(withdrawn_at__isnull=False).values_list("pk", flat=True)
        )
        rows[kind] = {
            values["id"]: {
                **values,
                "body": body(values["body"]),
                "card": body(values["card"]),
                "withdrawn": values["id"] in withdrawn,
                # The vector as PostgreSQL prints it (None on SQLite).
                **({"search_vector": str(values["search_vector"])} if kind == "claim" else {}),
            }
            for values in model.objects.values(*fields)
        }
    rows["links"] = sorted(
        Link.objects.values_list("from_kind", "from_id", "relation", "to_kind", "to_id")
    )
    rows["topics"] = sorted(ClaimTopic.objects.values_list("claim_id", "slug", "name"))
    versions = Version.objects.values_list(
        "kind", "object_id", "number", "event", "content", "body", "summary", "changes",
        "published_by",
    )  # fmt: skip
    rows["versions"] = sorted(
        (kind, pk, number, event, dump(content), dump(body(text)), summary, dump(changes), by)
        for kind, pk, number, event, content, text, summary, changes, by in versions
    )
    return rows


def unpublished_claims() -> list[int]:
    return list(
        Claim.objects.filter(status__in=PUBLIC)
        .exclude(pk__in=ClaimDocument.objects.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def one_by_one_then_bulk(ids: list[int], *, batch: int) -> tuple[dict, dict]:
    """The record after publish_claims, then (that rolled back) after publish_in_bulk."""
    with transaction.atomic():
        publish_claims(Claim.objects.filter(pk__in=ids).order_by("pk"))
        expected = record_rows()
        transaction.set_rollback(True)
    publish_in_bulk(ids, batch=batch)
    return expected, record_rows()


def assert_same(expected: dict, actual: dict) -> None:
    # Table by table, so that a failure names what differs.
    for table in expected:
        if isinstance(expected[table], dict):
            assert actual[table].keys() == expected[table].keys(), table
            for pk, row in expected[table].items():
                assert actual[table][pk] == row, (table, pk)
        else:
            assert actual[table] == expected[table], table


def test_it_writes_what_publishing_one_by_one_writes_for_a_generated_corpus(seeded):
    generate_corpus(claims=300, seed=1, progress=False, publish=False)
    ids = unpublished_claims()
    assert Claim.objects.filter(pk__in=ids, status=PublicationStatus.WITHDRAWN).exists()
    # Batches smaller than the corpus: what one batch shows is written by another.
    expected, actual = one_by_one_then_bulk(ids, batch=37)
    assert len(expected["versions"]) > 400
    assert_same(expected, actual)


def test_it_writes_what_publishing_one_by_one_writes_for_the_seed(seeded):
    ids = sorted(Claim.objects.filter(status__in=PUBLIC).values_list("pk", flat=True))
    expected = record_rows()
    for model in [Version, Link, ClaimTopic, *DOCUMENT_MODELS.values()]:
        model.objects.all().delete()
    publish_in_bulk(ids, batch=3)
    assert_same(expected, record_rows())


def working_claim(text: str, speaker: Speaker, status: str, **fields) -> Claim:
    claim = Claim(text=text, language="en", speaker=speaker, status=status, **fields)
    if status == PublicationStatus.WITHDRAWN:
        claim.withdrawn_reason = "Misattributed."
    claim.published_at = timezone.now()
    claim.stamp_status_dates()
    claim.save()
    return claim


def test_what_only_withdrawn_claims_showed_is_withdrawn_too(seeded):
    # A withdrawn claim, by an organisation's spokesperson nobody else quotes, reported by a
    # source of an outlet nothing else cites; a published claim whose evidence that
    # withdrawn claim backs, from a source cited nowhere else.
    outlet = Outlet.objects.create(name="Gone Weekly", slug="gone-weekly", kind="newspaper")
    source = Source.objects.create(title="Gone", url="https://gone.example/1", outlet=outlet)
    cited = Source.objects.create(title="Cited", url="https://gone.example/2")
    organisation = Speaker.objects.create(
        name="Gone Body", slug="gone-body", kind=SpeakerKind.ORGANISATION
    )
    spokesperson = Speaker.objects.create(
        name="A source in Gone Body",
        slug="gone-source",
        kind=SpeakerKind.UNNAMED_SOURCE,
        affiliation=organisation,
    )
    gone = working_claim("Something withdrawn.", spokesperson, PublicationStatus.WITHDRAWN)
    Appearance.objects.create(
        claim=gone,
        source=source,
        excerpt="Something",
        marked_first=True,
        marked_first_reason="The earliest report.",
    )
    person = Speaker.objects.create(name="Kept Person", slug="kept", kind=SpeakerKind.PERSON)
    kept = working_claim("Something kept.", person, PublicationStatus.PUBLISHED)
    Evidence.objects.create(claim=kept, source=cited, backing_claim=gone, stance="corroborates")

    expected, actual = one_by_one_then_bulk([gone.pk, kept.pk], batch=10)

    assert_same(expected, actual)
    withdrawn = {
        (kind, pk)
        for kind, rows in actual.items()
        if isinstance(rows, dict)
        for pk, row in rows.items()
        if row["withdrawn"]
    }
    assert {
        ("claim", gone.pk),
        ("speaker", spokesperson.pk),
        ("speaker", organisation.pk),
        ("source", source.pk),
        ("outlet", outlet.pk),
    } <= withdrawn
    # Cited only by the kept claim's evidence, hidden while its backing claim is withdrawn:
    # nothing public shows it, so it is withdrawn too.
    assert actual["source"][cited.pk]["withdrawn"] is True


def test_it_refuses_claims_whose_documents_are_in_the_record(seeded):
    ids = list(
        Claim.objects.filter(status=PublicationStatus.PUBLISHED).values_list("pk", flat=True)
    )
    with pytest.raises(BulkError):
        publish_in_bulk(ids)


def test_publish_all_publishes_a_large_database_in_bulk(seeded, monkeypatch):
    # A database from before the record: working rows, an empty record.
    for model in [Version, Link, ClaimTopic, *DOCUMENT_MODELS.values()]:
        model.objects.all().delete()
    generate_corpus(claims=400, seed=2, progress=False, publish=False)

    def one_by_one(*args, **kwargs):
        raise AssertionError("published one by one")

    monkeypatch.setattr(services, "publish_claims", one_by_one)
    assert publish_all() > 400
    assert not unpublished_claims()


def test_publish_all_with_nothing_to_publish_is_one_anti_join(seeded, django_assert_num_queries):
    # Run by every migrate: at a million claims, NOT IN over the documents took minutes on
    # PostgreSQL; NOT EXISTS is an anti-join, about a second.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert publish_all() == 0
    assert len(queries) == 1
    assert "NOT (EXISTS(" in queries[0]["sql"]
    assert "NOT IN" not in queries[0]["sql"]
