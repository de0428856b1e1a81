"""Who may see what: the querysets every door (pages, API, admin, exports) starts from."""

from django.db import models

from regions import roles

RELATED_POOL_PER_THEME = 50


class InfrastructureQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published entries only."""
        return self.filter(publication_state=self.model.PublicationState.PUBLISHED)

    def visible_to(self, user):
        """Published entries, plus every entry for those who read everything and the
        drafts of their own regions for regional managers."""
        if roles.reads_everything(user):
            return self.all()
        published = models.Q(publication_state=self.model.PublicationState.PUBLISHED)
        return self.filter(published | models.Q(region__in=roles.managed_region_ids(user)))

    def editable_by(self, user):
        """Entries this user may change or publish: those of the regions they manage."""
        return roles.scoped(self, user, "region")

    def curated_by(self, user):
        """What the curation tools (admin, data quality, export) list for this user: every entry
        for those who read everything, the entries of their regions for managers."""
        return roles.scoped(self, user, "region", reading=True)

    def without_search_vector(self):
        """Entries without PostgreSQL's tsvector, which only the database reads: loaded with each
        row, it detoasts kilobytes per entry (a page of 50 in the API read 50 of them for nothing)."""
        return self.defer("search_vector")

    def for_listing(self):
        """What a result card shows: owner, region and themes, in a fixed number of queries."""
        return self.without_search_vector().select_related("owner", "region").prefetch_related("themes")

    def for_api(self):
        """Everything the API representation and the spreadsheets nest, in a fixed number of queries."""
        return (
            self.without_search_vector()
            .select_related("owner", "region")
            .prefetch_related(
                "themes",
                "operators",
                "equipment",
                "access_conditions__business_models",
                "access_conditions__forms_of_access",
                "access_conditions__prices",
                "funding_records__programme",
                "funding_records__priority_axis",
            )
        )

    def for_detail(self):
        """The public detail page: the API's relations plus the owner's parent and region."""
        return self.for_api().select_related("owner__parent", "owner__region")

    def related_to(self, entry, pool_per_theme=RELATED_POOL_PER_THEME):
        """Other entries sharing a theme with `entry`, those sharing most themes first, then by name.

        Chosen among the first `pool_per_theme` entries of each of its themes by name (read along
        the name index, one short query per theme), not by counting shared themes over every entry:
        a theme of a large catalogue holds tens of thousands of entries, and the page shows four.
        The pool is read first: as subqueries joined by OR, PostgreSQL scanned every entry."""
        themes = [theme.pk for theme in entry.themes.all()]  # prefetched on the detail page
        through = self.model.themes.through
        pool = set()
        for theme in themes:
            in_theme = through.objects.filter(infrastructure=models.OuterRef("pk"), theme=theme)
            firsts = self.filter(models.Exists(in_theme)).exclude(pk=entry.pk).order_by("name", "pk")
            pool.update(firsts.values_list("pk", flat=True)[:pool_per_theme])
        shared = models.Count("themes", filter=models.Q(themes__in=themes))
        return (
            self.filter(pk__in=sorted(pool))
            .annotate(shared_themes=shared)
            .order_by("-shared_themes", "name", "pk")
        )

    def open_to_smes(self):
        """Entries with at least one access condition open to SMEs."""
        from access.models import AccessCondition

        conditions = AccessCondition.objects.filter(infrastructure=models.OuterRef("pk"), open_to_smes=True)
        return self.filter(models.Exists(conditions))

    def with_coordinates(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class EquipmentQuerySet(models.QuerySet):
    """An item is seen where its entry is: the same rule, not a second one."""

    def published(self):
        from infrastructures.models import Infrastructure

        return self.filter(infrastructure__in=Infrastructure.objects.published().values("pk"))

    def visible_to(self, user):
        from infrastructures.models import Infrastructure

        return self.filter(infrastructure__in=Infrastructure.objects.visible_to(user).values("pk"))


class OrganisationQuerySet(models.QuerySet):
    def editable_by(self, user):
        return roles.scoped(self, user, "region")

    def with_published_infrastructure_counts(self):
        from infrastructures.models import Infrastructure

        published = models.Q(
            owned_infrastructures__publication_state=Infrastructure.PublicationState.PUBLISHED
        )
        return self.annotate(
            published_infrastructure_count=models.Count(
                "owned_infrastructures", filter=published, distinct=True
            )
        )


class FundingRecordQuerySet(models.QuerySet):
    def total_amount(self):
        return self.aggregate(total=models.Sum("amount"))["total"]

    def visible_to(self, user):
        """Funding of the entries this user may see, and all funding of organisations (ERDF lists of
        operations are public by regulation; an organisation has no draft state)."""
        from infrastructures.models import Infrastructure

        entries = Infrastructure.objects.visible_to(user).values("pk")
        return self.filter(models.Q(organisation__isnull=False) | models.Q(infrastructure__in=entries))

    def for_report(self):
        """What a row of the funding report names, in a fixed number of queries."""
        return self.select_related(
            "programme",
            "priority_axis",
            "infrastructure__owner",
            "infrastructure__region",
            "organisation__region",
        ).prefetch_related("infrastructure__themes")

    def in_report_order(self):
        return self.order_by("programme__name", models.F("start_year").asc(nulls_last=True), "end_year", "pk")


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job, its file and its errors are its curator's (and administrators')."""
        return self.all() if user.is_superuser else self.filter(user_id=user.pk)
