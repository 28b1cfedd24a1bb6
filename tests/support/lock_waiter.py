"""``python -m support.lock_waiter SIGNALS ARGS...``: ``huskurage ARGS`` that says when it waits for the portfolio lock.

The first time its save finds the lock taken, it creates ``SIGNALS/<pid>``
and goes on waiting as the program does. A test that holds the lock can so
release it exactly when every racer has read its file and waits: the same
moment, made exact, whatever form the lock takes (``wizard/store/lock.py``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from wizard import cli
from wizard.store import lock


def main(signals: Path, argv: list[str]) -> int:
    real_wait = lock._wait

    def wait() -> None:
        (signals / str(os.getpid())).touch()
        real_wait()

    lock._wait = wait
    return cli.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2:]))
