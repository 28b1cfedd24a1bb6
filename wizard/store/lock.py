"""The portfolio lock: one save at a time per portfolio folder.

A save checks that its files are unchanged on disk and then replaces them;
two saves must not interleave between the check and the replace. The lock
is an advisory ``flock`` on the portfolio folder itself, so no lock file is
left behind; the kernel releases it when a process dies. A save that waits
longer than :data:`TIMEOUT` seconds is refused (``store.busy``).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from wizard.i18n import t
from wizard.store.errors import StoreError

TIMEOUT = 10.0
"""Seconds a save waits for another one to finish before it is refused."""


@contextmanager
def locked(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the portfolio's lock for the ``with`` block; wait at most ``timeout`` (:data:`TIMEOUT`) seconds."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks here
        yield
        return
    import time

    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(t("store.busy"), root, kind="busy") from None
                time.sleep(0.01)
            except OSError:  # a file system without flock: carry on unlocked
                break
        yield
    finally:
        os.close(fd)
