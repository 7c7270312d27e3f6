"""Partner API keys are issued and revoked in the admin; the key is shown once."""

import pytest
from django.contrib.messages import get_messages

from serving.models import ApiKey

pytestmark = pytest.mark.django_db


def test_an_editor_issues_a_key_and_sees_it_once(admin_client, client):
    response = admin_client.post(
        "/admin/serving/apikey/add/", {"name": "Example Daily", "contact": "dev@example.org"}
    )
    assert response.status_code == 302
    [shown] = [str(m) for m in get_messages(response.wsgi_request) if "copy it now" in str(m)]
    raw_key = shown.split(" is ")[1].split(" ")[0]
    key = ApiKey.objects.get()
    assert raw_key.startswith(key.prefix)
    assert raw_key not in key.key_hash
    assert client.get("/api/v1/claims/", HTTP_X_API_KEY=raw_key).status_code == 200
    # Shown on the page after saving, then never again.
    change_url = f"/admin/serving/apikey/{key.pk}/change/"
    assert raw_key in admin_client.get(change_url).content.decode()
    assert raw_key not in admin_client.get(change_url).content.decode()


def test_an_editor_revokes_keys(admin_client, client):
    key, raw_key = ApiKey.issue(name="Old partner")
    admin_client.post(
        "/admin/serving/apikey/",
        {"action": "revoke_keys", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert not key.is_active
    assert client.get("/api/v1/claims/", HTTP_X_API_KEY=raw_key).status_code == 401
