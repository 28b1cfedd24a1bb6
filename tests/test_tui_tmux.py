"""The real program in a real terminal (tmux): type a company name, Next, quit, and the file has it.

Runs ``.venv/bin/huskurage`` (the console script, as ``make test`` installs
it); where it is not installed, ``python -m wizard``, the same entry point.
Skipped, with the reason, when tmux is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def _command() -> list[str]:
    script = Path(sys.executable).parent / "huskurage"
    return [str(script)] if script.exists() else [sys.executable, "-m", "wizard"]


class Tmux:
    """One private tmux server running one program in a 100x30 window."""

    def __init__(self, tmp: Path) -> None:
        self.socket = f"huskurage-test-{os.getpid()}-{tmp.name}"
        self.session = "wizard"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=20)

    def start(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        line = f"cd {_quote(str(cwd))} && env {exports} {' '.join(_quote(c) for c in command)}"
        self.run("new-session", "-d", "-s", self.session, "-x", "100", "-y", "30", line)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session, check=False).stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for_exit(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.run("has-session", "-t", self.session, check=False).returncode != 0:
                return
            time.sleep(0.2)
        raise AssertionError(f"the program did not quit; the screen shows:\n{self.screen()}")

    def kill(self) -> None:
        self.run("kill-server", check=False)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


@pytest.fixture
def tmux(tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it; apt-get install tmux)")
    t = Tmux(tmp_path)
    yield t
    t.kill()


def test_type_a_name_next_quit_and_the_file_has_it(tmux, tmp_path):
    root = tmp_path / "bolaget"
    env = {
        "HUSKURAGE_DATA_DIR": str(tmp_path / "data"),
        "HUSKURAGE_LANG": "sv",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
    }
    tmux.start([*_command(), str(root)], env, tmp_path)
    tmux.wait_for("1. Företaget")
    tmux.keys("Tmux [bold] AB", literal=True)
    shown = tmux.wait_for("Tmux [bold] AB")
    assert "Företagets namn" in shown
    tmux.keys("C-n")
    tmux.wait_for("2. Kontakt med Huskurage")
    tmux.keys("C-q")
    tmux.wait_for_exit()
    company = tomllib.loads((root / "huskurage.toml").read_text(encoding="utf-8"))["company"]
    assert company["name"] == "Tmux [bold] AB"
