"""A database that stops answering, for the tests of what the catalogue says meanwhile."""

import socket
from contextlib import contextmanager


def free_port():
    """A loopback port nobody listens on: connecting to it is refused, as to a stopped server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_settings(settings_dict, tmp_path):
    """The same database settings, pointing where no database answers."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return {**settings_dict, "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3")}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": str(free_port())}


@contextmanager
def unreachable(connection, tmp_path):
    """The connection's database is out of reach inside the block; the first use after it
    reconnects, as after a restart. The settings change in place: connections that other threads
    open (the health checks') read the same dictionary."""
    saved = dict(connection.settings_dict)
    # SQLite's in-memory test database lives as long as one connection to it is open: keep it.
    kept = connection.connection if connection.vendor == "sqlite" and connection.is_in_memory_db() else None
    if kept is not None:
        connection.connection = None
    else:
        connection.close()
    connection.settings_dict.update(unreachable_settings(saved, tmp_path))
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if kept is not None:
            if connection.connection is None:
                connection.connection = kept
            else:  # a request reconnected: the new connection keeps the database alive
                kept.close()
