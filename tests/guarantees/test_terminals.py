"""Real terminals: the installed ``huskurage`` in tmux, at two sizes, two TERMs, and with NO_COLOR.

Each run opens the demo portfolio, waits for the first screen to show its
Swedish text, switches to the wizard with F2 (a function key, whose escape
sequence differs between terminals), quits with Ctrl+Q and checks that the
process exited with status 0, printed no traceback, and left the portfolio as
it was. With ``NO_COLOR=1`` every colour on screen must be a grey.

Skipped, with the reason, where tmux is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import ROOT, snapshot_files

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def _binary() -> list[str]:
    script = Path(sys.executable).parent / "huskurage"  # the console script `make test` installs
    return [str(script)] if script.exists() else [sys.executable, "-m", "wizard"]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


class Terminal:
    """A private tmux server with one pane of the given size that stays on screen after the program exits."""

    def __init__(self, name: str, width: int, height: int) -> None:
        self.socket = f"huskurage-guarantees-{os.getpid()}-{name}"
        self.width, self.height = width, height

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check, timeout=20)

    def start(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(self.width), "-y", str(self.height), "sleep 600")
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
        program = f"env -i {exports} {' '.join(_quote(c) for c in command)}"
        line = f"cd {_quote(str(cwd))} && {program}; echo; echo \"exit status $?\""
        self.tmux("respawn-pane", "-k", "-t", "t", line)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "t", check=False).stdout

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def wait_for_exit(self, timeout: float = 20.0) -> str:
        """What the pane shows once the program has exited (the shell then echoes its exit status)."""
        return self.wait_for("exit status ", timeout=timeout)

    def close(self) -> None:
        self.tmux("kill-server", check=False)


_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_GREY_BASIC = {30, 37, 90, 97, 40, 47, 100, 107}


def colours(screen: str) -> tuple[set[str], set[str]]:
    """The colours in a ``capture-pane -e`` dump: (greys, others)."""
    greys, others = set(), set()
    for match in _SGR.finditer(screen):
        params = [int(p) if p else 0 for p in match.group(1).split(";")]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 2 < len(params) and params[i + 1] == 5:
                n = params[i + 2]
                (greys if n in (0, 7, 8, 15, 16, 231) or n >= 232 else others).add(f"{p};5;{n}")
                i += 3
            elif p in (38, 48) and i + 4 < len(params) and params[i + 1] == 2:
                r, g, b = params[i + 2 : i + 5]
                (greys if r == g == b else others).add(f"{p};2;{r};{g};{b}")
                i += 5
            else:
                if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                    (greys if p in _GREY_BASIC else others).add(str(p))
                i += 1
    return greys, others


TERMINALS = [
    pytest.param(80, 24, "xterm-256color", False, id="80x24-xterm-256color"),
    pytest.param(200, 60, "xterm-256color", False, id="200x60-xterm-256color"),
    pytest.param(80, 24, "linux", False, id="80x24-linux"),
    pytest.param(200, 60, "linux", False, id="200x60-linux"),
    pytest.param(80, 24, "xterm-256color", True, id="80x24-NO_COLOR"),
]


@pytest.mark.parametrize("width, height, term, no_color", TERMINALS)
def test_the_real_binary_starts_shows_swedish_switches_and_quits_cleanly(demo_dir, tmp_path, width, height, term, no_color):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it; apt-get install tmux)")
    before = snapshot_files(demo_dir)
    env = {
        "TERM": term,
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "HUSKURAGE_DATA_DIR": str(tmp_path / "data"),
        "HUSKURAGE_LANG": "sv",
        "LANG": "C.UTF-8",
    }
    if no_color:
        env["NO_COLOR"] = "1"
    terminal = Terminal(tmp_path.name, width, height)
    try:
        terminal.start([*_binary(), str(demo_dir)], env, tmp_path)
        first = terminal.wait_for("Huskurage – införande", "kommuner")
        assert "Traceback" not in first
        greys, others = colours(terminal.screen(escapes=True))
        if no_color:
            assert greys and not others, f"colours despite NO_COLOR: {sorted(others)[:10]}"
        else:
            assert others, "no colour at all: the test could not tell NO_COLOR apart"

        terminal.keys("F2")  # to the wizard: a function key through this terminal
        terminal.wait_for("Steg ", "av 10")
        terminal.keys("C-q")
        last = terminal.wait_for_exit()
    finally:
        terminal.close()
    assert "exit status 0" in last, last
    assert "Traceback" not in last and "Error" not in last, last
    assert snapshot_files(demo_dir) == before  # looking around and quitting changes nothing
