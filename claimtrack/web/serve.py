"""``claimtrack serve``: Datasette on a claimtrack database, with claimtrack's metadata and plugin.

Binds to 127.0.0.1 unless another host is asked for: the database holds full article texts, so
exposing it on the network is a choice the user makes with ``--host 0.0.0.0``. A database that
cannot be written is served all the same, as immutable.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import uvicorn
from datasette.app import Datasette
from datasette.plugins import pm

from claimtrack import storage
from claimtrack.web import plugin
from claimtrack.web.metadata import build_metadata, database_name

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


class DatabaseMissing(FileNotFoundError):
    """``serve`` was pointed at a database file that does not exist."""


def register_plugin() -> None:
    """Register the plugin unless its entry point already did (e.g. running from a source checkout)."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="claimtrack")


def build_datasette(db_path: str | os.PathLike) -> Datasette:
    """A Datasette instance on ``db_path`` with claimtrack's metadata and plugin, not yet serving.

    Raises
    ------
    DatabaseMissing
        When there is no file at ``db_path``; Datasette would otherwise create an empty database.
    """
    path = Path(db_path)
    if not path.is_file():
        raise DatabaseMissing(
            f"No database at {path}. Create one with: claimtrack ingest ARTICLES --db {path} "
            f"(or try the seed articles: claimtrack demo --db {path})"
        )
    # Refuses a file that is not claimtrack's or a newer schema; brings an older database it may
    # write up to the schema the metadata describes.
    storage.open_for_reading(path).conn.close()
    register_plugin()
    metadata = build_metadata(database_name(path))
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return Datasette([str(path)], metadata=metadata)
    # A file nobody may write (or in a folder nobody may, where SQLite cannot keep its WAL index)
    # is served as immutable: nothing else can be changing it.
    return Datasette(immutables=[str(path)], metadata=metadata)


def serve(db_path: str | os.PathLike, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``db_path`` until interrupted, as ``datasette serve`` does."""
    datasette = build_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
