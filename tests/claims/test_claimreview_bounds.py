"""Costly ClaimReview files at the command line (issue 15, item 6): a file over the size
limit, or nested beyond any ClaimReview, is a clear command error, never a traceback."""

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim

pytestmark = pytest.mark.django_db


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.CLAIMREVIEW_UPLOAD_MAX_BYTES = 1000
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b" " * 2000 + b"]")
    with pytest.raises(CommandError, match=r"big\.json:\n.*the limit is 0\.0 MB"):
        call_command("import_claimreview", str(path))


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_refused_with_a_clear_error(tmp_path, depth):
    path = tmp_path / "nested.json"
    path.write_text('{"a": ' * depth + "1" + "}" * depth)
    with pytest.raises(CommandError, match="nested more than 64 levels deep"):
        call_command("import_claimreview", str(path))
    assert not Claim.objects.exists()
