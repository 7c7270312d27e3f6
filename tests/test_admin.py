"""Every model can be browsed in the admin, and nobody without a staff account gets in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = {
    model._meta.label: model
    for model in admin.site._registry
    if model._meta.app_label in {"claims", "sources"}
}


def test_every_model_of_both_apps_is_registered():
    models = [
        *apps.get_app_config("claims").get_models(),
        *apps.get_app_config("sources").get_models(),
    ]
    # Historical models are browsed through their object's History page.
    curated = {m._meta.label for m in models if not m.__name__.startswith("Historical")}
    assert curated == set(REGISTERED)


@pytest.mark.parametrize("label", sorted(REGISTERED))
def test_the_change_list_add_form_and_change_form_open(admin_client, seeded, label):
    model = REGISTERED[label]
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"{name}_add")).status_code == 200
    # The seed has rows of every model but reviews and corrections.
    obj = model.objects.first()
    if obj is not None:
        assert admin_client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200


def test_the_claim_list_searches_by_speaker_alias(admin_client, seeded):
    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": "SDF"})
    assert response.status_code == 200
    assert "reached no agreement" in response.content.decode()
    assert "Our Defense Ministry confirms" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
