"""The home page's first screen and the detail page promise only what the data holds: themes with
entries (no "0 infrastructures"), entries verified recently, "last verified on" only with a date,
a contact only where there is one (else the access request), no heading with nothing under it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from access.models import AccessCondition
from infrastructures.models import Equipment, Infrastructure
from rii_catalogue import catalogue_version
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Infrastructure.PublicationState.PUBLISHED, Infrastructure.PublicationState.DRAFT


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def section(page, heading_id):
    """The HTML of the <section> labelled by `heading_id` ('' when there is none)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def words(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def region():
    return factories.region(slug="flanders", name_en="Flanders")


# The home page


def test_theme_cards_show_themes_with_published_entries_most_first_and_no_zero(client, region):
    busy, quiet = factories.theme(name_en="Photonics"), factories.theme(name_en="Blue economy")
    drafts_only = factories.theme(name_en="Hydrogen")
    factories.theme(name_en="Space")  # no entry at all
    owner = factories.organisation(region=region)
    factories.infrastructure(owner=owner, themes=[quiet, busy])
    factories.infrastructure(owner=owner, themes=[busy])
    factories.infrastructure(owner=owner, themes=[quiet, drafts_only], publication_state=DRAFT)

    page = text(client.get("/"))
    cards = words(section(page, "themes-heading"))
    assert "Photonics 2 infrastructures" in cards and "Blue economy 1 infrastructure" in cards
    assert cards.index("Photonics") < cards.index("Blue economy")  # the most entries first
    assert "Hydrogen" not in page and "Space" not in page  # nothing published: not advertised
    assert not re.search(r"\b0 infrastructures?\b", words(page))
    assert f"{reverse('catalogue:search')}?theme={busy.slug}" in section(page, "themes-heading")


def test_the_first_screen_says_what_the_catalogue_holds_and_for_whom(client, region):
    owner = factories.organisation(region=region)
    open_lab = factories.infrastructure(owner=owner)
    AccessCondition.objects.create(infrastructure=open_lab, open_to_smes=True)
    factories.infrastructure(owner=owner)
    factories.infrastructure(publication_state=DRAFT)  # another owner and region, unpublished

    page = text(client.get("/"))
    hero = words(section(page, "intro-heading"))
    assert "your company" in hero and 'name="q"' in section(page, "intro-heading")
    facts = words(section(page, "facts-heading"))
    assert "2 infrastructures" in facts and "1 open to SMEs" in facts
    assert "1 owner" in facts and "1 region" in facts
    assert f'href="{reverse("catalogue:search")}?sme=true"' in section(page, "facts-heading")


def test_an_empty_catalogue_promises_nothing(client):
    factories.infrastructure(publication_state=DRAFT)
    page = words(text(client.get("/")))
    assert "0 infrastructures" not in page and "0 owners" not in page
    assert "No infrastructure is published yet" in page
    assert "Recently verified" not in page


def test_recently_verified_entries_newest_first_published_only(client, region):
    owner = factories.organisation(region=region)
    for day in range(1, 8):  # seven verified entries: a handful is shown
        factories.infrastructure(
            owner=owner, name_en=f"Verified lab {day}", last_reviewed_on=date(2026, 1, day)
        )
    factories.infrastructure(owner=owner, name_en="Never verified lab")
    factories.infrastructure(
        owner=owner, name_en="Hidden draft lab", last_reviewed_on=date(2026, 2, 1), publication_state=DRAFT
    )

    recent = section(text(client.get("/")), "recent-heading")
    names = re.findall(r"Verified lab (\d)", recent)
    assert names == ["7", "6", "5", "4"]
    assert "Never verified lab" not in recent and "Hidden draft lab" not in recent
    assert "Verified on 7 January 2026" in words(recent)
    assert "sort=-verified" in recent  # the way to all of them


def test_no_recently_verified_section_when_nothing_is_verified(client, region):
    factories.infrastructure(region=region)
    assert section(text(client.get("/")), "recent-heading") == ""


def test_the_dutch_home_page_answers(client, region):
    factories.infrastructure(region=region, last_reviewed_on=date(2026, 1, 5))
    page = text(client.get("/nl/"))
    assert '<html lang="nl">' in page and 'name="q"' in page


def _catalogue(size):
    """`size` regions, owners, themes and verified published entries (plus drafts)."""
    for n in range(size):
        region = factories.region()
        owner = factories.organisation(region=region)
        theme = factories.theme()
        entry = factories.infrastructure(
            owner=owner, themes=[theme], last_reviewed_on=date(2026, 1, 1 + n % 28)
        )
        AccessCondition.objects.create(infrastructure=entry, open_to_smes=True)
        factories.infrastructure(owner=owner, themes=[theme], publication_state=DRAFT)


def test_home_queries_stay_flat_as_the_catalogue_grows(client, django_assert_max_num_queries):
    _catalogue(2)
    # Counted afresh: the overview's 4 queries, the database cache storing it and the catalogue's
    # version token (6 each), the recently verified entries.
    with django_assert_max_num_queries(18):
        small = text(client.get("/"))
    _catalogue(25)
    catalogue_version.advance()  # as the services do after a committed change
    with django_assert_max_num_queries(12):
        large = text(client.get("/"))
    assert small.count('class="result"') == 2 and large.count('class="result"') == 4


# The detail page


def test_last_verified_only_with_a_date(client, region):
    verified = factories.infrastructure(region=region, last_reviewed_on=date(2026, 3, 2))
    never = factories.infrastructure(region=region)
    assert "Last verified on 2 March 2026" in words(text(client.get(verified.get_absolute_url())))
    page = words(text(client.get(never.get_absolute_url())))
    assert "Last verified" not in page and "not yet verified" not in page


def test_without_a_contact_the_contact_box_offers_the_access_request(client, region):
    entry = factories.infrastructure(region=region, name_en="Quiet lab")
    page = text(client.get(entry.get_absolute_url()))
    contact = section(page, "contact-heading")
    request_url = reverse("access:request", args=[entry.slug])
    assert f'href="{request_url}"' in contact
    assert "No contact person is listed" in words(contact) and "Flanders" in words(contact)
    assert "<dl>" not in contact  # no empty list of contact details
    help_text = words(section(page, "access-heading"))
    assert "when it has one" not in help_text and "the curators of Flanders" in help_text
    assert page.count(f'href="{request_url}"') == 2  # in "How your company gets in" and the contact box


def test_with_a_contact_the_page_names_it_and_says_the_request_reaches_it(client, region):
    entry = factories.infrastructure(
        region=region, contact_name="Els Peeters", contact_email="els@lab.example", contact_phone="+32 11 22"
    )
    page = text(client.get(entry.get_absolute_url()))
    contact = words(section(page, "contact-heading"))
    assert "Els Peeters" in contact and "els@lab.example" in contact and "+32 11 22" in contact
    assert "No contact person" not in contact
    assert "goes to the infrastructure's contact" in words(section(page, "access-heading"))


def test_a_website_alone_is_shown_but_is_no_contact_person(client, region):
    entry = factories.infrastructure(region=region, website="https://lab.example")
    contact = words(section(text(client.get(entry.get_absolute_url())), "contact-heading"))
    assert "https://lab.example" in contact and "No contact person is listed" in contact


def test_a_bare_entry_shows_no_heading_with_nothing_under_it(client, region):
    entry = factories.infrastructure(region=region)
    page = text(client.get(entry.get_absolute_url()))
    for heading in ("what-heading", "equipment-heading", "funding-heading", "related-heading", "map-heading"):
        assert section(page, heading) == "", heading
    assert not re.search(r"<dl>\s*</dl>", page) and not re.search(r"<ul>\s*</ul>", page)
    # No terms published: the request is the way to learn them, from whoever answers.
    access = words(section(page, "access-heading"))
    assert (
        "The terms of access are not published yet" in access and "the infrastructure tells you" not in access
    )


def test_an_access_condition_with_nothing_to_say_is_not_an_empty_box(client, region):
    entry = factories.infrastructure(region=region)
    AccessCondition.objects.create(infrastructure=entry, request_required=True)
    Equipment.objects.create(infrastructure=entry, name_en="Climate chamber")
    page = text(client.get(entry.get_absolute_url()))
    access = words(section(page, "access-heading"))
    assert "Request needed yes" in access
    assert "Climate chamber" in words(section(page, "equipment-heading"))


def test_the_detail_page_links_to_the_outdated_information_form(client, region):
    entry = factories.infrastructure(region=region)
    page = text(client.get(entry.get_absolute_url()))
    assert f'href="{reverse("access:report-outdated", args=[entry.slug])}"' in page


def test_detail_queries_stay_flat(client, region, django_assert_max_num_queries):
    theme = factories.theme()
    entry = factories.infrastructure(region=region, themes=[theme], last_reviewed_on=date(2026, 1, 1))
    with django_assert_max_num_queries(10):
        text(client.get(entry.get_absolute_url()))
    for _ in range(10):
        factories.infrastructure(region=region, themes=[theme])
    with django_assert_max_num_queries(10):
        text(client.get(entry.get_absolute_url()))
