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
  the catalog, the portfolio and the first widgets all live on;
- :func:`aged` makes everything alive old at once, as a collection would,
  without walking it: ``check`` calls it once the portfolio is read and
  checked (6,000 entrances: a young collection after the load walked all of
  them, ~10-20 ms, to find nothing); nothing stays frozen;
- :func:`keep_alive` moves everything alive out of the collector's sight
  (``gc.freeze``) once a screen that holds a portfolio is built, and again
  when the wizard mounts a step (its rows for 290 cities are tens of
  thousands of objects); :func:`screen_replaced` gives everything back to
  the collector after F2, F8 or Ctrl+O replaced such a screen, so the
  screen that went away can be collected at all (its widgets refer to each
  other). This module is the only place that calls ``gc.freeze`` and
  ``gc.unfreeze``; the screens used to call both themselves, the new one's
  freeze undone by the old one's unmount by accident.

  Measured on the 290-city portfolio in one process, 60 step switches and
  three F2 round trips to the dashboard, the collector's CPU time taken
  from ``gc.callbacks`` (on a busy machine): with no freeze at all, 18 full
  collections took 3,369 ms, one of them 367 ms; frozen once built and
  unfrozen after a switch (this module), 4 took 61 ms; collecting and
  freezing again at once after each switch, 10 took about 2,000 ms.

  Collecting at once after a switch would keep the new screen frozen, but
  each such collection walks every object (~225,000 with the wizard's ten
  steps) and made F2 300-400 ms slower. After an unfreeze everything sits
  in the oldest generation, and Python collects it fully only once a
  quarter as many new objects have survived, so the old screen goes at the
  next full collection and the rest is rarely walked.
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


def aged() -> None:
    """Everything alive now is old: the next young collection does not walk it, a full one still does.

    ``gc.freeze`` empties the young generations into the frozen one and
    ``gc.unfreeze`` puts all of that into the oldest generation; what a
    screen froze (:func:`keep_alive`) goes back there too, as after :func:`screen_replaced`.
    """
    gc.freeze()
    gc.unfreeze()


def keep_alive() -> None:
    """Everything alive now lives on (a screen that holds a portfolio, a step just mounted): out of the collector's sight."""
    gc.freeze()


def screen_replaced() -> None:
    """A screen that held a portfolio went away: everything frozen goes back to the collector, so that screen can go.

    Called after the new screen is drawn; the next :func:`keep_alive` freezes again.
    """
    gc.unfreeze()
