"""The portfolio lock: one save at a time per portfolio folder.

A save checks that its files are unchanged on disk and then replaces them;
two saves must not interleave between the check and the replace. The lock
takes one of two forms, by what the system offers:

- **the folder itself** (Linux, macOS, the BSDs): ``flock`` on the portfolio
  folder, so no lock file is ever left behind; the kernel releases it when a
  process dies, even by ``kill -9``. One call of the standard library's
  ``fcntl``: the ``filelock`` package would do the same, but importing it
  costs a ``mark`` about half its time again.
- **a lock file**, ``.huskurage.lock`` in the portfolio folder, where a folder
  cannot be locked (Windows, where folders cannot be opened; a system or file
  system without ``flock``): ``filelock.FileLock``, which locks it with
  ``LockFileEx`` on Windows (released by Windows when a process dies) and
  elsewhere with a marker naming the holder's process, taken over by the next
  save once that process is gone. It is removed when the save ends; after a
  kill it may stay behind, harmless, until the next save.

A save that waits longer than :data:`TIMEOUT` seconds is refused
(``store.busy``); a lock that cannot be taken at all is refused too
(``store.lock_failed``), never skipped: nothing is saved unlocked.
"""

from __future__ import annotations

import errno
import os
import re
import stat as stat_mod
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Iterator, Protocol

from wizard.i18n import t
from wizard.store.errors import StoreError, reason

TIMEOUT = 10.0
"""Seconds a save waits for another one to finish before it is refused."""

LOCK_FILE = ".huskurage.lock"
"""The lock file, where the folder itself cannot be locked (see above)."""

def is_lock_file(name: str) -> bool:
    """``.huskurage.lock``, or one of the markers filelock makes beside it while it takes over a dead holder's."""
    return name == LOCK_FILE or name.startswith(LOCK_FILE + ".")


SOFT_LIFETIME = TIMEOUT
"""Seconds after which a soft lock's marker (where there is no flock) is taken over, whoever left it."""

_LEFT_BY_A_KILLED_TAKE_OVER = re.compile(re.escape(LOCK_FILE) + r"\.(?:break|restore)\.([0-9]+)\.[0-9a-f]{32}")
"""The names filelock gives a lock file it moves aside while it takes a dead holder's lock over (its pid inside)."""

POLL = 0.01
"""Seconds between two tries while another save holds the lock."""

# flock is missing or the file system does not do it: use the lock file instead.
_NO_FLOCK = {errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


class _Lock(Protocol):
    def take(self) -> bool: ...  # one try: True when this process holds the lock now

    def close(self) -> None: ...  # let go (if held) and free what was opened


@contextmanager
def locked(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the portfolio's lock for the ``with`` block; wait at most ``timeout`` (:data:`TIMEOUT`) seconds."""
    deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
    lock, held = _lock_for(root)
    try:
        while not held:
            if time.monotonic() >= deadline:
                raise StoreError(t("store.busy"), root, kind="busy")
            _wait()
            held = _try(lock, root)
        yield
    finally:
        lock.close()


def _wait() -> None:
    """The pause between two tries (``tests/support/lock_waiter.py`` listens here)."""
    time.sleep(POLL)


def _lock_for(root: Path) -> tuple[_Lock, bool]:
    """The lock this system offers for ``root``, and the result of the first try."""
    folder = _Folder.open(root)
    if folder is not None:
        try:
            return folder, folder.take()
        except OSError as e:
            folder.close()
            if e.errno not in _NO_FLOCK:
                raise StoreError(t("store.lock_failed", reason=reason(e)), root, kind="lock_failed") from None
    lock_file = _LockFile(root)
    return lock_file, _try(lock_file, root)


def _try(lock: _Lock, root: Path) -> bool:
    try:
        return lock.take()
    except OSError as e:  # the lock file is a folder, a link, not writable ...
        raise StoreError(t("store.lock_failed", reason=reason(e)), root, kind="lock_failed") from None


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a process of another user's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user; anything else: assume it runs
        return True
    return True


def _filelock() -> ModuleType:
    """``filelock``, imported when the lock file is needed; quiet where it falls back to its soft lock."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "only soft file lock is available": known, and said in the README
        import filelock
    return filelock


class _Folder:
    """``flock`` on the portfolio folder itself."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, root: Path) -> "_Folder | None":
        try:
            return cls(os.open(root, os.O_RDONLY))
        except OSError:  # Windows: a folder cannot be opened
            return None

    def take(self) -> bool:
        try:
            import fcntl
        except ImportError:  # no flock on this system: the lock file instead
            raise OSError(errno.ENOSYS, "no flock") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held by another save
            return False
        return True

    def close(self) -> None:
        os.close(self.fd)  # closing lets go of the lock


class _LockFile:
    """``filelock.FileLock`` on ``.huskurage.lock``: LockFileEx on Windows, a soft lock where there is no flock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filelock = _filelock()
        options = {}
        if issubclass(self.filelock.FileLock, self.filelock.SoftFileLock):
            # A marker left by a save killed while it took the lock over from a dead one may name no holder
            # (filelock 4.3 then waits for ever): no marker outlives SOFT_LIFETIME. A save is over in well
            # under a second, and should two ever overlap, each still checks its file before replacing it.
            options["lifetime"] = SOFT_LIFETIME
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "can overlap a live holder": known and weighed, above
            self.lock = self.filelock.FileLock(root / LOCK_FILE, **options)

    def take(self) -> bool:
        try:
            st = os.lstat(self.root / LOCK_FILE)
        except FileNotFoundError:
            pass
        else:  # a folder, a link or a FIFO by that name would have us wait in vain, or follow it
            if not stat_mod.S_ISREG(st.st_mode):
                message = t("store.lock_not_file", file=LOCK_FILE)
                raise StoreError(message, self.root / LOCK_FILE, kind="lock_not_file")
        try:
            self.lock.acquire(blocking=False)
        except self.filelock.Timeout:
            return False
        self._sweep()
        return True

    def _sweep(self) -> None:
        """Remove what a save killed while it took a dead holder's lock file over left beside it.

        filelock moves the old lock file aside (``.huskurage.lock.break.<pid>.<token>``, ``.restore.``) and
        swaps its own in; killed in between, the aside file stays for good, one more with every such kill.
        Once this save holds the lock, a file of that name goes when the process its name gives (and the one
        its lines give, if any) no longer runs on this machine: a live one may still be unwinding its own.
        """
        if os.name != "posix":  # Windows locks the file itself (LockFileEx): nothing is ever moved aside
            return
        ours = self._lines(LOCK_FILE)
        for name in os.listdir(self.root):
            found = _LEFT_BY_A_KILLED_TAKE_OVER.fullmatch(name)
            if found is None:
                continue
            lines = self._lines(name)
            if lines is None or (len(lines) > 1 and lines[0].isdigit() and (ours is None or lines[1:2] != ours[1:2])):
                continue  # not a file, or a holder on another machine (or of unknown place): not ours to judge
            pids = {int(found.group(1))} | {int(line) for line in lines[:2] if line.isdigit()}
            if not any(map(_running, pids)):
                try:
                    os.unlink(self.root / name)
                except OSError:
                    pass  # gone already, or not ours to remove: the next save tries again

    def _lines(self, name: str) -> list[str] | None:
        """The first lines of a regular file beside the lock (a lock file's: pid, host), None for anything else."""
        try:
            fd = os.open(self.root / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
                return None
            return os.read(fd, 1024).decode("utf-8", "replace").splitlines()[:3]
        except OSError:
            return None
        finally:
            os.close(fd)

    def close(self) -> None:
        if self.lock.is_locked:
            self.lock.release()
