"""Backup and restore (manage.py export_all / import_all): every row of every model, history
included, restored into an empty database exactly as it was; a damaged file or a database
that holds data is refused, and nothing is written."""

import datetime
import gzip
import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from claims.models import Claim, Correction, Rating, SpeakerAlias, Tag
from curation.models import ChangeRequest
from operations.backup import BY_NATURAL_KEY, backed_up_models
from record.models import PublicDataVersion, Version
from record.services import claim_withdraw
from releases.models import Release
from serving.models import ApiKey
from sources.models import Outlet
from tests.factories import ClaimFactory, ReviewFactory
from tests.html import css, parse, text_of
from webhooks.models import Attempt, Delivery, Endpoint

PASSWORD = "correct horse battery staple"


def every_table() -> list:
    """The backed-up models and their many-to-many tables (group permissions, user groups,
    claim tags…)."""
    tables = backed_up_models()
    for model in list(tables):
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through)
    return tables


def snapshot() -> dict[str, set[tuple]]:
    """Every row of every table, all columns, as comparable values. Content types and
    permissions get ids of their own in each database (`migrate` makes them): they, and
    references to them, compare by natural key; so do many-to-many rows, whose own ids
    nothing refers to."""
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    permissions = {
        p.pk: (p.codename, *content_types[p.content_type_id]) for p in Permission.objects.all()
    }
    tables = {}
    for model in every_table():
        rows = set()
        for row in model._base_manager.values():
            if model in BY_NATURAL_KEY or model._meta.auto_created:
                del row["id"]
            if "content_type_id" in row:
                row["content_type_id"] = content_types.get(row["content_type_id"])
            if "permission_id" in row:
                row["permission_id"] = permissions[row["permission_id"]]
            # JSON values (the published record's contents) compare as canonical text.
            rows.add(tuple(sorted((k, _hashable(v)) for k, v in row.items())))
        tables[model._meta.label] = rows
    return tables


def _hashable(value):
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def data_rows() -> int:
    """Rows outside the content types and permissions that `migrate` creates."""
    return sum(
        model._base_manager.count() for model in every_table() if model not in BY_NATURAL_KEY
    )


@pytest.fixture
def curated(seeded_claims, editor, contributor):
    """The seed dispute after some curation: edits with their history (who, why), a tag, a
    withdrawn claim, a review, a correction, a deleted alias, partner keys, an admin log
    entry, and users in groups or with a permission of their own."""
    c1, c6 = seeded_claims["C1"], seeded_claims["C6"]

    c1.speaker_title = "Russian Foreign Minister"
    c1._history_user, c1._change_reason = editor, "Title as TASS gives it"
    c1.save()
    c1.tags.add(Tag.objects.create(name="Safe corridors", slug="safe-corridors"))
    c6._history_user = editor
    claim_withdraw(claim=c6, reason="Attributed to the wrong speaker.", by=editor)
    ReviewFactory(claim=c1, rating=Rating.objects.order_by("position").first())
    Correction.objects.create(
        claim=c1, note="The date was 27 May, not 26 May.", corrected_on=datetime.date(2017, 6, 3)
    )
    outlet = Outlet.objects.get()
    outlet.notes = "State news agency."
    outlet._history_user = contributor
    outlet.save()
    SpeakerAlias.objects.order_by("pk").last().delete()

    ChangeRequest.objects.create(
        kind="claim", object_id=c1.pk, submitted_by=contributor, submitted_at=timezone.now()
    )
    ApiKey.issue(name="Example Daily", contact="desk@example.org")
    revoked, _ = ApiKey.issue(name="Old partner")
    revoked.revoke()
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Claim),
        object_id=str(c1.pk),
        object_repr=str(c1)[:200],
        action_flag=CHANGE,
        change_message="Changed speaker title.",
    )
    auditor = User.objects.create_user(username="audrey", password=PASSWORD, is_staff=True)
    auditor.user_permissions.add(Permission.objects.get(codename="view_claim"))
    User.objects.create_superuser(username="root", password=PASSWORD)
    # The listing of a research release (its files live in the releases storage, not here).
    Release.objects.create(
        name="seq-1",
        last_seq=1,
        format_version=1,
        files=[
            {"name": "SHA256SUMS", "size": 0, "sha256": "e3b0c442", "media_type": "text/plain"}
        ],
        counts={"claims": 1},
    )
    # A partner's webhook endpoint, one delivery to it and its attempt.
    endpoint = Endpoint.objects.create(description="A mirror", url="https://93.184.216.34/")
    sent = Delivery.objects.create(
        endpoint=endpoint,
        version=Version.objects.order_by("seq").first(),
        next_attempt_at=timezone.now(),
    )
    Attempt.objects.create(delivery=sent, at=timezone.now(), duration_ms=12, status_code=204)
    return SimpleNamespace(published=c1, withdrawn=c6, editor=editor)


@pytest.fixture
def restored(curated, tmp_path):
    """The curated database backed up with its secrets (password and key hashes), emptied as
    a new database would be, and restored."""
    before = snapshot()
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_all", str(path), "--include-secrets", stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert data_rows() == 0
    started = timezone.now()
    out = StringIO()
    call_command("import_all", str(path), stdout=out)
    return SimpleNamespace(**vars(curated), before=before, started=started, output=out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_back_every_row_of_every_model_and_adds_none(restored, capsys):
    after = snapshot()
    # The test data has rows in every table: no model escapes the comparison.
    assert [label for label, rows in restored.before.items() if not rows] == []
    # History tables included: the raw inserts sent no signal, so no history row was added.
    assert [label for label in restored.before if after[label] != restored.before[label]] == []
    assert after == restored.before
    n_rows = sum(len(rows) for rows in after.values())
    with capsys.disabled():  # the figure shows in every run, captured or not
        print(f"\nbackup round trip: {len(after)} tables, {n_rows} rows identical")
    # Not restored but dated the restore: caches drop the answers they kept from before.
    assert PublicDataVersion.objects.get().changed_at >= restored.started


@pytest.mark.django_db(transaction=True)
def test_the_restored_site_serves_curators_readers_and_new_entries(restored, client):
    # A curator signs in with the password they had, and finds the history of their edits.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "edgar", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    history = client.get(f"/admin/claims/claim/{restored.published.pk}/history/")
    assert history.status_code == 200
    assert "Title as TASS gives it" in history.content.decode()
    latest = Claim.history.filter(id=restored.published.pk).order_by("-history_date").first()
    assert latest.history_user.username == "edgar"

    # Readers find the claims at their old addresses, the withdrawn one with its reason.
    page = client.get(restored.published.get_absolute_url())
    assert page.status_code == 200
    assert restored.published.text[:40] in text_of(css(parse(page), "main")[0])
    withdrawn = client.get(restored.withdrawn.get_absolute_url(), follow=True)
    assert withdrawn.status_code == 410
    reason = css(parse(withdrawn), ".withdrawn__reason")[0]
    assert text_of(reason) == "Attributed to the wrong speaker."

    # PostgreSQL's sequences were reset: new rows (a claim, its history row, a user) do not
    # collide with restored ids.
    newest = Claim.objects.order_by("-pk").first().pk
    claim = ClaimFactory()
    assert claim.pk > newest
    assert claim.history.count() == 1
    assert User.objects.create_user(username="newcomer").pk > restored.editor.pk


def with_unknown_rating(line: str) -> str:
    row = json.loads(line)
    if row.get("model") != "claims.review":
        return line
    row["fields"]["rating"] = 99999
    return json.dumps(row) + "\n"


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_is_refused_and_writes_nothing(curated, tmp_path):
    good = tmp_path / "backup.jsonl"
    call_command("export_all", str(good), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = len(lines) // 2  # after hundreds of rows were loaded
    truncated_gzip = gzip.compress(good.read_bytes())
    damaged = {
        "bad JSON": [*lines[:middle], '{"model": "claims.claim", "pk": 1, \n', *lines[middle:]],
        "a model the header does not list": [
            *lines[:middle],
            '{"model": "sessions.session", "pk": "x", "fields": {}}\n',
            *lines[middle:],
        ],
        "rows missing": lines[:-5],
        "a dangling reference": [with_unknown_rating(line) for line in lines],
    }
    expected = {
        "bad JSON": f"line {middle + 1}: not JSON",
        "a model the header does not list": f"line {middle + 1}: a row of 'sessions.session'",
        "rows missing": "rows do not add up",
        "a dangling reference": "claims_review",
    }
    ct_rows = ContentType.objects.count(), Permission.objects.count()
    for name, content in damaged.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(content), encoding="utf-8")
        with pytest.raises(CommandError, match=f"Nothing was imported.*{expected[name]}"):
            call_command("import_all", str(path), stdout=StringIO())
        assert data_rows() == 0, name
        assert (ContentType.objects.count(), Permission.objects.count()) == ct_rows

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(truncated_gzip[: len(truncated_gzip) // 2])
    with pytest.raises(CommandError, match=r"Nothing was imported\..*end-of-stream"):
        call_command("import_all", str(cut), stdout=StringIO())
    assert data_rows() == 0

    call_command("import_all", str(good), stdout=StringIO())
    assert data_rows() > 0


def test_every_model_is_backed_up_but_sessions_logins_the_data_version_and_pages():
    not_backed_up = {m._meta.label for m in apps.get_models()} - {
        m._meta.label for m in backed_up_models()
    }
    login_records = {m._meta.label for m in apps.get_models() if m._meta.app_label == "axes"}
    assert not_backed_up == {
        "sessions.Session",
        "record.PublicDataVersion",
        "record.Lock",
        # Rendered again after a restore, on their first request.
        "serving.ClaimPageRendition",
        "serving.ClaimPageDependency",
        *login_records,
    }


def read_header(path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return json.loads(stream.readline())


def test_the_file_opens_with_a_header_counting_the_rows_of_each_model(seeded, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_all", str(path), stdout=StringIO())

    header = read_header(path)
    assert (header["format"], header["format_version"]) == ("factcheck-backup", 1)
    assert "0001_initial" in header["migrations"]["claims"]
    # As a backup made before the migrations were squashed lists them: it restores.
    assert "0014_locate_excerpts" in header["migrations"]["claims"]
    assert "0001_squashed_0014_locate_excerpts" not in header["migrations"]["claims"]
    counts = {entry["model"]: entry["rows"] for entry in header["models"]}
    assert counts["claims.claim"] == Claim.objects.count() == 7
    assert counts["claims.historicalclaim"] == Claim.history.count()
    assert list(counts) == [m._meta.label_lower for m in backed_up_models()]
    # Referred-to models load first.
    order = list(counts)
    assert order.index("auth.user") < order.index("claims.historicalclaim")
    assert order.index("contenttypes.contenttype") < order.index("auth.permission")
    assert not (tmp_path / "backup.jsonl.gz.partial").exists()


def test_a_database_that_holds_data_is_refused(seeded, tmp_path):
    path = tmp_path / "backup.jsonl"
    call_command("export_all", str(path), stdout=StringIO())
    before = snapshot()

    with pytest.raises(CommandError, match=r"not empty: .*claims\.Claim \(7 rows\)"):
        call_command("import_all", str(path), stdout=StringIO())
    assert snapshot() == before


def rewrite_header(path, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    change(header)
    path.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: h.update(format="something-else"), "not a backup made by export_all"),
        (lambda h: h.update(format_version=2), "format version 2; this code reads version 1"),
        (
            lambda h: h["models"].append({"model": "claims.verdict", "rows": 1}),
            "unknown model in the header",
        ),
        (
            lambda h: h["models"].append({"model": "sessions.session", "rows": 1}),
            "sessions.Session is not restored by import_all",
        ),
        (
            lambda h: h["migrations"]["claims"].append("0099_from_the_future"),
            r"claims\.0099_from_the_future \(not applied here\).*Restore with the code version",
        ),
    ],
    ids=["format", "version", "unknown model", "excluded model", "newer migrations"],
)
def test_a_file_that_is_not_this_backup_format_is_refused(db, tmp_path, change, message):
    path = tmp_path / "backup.jsonl"
    call_command("export_all", str(path), stdout=StringIO())
    rewrite_header(path, change)

    with pytest.raises(CommandError, match=f"Nothing was imported. .*line 1: .*{message}"):
        call_command("import_all", str(path), stdout=StringIO())


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Backups are kept on the NAS.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a backup made by export_all"):
        call_command("import_all", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_all", str(tmp_path / "missing.jsonl"), stdout=StringIO())


# --- Secrets and tampering (issue 15, item 8) --------------------------------------------


def rows_of(path, label: str) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return [row for line in stream if (row := json.loads(line)).get("model") == label]


@pytest.mark.parametrize("name", ["backup.jsonl", "backup.jsonl.gz"])
def test_the_backup_file_is_readable_by_its_owner_only(seeded, tmp_path, name):
    path = tmp_path / name
    # A world-readable file of that name already there is replaced, not reused.
    path.write_text("old")
    path.chmod(0o644)
    call_command("export_all", str(path), stdout=StringIO())
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_header(path) if name.endswith(".gz") else json.loads(path.open().readline())


def test_a_backup_holds_no_password_or_api_key_hash_unless_asked(curated, tmp_path):
    hashes = set(User.objects.values_list("password", flat=True))
    hashes |= set(ApiKey.objects.values_list("key_hash", flat=True))
    path = tmp_path / "backup.jsonl"
    out = StringIO()
    call_command("export_all", str(path), stdout=out)

    content = path.read_text(encoding="utf-8")
    assert [h for h in hashes if h in content] == []
    assert json.loads(content.splitlines()[0])["includes_secrets"] is False
    assert "--include-secrets" in out.getvalue()
    passwords = [row["fields"]["password"] for row in rows_of(path, "auth.user")]
    assert passwords
    assert all(p.startswith("!") for p in passwords)  # unusable

    with_secrets = tmp_path / "full.jsonl"
    call_command("export_all", str(with_secrets), "--include-secrets", stdout=StringIO())
    content = with_secrets.read_text(encoding="utf-8")
    assert [h for h in hashes if h not in content] == []
    assert json.loads(content.splitlines()[0])["includes_secrets"] is True


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_secrets_restores_with_nobody_able_to_sign_in_or_use_a_key(
    curated, tmp_path, client
):
    _, raw_key = ApiKey.issue(name="Partner")
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_all", str(path), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_all", str(path), stdout=StringIO())

    assert not any(user.has_usable_password() for user in User.objects.all())
    assert client.get("/api/v1/", HTTP_X_API_KEY=raw_key).status_code == 401
    assert client.get(curated.published.get_absolute_url()).status_code == 200


def tampered(path, label: str, field: str, value: str) -> None:
    """``path`` with ``field`` of the first row of ``label`` set to ``value``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n, line in enumerate(lines):
        row = json.loads(line)
        if row.get("model") == label:
            row["fields"][field] = value
            lines[n] = json.dumps(row) + "\n"
            break
    else:
        raise AssertionError(f"no {label} row")
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("sources.source", "url"),
        ("sources.source", "archive_url"),
        ("sources.outlet", "homepage"),
        ("claims.review", "url"),
        ("sources.historicalsource", "url"),
    ],
)
def test_a_tampered_backup_with_a_javascript_url_is_refused_and_writes_nothing(
    curated, tmp_path, label, field
):
    path = tmp_path / "backup.jsonl"
    call_command("export_all", str(path), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    tampered(path, label, field, "javascript:alert(document.cookie)")

    model = apps.get_model(label)
    with pytest.raises(
        CommandError,
        match=rf"Nothing was imported\..*line \d+: {model._meta.label} \S+ is invalid: {field}: "
        r"Enter a valid URL",
    ):
        call_command("import_all", str(path), stdout=StringIO())
    assert data_rows() == 0
