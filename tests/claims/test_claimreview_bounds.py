"""Costly ClaimReview files at the command line (issue 15, item 6): a file over the size
limit, or nested beyond any ClaimReview, is a clear command error, never a traceback."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim

pytestmark = pytest.mark.django_db


def test_a_page_read_whole_over_the_size_limit_is_refused(tmp_path, settings):
    settings.CLAIMREVIEW_UPLOAD_MAX_BYTES = 1000
    path = tmp_path / "big.html"
    path.write_bytes(b"<html>" + b" " * 2000 + b"</html>")
    with pytest.raises(CommandError, match=r"big\.html:\n.*the limit is 0\.0 MB"):
        call_command("import_claimreview", str(path))


def test_a_streamed_list_is_not_bounded_by_the_upload_limit(tmp_path, settings, seeded):
    # The command streams a list item by item: its size is no reason to refuse it.
    settings.CLAIMREVIEW_UPLOAD_MAX_BYTES = 1000
    review = {
        "@type": "ClaimReview",
        "url": "https://checks.example/long",
        "datePublished": "2024-01-02",
        "claimReviewed": "A long file's only claim.",
        "author": {"@type": "Organization", "name": "Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    path = tmp_path / "big.json"
    path.write_text("[" + " " * 2000 + json.dumps(review) + "]")
    call_command("import_claimreview", str(path))
    assert Claim.objects.filter(text="A long file's only claim.").exists()


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_refused_with_a_clear_error(tmp_path, depth):
    path = tmp_path / "nested.json"
    path.write_text('{"a": ' * depth + "1" + "}" * depth)
    with pytest.raises(CommandError, match="nested more than 64 levels deep"):
        call_command("import_claimreview", str(path))
    assert not Claim.objects.exists()
