"""Who may see which access requests: the curators of the regions a request is routed to (its
infrastructure's region, or the regions a one-stop request chose), and those who read everything.
The public never lists them."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from regions import roles


class AccessRequestQuerySet(models.QuerySet):
    def _in_regions(self, user, *, reading):
        ids = roles.region_ids(user, reading=reading)
        if ids is roles.EVERY_REGION:
            return self
        routed = self.model.regions.through.objects.filter(accessrequest_id=OuterRef("pk"), region_id__in=ids)
        return self.filter(Exists(routed))

    def visible_to(self, user):
        return self._in_regions(user, reading=True)

    def editable_by(self, user):
        return self._in_regions(user, reading=False)

    def open(self):
        return self.exclude(status__in=[self.model.Status.DECLINED, self.model.Status.COMPLETED])

    def with_mail_trouble(self):
        """`mail_trouble`: an e-mail about the request failed and is not sent yet (curators are told)."""
        from access.models import Notification

        failed = Notification.objects.failed().filter(access_request=OuterRef("pk"))
        return self.annotate(mail_trouble=Exists(failed))

    def for_listing(self):
        return (
            self.select_related("infrastructure__region")
            .prefetch_related("regions")
            .with_mail_trouble()
            .order_by("-created_at", "-pk")
        )

    def due_for_anonymising(self, before):
        return self.filter(updated_at__lt=before, anonymised_at__isnull=True)


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def failed(self):
        return self.unsent().filter(attempts__gt=0)

    def due(self):
        """Unsent, its time come, and not given up (services.MAX_ATTEMPTS)."""
        from access.services import MAX_ATTEMPTS

        waiting = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
        return self.unsent().filter(waiting, attempts__lt=MAX_ATTEMPTS)


class AccessConditionQuerySet(models.QuerySet):
    def editable_by(self, user):
        return roles.scoped(self, user, "infrastructure__region")


class OutdatedInformationReportQuerySet(models.QuerySet):
    """Reports reach the curators of the entry's region (and those who read everything), no one else."""

    def visible_to(self, user):
        return roles.scoped(self, user, "infrastructure__region", reading=True)

    def editable_by(self, user):
        return roles.scoped(self, user, "infrastructure__region")

    def open(self):
        return self.filter(handled=False)

    def for_listing(self):
        return self.select_related("infrastructure__region", "handled_by").order_by("-created_at", "-pk")

    def due_for_deletion(self, before):
        return self.filter(updated_at__lt=before)
