from django.db import models


class RegionQuerySet(models.QuerySet):
    def with_nuts(self):
        return self.exclude(nuts_code="")
