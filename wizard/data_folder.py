"""Where the data files live (``checklists/``), how a shipped TOML file is read, and the error a broken one raises.

Its own small module so that the modules reading those files (the catalog,
the translations of a sign, the case-data word lists, the holidays, the
strings in ``wizard/strings/``) need not import each other to find them.

The shipped TOML files are the same on every start, yet ``tomllib`` (pure
Python) took about 20 ms of the wizard's 410 ms cold start to parse them
(catalog 10 ms, the TUI's strings 7 ms, more for ``check``'s strings). So
:func:`read_toml` keeps what it parsed beside the file, as Python keeps byte
code: ``__pycache__/<name>.toml.<cache tag>.pickle``, used while the file's
modification time and size are unchanged, written atomically, skipped where
the folder is read-only. Reading the pickle allows no class but the dates and
times TOML has, so a planted file cannot run code. The portfolio's own files never come here: they are read
with ``tomllib`` every time (``wizard/store/reading.py``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import sys
import tomllib
from pathlib import Path
from typing import Any

CACHE_VERSION = 1
_TOML_TYPES = {("datetime", name): getattr(dt, name) for name in ("date", "datetime", "time", "timedelta", "timezone")}


class CatalogError(ValueError):
    """A data file in ``checklists/`` is missing or malformed (a programming error)."""

    def __init__(self, file: Path | str, key: str, problem: str) -> None:
        self.file = str(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {problem}")


DATA_DIR_CANDIDATES = (
    Path(__file__).resolve().parent / "checklists",  # inside the installed wheel
    Path(__file__).resolve().parent.parent / "checklists",  # source checkout
)


def data_dir() -> Path:
    """The first candidate folder that holds the data files."""
    for candidate in DATA_DIR_CANDIDATES:
        if (candidate / "steps.toml").is_file():
            return candidate
    raise CatalogError(
        DATA_DIR_CANDIDATES[0], "", "no checklists/ folder found; looked in " + ", ".join(map(str, DATA_DIR_CANDIDATES))
    )


class _TomlUnpickler(pickle.Unpickler):
    """Loads only what ``tomllib`` returns: builtins, and from ``datetime`` the dates, times and time zones."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _TOML_TYPES:
            return _TOML_TYPES[module, name]
        raise pickle.UnpicklingError(f"{module}.{name} is not TOML data")


def _cache_path(path: Path) -> Path:
    return path.parent / "__pycache__" / f"{path.name}.{sys.implementation.cache_tag}.pickle"


def read_toml(path: Path) -> dict[str, Any]:
    """``tomllib.load`` of a shipped file, parsed once per change of the file (see the module's docstring).

    Raises what ``open`` and ``tomllib`` raise (``OSError``,
    ``TOMLDecodeError``, ``UnicodeDecodeError``), so callers word errors as
    before; a cache that is missing, stale, unreadable or foreign is ignored.
    """
    stat = os.stat(path)
    stamp = (CACHE_VERSION, stat.st_mtime_ns, stat.st_size)
    cache = _cache_path(path)
    try:
        with open(cache, "rb") as f:
            kept = _TomlUnpickler(f).load()
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp and isinstance(kept[1], dict):
            return kept[1]
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError):
        pass
    with open(path, "rb") as f:
        data = tomllib.load(f)
    _keep(cache, stamp, data)
    return data


def _keep(cache: Path, stamp: tuple[int, int, int], data: dict[str, Any]) -> None:
    """Write the cache whole or not at all (a temporary file renamed over it); any failure only costs speed."""
    buffer = io.BytesIO()
    pickle.dump((stamp, data), buffer, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(buffer.getvalue())
        os.replace(temporary, cache)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
