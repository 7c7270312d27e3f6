"""The database refuses bad sources even when code skips form validation."""

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from tests.claims.test_integrity import assert_db_rejects
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


class TestSource:
    def test_a_url_is_recorded_once(self):
        SourceFactory(url="https://tass.com/politics/948656")
        assert_db_rejects(lambda: SourceFactory(url="https://tass.com/politics/948656"))

    def test_many_sources_may_have_no_url(self):
        SourceFactory(url="")
        SourceFactory(url="")

    def test_an_archive_date_needs_the_archive_url(self):
        assert_db_rejects(lambda: SourceFactory(archived_at=timezone.now(), archive_url=""))

    def test_an_outlet_with_sources_cannot_be_deleted(self):
        source = SourceFactory()
        with pytest.raises(ProtectedError):
            source.outlet.delete()
