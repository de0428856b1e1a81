"""Every write to access conditions, their prices and access requests.

Access conditions and prices belong to an infrastructure: they follow the one path of
`infrastructures.services.dependent_save` (the entry's regional rights before and after, version,
history with user and door, the entry re-indexed after commit).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from access.models import AccessRequest
from infrastructures import services as entry_services
from regions import roles
from rii_catalogue import writes


def access_condition_save(*, user, access_condition, data, origin, expected_version=None):
    return entry_services.dependent_save(
        user=user, row=access_condition, data=data, origin=origin, expected_version=expected_version
    )


def price_indication_save(*, user, price, data, origin, expected_version=None):
    return entry_services.dependent_save(
        user=user, row=price, data=data, origin=origin, expected_version=expected_version
    )


# What a curator may change on a request; what the company asked stays as it was sent.
CURATED_REQUEST_FIELDS = {"status"}


@transaction.atomic
def access_request_update(*, user, access_request, data, origin, expected_version=None):
    """A curator of the infrastructure's region moves the request on (its status)."""
    writes.lock(access_request)
    region_id = access_request.infrastructure.region_id
    if not roles.may_edit_region(user, region_id):
        raise PermissionDenied(_("Only the curators of the infrastructure's region handle this request."))
    writes.check_version(access_request, expected_version)
    refused = set(data) - CURATED_REQUEST_FIELDS
    if refused:
        raise PermissionDenied(_("What the company asked cannot be changed."))
    changed = writes.apply_changes(access_request, data)
    if changed:
        writes.save_checked(access_request, user=user, origin=origin, changed=changed)
    if not AccessRequest.objects.editable_by(user).filter(pk=access_request.pk).exists():
        raise PermissionDenied(_("Only the curators of the infrastructure's region handle this request."))
    return access_request
