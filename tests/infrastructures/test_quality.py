"""The data-quality report: each rule, the counts, one problem at a time, pages, and its cost."""

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse

from infrastructures import quality
from infrastructures.models import Infrastructure
from infrastructures.quality import PROBLEMS, quality_page
from regions import roles
from tests import factories
from tests.rights import make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def complete(**fields):
    """An entry the report has nothing to say about."""
    defaults = {
        "name_nl": "Volledig labo",
        "summary_en": "What it does.",
        "summary_nl": "Wat het doet.",
        "contact_email": "lab@example.com",
        "latitude": "51.0",
        "longitude": "4.0",
        "last_reviewed_on": TODAY,
    }
    entry = factories.infrastructure(**(defaults | fields))
    entry.access_conditions.create(open_to_smes=True)
    return entry


def rows_by_slug(report):
    return {row.entry.slug: row for row in report.page}


def test_each_rule():
    owner, other_owner = factories.organisation(), factories.organisation()
    fine = complete(owner=owner, name_en="Complete lab")
    stale = factories.infrastructure(
        owner=owner, name_en="Stale lab", last_reviewed_on=TODAY - timedelta(days=366)
    )
    twin = complete(owner=owner, name_en="  stale LAB.")
    namesake = complete(owner=other_owner, name_en="Stale lab")
    just_verified = complete(
        owner=owner, name_en="Verified a year ago", last_reviewed_on=TODAY - timedelta(365)
    )

    report = quality_page(Infrastructure.objects.all(), today=TODAY)

    rows = rows_by_slug(report)
    assert fine.slug not in rows and namesake.slug not in rows and just_verified.slug not in rows
    assert rows[stale.slug].problems == list(PROBLEMS)
    assert rows[twin.slug].problems == ["duplicate"]
    assert [other.slug for other in rows[stale.slug].duplicates] == [twin.slug]
    assert [other.slug for other in rows[twin.slug].duplicates] == [stale.slug]
    assert rows[twin.slug].duplicate_count == 1


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"contact_email": ""}, None),  # a phone is enough
        ({"contact_email": "", "contact_phone": ""}, "no_contact"),
        ({"latitude": None, "longitude": None}, "no_coordinates"),
        ({"name_nl": ""}, "no_dutch"),
        ({"summary_nl": None}, "no_dutch"),
        ({"last_reviewed_on": None}, "not_reviewed"),
    ],
)
def test_one_missing_fact_is_one_problem(fields, problem):
    entry = complete(**({"contact_phone": "+32 9 000 00 00"} | fields))
    rows = rows_by_slug(quality_page(Infrastructure.objects.all(), today=TODAY))
    assert (rows[entry.slug].problems if entry.slug in rows else []) == ([problem] if problem else [])


def test_no_access_conditions():
    entry = complete()
    entry.access_conditions.all().delete()
    assert rows_by_slug(quality_page(Infrastructure.objects.all(), today=TODAY))[entry.slug].problems == [
        "no_access_conditions"
    ]


def test_duplicates_are_looked_for_only_among_the_entries_given():
    owner = factories.organisation()
    mine = complete(owner=owner, name_en="Shared lab", region=owner.region)
    complete(owner=owner, name_en="Shared lab", region=factories.region())  # not the curator's
    report = quality_page(Infrastructure.objects.filter(region=owner.region), today=TODAY)
    assert mine.slug not in rows_by_slug(report)
    assert report.counts["duplicate"] == 0


def test_counts():
    owner = factories.organisation()
    complete(owner=owner)
    factories.infrastructure(owner=owner, name_en="Bare lab")
    complete(owner=owner, name_en="Bare-lab", latitude=None, longitude=None)
    complete(owner=owner, name_en="Old lab", last_reviewed_on=date(2020, 1, 1))
    report = quality_page(Infrastructure.objects.filter(owner=owner), today=TODAY)
    assert report.counts == {
        "no_contact": 1,
        "no_coordinates": 2,
        "no_access_conditions": 1,
        "no_dutch": 1,
        "not_reviewed": 2,
        "duplicate": 2,
    }
    assert report.summary[0] == ("no_contact", PROBLEMS["no_contact"], 1)
    assert report.page.paginator.count == 3


def test_one_problem_and_pages():
    owner = factories.organisation()
    Infrastructure.objects.bulk_create(
        Infrastructure(
            slug=f"bare-{n:03}", name_en=f"Bare lab {n:03}", kind="lab", owner=owner, region=owner.region
        )
        for n in range(120)
    )
    for name in ("Twin lab", "Twin lab."):
        complete(owner=owner, name_en=name)
    entries = Infrastructure.objects.filter(owner=owner)

    report = quality_page(entries, page_number=3, today=TODAY)
    assert (report.page.number, report.page.paginator.num_pages, len(report.page)) == (3, 3, 22)
    assert [row.entry.name_en for row in report.page][-3:] == ["Bare lab 119", "Twin lab", "Twin lab."]

    only_duplicates = quality_page(entries, problem="duplicate", today=TODAY)
    assert only_duplicates.problem == "duplicate"
    assert [row.entry.name_en for row in only_duplicates.page] == ["Twin lab", "Twin lab."]
    assert only_duplicates.page.paginator.num_pages == 1
    assert only_duplicates.counts == report.counts

    assert quality_page(entries, problem="not-a-problem", today=TODAY).problem is None
    assert quality_page(entries, page_number="junk", today=TODAY).page.number == 1
    assert quality_page(entries, page_number=99, today=TODAY).page.number == 3


def test_duplicates_shown_are_capped():
    owner = factories.organisation()
    Infrastructure.objects.bulk_create(
        Infrastructure(slug=f"lab-{n}", name_en="Lab", kind="lab", owner=owner, region=owner.region)
        for n in range(quality.DUPLICATES_SHOWN + 5)
    )
    report = quality_page(Infrastructure.objects.all(), today=TODAY)
    for row in report.page:
        assert len(row.duplicates) == quality.DUPLICATES_SHOWN
        assert row.entry not in row.duplicates
        assert (row.duplicate_count, row.more_duplicates) == (quality.DUPLICATES_SHOWN + 4, 4)


def test_five_thousand_entries_of_one_owner(django_assert_max_num_queries, monkeypatch):
    owner = factories.organisation()
    reviewed = TODAY - timedelta(days=30)
    Infrastructure.objects.bulk_create(
        (
            Infrastructure(
                slug=f"entry-{n}",
                # The last ten names repeat the first ten with a full stop: 10 pairs of duplicates.
                name_en=f"Entry {n - 4990}." if n >= 4990 else f"Entry {n}",
                name_nl=f"Ingang {n}",
                summary_nl="Samenvatting",
                contact_email="lab@example.com",
                latitude=51,
                longitude=4,
                # Every entry lacks access conditions; the first hundred are also stale.
                last_reviewed_on=None if n < 100 else reviewed,
                kind="lab",
                owner=owner,
                region=owner.region,
            )
            for n in range(5000)
        ),
        batch_size=500,
    )
    loaded = []
    from_db = Infrastructure.from_db.__func__
    monkeypatch.setattr(
        Infrastructure, "from_db", classmethod(lambda cls, *args: loaded.append(1) or from_db(cls, *args))
    )

    started = time.perf_counter()
    with django_assert_max_num_queries(3):
        report = quality_page(Infrastructure.objects.filter(owner=owner), today=TODAY)
        rows = list(report.page)
        assert {(row.entry.owner.pk, row.entry.region.pk) for row in rows} == {(owner.pk, owner.region_id)}
    elapsed = time.perf_counter() - started

    assert len(rows) == quality.PER_PAGE
    assert report.counts["no_access_conditions"] == 5000
    assert report.counts["duplicate"] == 20
    assert report.counts["not_reviewed"] == 100
    assert report.page.paginator.num_pages == 100
    assert len(loaded) <= quality.PER_PAGE + 20  # the page and its duplicates, never every entry
    first = rows[0]
    assert first.entry.name_en == "Entry 0"
    assert [other.name_en for other in first.duplicates] == ["Entry 0."]
    assert elapsed < 5, f"{elapsed:.1f} s for 5,000 entries"

    with django_assert_max_num_queries(3):
        duplicates = quality_page(
            Infrastructure.objects.filter(owner=owner), problem="duplicate", today=TODAY
        )
    assert [row.entry.name_en for row in duplicates.page][:4] == [
        "Entry 0",
        "Entry 0.",
        "Entry 1",
        "Entry 1.",
    ]
    assert len(duplicates.page) == 20


def test_the_page_shows_one_page_and_links_to_the_others(client, django_assert_max_num_queries):
    owner = factories.organisation()
    Infrastructure.objects.bulk_create(
        Infrastructure(
            slug=f"bare-{n:03}", name_en=f"Bare lab {n:03}", kind="lab", owner=owner, region=owner.region
        )
        for n in range(120)
    )
    client.force_login(make_user("manager", role=roles.REGIONAL_MANAGER, regions=[owner.region]))
    url = reverse("curation:quality")

    with django_assert_max_num_queries(8):  # session, user, roles: 4; report: 3; editable: 1
        page = client.get(url, {"problem": "no_contact", "page": 2}).content.decode()

    assert "Bare lab 049" not in page and "Bare lab 050" in page and "Bare lab 099" in page
    assert 'aria-label="Pages of entries with problems"' in page and "Page 2 of 3" in page
    assert 'href="?problem=no_contact&amp;page=1"' in page and 'href="?problem=no_contact&amp;page=3"' in page
    assert page.count('name="entry"') == quality.PER_PAGE
    assert 'class="pagination"' not in client.get(url, {"problem": "duplicate"}).content.decode()
