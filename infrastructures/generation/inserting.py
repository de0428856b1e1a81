"""Multi-row INSERTs from plain dicts, for the generator's million rows.

`bulk_create` spends its time on each value of each model instance (pre_save, prep for the database,
expression checks) and on building the instances: with it the generator made 510 entries a second on
SQLite, with these inserts 2,200 (every entry comes with about 9 more rows). Here a row is a dict
keyed by column attname, completed once per table with what Django would have filled in (the
fields' defaults, one timestamp for auto_now, auto_now_add and `updated_at` fields, the original
column of a translated field from its default-language column) and sent many rows per statement.
Only dates, times and decimals go through the field's own conversion for the database.
"""

from django.conf import settings
from django.db import connection, models
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from rii_catalogue.writes import UpdatedAtField

ROWS_PER_STATEMENT = 1000
CONVERTED = (models.DateField, models.DecimalField)  # DateTimeField is a DateField


class Table:
    """One model's table: `insert(rows)` writes dicts, `insert(rows, returning=True)` also gives their ids."""

    def __init__(self, model, now):
        meta = model._meta
        self.model = model
        self.fields = [field for field in meta.concrete_fields if not isinstance(field, models.AutoField)]
        self.defaults = {field.attname: self._default(field, now) for field in self.fields}
        self.converted = [
            (position, field) for position, field in enumerate(self.fields) if isinstance(field, CONVERTED)
        ]
        try:
            translated = translator.get_options_for_model(model).all_fields
        except NotRegistered:
            translated = {}
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        self.originals = {original: build_localized_fieldname(original, language) for original in translated}
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        self.row_sql = f"({', '.join(['%s'] * len(self.fields))})"
        self.returning = f" RETURNING {quote(meta.pk.column)}"
        # As many rows as the database takes parameters (SQLite: 999), at most ROWS_PER_STATEMENT.
        self.per_statement = connection.ops.bulk_batch_size(self.fields, [None] * ROWS_PER_STATEMENT)

    @staticmethod
    def _default(field, now):
        if (
            isinstance(field, UpdatedAtField)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            return now
        return field.get_default()  # "" for text, None where NULL is allowed

    def insert(self, rows, returning=False):
        ids = []
        with connection.cursor() as cursor:
            for start in range(0, len(rows), self.per_statement):
                chunk = rows[start : start + self.per_statement]
                params = [value for row in chunk for value in self._values(row)]
                sql = self.sql + ", ".join([self.row_sql] * len(chunk))
                if returning:  # the ids come back in the order of the rows, as bulk_create relies on
                    cursor.execute(sql + self.returning, params)
                    ids += [row[0] for row in cursor.fetchall()]
                else:
                    cursor.execute(sql, params)
        return ids

    def _values(self, row):
        defaults = self.defaults
        for original, localized in self.originals.items():
            row.setdefault(original, row.get(localized, defaults[original]))
        values = [row.get(name, default) for name, default in defaults.items()]
        for position, field in self.converted:
            values[position] = field.get_db_prep_save(values[position], connection)
        return values
