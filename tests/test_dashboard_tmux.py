"""The real program in a real terminal (tmux), on 290 municipalities at 80x24:
filter to one, open it, mark an item, quit, and the file has it.

Runs ``.venv/bin/huskurage`` (the console script); where it is not installed,
``python -m wizard``, the same entry point. Skipped, with the reason, when
tmux is missing.
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
from test_dashboard_support import city_file, p290, p290_master  # noqa: F401

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def _command() -> list[str]:
    script = Path(sys.executable).parent / "huskurage"
    return [str(script)] if script.exists() else [sys.executable, "-m", "wizard"]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


class Tmux:
    """One private tmux server running one program in an 80x24 window."""

    def __init__(self, tmp: Path) -> None:
        self.socket = f"huskurage-dash-{os.getpid()}-{tmp.name}"
        self.session = "dashboard"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=20)

    def start(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        line = f"cd {_quote(str(cwd))} && env {exports} {' '.join(_quote(c) for c in command)}"
        self.run("new-session", "-d", "-s", self.session, "-x", "80", "-y", "24", line)

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


@pytest.fixture
def tmux(tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it; apt-get install tmux)")
    t = Tmux(tmp_path)
    yield t
    t.kill()


def test_filter_to_one_open_it_mark_an_item_quit_and_the_file_has_it(tmux, p290, tmp_path):
    kiruna = city_file(p290, "2584")
    before = tomllib.loads(kiruna.read_text(encoding="utf-8"))
    old = before["progress"]["fit_resources"]["status"]  # the first item on the checklist
    key, new = ("d", "doing") if old != "doing" else ("x", "done")
    env = {
        "HUSKURAGE_DATA_DIR": str(tmp_path / "data"),
        "HUSKURAGE_LANG": "sv",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
    }
    tmux.start([*_command(), str(p290)], env, tmp_path)
    tmux.wait_for("290 av 290 kommuner")
    tmux.keys("/")  # typed as fast as tmux can: "/", the name and Enter reach the program back to back
    tmux.keys("kiruna", literal=True)
    tmux.keys("Enter")
    tmux.wait_for("Kiruna (2584)")
    tmux.wait_for("Avsätt personaltid")
    tmux.keys(key)
    deadline = time.monotonic() + 20
    while tomllib.loads(kiruna.read_text(encoding="utf-8"))["progress"]["fit_resources"]["status"] != new:
        assert time.monotonic() < deadline, tmux.screen()
        time.sleep(0.2)
    tmux.keys("C-q")
    tmux.wait_for_exit()
    after = tomllib.loads(kiruna.read_text(encoding="utf-8"))
    assert after["progress"]["fit_resources"]["status"] == new
    last = after["history"][-1]
    assert (last["field"], last["old"], last["new"]) == ("progress.fit_resources.status", old, new)
    assert len(after["history"]) == len(before["history"]) + 1
