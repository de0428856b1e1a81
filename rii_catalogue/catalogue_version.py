"""A token that changes after every committed change the public sees: what caches of public reads
(the whole catalogue's facet counts, the search's vocabulary) put in their keys, so that a publication
shows at once and nothing needs deleting.

`opendata.changes` advances it after the commit of each transaction that changed a public row (the
services report every write there); the bulk loaders that write around the services (`load_seed`,
`generate_catalogue`, `rebuild_search_index`) advance it themselves.
A new random token rather than an increment: the database cache has no atomic increment, and two
changes must never end on the same token.
"""

import uuid

from django.core.cache import cache

from rii_catalogue.db_routers import primary_reads

KEY = "catalogue-version"
# Longer than any cache keyed on it lives: a token that expired is simply replaced by a new one.
LIFETIME_SECONDS = 7 * 24 * 3600


def current():
    token = cache.get(KEY)
    if token is None:
        token = advance()
    return token


def advance():
    token = uuid.uuid4().hex
    cache.set(KEY, token, LIFETIME_SECONDS)
    return token


def kept(name, compute, seconds):
    """`compute()`, kept in the cache under `name` until the public catalogue changes (or `seconds`
    pass, a safety net).

    Computed on the primary: a read replica may not have received the change that has just
    advanced the version, and what it says would be kept until the next one. Once per change."""
    key = f"{name}-{current()}"
    value = cache.get(key)
    if value is None:  # not cache.get_or_set, which reads the value back once more after storing it
        with primary_reads():
            value = compute()
        cache.set(key, value, seconds)
    return value
