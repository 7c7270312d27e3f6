"""Research releases in the API (api/releases.py): the list, one release, its files; bad
input is a JSON 400 or 404, never a 500."""

import hashlib

import pytest
import requests
import schemathesis
from schemathesis.core.transport import Response as SchemathesisResponse

from record.services import claim_publish
from releases.bundle import release_write
from tests.factories import ClaimFactory

pytestmark = pytest.mark.usefixtures("no_rate_limit")

LIST = "/api/v1/releases/"


@pytest.fixture
def release_dir(settings, tmp_path):
    settings.SITE_URL = "http://testserver"
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def release(release_dir, seeded):
    return release_write().release


def test_the_index_names_the_releases(client, db):
    assert client.get("/api/v1/").json()["releases"] == "http://testserver/api/v1/releases/"


def test_the_list_is_empty_before_any_release(client, db):
    answer = client.get(LIST)

    assert answer.status_code == 200
    assert answer.json() == {"next": None, "previous": None, "results": []}


def test_the_list_gives_releases_newest_first_with_their_files(client, release, release_dir):
    claim_publish(claim=ClaimFactory(draft=True))
    newer = release_write().release

    answer = client.get(LIST)

    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [item["name"] for item in results] == [newer.name, release.name]
    item = results[1]
    assert item["api_url"] == f"http://testserver/api/v1/releases/{release.name}/"
    assert item["last_seq"] == release.last_seq
    assert item["counts"]["claims"] == 7
    files = {entry["name"]: entry for entry in item["files"]}
    assert files["claims.csv"]["url"] == (
        f"http://testserver/api/v1/releases/{release.name}/claims.csv"
    )
    assert (
        files["claims.csv"]["size"] == (release_dir / release.name / "claims.csv").stat().st_size
    )
    assert item["sha256"] == files["SHA256SUMS"]["sha256"]


def test_the_list_pages_by_cursor(client, release):
    claim_publish(claim=ClaimFactory(draft=True))
    release_write()

    first = client.get(LIST, {"page_size": 1}).json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == len(second["results"]) == 1
    assert second["results"][0]["name"] == release.name
    assert second["next"] is None


@pytest.mark.parametrize(
    "parameters",
    [{"page_size": "0"}, {"page_size": "101"}, {"cursor": "nonsense"}, {"updated_since": "x"}],
)
def test_bad_list_parameters_are_a_400_naming_them(client, db, parameters):
    answer = client.get(LIST, parameters)

    assert answer.status_code == 400
    assert list(answer.json()) == list(parameters)


def test_a_release_describes_its_files(client, release):
    answer = client.get(f"{LIST}{release.name}/")

    assert answer.status_code == 200
    body = answer.json()
    assert body["name"] == release.name
    assert [entry["name"] for entry in body["files"]] == [e["name"] for e in release.files]
    assert answer["ETag"]
    assert client.get(f"{LIST}{release.name}/", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == (
        304
    )


def test_a_file_downloads_with_its_type_length_and_checksum(client, release, release_dir):
    content = (release_dir / release.name / "claims.csv").read_bytes()

    answer = client.get(f"{LIST}{release.name}/claims.csv")

    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == content
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert answer["Content-Length"] == str(len(content))
    assert answer["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'


def test_each_kind_of_file_has_its_media_type(client, release):
    for name, media_type in (
        ("claims.jsonl", "application/x-ndjson"),
        ("datapackage.json", "application/json"),
        ("README.md", "text/markdown; charset=utf-8"),
        ("SHA256SUMS", "text/plain; charset=utf-8"),
    ):
        answer = client.get(f"{LIST}{release.name}/{name}")
        assert answer.status_code == 200, name
        assert answer["Content-Type"] == media_type


def test_a_file_the_client_holds_is_a_304(client, release):
    url = f"{LIST}{release.name}/claims.jsonl"
    etag = client.get(url)["ETag"]

    answer = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert answer.status_code == 304
    assert answer["ETag"] == etag


def test_a_file_is_served_whatever_accept_says(client, release):
    answer = client.get(f"{LIST}{release.name}/claims.csv", HTTP_ACCEPT="text/csv")

    assert answer.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "seq-999999/",
        "nonsense/",
        "seq-1%00/",
        f"seq-{'9' * 400}/",
        "seq-999999/claims.csv",
        "{name}/README.md",
    ],
)
def test_an_unknown_release_is_a_json_404(client, release, path):
    answer = client.get(f"{LIST}{path}")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert "detail" in answer.json()


@pytest.mark.parametrize("name", ["nothing.csv", "..%2Fmanifest.json", "claims.csv%00", "x" * 300])
def test_an_unknown_file_is_a_json_404(client, release, name):
    answer = client.get(f"{LIST}{release.name}/{name}")

    assert answer.status_code == 404
    assert "detail" in answer.json()


def test_a_file_gone_from_the_storage_is_a_404_not_a_500(client, release, release_dir):
    (release_dir / release.name / "claims.csv").unlink()

    answer = client.get(f"{LIST}{release.name}/claims.csv")

    assert answer.status_code == 404
    assert "detail" in answer.json()


def test_writes_are_refused(client, release):
    for url in (LIST, f"{LIST}{release.name}/", f"{LIST}{release.name}/claims.csv"):
        assert client.post(url).status_code == 405, url


def test_the_answers_match_the_schema(client, release):
    schema = schemathesis.openapi.from_dict(
        client.get("/api/v1/schema/", {"format": "json"}).json()
    )
    for template, path in (
        ("/api/v1/releases/", LIST),
        ("/api/v1/releases/{name}/", f"{LIST}{release.name}/"),
        ("/api/v1/releases/{name}/{filename}", f"{LIST}{release.name}/SHA256SUMS"),
    ):
        url = f"http://testserver{path}"
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        schema[template]["GET"].validate_response(
            SchemathesisResponse(
                status_code=response.status_code,
                headers={name: [value] for name, value in response.headers.items()},
                content=content,
                request=requests.Request("GET", url).prepare(),
                elapsed=0.0,
                message=response.reason_phrase,
                encoding=response.charset,
                http_version="1.1",
                verify=True,
            )
        )
