"""The login lockout (django-axes) on the admin's login page, where curators sign in: after
AXES_FAILURE_LIMIT wrong passwords for one account from one address, that pair gets a 429 page
saying for how long and what to do, with Retry-After, even for the right password."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-7"
LOGIN = "/admin/login/"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture(autouse=True)
def lockout_rule(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(client, password, username="admin", path=LOGIN, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(path, {"username": username, "password": password}, headers=headers)


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail(client, times, **kwargs):
    return [log_in(client, "wrong", **kwargs).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(client, admin_user):
    assert fail(client, 4) == [200] * 4  # the login form, saying the password is wrong
    fifth = log_in(client, "wrong")
    right = log_in(client, PASSWORD)
    for response in (fifth, right):
        assert response.status_code == 429
        assert response["Retry-After"] == str(15 * 60)
        assert "no-store" in response["Cache-Control"]
        text = response.content.decode()
        assert "Login locked" in text
        assert "Too many wrong passwords were given for the account “admin” from your address." in text
        assert "locked for 15 minutes" in text
        assert "ask an administrator of the catalogue" in text
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_locked_out_page_speaks_dutch_under_nl(client, admin_user):
    fail(client, 5, path="/nl" + LOGIN)
    response = log_in(client, PASSWORD, path="/nl" + LOGIN)
    assert response.status_code == 429 and response["Retry-After"] == "900"
    text = response.content.decode()
    assert '<html lang="nl"' in text
    assert "Inloggen geblokkeerd" in text
    assert "vanaf dit adres is 15 minuten geblokkeerd" in text
    assert "vraag een beheerder van de catalogus" in text


def test_the_lock_holds_one_account_from_one_address_only(admin_user, settings):
    get_user_model().objects.create_superuser("curator", "curator@example.com", PASSWORD)
    attacker = Client(REMOTE_ADDR="198.51.100.20")
    fail(attacker, 5)
    assert log_in(attacker, PASSWORD).status_code == 429
    assert logged_in(log_in(attacker, PASSWORD, username="curator"))  # another account, same address
    assert logged_in(log_in(Client(REMOTE_ADDR="192.0.2.7"), PASSWORD))  # the owner, elsewhere


def test_after_the_cool_off_the_right_password_works_again(client, admin_user):
    fail(client, 5)
    assert log_in(client, PASSWORD).status_code == 429
    # What 15 minutes do to the stored failures.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=15, seconds=1)
        attempt.save()
    assert logged_in(log_in(client, PASSWORD))


def test_each_try_while_locked_out_starts_the_cool_off_again(client, admin_user):
    fail(client, 5)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=14)
        attempt.save()
    assert log_in(client, PASSWORD).status_code == 429  # 14 minutes on: still locked, and again 15
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=14)
        attempt.save()
    assert log_in(client, PASSWORD).status_code == 429


def test_an_administrator_lifts_the_lock_with_the_readme_command(client, admin_user):
    fail(client, 5)
    call_command("axes_reset_username", "admin", verbosity=0)
    assert logged_in(log_in(client, PASSWORD))


def test_a_successful_login_forgets_the_failures_before_it(client, admin_user):
    fail(client, 4)
    assert logged_in(log_in(client, PASSWORD))
    client.logout()
    assert fail(client, 4) == [200] * 4  # four more, not one
    assert log_in(client, "wrong").status_code == 429


def test_an_unknown_account_is_locked_the_same_way(client, admin_user):
    """Whether an account exists is not given away by when the lock comes."""
    assert fail(client, 5, username="nobody")[-1] == 429


@pytest.mark.slow
def test_two_hundred_guesses_then_the_right_password_get_no_further(client, admin_user):
    """The trial's attack: 200 wrong passwords for `admin`, then the right one."""
    answers = fail(client, 200)
    assert answers[:4] == [200] * 4 and set(answers[4:]) == {429}
    assert log_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lock(admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"  # every request reaches gunicorn from the proxy, which appends the client
    attacker = Client(REMOTE_ADDR=proxy)
    fail(attacker, 5, forwarded_for="203.0.113.5")
    forged = log_in(attacker, PASSWORD, forwarded_for="192.0.2.99, 203.0.113.5")
    assert forged.status_code == 429
    owner = log_in(Client(REMOTE_ADDR=proxy), PASSWORD, forwarded_for="203.0.113.6")
    assert logged_in(owner)
