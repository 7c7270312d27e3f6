"""`manage.py release` (releases/bundle.py): a deterministic bundle of the published
record. Two runs on the same record give the same bytes; it holds what the API serves and
nothing the public cannot see (drafts, unpublished edits, users)."""

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Correction
from record.content import iso_datetime
from record.models import ClaimDocument
from record.services import claim_publish
from releases.bundle import release_write
from releases.models import Release
from releases.tables import TABLES
from tests.factories import ClaimFactory, ReviewFactory, withdraw
from tests.releases.conftest import use_release_storage

pytestmark = pytest.mark.usefixtures("no_rate_limit")


def files_of(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def jsonl(directory: Path, table: str) -> list[dict]:
    return [json.loads(line) for line in (directory / f"{table}.jsonl").read_text().splitlines()]


@pytest.fixture
def rich_record(seeded_claims):
    """The seed dispute with a verdict, a correction and a withdrawn claim."""
    claim = seeded_claims["C1"]
    ReviewFactory(claim=claim)
    Correction.objects.create(
        claim=claim, note="Speaker corrected.", corrected_on=datetime.date(2017, 6, 3)
    )
    claim.save()
    claim_publish(claim=claim)
    withdraw(seeded_claims["C6"], "Misattributed: said by someone else.")
    return seeded_claims


def test_two_runs_on_the_same_record_give_identical_files_and_manifest(
    settings, tmp_path, release_dir, rich_record
):
    first = release_write()
    first_files = files_of(release_dir / first.release.name)
    # A second run into another, empty storage writes everything again.
    use_release_storage(settings, tmp_path / "again")
    second = release_write()

    assert second.written
    assert second.identical is True
    assert second.release.name == first.release.name
    assert files_of(tmp_path / "again" / first.release.name) == first_files
    assert set(first_files) == {
        *(f"{table.name}.{ext}" for table in TABLES for ext in ("csv", "jsonl")),
        "datapackage.json",
        "README.md",
        "manifest.json",
        "SHA256SUMS",
    }


def test_a_release_is_named_by_the_last_seq_and_moves_with_a_publish(release_dir, rich_record):
    first = release_write().release
    claim_publish(claim=ClaimFactory(draft=True))
    second = release_write().release

    assert first.name == f"seq-{first.last_seq}"
    assert second.last_seq > first.last_seq
    assert Release.objects.count() == 2
    assert jsonl(release_dir / second.name, "claims") != jsonl(release_dir / first.name, "claims")


def test_a_second_run_on_an_unchanged_record_writes_nothing(release_dir, seeded):
    out = io.StringIO()
    call_command("release", stdout=out)
    release = Release.objects.get()
    assert f"Wrote release {release.name}" in out.getvalue()
    assert "claims.csv" in out.getvalue()
    stamps = {p.name: p.stat().st_mtime_ns for p in (release_dir / release.name).iterdir()}

    out = io.StringIO()
    call_command("release", stdout=out)

    assert f"Release {release.name} exists" in out.getvalue()
    assert "nothing written" in out.getvalue()
    assert {p.name: p.stat().st_mtime_ns for p in (release_dir / release.name).iterdir()} == (
        stamps
    )


def test_forcing_a_run_rewrites_the_same_bytes(release_dir, seeded):
    call_command("release", stdout=io.StringIO())
    release = Release.objects.get()
    before = files_of(release_dir / release.name)

    out = io.StringIO()
    call_command("release", "--force", stdout=out)

    assert "The files are the same bytes as before." in out.getvalue()
    assert files_of(release_dir / release.name) == before
    assert Release.objects.get().files == release.files


def test_a_release_missing_a_file_is_written_again(release_dir, seeded):
    release = release_write().release
    (release_dir / release.name / "claims.csv").unlink()

    outcome = release_write()

    assert outcome.written
    assert (release_dir / release.name / "claims.csv").exists()


def test_the_manifest_and_checksums_name_every_file(release_dir, rich_record):
    release = release_write().release
    directory = release_dir / release.name
    sums = {}
    for line in (directory / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    manifest = json.loads((directory / "manifest.json").read_text())

    assert set(sums) == {p.name for p in directory.iterdir()} - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == digest
    assert {e["name"] for e in manifest["files"]} == set(sums) - {"manifest.json"}
    for entry in manifest["files"]:
        assert (directory / entry["name"]).stat().st_size == entry["size"]
    assert manifest["last_seq"] == release.last_seq
    # The listing's entries are the files' too.
    assert {e["name"]: e["sha256"] for e in release.files if e["name"] != "SHA256SUMS"} == sums


def test_nothing_in_it_says_when_it_was_written(release_dir, seeded, django_user_model):
    release = release_write().release
    written_at = iso_datetime(release.created_at).encode()
    # Data carry their own times (when each version was published); none is the writing's.
    for name, content in files_of(release_dir / release.name).items():
        assert written_at not in content, name
    package = json.loads((release_dir / release.name / "datapackage.json").read_text())
    assert "created" not in package


def test_no_user_data_draft_or_unpublished_edit_is_in_it(
    release_dir, seeded_claims, django_user_model
):
    editor = django_user_model.objects.create_user(
        username="quill-editor-77", email="quill.editor@newsroom.example", password="x"
    )
    claim_publish(claim=ClaimFactory(draft=True, text="A published statement."), by=editor)
    ClaimFactory(draft=True, text="DRAFT-ONLY words nobody published")
    public = seeded_claims["C2"]
    public.text = "UNPUBLISHED-EDIT of a public claim"
    public.save()  # the working copy only: no publish

    release = release_write().release
    bundle = b"".join(files_of(release_dir / release.name).values())

    for secret in (
        "DRAFT-ONLY",
        "UNPUBLISHED-EDIT",
        "quill-editor-77",
        "quill.editor@newsroom.example",
        "newsroom.example",
    ):
        assert secret.encode() not in bundle, secret
    assert b"A published statement." in bundle


def test_withdrawn_documents_are_listed_with_their_reason_not_their_content(
    release_dir, rich_record
):
    release = release_write().release
    directory = release_dir / release.name
    withdrawn_id = rich_record["C6"].pk

    assert withdrawn_id not in {row["id"] for row in jsonl(directory, "claims")}
    assert withdrawn_id not in {row["denied_claim_id"] for row in jsonl(directory, "denials")}
    [row] = [r for r in jsonl(directory, "withdrawn") if r["object"] == "claim"]
    assert row["id"] == withdrawn_id
    assert row["slug"] is None
    assert row["reason"] == "Misattributed: said by someone else."
    assert row["api_url"] == f"http://testserver/api/v1/claims/{withdrawn_id}/"


def test_its_rows_are_what_the_api_serves(client, release_dir, rich_record):
    release = release_write().release
    directory = release_dir / release.name

    claims = jsonl(directory, "claims")
    assert [row["id"] for row in claims] == sorted(
        ClaimDocument.objects.live().values_list("id", flat=True)
    )
    listed = client.get("/api/v1/claims/", {"page_size": 100}).json()["results"]
    assert {row["id"] for row in claims} == {item["id"] for item in listed}
    reviews = {row["claim_id"]: row for row in jsonl(directory, "reviews")}
    denials = {(row["claim_id"], row["denied_claim_id"]) for row in jsonl(directory, "denials")}
    links = {
        (row["claim_id"], row["linked_claim_id"], row["type"])
        for row in jsonl(directory, "claim_links")
    }
    evidence = jsonl(directory, "evidence")
    for row in claims:
        body = client.get(row["api_url"]).json()
        for column, value in row.items():
            if column == "speaker":
                assert value == body["speaker"]["slug"]
            elif column == "tags":
                assert value == [tag["slug"] for tag in body["tags"]]
            elif column == "claimant_side":
                assert value == (body["independence"][column] or {}).get("slug")
            elif column in body["independence"]:
                assert value == body["independence"][column], column
            else:
                assert value == body[column], column
        assert {(row["id"], d["id"]) for d in body["denies"]} == {
            pair for pair in denials if pair[0] == row["id"]
        }
        assert {
            (row["id"], link["claim"]["id"], link["type"])
            for link in body["links"]
            if link["direction"] == "out"
        } == {link for link in links if link[0] == row["id"]}
        mine = [e for e in evidence if e["claim_id"] == row["id"]]
        assert [e["stance"] for e in mine] == [e["stance"] for e in body["evidence"]]
        if body["review"]:
            assert reviews[row["id"]]["rating"] == body["review"]["rating"]["name"]
            assert reviews[row["id"]]["summary"] == body["review"]["summary"]
        else:
            assert row["id"] not in reviews
    assert reviews, "the rich record has a verdict"
    assert jsonl(directory, "corrections")[0]["note"] == "Speaker corrected."

    for table, key in (("speakers", "slug"), ("sources", "id"), ("outlets", "id")):
        rows = jsonl(directory, table)
        assert rows, table
        for row in rows:
            body = client.get(row["api_url"]).json()
            assert body[key] == row[key]
            for column, value in row.items():
                if column in ("affiliation",):
                    assert value == (body[column] or {}).get("slug")
                elif column == "outlet_id":
                    assert value == (body["outlet"] or {}).get("id")
                else:
                    assert value == body[column], (table, column)


def test_csv_and_json_lines_hold_the_same_rows(release_dir, rich_record):
    release = release_write().release
    directory = release_dir / release.name
    package = json.loads((directory / "datapackage.json").read_text())
    described = {resource["name"]: resource for resource in package["resources"]}

    for table in TABLES:
        text = (directory / f"{table.name}.csv").read_bytes().decode()
        assert "\r\n" in text
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        assert header == table.column_names
        fields = described[table.name]["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        assert all(field["description"] for field in fields)
        assert described[table.name]["rows"] == len(rows)
        as_json = jsonl(directory, table.name)
        assert len(as_json) == len(rows)
        for cells, row in zip(rows, as_json, strict=True):
            assert list(row) == header
            for cell, value in zip(cells, row.values(), strict=True):
                if value is None:
                    assert cell == ""
                elif isinstance(value, bool):
                    assert cell == ("true" if value else "false")
                elif isinstance(value, list):
                    assert json.loads(cell) == value
                else:
                    assert cell == str(value)
