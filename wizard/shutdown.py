"""Leave the process without a last garbage collection of everything it built.

When Python exits it collects every object still alive, one by one: with the
catalog, a portfolio and Textual's widget tree that is about a third of the
time of a short run (some 80 ms of ``huskurage DIR`` opening and quitting).
The kernel frees a dead process's memory anyway, so at exit we move every
object to the permanent generation (``gc.freeze``), which the final
collection skips. Unlike ``os._exit``, atexit handlers still run, files are
still closed and stdout and stderr are still flushed; what is skipped are
``__del__`` methods of objects alive at exit, which Python does not promise
to run. Everything this program writes is written, synced and closed by the
store before it returns (``store.py``), never by a finaliser.

The same was done by Spack (spack/spack#53020) and Synapse (matrix-org/synapse#10712).
"""

from __future__ import annotations

import atexit
import gc

_armed = False


def skip_final_collection() -> None:
    """Arrange, once per process, for exit to skip the collection of live objects."""
    global _armed
    if not _armed:
        atexit.register(gc.freeze)
        _armed = True
