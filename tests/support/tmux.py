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

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session, check=False).stdout

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

    def kill(self) -> None:
        self.run("kill-server", check=False)


def tmux_or_skip(tmp: Path, name: str, width: int, height: int):
    """A fixture body: a Tmux, killed afterwards; skipped with the reason where tmux is missing."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it; apt-get install tmux)")
    t = Tmux(tmp, name, width, height)
    yield t
    t.kill()
