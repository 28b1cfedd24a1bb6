"""How this program works with Python's cyclic garbage collector.

Nearly everything huskurage builds is either kept until the process ends
(the catalog, the open portfolio, the widgets of a screen) or freed by
reference counting the moment it is dropped. The cyclic collector finds
neither kind of garbage, but every full collection walks all of it again:
with 290 municipalities open that was ~60 ms of opening the dashboard and
~80 ms of quitting. So:

- :func:`collection_paused` switches it off while a portfolio is read or an
  export is written: work that allocates tens of thousands of objects that
  all live on (Textual pauses it the same way while scrolling);
- :func:`skip_final_collection` skips the collection of every live object at
  exit (``gc.freeze`` from ``atexit``, as Spack and Synapse do: spack#53020,
  synapse#10712). Unlike ``os._exit``, atexit handlers still run, files are
  still closed and stdout and stderr flushed; what is skipped are ``__del__``
  methods of objects alive at exit, which Python does not promise to run.
  Everything this program writes is written, synced and closed by the store
  before it returns, never by a finaliser;
- :func:`pause_while_starting` switches it off from the moment the TUI
  starts until its first screen is drawn (:func:`started`): the imports,
  the catalog, the portfolio and the first widgets all live on.

Screens that hold a portfolio move it out of the collector's sight with
``gc.freeze`` once built (``wizard_screen.py``, ``dashboard/screen.py``).
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager
from typing import Iterator

_armed = False
_starting = False


def skip_final_collection() -> None:
    """Arrange, once per process, for exit to skip the collection of live objects."""
    global _armed
    if not _armed:
        atexit.register(gc.freeze)
        _armed = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block; as it was after it (nesting is fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pause_while_starting() -> None:
    """No cyclic collection until :func:`started` (the TUI calls it once its first screen is drawn)."""
    global _starting
    if gc.isenabled():
        gc.disable()
        _starting = True


def started() -> None:
    """The collector back on, if :func:`pause_while_starting` switched it off (idempotent)."""
    global _starting
    if _starting:
        _starting = False
        gc.enable()
