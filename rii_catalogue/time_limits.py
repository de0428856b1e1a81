"""A time limit on the queries of a block, on PostgreSQL and SQLite alike, for work a page can do
without (a facet's counts over tens of thousands of matches): past the limit the database stops
the query and the block raises TimeLimitExceeded, the page goes on without it."""

import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout
SQLITE_CHECK_EVERY = 10_000  # virtual machine instructions between two looks at the clock


class TimeLimitExceeded(Exception):
    pass


@contextmanager
def time_limit(seconds, using=DEFAULT_DB_ALIAS):
    """On the database the block reads (`using`: with a read replica, the one the router chose)."""
    if seconds <= 0:
        raise TimeLimitExceeded
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _postgresql_limit(seconds, connection):
            yield
    else:
        with _sqlite_limit(seconds, connection):
            yield


@contextmanager
def _postgresql_limit(seconds, connection):
    try:
        # A savepoint (or a transaction): a stopped query leaves the connection usable, and
        # SET LOCAL ends with it when the block fails.
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [max(1, round(seconds * 1000))])
            yield
            with connection.cursor() as cursor:  # the enclosing transaction keeps no limit
                cursor.execute("SET LOCAL statement_timeout = DEFAULT")
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
            raise TimeLimitExceeded from error
        raise


@contextmanager
def _sqlite_limit(seconds, connection):
    deadline = time.monotonic() + seconds
    connection.ensure_connection()
    sqlite = connection.connection
    sqlite.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_CHECK_EVERY)
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error):
            raise TimeLimitExceeded from error
        raise
    finally:
        sqlite.set_progress_handler(None, SQLITE_CHECK_EVERY)
