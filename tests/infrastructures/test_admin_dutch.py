"""A curator working in Dutch reads names, not stored codes: the entry's publication log and its
change history in the admin, and the help of the spreadsheet import, which shows each code a file
may hold with its name ("pilot_line (Pilootlijn)")."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from access import services as access_services
from access.models import AccessCondition, AccessRequest, PriceIndication
from infrastructures import services
from infrastructures.admin_display import DOORS
from infrastructures.columns import SHEETS_BY_NAME
from infrastructures.models import Infrastructure, PublicationEvent
from tests import factories
from tests.rights import make_cast

pytestmark = pytest.mark.django_db

State = Infrastructure.PublicationState


def visible_text(html):
    """The page's text as a reader sees it: no scripts, no tags, no attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text)


def dutch(label):
    with translation.override("nl"):
        return str(label)


def stands_alone(code, text):
    """Whether `code` occurs in `text` other than followed by its name: "pilot_line (Pilootlijn)"."""
    return re.search(rf"\b{code}\b(?! \()", text) is not None


@pytest.fixture
def moved(db):
    """A Flanders draft submitted, published and re-categorised by its regional manager."""
    cast = make_cast()
    manager, entry = cast.users["manager_a"], cast.draft_a
    for to_state in (State.IN_REVIEW, State.PUBLISHED):
        services.infrastructure_transition(
            user=manager, infrastructure=entry, to_state=to_state, origin="admin"
        )
    services.infrastructure_update(
        user=manager, infrastructure=entry, data={"kind": Infrastructure.Kind.PILOT_LINE}, origin="admin"
    )
    return manager, entry


def admin_url(name, entry):
    with translation.override("nl"):
        return reverse(f"admin:infrastructures_infrastructure_{name}", args=[entry.pk])


def test_the_publication_log_names_the_states_in_dutch(client, moved):
    manager, entry = moved
    client.force_login(manager)
    url = admin_url("change", entry)
    assert url.startswith("/nl/admin/")
    response = client.get(url)
    page = response.content.decode()
    text = visible_text(
        re.search(r"<fieldset[^>]*publication_events-heading.*?</fieldset>", page, re.S).group()
    )
    for state in (State.DRAFT, State.IN_REVIEW, State.PUBLISHED):
        assert dutch(state.label) in text
    assert f"{dutch(State.IN_REVIEW.label)} → {dutch(State.PUBLISHED.label)}" in text
    assert dutch(PublicationEvent.Origin.ADMIN.label) in text
    for code in ("draft", "in_review", "published"):
        assert not stands_alone(code, text), code


def test_the_change_history_names_states_kinds_and_doors_in_dutch(client, moved):
    manager, entry = moved
    client.force_login(manager)
    text = visible_text(client.get(admin_url("history", entry)).content.decode())
    assert f"{dutch(State.IN_REVIEW.label)} → {dutch(State.PUBLISHED.label)}" in text
    assert f"{dutch(Infrastructure.Kind.LAB.label)} → {dutch(Infrastructure.Kind.PILOT_LINE.label)}" in text
    assert dutch(PublicationEvent.Origin.ADMIN.label) in text  # the door the change came through
    assert "None" not in text  # a row without a recorded door (the factory's) says nothing
    for code in ("draft", "in_review", "published", "lab", "pilot_line", "admin"):
        assert not stands_alone(code, text), code


def test_an_access_requests_history_names_its_statuses_and_doors_in_dutch(client, db):
    cast = make_cast()
    manager = cast.users["manager_a"]
    request = factories.access_request(cast.published_a)
    access_services.access_request_move(
        user=manager, access_request=request, status=AccessRequest.Status.IN_DISCUSSION, origin="curation"
    )
    client.force_login(manager)
    with translation.override("nl"):
        url = reverse("admin:access_accessrequest_history", args=[request.pk])
    text = visible_text(client.get(url).content.decode())
    Status = AccessRequest.Status
    assert f"{dutch(Status.NEW.label)} → {dutch(Status.IN_DISCUSSION.label)}" in text
    assert dutch(DOORS["curation"]) in text
    for code in ("new", "in_discussion", "curation"):
        assert not stands_alone(code, text), code


def test_the_import_help_gives_each_code_with_its_dutch_name(client, moved):
    manager, _entry = moved
    client.force_login(manager)
    page = client.get("/nl/curation/import/").content.decode()
    # Column and sheet names in <code> are what a file's headers and tabs say: leave them out.
    help_text = visible_text(re.sub(r"<code>.*?</code>", "", page))

    pilot_line = f"pilot_line ({dutch(Infrastructure.Kind.PILOT_LINE.label)})"
    operational = f"operational ({dutch(Infrastructure.OperationalStatus.OPERATIONAL.label)})"
    assert pilot_line in help_text
    assert f"{operational})" in help_text  # what a new entry gets when the file says nothing
    for name in ("equipment", "access_conditions", "prices", "funding"):  # sheets the help refers to
        assert f"{name} ({dutch(SHEETS_BY_NAME[name].title)})" in help_text
    coded = {
        code: label
        for choices in (
            Infrastructure.Kind,
            Infrastructure.OperationalStatus,
            AccessCondition.AccessMode,
            PriceIndication.Tier,
            PriceIndication.Unit,
        )
        for code, label in choices.choices
    } | {name: sheet.title for name, sheet in SHEETS_BY_NAME.items()}
    for code, label in coded.items():  # each code shown with its name: take the pair out...
        help_text = help_text.replace(f"{code} ({dutch(label)})", "")
    assert [code for code in coded if re.search(rf"\b{code}\b", help_text)] == []  # ...and none is left
