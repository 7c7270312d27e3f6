"""``make staff USER=… ROLE=…`` (``manage.py staff``): a staff account in one step."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def groups(username) -> list[str]:
    user = get_user_model().objects.get(username=username)
    return sorted(user.groups.values_list("name", flat=True))


def test_it_creates_a_contributor_who_can_log_in(client, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("staff", "ana", role="contributor", stdout=out)
    assert "Created ana: staff, Contributors" in out.getvalue()
    assert groups("ana") == ["Contributors"]
    login = client.post("/admin/login/", {"username": "ana", "password": PASSWORD})
    assert login.status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Factcheck curation desk" in page.content.decode()
    assert "Django administration" not in page.content.decode()


def test_it_moves_an_existing_account_to_the_other_role_and_keeps_its_password(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    call_command("staff", "ana", role="contributor", stdout=io.StringIO())
    monkeypatch.delenv("STAFF_PASSWORD")
    out = io.StringIO()
    call_command("staff", "ana", role="editor", stdout=out)
    assert "Updated ana" in out.getvalue()
    assert groups("ana") == ["Editors"]
    assert get_user_model().objects.get(username="ana").check_password(PASSWORD)


def test_a_weak_password_is_refused_and_nothing_is_written(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "123")
    with pytest.raises(CommandError, match=r"too short|too common|entirely numeric"):
        call_command("staff", "ana", role="editor", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="ana").exists()


def test_without_a_terminal_a_new_account_needs_the_password_variable(monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="STAFF_PASSWORD"):
        call_command("staff", "ana", role="editor", stdout=io.StringIO())


def test_the_shell_starts_without_warning_about_history_models():
    """What a curator with shell access sees on starting it (no database read)."""
    import subprocess
    import sys
    from pathlib import Path

    project = Path(__file__).resolve().parents[2]
    started = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "1"],
        input="print(Claim.__name__)\n",
        capture_output=True,
        text=True,
        cwd=project,
        timeout=60,
    )
    assert started.returncode == 0, started.stderr
    assert "could not be automatically imported" not in started.stdout + started.stderr
    assert "Claim" in started.stdout
