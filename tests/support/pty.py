"""The real ``huskurage`` in a pseudo-terminal: every byte it writes to the terminal, to look for what must not be there.

tmux shows what a terminal made of the output; this keeps the output itself,
so a test can tell that no ``ESC ]52`` or 8-bit CSI ever left the program.
Keys are sent when the screen shows what the test waits for, never after a
pause.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

from support import ROOT


class Terminal:
    """One run of the program in a pty of the given size; ``output`` holds every byte it wrote."""

    def __init__(self, argv: list[str], env: dict[str, str], *, width: int = 120, height: int = 36) -> None:
        self.output = b""
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                os.chdir(str(ROOT))
                os.execve(sys.executable, [sys.executable, "-m", "wizard", *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the program has left: EIO on Linux
            return False
        self.output += data
        return bool(data)

    def wait_for(self, marker: bytes, *, what: str, timeout: float = 60.0) -> None:
        """Read until ``marker`` has been written since the last wait; fail after ``timeout`` seconds."""
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while marker not in self.output[start:]:
            if time.monotonic() > deadline:
                raise AssertionError(f"never shown: {what}; last output {self.output[-600:]!r}")
            if not self._read(0.5) and marker not in self.output[start:]:
                raise AssertionError(f"the program left before {what}; last output {self.output[-600:]!r}")

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self, timeout: float = 30.0) -> int:
        """Read to the end (the program quits on its own, or is killed after ``timeout``); its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(0.5):
            pass
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status
