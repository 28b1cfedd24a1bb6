"""Writing one file atomically, and never over a change made while the save ran.

Killed at any moment, a file is byte for byte its old or its new content. A
save goes in two steps:

1. :func:`stage`: the new bytes go to a temporary file beside the file
   (``.tmp-<name>-<pid>-<random>``, a name no loader takes for a city) and
   are synced to disk. This is the slow part, and nothing is replaced yet.
2. :func:`commit`: the new file takes the old one's place, and the old one
   becomes ``<file>.bak``; then the folder is synced. Just before, the file
   is checked once more against what the save read (:class:`Expected`: the
   same inode, size and time, the same bytes): someone else's change, e.g. an
   editor saving without the portfolio's lock, is never replaced but reported
   (:class:`Changed`). Where the system can swap two names atomically (Linux:
   ``renameat2`` with ``RENAME_EXCHANGE``), the new file is swapped in and the
   file swapped out is checked to be the one the save read; if it is not,
   the two are swapped back at once, so even a change landing between the
   last check and the swap is kept. Elsewhere the last check comes right
   before the rename, which leaves a window of a few microseconds
   (``make bench``: ``save_window``).

The ``.bak`` is the replaced file itself where it was swapped out, else a
copy made before the rename; it replaces the user's older ``.bak`` only once
the new file is in place. No file of the portfolio ever has two names, not
even for a moment: the loader refuses a file with a hard link
(``reading.outside``). A temporary file that is not moved into place is
removed again (:func:`_remove`, the one place that does it).
"""

from __future__ import annotations

import errno
import os
import stat as stat_mod
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from wizard.store.reading import O_BINARY, O_NOFOLLOW, digest


class Changed(Exception):
    """The file on disk is no longer the one the save read; nothing was replaced."""


@dataclass(frozen=True)
class Expected:
    """The file a save means to replace, as it read it: its stat and the hash of its bytes."""

    stat: os.stat_result
    digest: bytes

    def matches(self, st: os.stat_result) -> bool:
        mine = self.stat
        return stat_mod.S_ISREG(st.st_mode) and (st.st_ino, st.st_size, st.st_mtime_ns) == (
            mine.st_ino,
            mine.st_size,
            mine.st_mtime_ns,
        )


@dataclass
class Staged:
    """A file ready to take its place: the new bytes written and synced beside it."""

    path: Path
    new: Path | None  # the temporary file; None once moved into place
    stat: os.stat_result  # the new file's
    expected: Expected | None  # the file it replaces, as read; None for a new file
    backup: Path | None = None  # the replaced version under a temporary name, until it becomes .bak

    @property
    def bak(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")


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


def _read(path: Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes and stat, not following a symlink."""
    fd = os.open(path, os.O_RDONLY | O_NOFOLLOW | O_BINARY)
    try:
        st = os.fstat(fd)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def stage(path: Path, data: bytes, expected: Expected | None) -> Staged:
    """The new bytes in a temporary file beside ``path``, synced; the new file keeps the old one's permissions."""
    mode = stat_mod.S_IMODE(expected.stat.st_mode) if expected is not None else None
    new = temp_name(path)
    try:
        st = _write_new(new, data, mode)
    except BaseException:
        _remove(new)
        raise
    return Staged(path, new, st, expected)


def unchanged(path: Path, expected: Expected | None) -> bool:
    """Whether the file is still the one read (for a new file: whether there still is none)."""
    if expected is None:
        return not os.path.lexists(path)
    try:
        if not expected.matches(os.lstat(path)):
            return False
        raw, st = _read(path)
    except OSError:
        return False
    return expected.matches(st) and digest(raw) == expected.digest


def commit(staged: Staged) -> None:
    """Move the new file into place, the old one to ``.bak``; :class:`Changed` if the old one is not as read."""
    try:
        if staged.expected is None:
            _create(staged)
        elif not _swap(staged):
            _replace(staged)
    except BaseException:
        discard(staged)
        raise
    fsync_dir(staged.path.parent)


def discard(staged: Staged) -> None:
    """Remove what the save made and did not move into place."""
    _remove(staged.new, staged.backup)
    staged.new = staged.backup = None


def _remove(*names: Path | None) -> None:
    for name in names:
        if name is not None:
            try:
                os.unlink(name)
            except OSError:
                pass


def _create(staged: Staged) -> None:
    """A new file: renamed into place only if there is none (``RENAME_NOREPLACE``, else a check just before)."""
    assert staged.new is not None
    if not rename_new(staged.new, staged.path):
        if os.path.lexists(staged.path):
            raise Changed(staged.path)
        os.replace(staged.new, staged.path)
    staged.new = None


def _swap(staged: Staged) -> bool:
    """Swap the new file in and check the file swapped out; False where names cannot be swapped."""
    assert staged.new is not None and staged.expected is not None
    if not exchange(staged.new, staged.path):
        return False
    out = staged.new  # the name now holds what was at the path
    if unchanged(out, staged.expected):
        staged.new, staged.backup = None, out
        _to_bak(staged)
        return True
    # Someone replaced or changed the file just before the swap: theirs goes back, unless it was
    # replaced again meanwhile (then the newest is in place already, and ``out`` holds an older one).
    try:
        st = os.lstat(staged.path)
        if st.st_ino == staged.stat.st_ino:
            exchange(out, staged.path)  # ours is at ``out`` now, and goes with the leftovers
    except (OSError, Changed):  # the path went, or the swap back failed: theirs is never removed
        staged.new = None
        try:
            if not os.path.lexists(staged.path):
                os.replace(out, staged.path)
        except OSError:
            pass
    raise Changed(staged.path)


def _replace(staged: Staged) -> None:
    """Keep the current file as the backup, check it is the one read, rename the new file over it."""
    assert staged.new is not None
    staged.backup = temp_name(staged.path, ".bak")
    _keep(staged.path, staged.backup)
    if not unchanged(staged.path, staged.expected):
        raise Changed(staged.path)
    os.replace(staged.new, staged.path)
    staged.new = None
    _to_bak(staged)


def _to_bak(staged: Staged) -> None:
    """The replaced version becomes ``<file>.bak``, once the new file is in place.

    The save stands if that fails (a ``.bak`` that is a folder, or immutable):
    the replaced version is then removed with the other leftovers.
    """
    try:
        os.replace(staged.backup, staged.bak)  # type: ignore[arg-type]
        staged.backup = None
    except OSError:
        pass


def replace_without_backup(path: Path, data: bytes, expected: Expected) -> None:
    """Replace the file read as ``expected`` with ``data`` and keep no ``.bak``.

    For ``huskurage redact``: a ``.bak`` would keep what it removes.
    :class:`Changed` if the file is no longer the one read; nothing is replaced then.
    """
    staged = stage(path, data, expected)
    try:
        if not unchanged(path, expected):
            raise Changed(path)
        assert staged.new is not None
        os.replace(staged.new, path)
        staged.new = None
    except BaseException:
        discard(staged)
        raise
    fsync_dir(path.parent)


def _keep(path: Path, to: Path) -> None:
    """``to``: a copy of ``path`` with its bytes and permissions, a symlink not followed, never a hard link.

    Not synced: the copy is the previous version, kept for the user; the file
    itself is what a save makes durable, and a second fsync per save would
    cost every status change in the dashboard.
    """
    raw, st = _read(path)
    _write_new(to, raw, stat_mod.S_IMODE(st.st_mode), sync=False)


def move_to_backup(path: Path) -> None:
    """The file leaves its place and becomes ``<file>.bak`` (a municipality taken out)."""
    os.replace(path, path.with_name(path.name + ".bak"))
    fsync_dir(path.parent)


# ------------------------------------------------------------------ swapping two names


_AT_FDCWD = -100
_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_CANNOT = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}
_renameat2: list[Callable[..., int] | None] = []  # looked up once


def exchange(a: Path, b: Path) -> bool:
    """Swap the files named ``a`` and ``b`` in one step; False where the system or file system cannot.

    ``renameat2(RENAME_EXCHANGE)``, Linux 3.15+ with glibc 2.28+, on ext4,
    XFS, Btrfs, tmpfs and most local file systems. A name that is gone
    raises :class:`Changed`.
    """
    return _rename(a, b, _RENAME_EXCHANGE)


def rename_new(a: Path, b: Path) -> bool:
    """Rename ``a`` to ``b`` only if ``b`` does not exist (:class:`Changed` if it does); False where that cannot be asked."""
    return _rename(a, b, _RENAME_NOREPLACE)


def _rename(a: Path, b: Path, flags: int) -> bool:
    if not _renameat2:
        _renameat2.append(_find_renameat2())
    call = _renameat2[0]
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), flags) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in _CANNOT:
        return False
    if err in (errno.ENOENT, errno.EEXIST):
        raise Changed(b)
    raise OSError(err, os.strerror(err), os.fspath(b))


def _find_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        call: Any = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, ImportError):
        return None
    call.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    call.restype = ctypes.c_int
    return call
