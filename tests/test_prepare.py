"""``manage.py prepare`` (``make run`` before serving): migrate, the roles and the seeds in one
process. Each is idempotent on its own (tests/seeds/test_loadseeds.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from claims.models import Claim
from curation.roles import CONTRIBUTORS, EDITORS

pytestmark = pytest.mark.django_db


def test_it_migrates_sets_up_the_roles_and_loads_the_seeds(capsys):
    call_command("prepare")
    out = capsys.readouterr().out
    assert "No migrations to apply." in out
    assert f"{CONTRIBUTORS}: " in out
    assert f"{EDITORS}: " in out
    assert "Created " in out
    assert "7 claims," in out
    assert set(Group.objects.values_list("name", flat=True)) == {CONTRIBUTORS, EDITORS}
    assert Claim.objects.count() == 7
