from django.db import models

from regions import roles


class RegionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The regions whose entries this user may change."""
        return roles.scoped(self, user, "pk")
