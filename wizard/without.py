"""``HUSKURAGE_WITHOUT=fork,fcntl,link``: run as on a system that lacks them, as Windows lacks all three.

For the tests: the guarantee tests (crash, concurrency, hostile) run a second
time so (``tests/guarantees/test_without_posix.py``), and the fallbacks the
program takes on such a system are exercised on every run:

- no ``fcntl``: the portfolio lock is a lock file instead of ``flock`` on the
  folder (``store/lock.py``);
- no ``os.fork``: an export renders every document in this process instead of
  in forked children, the same bytes (``documents/__init__.py``);
- no ``os.link``: nothing changes any more, ``<file>.bak`` is always a copy
  (``store/writing.py``: the loader refuses a file with two names).

``wizard/__init__.py`` applies it before anything else is imported.
"""

from __future__ import annotations

import os
import sys

NAMES = ("fork", "fcntl", "link")


def hide(names: str) -> None:
    """Make each of ``names`` (comma-separated, from :data:`NAMES`) unavailable in this process."""
    for name in filter(None, (n.strip() for n in names.split(","))):
        if name not in NAMES:
            raise SystemExit(f"HUSKURAGE_WITHOUT: {name!r} is not one of {', '.join(NAMES)}")
        if name == "fcntl":
            sys.modules["fcntl"] = None  # type: ignore[assignment]  # every later `import fcntl` fails
        elif hasattr(os, name):
            delattr(os, name)
