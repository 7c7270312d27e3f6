import pytest


def use_release_storage(settings, location) -> None:
    """The "releases" storage in ``location`` (a test's own directory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }


@pytest.fixture
def release_dir(settings, tmp_path):
    """Releases written under the test's directory, with addresses under the test
    client's host (so a release's rows compare with the API's answers as they are)."""
    settings.SITE_URL = "http://testserver"
    location = tmp_path / "releases"
    use_release_storage(settings, location)
    return location
