"""The terminal the program runs in, and what happens when it goes away.

Ctrl+Q saves what is being edited, then quits. Closing the window, an SSH
connection that drops and ``tmux kill-session`` send the program SIGHUP and
take its terminal away; a shutdown or ``kill`` sends SIGTERM. Left to
themselves, both signals end a Python program on the spot, and Textual's
input thread, reading from a terminal that is gone, stops the app with a
traceback: either way, what was typed since the last step change was lost.

:class:`Terminal` is Textual's own driver for Linux and macOS with the one
difference that those three events call the app's ``hang_up`` (the save and
quit of Ctrl+Q), and that output to a terminal that is gone is dropped
instead of stopping the program half way. Served in a browser, the app has
Textual's web driver, and a closed tab already arrives as Ctrl+Q
(``wizard/web/server.py``).
"""

from __future__ import annotations

import signal
import threading
from typing import IO, Any, Callable

from textual.drivers.linux_driver import LinuxDriver

#: The signals that mean "the user is gone, or the machine is going down": save as Ctrl+Q does.
HANG_UPS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


class _Output:
    """The terminal as Textual writes to it; once it is gone, writes are dropped and ``gone`` is called once."""

    def __init__(self, file: IO[str], gone: Callable[[], None]) -> None:
        self._file = file
        self._gone = gone

    def write(self, text: str) -> None:
        try:
            self._file.write(text)
        except (OSError, ValueError):  # EIO from a closed terminal, or the file closed under us
            self._gone()

    def flush(self) -> None:
        try:
            self._file.flush()
        except (OSError, ValueError):
            self._gone()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class Terminal(LinuxDriver):
    """Textual's LinuxDriver, for which a hang-up, SIGTERM or a terminal that went away is the app's ``hang_up``."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._gone = threading.Event()
        self._file = _Output(self._file, self._went_away)  # type: ignore[assignment, arg-type]

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        for sig in HANG_UPS:
            self._loop.add_signal_handler(sig, self._hang_up)

    def stop_application_mode(self) -> None:
        for sig in HANG_UPS:
            self._loop.remove_signal_handler(sig)
        super().stop_application_mode()

    def _hang_up(self) -> None:
        hang_up = getattr(self._app, "hang_up", None)
        if hang_up is not None:
            hang_up()
        else:
            self._app.exit()

    def _went_away(self) -> None:
        """The terminal is gone (from the input or the output thread): hang up, once, in the app's loop."""
        if not self._gone.is_set():
            self._gone.set()
            self._loop.call_soon_threadsafe(self._hang_up)

    def _run_input_thread(self) -> None:
        try:
            self.run_input_thread()
        except OSError:  # EIO: the terminal was closed under us (the window, the SSH connection)
            self._went_away()
        except BaseException:  # as Textual's own driver: anything else is a bug worth its traceback
            import rich.traceback

            self._app.call_later(self._app.panic, rich.traceback.Traceback())
