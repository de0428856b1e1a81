"""The cast of every rights test: two regions, a draft and a published entry in each, and one user
of each kind (anonymous, manager of A, manager of B, managing authority, superuser)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from infrastructures.models import Infrastructure
from regions import roles
from regions.models import RegionAssignment
from tests import factories


@dataclass
class Cast:
    region_a: object
    region_b: object
    published_a: object
    draft_a: object
    published_b: object
    draft_b: object
    users: dict


def make_user(username, *, role=None, regions=(), superuser=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    if superuser:
        user.is_superuser = True
        user.save()
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    for region in regions:
        RegionAssignment.objects.create(user=user, region=region)
    return user


def make_cast():
    region_a = factories.region(slug="flanders", name_en="Flanders", nuts_code="BE2")
    region_b = factories.region(
        slug="south-netherlands", name_en="South Netherlands", country="NL", nuts_code="NL4"
    )
    owner_a = factories.organisation(slug="owner-a", region=region_a)
    owner_b = factories.organisation(slug="owner-b", region=region_b)
    published, draft = Infrastructure.PublicationState.PUBLISHED, Infrastructure.PublicationState.DRAFT
    return Cast(
        region_a=region_a,
        region_b=region_b,
        published_a=factories.infrastructure(slug="published-a", owner=owner_a, publication_state=published),
        draft_a=factories.infrastructure(slug="draft-a", owner=owner_a, publication_state=draft),
        published_b=factories.infrastructure(slug="published-b", owner=owner_b, publication_state=published),
        draft_b=factories.infrastructure(slug="draft-b", owner=owner_b, publication_state=draft),
        users={
            "anonymous": AnonymousUser(),
            "manager_a": make_user("manager-a", role=roles.REGIONAL_MANAGER, regions=[region_a]),
            "manager_b": make_user("manager-b", role=roles.REGIONAL_MANAGER, regions=[region_b]),
            "authority": make_user("authority", role=roles.MANAGING_AUTHORITY),
            "superuser": make_user("root", superuser=True),
        },
    )
