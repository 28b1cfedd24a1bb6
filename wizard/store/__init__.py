"""The portfolio directory <-> the model: fast reads, lossless writes.

A portfolio is ``huskurage.toml`` (company settings) and one file per
municipality, ``cities/<code>-<slug>.toml``. :func:`open` reads it all,
:func:`open_city` the one city ``mark`` needs, :func:`init` makes a new one;
each gives a :class:`Store`, whose ``portfolio`` is the model: edit it, then
``save()``.

Where each part lives:

- ``folder.py``    the folder's layout: which files are cities, paths that stay inside it
- ``reading.py``   one file, read safely (never through a link, never too big) with ``tomllib``
- ``wording.py``   what is wrong in a file, in plain words, with its line and column
- ``loading.py``   a whole portfolio (or one city) read into the model
- ``portfolio.py`` the :class:`Store`: which files changed, the save under the lock, reloads
- ``saving.py``    one file's save: still as read? the new text, verified, written
- ``patching.py``  the new text: the model's change patched into the user's file with tomlkit
- ``writing.py``   the atomic write: temporary file, fsync, ``.bak``, rename
- ``lock.py``      the portfolio lock: one save at a time
- ``errors.py``    the errors, each a plain-words message naming the file

Nothing that fails to load is ever written: there is no :class:`Store` for an
unreadable portfolio, and a file that became unreadable on disk counts as a
conflict. ``tomlkit``, ``difflib`` and the lock are imported only when
saving, so ``check`` and ``status`` pay for reading alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from wizard import memory, model
from wizard.i18n import t
from wizard.store import loading
from wizard.store.errors import ConflictError, LoadError, StoreError, UnsafePathError, reason
from wizard.store.folder import CODE, is_city_file, list_city_files
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


def init(root: Path | str, portfolio: model.Portfolio) -> Store:
    """Create a new portfolio folder from ``portfolio``; refuse to touch an existing one."""
    root = Path(root).resolve()  # one spelling of every path, whatever symlinks lead here
    if os.path.lexists(root) and not os.path.isdir(root):
        raise StoreError(t("store.file.root_not_folder", root=str(root)), root, kind="root_not_folder")
    for name in (model.COMPANY_FILE, model.CITIES_DIR):
        if os.path.lexists(root / name):
            raise StoreError(t("store.init.exists", root=str(root), file=name), root / name, kind="exists")
    for code, city in portfolio.cities.items():
        if not CODE.fullmatch(city.code) or code != city.code:
            raise StoreError(t("store.city.bad_code", code=city.code), kind="bad_code")
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name in (model.CITIES_DIR, model.LOGOS_DIR):
            (root / name).mkdir(exist_ok=True)
    except OSError as e:
        message = t("store.init.failed", root=str(root), reason=reason(e))
        raise StoreError(message, root, kind="init_failed") from e
    sort_cities(portfolio)
    store = Store(root, portfolio)
    store.save()
    return store
