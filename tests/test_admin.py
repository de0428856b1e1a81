"""A curator can open every list and every page of the admin for the seed data."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Access requests come from companies, task results from the job worker, login attempts from
# django-axes: nobody adds them by hand.
ADDED_ELSEWHERE = {
    "access.AccessRequest",
    "django_tasks_database.DBTaskResult",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}


@pytest.fixture
def curator_client(client, django_user_model, seed):
    user = django_user_model.objects.create_superuser("curator", "curator@example.com", "pw")
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [model for model, _ in REGISTERED], ids=lambda m: m._meta.label)
def test_changelist_add_and_every_change_page_answer(curator_client, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 200
    assert curator_client.get(admin_url(model, "changelist"), {"q": "flanders"}).status_code == 200
    expected = 403 if model._meta.label in ADDED_ELSEWHERE else 200
    assert curator_client.get(admin_url(model, "add")).status_code == expected
    for pk in model._default_manager.values_list("pk", flat=True):
        response = curator_client.get(admin_url(model, "change", pk))
        assert response.status_code == 200, (model, pk)


def test_every_model_of_the_domain_is_in_the_admin():
    labels = {model._meta.label for model, _ in REGISTERED}
    assert {
        "regions.Region",
        "infrastructures.Infrastructure",
        "infrastructures.Organisation",
        "infrastructures.FundingRecord",
        "infrastructures.Cluster",
        "access.AccessCondition",
        "access.AccessRequest",
    } <= labels


def test_infrastructure_page_has_funding_equipment_and_access_inlines(curator_client):
    from infrastructures.models import Infrastructure

    lommel = Infrastructure.objects.get(slug="familiar-lommel")
    page = curator_client.get(admin_url(Infrastructure, "change", lommel.pk)).content.decode()
    assert "FAMILIAR" in page
    assert 'id="equipment-group"' in page
    assert 'id="funding_records-group"' in page
    assert 'id="access_conditions-group"' in page


def test_changelist_query_count_does_not_grow_with_rows(curator_client, django_assert_max_num_queries):
    from infrastructures.models import Infrastructure
    from tests import factories

    owner = factories.organisation()
    for _ in range(30):
        factories.infrastructure(owner=owner)
    with django_assert_max_num_queries(12):
        assert curator_client.get(admin_url(Infrastructure, "changelist")).status_code == 200
