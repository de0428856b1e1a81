"""The two curator roles, as Django groups, and who holds which.

- Regional manager: curates the entries of the regions assigned to them (RegionAssignment).
- Managing authority: reads everything, drafts included, and exports; changes nothing.
Superusers may do everything. What each role may see and change is decided by the querysets
(`visible_to`, `editable_by`, `managed_by`), which every door asks.
"""

REGIONAL_MANAGER = "Regional manager"
MANAGING_AUTHORITY = "Managing authority"


def _group_names(user):
    if not hasattr(user, "_rii_group_names"):
        user._rii_group_names = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._rii_group_names


def is_managing_authority(user):
    return user.is_authenticated and user.is_active and MANAGING_AUTHORITY in _group_names(user)


def is_regional_manager(user):
    return user.is_authenticated and user.is_active and REGIONAL_MANAGER in _group_names(user)


def reads_everything(user):
    """Superusers and managing authorities see drafts in every region."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_managing_authority(user))


def managed_region_ids(user):
    """The regions this user curates (cached on the user object for the request)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if not hasattr(user, "_rii_managed_region_ids"):
        if is_regional_manager(user):
            ids = user.region_assignments.values_list("region_id", flat=True)
            user._rii_managed_region_ids = frozenset(ids)
        else:
            user._rii_managed_region_ids = frozenset()
    return user._rii_managed_region_ids
