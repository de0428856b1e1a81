"""The public request form: every bad input is an error beside its field and stores nothing; a
good request is stored exactly as typed, once, and only for a published infrastructure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import AccessRequest
from infrastructures.models import Infrastructure
from tests.uploads import page_text, run_after_commit

pytestmark = pytest.mark.django_db


def request_url(entry):
    return reverse("access:request", args=[entry.slug])


def send(client, url, data):
    with run_after_commit():
        return client.post(url, data)


def test_a_company_sends_a_request_and_sees_its_reference(client, cast, company, mailoutbox):
    response = send(client, request_url(cast.published_a), company)
    stored = AccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "access:sent", args=[stored.reference]
    )
    page = client.get(response["Location"])
    assert stored.reference in page_text(page)
    # What the company typed comes back as it typed it.
    assert (stored.company_name, stored.vat_number, stored.contact_phone, stored.need) == (
        company["company_name"], company["vat_number"], company["contact_phone"], company["need"],
    )  # fmt: skip
    assert (str(stored.wanted_from), str(stored.wanted_until), stored.country.code) == (
        "2027-03-01", "2027-03-31", "BE",
    )  # fmt: skip
    assert stored.wants_updates and stored.consent and stored.language == "en"
    assert list(stored.regions.all()) == [cast.region_a] and stored.infrastructure == cast.published_a
    assert [event.status for event in stored.events.all()] == ["new"]


def test_the_detail_page_leads_to_the_form(client, cast):
    page = client.get(cast.published_a.get_absolute_url()).content.decode()
    assert (
        page.count(f'href="{request_url(cast.published_a)}"') == 2
    )  # "How your company gets in" and "At a glance"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"company_name": ""}, "company_name", "This field is required."),
        ({"company_name": "x" * 201}, "company_name", "at most 200 characters"),
        ({"contact_email": "an-at-acme"}, "contact_email", "valid email address"),
        ({"contact_name": "   "}, "contact_name", "This field is required."),
        ({"need": ""}, "need", "This field is required."),
        ({"need": "x" * 5001}, "need", "at most 5000 characters"),
        ({"contact_phone": "1" * 41}, "contact_phone", "at most 40 characters"),
        ({"company_size": "huge"}, "company_size", "Select a valid choice"),
        ({"company_size": ""}, "company_size", "This field is required."),
        ({"country": "XX"}, "country", "Select a valid choice"),
        ({"consent": ""}, "consent", "with your consent"),
        ({"wanted_from": "31/02/2027"}, "wanted_from", "Enter a valid date"),
        ({"wanted_until": "2027-02-01"}, "wanted_until", "comes before its start"),
        ({"wanted_from": "2020-01-01", "wanted_until": "2020-02-01"}, "wanted_until", "over already"),
        ({"wanted_from": "2020-01-01", "wanted_until": ""}, "wanted_from", "This date is past"),
        # VAT and enterprise numbers, checked with python-stdnum
        ({"vat_number": "0403.170.702"}, "vat_number", "check its digits"),  # Belgian check digits
        ({"vat_number": "NL004495446B01", "country": "NL"}, "vat_number", "check its digits"),
        ({"vat_number": "DE136695978", "country": "DE"}, "vat_number", "check its digits"),
        ({"vat_number": "XX123456789"}, "vat_number", "not the prefix of an EU VAT number"),
        (
            {"vat_number": "123456789", "country": "US"},
            "vat_number",
            "Start the number with its country code",
        ),
        ({"vat_number": "1" * 31}, "vat_number", "at most 30 characters"),
        ({"website": "http://spam.example"}, "website", "Leave this field empty"),  # the honeypot
    ],
)
def test_each_bad_field_is_named_and_nothing_is_stored(
    client, cast, company, mailoutbox, changes, field, message
):
    response = send(client, request_url(cast.published_a), {**company, **changes})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field]), response.context["form"].errors
    assert not AccessRequest.objects.exists() and not mailoutbox
    # The company's text is still in the form, to correct and send again.
    assert company["need"][:30] in response.content.decode() or "need" in changes


def test_the_error_summary_links_to_each_field_with_a_problem(client, cast, company):
    import re

    response = send(client, request_url(cast.published_a), {"website": "", "regions": []})
    html = response.content.decode()
    targets = re.findall(r'<li><a href="#([^"]+)">', html)
    assert {"id_company_name", "id_company_size", "id_consent"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in html, target


@pytest.mark.parametrize(
    "vat_number, country",
    [
        ("BE0403170701", ""), ("be 0403 170 701", "NL"), ("0403.170.701", "BE"), ("NL004495445B01", ""),
        ("12345678", "NL"), ("DE136695976", ""), ("136695976", "DE"), ("EL094259216", ""),
        ("094259216", "GR"), ("", ""),
    ],
)  # fmt: skip
def test_eu_vat_and_enterprise_numbers_are_accepted_as_typed(client, cast, company, vat_number, country):
    response = send(
        client, request_url(cast.published_a), {**company, "vat_number": vat_number, "country": country}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert AccessRequest.objects.get().vat_number == vat_number.strip()


def test_a_request_sent_twice_is_stored_once(client, cast, company, mailoutbox):
    first = send(client, request_url(cast.published_a), company)
    # A double click, a reload, the same text with other spacing and capitals.
    again = send(client, request_url(cast.published_a), {**company, "need": company["need"].upper() + "  "})
    assert first["Location"] == again["Location"]
    assert AccessRequest.objects.count() == 1 and len(mailoutbox) == 2  # curators + confirmation, once
    # Another need is another request.
    send(client, request_url(cast.published_a), {**company, "need": "A second, different test."})
    assert AccessRequest.objects.count() == 2


@pytest.mark.parametrize("state", ["draft", "archived"])
def test_drafts_and_archived_entries_take_no_requests(client, cast, company, state):
    Infrastructure.objects.filter(pk=cast.published_a.pk).update(publication_state=state)
    assert client.get(request_url(cast.published_a)).status_code == 404
    assert send(client, request_url(cast.published_a), company).status_code == 404
    assert not AccessRequest.objects.exists()


def test_the_rate_limit_refuses_with_429_and_keeps_the_text(client, cast, company, settings):
    settings.ACCESS_REQUEST_RATE = "2/h"
    for _mistake in range(3):  # a company correcting its typing is not held back
        assert (
            send(client, request_url(cast.published_a), {**company, "contact_email": "x"}).status_code == 400
        )
    for need in ("First need", "Second need"):
        assert send(client, request_url(cast.published_a), {**company, "need": need}).status_code == 302
    response = send(client, request_url(cast.published_a), {**company, "need": "Third need"})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"  # the rate's period: the whole window, at most
    assert "Too many requests" in page_text(response) and "Third need" in response.content.decode()
    assert AccessRequest.objects.count() == 2
    # Another address is not held back by this one.
    other = send(client.__class__(REMOTE_ADDR="192.0.2.7"), request_url(cast.published_a), company)
    assert other.status_code == 302


def test_the_form_needs_its_csrf_token(cast, company):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(request_url(cast.published_a), company)
    assert response.status_code == 403 and not AccessRequest.objects.exists()


def test_the_confirmation_shows_only_in_the_browser_that_sent_it(client, cast, company):
    location = send(client, request_url(cast.published_a), company)["Location"]
    assert client.get(location).status_code == 200
    from django.test import Client

    assert Client().get(location).status_code == 404


def test_the_form_speaks_dutch_and_the_request_remembers_it(client, cast, company):
    url = "/nl" + request_url(cast.published_a)
    assert "Toegang aanvragen tot" in page_text(client.get(url))
    response = send(client, url, {**company, "company_name": ""})
    assert "Dit veld is vereist." in response.context["form"].errors["company_name"]
    send(client, url, company)
    assert AccessRequest.objects.get().language == "nl"


def test_the_public_request_pages_keep_their_query_count_as_the_catalogue_grows(
    client, cast, company, django_assert_max_num_queries
):
    from tests import factories

    def pages():
        with django_assert_max_num_queries(4):
            assert client.get(request_url(cast.published_a)).status_code == 200
        with django_assert_max_num_queries(4):
            assert client.get(reverse("access:one-stop")).status_code == 200

    pages()
    for number in range(30):
        factories.region(slug=f"region-{number}")
        factories.theme(slug=f"theme-{number}")
    pages()
    location = send(client, request_url(cast.published_a), company)["Location"]
    with django_assert_max_num_queries(5):
        assert client.get(location).status_code == 200


def test_a_corrected_resend_is_not_silently_dropped(client, cast, company):
    url = reverse("access:request", args=[cast.published_a.slug])
    with run_after_commit():
        client.post(url, company)
        corrected = {**company, "contact_phone": "+32 9 999 99 99", "company_size": "medium",
                     "wanted_from": "2027-05-01", "wanted_until": "2027-05-31"}  # fmt: skip
        client.post(url, corrected)
    stored = set(AccessRequest.objects.values_list("contact_phone", "company_size", "wanted_from"))
    assert ("+32 9 999 99 99", "medium", timezone.datetime(2027, 5, 1).date()) in stored
