"""The portfolio directory <-> the model: fast reads, lossless writes.

A portfolio is ``huskurage.toml`` (company settings) and one file per
municipality, ``cities/<code>-<slug>.toml``, with, where the property register
was imported, its buildings beside it in ``cities/<code>-<slug>/buildings.toml``. :func:`open` reads it all,
:func:`open_city` the one city ``mark`` needs, :func:`init` makes a new one;
each gives a :class:`Store`, whose ``portfolio`` is the model: edit it, then
``save()``.

Where each part lives:

- ``folder.py``    the folder's layout: which files are cities, paths that stay inside it
- ``reading.py``   one file, read safely (never through a link, never too big) with ``tomllib``
- ``wording.py``   what is wrong in a file, in plain words, with its line and column
- ``loading.py``   a whole portfolio (or one city) read into the model
- ``creating.py``  a new portfolio, staged whole and moved into place
- ``portfolio.py`` the :class:`Store`: which files changed, the save under the lock, reloads
- ``saving.py``    one file's save: still as read? the new text, verified, written
- ``patching.py``  the new text: the model's change patched into the user's file with tomlkit
- ``history.py``   history rows: appended as text, capped, the oldest moved to a dated archive
- ``writing.py``   the atomic write: temporary file, fsync, a last check, swap or rename, ``.bak``
- ``lock.py``      the portfolio lock: one save at a time
- ``buildings.py`` a municipality's buildings file: one line per entrance, patched building by building
- ``errors.py``    the errors, each a plain-words message naming the file

Nothing that fails to load is ever written: there is no :class:`Store` for an
unreadable portfolio, and a file that became unreadable on disk counts as a
conflict. ``tomlkit``, ``difflib`` and the lock are imported only when
saving, so ``check`` and ``status`` pay for reading alone.
"""

from __future__ import annotations

from pathlib import Path

from wizard import memory, model
from wizard.store import creating, loading
from wizard.store.errors import ConflictError, LoadError, StoreError, UnsafePathError
from wizard.store.folder import is_city_file, list_city_files
from wizard.store.portfolio import Store, sort_cities
from wizard.store.reading import MAX_FILE_BYTES

__all__ = [
    "StoreError",
    "LoadError",
    "ConflictError",
    "UnsafePathError",
    "Store",
    "init",
    "open",
    "open_city",
    "list_city_files",
    "is_city_file",
    "MAX_FILE_BYTES",
]


def open(root: Path | str) -> Store:  # noqa: A001 - the store's verb
    """Load the company file and every city file. Raises LoadError (or UnsafePathError).

    Two files claiming one code do not stop loading: the first (by name) is in
    the model, ``Store.duplicates`` lists both for validation. Everything read
    lives on, so the cyclic collector is paused meanwhile (``memory.py``).
    """
    with memory.collection_paused():
        return Store.of(loading.portfolio(root))


def open_city(root: Path | str, code: str) -> Store:
    """Only what ``mark`` needs: the one file ``cities/<code>-*.toml``.

    ``portfolio.cities`` then holds that city alone (or nothing, when the
    portfolio has no file for the code); the company settings are not read and
    cannot be saved from this store. Two files for one code, or a file whose
    ``code`` disagrees with its name, raise LoadError.
    """
    return Store.of(loading.one_city(root, code))


def init(root: Path | str, portfolio: model.Portfolio, logos: dict[str, bytes] | None = None) -> Store:
    """Create a new portfolio folder from ``portfolio`` (and the ``logos``, path -> bytes, of a plan).

    All or nothing (``creating.py``): it is made whole in a staging folder and
    moved into place; a folder that already holds a portfolio, or whose
    ``logos/`` is a link, is refused before anything is made.
    """
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    logos = logos or {}
    creating.check(root, portfolio, logos)
    sort_cities(portfolio)
    creating.create(root, portfolio, logos, lambda staging: Store(staging, portfolio).save())
    store = open(root)
    store.portfolio = portfolio  # the caller's object, as the files now hold it (each save verifies that)
    return store
