from django.db import models

from regions import roles


class RegionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The regions whose entries this user may change."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.all()
        return self.filter(pk__in=roles.managed_region_ids(user))
