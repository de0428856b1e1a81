"""Who may see what: the querysets every door (pages, API, admin, exports) starts from."""

from django.db import models


class InfrastructureQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published entries only."""
        return self.filter(publication_state=self.model.PublicationState.PUBLISHED)


class OrganisationQuerySet(models.QuerySet):
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
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def total_amount(self):
        return self.aggregate(total=models.Sum("amount"))["total"]
