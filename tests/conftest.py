import pytest

from seeds.loader import load_seeds


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # Tests override settings here, never in a second settings module.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Tests run with DEBUG off but without `collectstatic`: serve static files from the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def seeded(db):
    """The seed dispute (TASS, 31 May 2017) loaded as `make run` loads it."""
    return load_seeds()


@pytest.fixture
def seeded_claims(seeded):
    """The seed's claims by their keys in docs/domain.md (C1 … C7)."""
    from claims.models import Claim

    starts = {
        "C1": "Agreement had been",
        "C2": "The Syrian Democratic Forces",
        "C3": "Our Defense Ministry confirms",
        "C4": "A missile strike destroyed",
        "C5": "The situation that has emerged",
        "C6": "US forces will encircle Raqqa",
        "C7": "As you know, units of the Russian",
    }
    return {key: Claim.objects.get(text__startswith=start) for key, start in starts.items()}
