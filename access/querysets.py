"""Who may see which access requests: the curators of the infrastructure's region, and those who
read everything. The public never lists them."""

from django.db import models

from regions import roles


class AccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        if roles.reads_everything(user):
            return self.all()
        return self.filter(infrastructure__region__in=roles.managed_region_ids(user))

    def editable_by(self, user):
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.all()
        return self.filter(infrastructure__region__in=roles.managed_region_ids(user))
