"""Textual's web driver (the app under ``huskurage serve``) with one writer to the server at a time.

The app's thread writes the screen to the pipe textual-serve reads, and the
driver's input thread writes the chunks of a download (an export's zip) to the
same pipe. ``os.write`` of more than ``PIPE_BUF`` bytes to a full pipe may
give up the pipe half-way and may write less than it was given, so a 64 KB
chunk and a screen update could interleave: the server reads a broken packet,
never gets the chunk, and ends the colleague's download after its wait. Here
every packet is written whole, under a lock.
"""

from __future__ import annotations

import os
import threading
from functools import partial
from typing import Any

from textual.drivers.web_driver import WebDriver as TextualWebDriver


def whole_writes(fd: int) -> "partial[int]":
    """A writer to ``fd`` that writes each packet whole, one caller at a time (and says how much, as ``os.write``)."""
    return partial(_write_whole, threading.Lock(), fd)


def _write_whole(lock: threading.Lock, fd: int, data: bytes) -> int:
    view = memoryview(data)
    with lock:
        while view:
            view = view[os.write(fd, view) :]
    return len(data)


class WebDriver(TextualWebDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write = whole_writes(self.fileno)
