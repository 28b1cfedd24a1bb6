"""Driving the real ``huskurage`` in a private tmux server, as a user at a terminal would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT


def huskurage_command() -> list[str]:
    """The console script ``make test`` installs; where it is missing, ``python -m wizard``."""
    script = Path(sys.executable).parent / "huskurage"
    return [str(script)] if script.exists() else [sys.executable, "-m", "wizard"]


def quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def user_env(tmp: Path, **extra: str) -> dict[str, str]:
    """A clean Swedish environment with its own data folder, so no test sees the developer's recent list."""
    return {
        "HUSKURAGE_DATA_DIR": str(tmp / "data"),
        "HUSKURAGE_LANG": "sv",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        **extra,
    }


class Tmux:
    """One private tmux server running one program in a window of the given size."""

    def __init__(self, tmp: Path, name: str, width: int, height: int) -> None:
        self.socket = f"huskurage-{name}-{os.getpid()}-{tmp.name}"
        self.session = name
        self.width, self.height = width, height

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=20)

    def start(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        exports = " ".join(f"{k}={quote(v)}" for k, v in env.items())
        line = f"cd {quote(str(cwd))} && env {exports} {' '.join(quote(c) for c in command)}"
        self.run("new-session", "-d", "-s", self.session, "-x", str(self.width), "-y", str(self.height), line)

    def screen(self, colours: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if colours else []), "-t", self.session, check=False).stdout

    def move(self, *keys: str, timeout: float = 30.0) -> None:
        """Send keys that move the focus, and wait until the screen shows it moved (colours count).

        Textual moves the focus in the focused widget's turn: letters sent in the
        same burst as a Tab would reach the field being left.
        """
        before = self.screen(colours=True)
        self.keys(*keys)
        deadline = time.monotonic() + timeout
        while self.screen(colours=True) == before:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing moved after {keys}; the screen shows:\n{self.screen()}")
            time.sleep(0.1)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for_exit(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.run("has-session", "-t", self.session, check=False).returncode != 0:
                return
            time.sleep(0.2)
        raise AssertionError(f"the program did not quit; the screen shows:\n{self.screen()}")

    def program_pid(self) -> int:
        """The process id of the program running in the window (below the shell tmux started it with)."""
        pane = int(self.run("list-panes", "-t", self.session, "-F", "#{pane_pid}").stdout.split()[0])
        pid = pane
        while True:  # the shell and env exec or fork: follow the single child down to the program
            children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
            if not children:
                return pid
            pid = int(children[0])

    def send_signal(self, sig: int) -> None:
        """Signal the program itself, as a closed window, an SSH drop or a shutdown does."""
        os.kill(self.program_pid(), sig)

    def close_window(self) -> None:
        """Close the terminal under the program (``tmux kill-session``): it gets SIGHUP and its terminal is gone."""
        self.run("kill-session", "-t", self.session, check=False)

    def kill(self) -> None:
        self.run("kill-server", check=False)


def wait_for_process_exit(pid: int, timeout: float = 30.0) -> None:
    """Wait until process ``pid`` has ended (it may outlive its window while it saves)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
        if state.startswith("Z"):  # ended, not yet reaped by its parent
            return
        time.sleep(0.2)
    raise AssertionError(f"process {pid} is still running after {timeout} s")


def tmux_or_skip(tmp: Path, name: str, width: int, height: int):
    """A fixture body: a Tmux, killed afterwards; skipped with the reason where tmux is missing."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it; apt-get install tmux)")
    t = Tmux(tmp, name, width, height)
    yield t
    t.kill()
