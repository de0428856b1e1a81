"""One write path: whichever door a curator uses (admin pages, inlines, deletes, actions, the API,
the import job, the command), every curated row is written by a service, with the user and the door
in its history."""

import sys
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from access.models import AccessCondition, AccessRequest, OutdatedInformationReport, PriceIndication
from infrastructures.models import Equipment, FundingRecord, Infrastructure, Organisation, OrganisationFigure
from tests import factories
from tests.admin_forms import add_inline_row, form_data
from tests.rights import make_cast
from tests.uploads import confirm, run_after_commit, upload

pytestmark = pytest.mark.django_db

CURATED = [
    Infrastructure,
    Organisation,
    OrganisationFigure,
    Equipment,
    FundingRecord,
    AccessCondition,
    PriceIndication,
    AccessRequest,
    OutdatedInformationReport,
]


def _called_from_a_service():
    """A services module on the call stack; or the search index (derived columns, rebuilt after the
    commit of a service's write)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(("services.py", "infrastructures/search.py")) or "/services/" in name:
            return True
        frame = frame.f_back
    return False


@contextmanager
def only_services_write(monkeypatch):
    """Fail on any save() or delete() of a curated model, or update() or delete() of a queryset of
    one, that no services function called."""
    outside = []
    for method in ("update", "delete"):
        original = getattr(QuerySet, method)

        def guarded_queryset(self, *args, _original=original, _method=method, **kwargs):
            if self.model in CURATED and not _called_from_a_service():
                outside.append(f"{self.model.__name__}.objects.{_method}")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(QuerySet, method, guarded_queryset)
    for model in CURATED:
        for method in ("save", "delete"):
            original = getattr(model, method)

            def guarded(self, *args, _original=original, _name=f"{model.__name__}.{method}", **kwargs):
                if not _called_from_a_service():
                    outside.append(_name)
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(model, method, guarded)
    yield outside
    assert not outside, f"written outside the services: {sorted(set(outside))}"


@pytest.fixture
def cast(db):
    cast = make_cast()
    cast.programme = factories.programme(slug="horizon", kind="eu_framework")
    return cast


def admin_change(client, model, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def test_admin_pages_inlines_deletes_and_actions_write_through_the_services(client, cast, monkeypatch):
    manager = cast.users["manager_a"]
    entry = cast.draft_a
    equipment = Equipment.objects.create(infrastructure=entry, name_en="Old microscope")
    FundingRecord.objects.create(programme=cast.programme, infrastructure=entry, amount="10.00")
    condition = AccessCondition.objects.create(infrastructure=entry, open_to_smes=True)
    price = PriceIndication.objects.create(
        access_condition=condition, tier="sme", unit="day", amount_from="5"
    )
    request = factories.access_request(
        entry, company_name="Acme", company_size="small", contact_name="A", consent=True,
        contact_email="a@example.com", need="Tests",
    )  # fmt: skip
    spare = Equipment.objects.create(infrastructure=entry, name_en="Spare")
    other_price = PriceIndication.objects.create(
        access_condition=condition, tier="academic", unit="day", on_quote=True
    )
    client.force_login(manager)
    with only_services_write(monkeypatch):
        # The entry's page: a field, one inline row changed, one deleted, one added.
        url = admin_change(client, Infrastructure, entry.pk)
        data = form_data(client.get(url))
        data["summary_en"] = "Changed in the admin"
        data["equipment-0-name_en"] = "New microscope"
        data["funding_records-0-DELETE"] = "on"
        add_inline_row(data, "equipment", name_en="Laser")
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["errors"]
        # Each dependent row on its own page; prices inline on the access condition's page.
        for model, row, field, value in [
            (Equipment, equipment, "model_number", "X-1"),
            (AccessCondition, condition, "lead_time_days", "7"),
            (PriceIndication, price, "amount_from", "6.00"),
        ]:
            url = admin_change(client, model, row.pk)
            data = form_data(client.get(url)) | {field: value}
            if model is AccessCondition:
                add_inline_row(data, "prices", tier="academic", unit="hour", amount_from="1.00")
            response = client.post(url, data)
            assert response.status_code == 302, (model, response.context and response.context["errors"])
        # The organisation's page, with its own funding inline.
        url = admin_change(client, Organisation, entry.owner_id)
        data = form_data(client.get(url)) | {"city": "Lommel"}
        add_inline_row(data, "funding_records", programme=cast.programme.pk, amount="3.00")
        assert client.post(url, data).status_code == 302
        # An access request's status, on its page.
        url = admin_change(client, AccessRequest, request.pk)
        assert client.post(url, form_data(client.get(url)) | {"status": "forwarded"}).status_code == 302
        # Removing rows: "delete selected" on a list, and a row's delete page.
        response = client.post(
            reverse("admin:infrastructures_equipment_changelist"),
            {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"},
        )
        assert response.status_code == 302 and not Equipment.objects.filter(pk=spare.pk).exists()
        url = reverse("admin:access_priceindication_delete", args=[other_price.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not PriceIndication.objects.filter(pk=other_price.pk).exists()
        # Workflow actions.
        changelist = reverse("admin:infrastructures_infrastructure_changelist")
        for action in ("move_to_published", "mark_reviewed"):
            client.post(changelist, {"action": action, "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.summary_en == "Changed in the admin" and entry.publication_state == "published"
    assert sorted(entry.equipment.values_list("name_en", flat=True)) == ["Laser", "New microscope"]
    assert not entry.funding_records.exists()
    request.refresh_from_db()
    assert request.status == "forwarded"
    # Who and which door, in every history row those writes made (inline rows included).
    for model in (Infrastructure, Equipment, FundingRecord, AccessCondition, PriceIndication, Organisation,
                  AccessRequest):  # fmt: skip
        rows = model.history.all()
        made_here = rows.filter(history_change_reason="admin")
        assert made_here.exists(), model
        assert set(made_here.values_list("history_user__username", flat=True)) == {"manager-a"}, model
    deleted = FundingRecord.history.filter(history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (manager, "admin")


def test_the_api_writes_through_the_services(cast, monkeypatch):
    manager = cast.users["manager_a"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=manager).key)
    request = factories.access_request(
        cast.draft_a, company_name="Acme", company_size="small", contact_name="A",
        contact_email="a@example.com", need="Tests", consent=True,
    )  # fmt: skip
    new = {
        "slug": "api-lab", "name_en": "API lab", "kind": "lab", "owner": "owner-a", "region": "flanders",
        "equipment": [{"name_en": "Laser"}],
        "access_conditions": [{"prices": [{"tier": "sme", "unit": "day", "amount_from": "1.00"}]}],
        "funding_records": [{"programme": "horizon", "amount": "5.00"}],
    }  # fmt: skip
    with only_services_write(monkeypatch), run_after_commit():
        assert client.post("/api/v1/infrastructures/", new, format="json").status_code == 201
        etag = client.get("/api/v1/infrastructures/api-lab/")["ETag"]
        response = client.put("/api/v1/infrastructures/api-lab/", new, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200
        response = client.patch("/api/v1/infrastructures/api-lab/", {"city": "Genk"}, format="json")
        assert response.status_code == 200
        organisation = {"slug": "new-org", "name_en": "New org", "kind": "company", "region": "flanders"}
        assert client.post("/api/v1/organisations/", organisation, format="json").status_code == 201
        response = client.patch("/api/v1/organisations/new-org/", {"city": "Gent"}, format="json")
        assert response.status_code == 200
        response = client.patch(
            f"/api/v1/access-requests/{request.pk}/", {"status": "forwarded"}, format="json"
        )
        assert response.status_code == 200
    entry = Infrastructure.objects.get(slug="api-lab")
    latest = entry.history.first()
    assert (latest.city, latest.history_user, latest.history_change_reason) == ("Genk", manager, "api")
    for model in (Equipment, AccessCondition, PriceIndication, FundingRecord, Organisation, AccessRequest):
        latest = model.history.first()
        assert (latest.history_user, latest.history_change_reason) == (manager, "api"), model


def test_the_import_job_and_the_command_write_through_the_services(client, cast, monkeypatch, tmp_path):
    manager = cast.users["manager_a"]
    client.force_login(manager)
    content = (
        b"slug,name_en,kind,owner,region\n"
        b"job-lab,Job lab,lab,owner-a,flanders\n"
        b"draft-a,Renamed,lab,owner-a,flanders\n"
    )
    file = tmp_path / "entries.csv"
    file.write_bytes(content.replace(b"job-lab", b"cmd-lab").replace(b"Renamed", b"Renamed again"))
    with only_services_write(monkeypatch):
        done = confirm(client, upload(client, content))
        assert "1 created, 1 updated" in done.content.decode()
        call_command("import_infrastructures", str(file), user="manager-a")
    job_row = Infrastructure.objects.get(slug="job-lab").history.first()
    assert (job_row.history_user, job_row.history_change_reason) == (manager, "import")
    command_row = Infrastructure.objects.get(slug="draft-a").history.first()
    assert (command_row.name_en, command_row.history_user, command_row.history_change_reason) == (
        "Renamed again",
        manager,
        "command",
    )


def test_the_data_quality_page_marks_entries_verified_through_the_services(client, cast, monkeypatch):
    client.force_login(cast.users["manager_a"])
    with only_services_write(monkeypatch):
        client.post(reverse("curation:quality"), {"entry": [cast.draft_a.pk]})
    latest = cast.draft_a.history.first()
    assert latest.last_reviewed_on is not None and latest.history_change_reason == "admin"


def test_the_guard_itself_catches_a_direct_write(cast, monkeypatch):
    with pytest.raises(AssertionError, match=r"Infrastructure\.save"):
        with only_services_write(monkeypatch):
            cast.draft_a.name_en = "Written around the services"
            cast.draft_a.save()
