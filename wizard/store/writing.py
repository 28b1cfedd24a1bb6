"""Writing one file atomically: a temporary file, fsync, ``<file>.bak``, rename, fsync of the folder.

Killed at any moment, the file is byte for byte its old or its new content:
the new bytes go to a temporary file beside it (``.tmp-<name>-<pid>-<random>``,
a name no loader takes for a city), are synced to disk, the previous version
becomes ``<file>.bak`` (a hard link, or a copy where there are none, swapped
in atomically), and only then the temporary file is renamed over the
original and the folder synced. A temporary file that is not moved into
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


def _write_new(path: Path, data: bytes, mode: int | None) -> os.stat_result:
    """A new file (never an existing one, never through a symlink) holding ``data``, synced to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW | O_BINARY, 0o666)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
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
        if previous is not None:
            keep_backup(path)
        os.replace(tmp, path)
    fsync_dir(path.parent)
    return st


def keep_backup(path: Path) -> None:
    """``<file>.bak`` becomes the version about to be replaced, atomically.

    A hard link to it where the system and the file system have them, else a
    copy with the same bytes and permissions (Windows, FAT and some network
    shares; ``HUSKURAGE_WITHOUT=link`` in the tests).
    """
    link = getattr(os, "link", None)
    with _temporary(path, ".bak") as tmp:
        try:
            if link is None:
                raise OSError("no hard links")
            link(path, tmp, follow_symlinks=False)
        except (OSError, NotImplementedError):  # no hard links here: copy
            _copy(path, tmp)
        os.replace(tmp, path.with_name(path.name + ".bak"))


def _copy(path: Path, to: Path) -> None:
    """``path``'s bytes and permissions in the new file ``to``; a symlink is not followed."""
    fd = os.open(path, os.O_RDONLY | O_NOFOLLOW | O_BINARY)
    try:
        mode = stat_mod.S_IMODE(os.fstat(fd).st_mode)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    _write_new(to, b"".join(chunks), mode)


def move_to_backup(path: Path) -> None:
    """The file leaves its place and becomes ``<file>.bak`` (a municipality taken out)."""
    os.replace(path, path.with_name(path.name + ".bak"))
    fsync_dir(path.parent)
