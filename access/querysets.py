"""Who may see which access requests: the curators of the infrastructure's region, and those who
read everything. The public never lists them."""

from django.db import models

from regions import roles


class AccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return roles.scoped(self, user, "infrastructure__region", reading=True)

    def editable_by(self, user):
        return roles.scoped(self, user, "infrastructure__region")


class AccessConditionQuerySet(models.QuerySet):
    def editable_by(self, user):
        return roles.scoped(self, user, "infrastructure__region")
