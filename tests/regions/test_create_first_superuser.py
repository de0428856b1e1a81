"""`manage.py create_first_superuser`: what a new installation runs once after `migrate`."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from regions import roles

pytestmark = pytest.mark.django_db

PASSWORD = "lantern-harbour-93"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def create(*, stdin=None, username="admin", email="admin@example.org"):
    out = io.StringIO()
    options = {"stdout": out} if stdin is None else {"stdout": out, "stdin": stdin}
    call_command("create_first_superuser", username=username, email=email, **options)
    return out.getvalue()


@pytest.fixture
def no_groups():
    Group.objects.all().delete()  # as if migrate had not made them


def test_with_the_password_in_the_environment_it_creates_the_roles_and_the_superuser(monkeypatch, no_groups):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    output = create()
    user = get_user_model().objects.get()
    assert (user.username, user.email, user.is_superuser, user.is_staff) == (
        "admin",
        "admin@example.org",
        True,
        True,
    )
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username="admin", password=PASSWORD) == user
    manager = Group.objects.get(name=roles.REGIONAL_MANAGER)
    assert manager.permissions.filter(codename="change_infrastructure").exists()
    authority = Group.objects.get(name=roles.MANAGING_AUTHORITY)
    assert authority.permissions.filter(codename="view_infrastructure").exists()
    assert not authority.permissions.filter(codename="change_infrastructure").exists()
    assert "Created the superuser 'admin' (admin@example.org)" in output
    assert "Regional manager, Managing authority" in output


def test_on_a_terminal_it_asks_twice(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    create(stdin=Terminal())
    assert get_user_model().objects.get(username="admin").check_password(PASSWORD)


def test_two_different_passwords_create_nothing(monkeypatch, no_groups):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    with pytest.raises(CommandError, match="The two passwords differ"):
        create(stdin=Terminal())
    assert not get_user_model().objects.exists() and not Group.objects.exists()


def test_without_a_password_and_without_a_terminal_it_says_what_to_do(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="set DJANGO_SUPERUSER_PASSWORD"):
        create(stdin=io.StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("5829301746", "This password is entirely numeric"),
        ("admin.example.org", "too similar to the email address"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_created(monkeypatch, no_groups, password, reason):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError, match=reason):
        create()
    assert not get_user_model().objects.exists() and not Group.objects.exists()


def test_a_bad_email_address_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="Enter a valid email address"):
        create(email="not-an-address")
    assert not get_user_model().objects.exists()


def test_it_refuses_when_a_superuser_exists(monkeypatch):
    get_user_model().objects.create_superuser("root", "root@example.org", "x")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match=r"A superuser exists already \(root\)"):
        create()
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["root"]


def test_a_username_taken_by_another_account_is_refused(monkeypatch):
    get_user_model().objects.create_user("admin", "curator@example.org", "x")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="A user with that username already exists"):
        create()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
