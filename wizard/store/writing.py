"""Writing one file atomically: a temporary file, fsync, ``<file>.bak``, rename, fsync of the folder.

Killed at any moment, the file is byte for byte its old or its new content:
the new bytes go to a temporary file beside it (``.tmp-<name>-<pid>-<random>``,
a name no loader takes for a city) and are synced to disk; a copy of the
previous version is made beside it, the temporary file is renamed over the
original, and only then the copy replaces ``<file>.bak`` and the folder is
synced. A save that fails at the rename (an immutable file) leaves the
user's ``.bak`` as it was; the copy is never a hard link, since the loader
refuses a file with two names (``reading.outside``). A temporary file that is not moved into
place is removed again (:func:`_temporary`, the one place that does it).
"""

from __future__ import annotations

import os
import stat as stat_mod
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from wizard.store.reading import O_BINARY, O_NOFOLLOW


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows: directories cannot be opened
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path, suffix: str = "") -> Path:
    # A dot first: no loader takes a temp file for a city (city names start with 4 digits).
    return path.with_name(f".tmp-{path.name}{suffix}-{os.getpid()}-{os.urandom(4).hex()}")


@contextmanager
def _temporary(path: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary name beside ``path``; whatever is made there is removed again unless moved into place."""
    tmp = temp_name(path, suffix)
    try:
        yield tmp
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_new(path: Path, data: bytes, mode: int | None, *, sync: bool = True) -> os.stat_result:
    """A new file (never an existing one, never through a symlink) holding ``data``, synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW | O_BINARY, 0o666)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
        return os.fstat(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, previous: os.stat_result | None) -> os.stat_result:
    """Temp file in the same folder, fsync, previous version to ``.bak``, rename, fsync folder.

    ``previous`` is the file as it was read (None for a new file): the new
    one keeps its permissions, and it goes to ``.bak``.
    """
    mode = stat_mod.S_IMODE(previous.st_mode) if previous is not None else None
    with _temporary(path) as tmp:
        st = _write_new(tmp, data, mode)
        if previous is None:
            os.replace(tmp, path)
        else:
            with _temporary(path, ".bak") as bak:
                _copy(path, bak)  # a copy, never a hard link: no file of the portfolio has two names, even for a moment
                os.replace(tmp, path)
                try:  # the old .bak goes only once the new file is in; the save is done either way
                    os.replace(bak, path.with_name(path.name + ".bak"))
                except OSError:
                    os.unlink(bak)
    fsync_dir(path.parent)
    return st


def _copy(path: Path, to: Path) -> None:
    """``path``'s bytes and permissions in the new file ``to``; a symlink is not followed.

    Not synced: the copy is the previous version, kept for the user; the file
    itself is what a save makes durable, and a second fsync per save would
    cost every status change in the dashboard.
    """
    fd = os.open(path, os.O_RDONLY | O_NOFOLLOW | O_BINARY)
    try:
        mode = stat_mod.S_IMODE(os.fstat(fd).st_mode)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    _write_new(to, b"".join(chunks), mode, sync=False)


def move_to_backup(path: Path) -> None:
    """The file leaves its place and becomes ``<file>.bak`` (a municipality taken out)."""
    os.replace(path, path.with_name(path.name + ".bak"))
    fsync_dir(path.parent)
