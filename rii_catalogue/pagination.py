"""Page numbers that stay fast however deep the page (the API's lists and the catalogue's pages)."""

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """Reads a page's ids first, then only that page's rows with all they nest.

    The ids come in the page's order from an index that holds the order and the id (published
    entries by name, say) without touching the rows; OFFSET over whole rows read and threw away every
    row before the page, 0.2 s for page 200 of 50 at 100,000 entries. The object list must be a
    queryset in a total order (ending in the primary key), as every paginated list here is.
    """

    def __init__(self, object_list, per_page, *, count=None, **options):
        super().__init__(object_list, per_page, **options)
        if count is not None:  # counted already, with other figures, in one query
            self.count = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids], number, self)
