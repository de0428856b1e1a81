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


def curates(user):
    """Superusers and regional managers: those who change entries (each door then limits the rows
    to their regions)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_regional_manager(user))


def reads_everything(user):
    """Superusers and managing authorities see drafts in every region."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_managing_authority(user))


def uses_curation_tools(user):
    """Curators and those who read everything: the curation pages, their jobs and downloads."""
    return curates(user) or reads_everything(user)


def sees_drafts(user):
    """Whether any draft is visible to this user: those who read everything, managers (their
    regions' drafts)."""
    return reads_everything(user) or bool(managed_region_ids(user))


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


EVERY_REGION = None  # region_ids() for users who are not limited to some regions


def region_ids(user, *, reading=False):
    """The one rule: the ids of the regions whose rows this user may change (or, with `reading`,
    read in the curation tools), or EVERY_REGION. Superusers are never limited; managing
    authorities only when reading; regional managers to their assigned regions; anyone else to none.
    """
    if (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (reading and reads_everything(user)))
    ):
        return EVERY_REGION
    return managed_region_ids(user)


def region_scope(user, *lookups, reading=False):
    """region_ids() as a Q keeping rows whose region (reached through any of `lookups`) is in scope,
    or None when the user is not limited."""
    from django.db.models import Q

    ids = region_ids(user, reading=reading)
    if ids is EVERY_REGION:
        return None
    scope = Q(pk__in=[])
    for lookup in lookups:
        scope |= Q(**{f"{lookup}__in": ids})
    return scope


def scoped(queryset, user, *lookups, reading=False):
    scope = region_scope(user, *lookups, reading=reading)
    return queryset if scope is None else queryset.filter(scope)


def may_edit_region(user, region_id):
    """region_ids() for one region: whether this user may change rows of it (no query once cached)."""
    ids = region_ids(user)
    return ids is EVERY_REGION or region_id in ids


# What each role may do in the admin, as Django model permissions on its group. Rows are still
# limited to the user's regions by the querysets above.
CURATED_MODELS = [
    "infrastructures.infrastructure", "infrastructures.equipment", "infrastructures.fundingrecord",
    "infrastructures.organisation", "infrastructures.organisationfigure", "access.accesscondition",
    "access.priceindication",
]  # fmt: skip
# Rows that belong to an entry: a manager removes an obsolete one (entries themselves are archived).
DEPENDENT_MODELS = [
    "infrastructures.equipment", "infrastructures.fundingrecord", "infrastructures.organisationfigure",
    "access.accesscondition", "access.priceindication",
]  # fmt: skip
REFERENCE_MODELS = [
    "regions.region", "infrastructures.theme", "infrastructures.fundingprogramme",
    "infrastructures.priorityaxis", "infrastructures.cluster", "infrastructures.publicationevent",
    "access.accessform", "access.businessmodel",
]  # fmt: skip
# A request, its history and its e-mails: read by both roles; managers move the request itself.
ACCESS_REQUEST_MODELS = ["access.accessrequest", "access.accessrequestevent", "access.notification"]
ROLE_PERMISSIONS = {
    REGIONAL_MANAGER: {
        **{model: ("add", "change", "view") for model in CURATED_MODELS},
        **{model: ("add", "change", "delete", "view") for model in DEPENDENT_MODELS},
        "access.accessrequest": ("change", "view"),
        **{model: ("view",) for model in ACCESS_REQUEST_MODELS[1:]},
        **{model: ("view",) for model in REFERENCE_MODELS},
    },
    MANAGING_AUTHORITY: {
        model: ("view",) for model in [*CURATED_MODELS, *REFERENCE_MODELS, *ACCESS_REQUEST_MODELS]
    },
}


def ensure_role_groups(**kwargs):
    """Create the role groups with their permissions (after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            wanted += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(wanted)
