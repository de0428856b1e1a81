"""A block of queries stopped at its time limit, on either database, leaves the connection usable."""

import pytest
from django.db import connection

from infrastructures.models import Infrastructure
from rii_catalogue.time_limits import TimeLimitExceeded, time_limit

pytestmark = pytest.mark.django_db

# A query that runs for seconds: sleeping on PostgreSQL, counting to a hundred million on SQLite.
SLOW = {
    "postgresql": "SELECT pg_sleep(5)",
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
    "SELECT count(*) FROM n",
}


def _run(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def test_a_query_past_the_limit_is_stopped_and_the_connection_goes_on():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            _run(SLOW[connection.vendor])
    assert _run("SELECT 1") == (1,)
    assert Infrastructure.objects.count() == 0


def test_a_query_within_the_limit_answers_and_leaves_no_limit_behind():
    with time_limit(5):
        assert _run("SELECT 2") == (2,)
    if connection.vendor == "postgresql":
        assert _run("SHOW statement_timeout") == ("0",)


def test_no_time_left_stops_before_any_query(django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(TimeLimitExceeded):
        with time_limit(0):
            _run("SELECT 3")
