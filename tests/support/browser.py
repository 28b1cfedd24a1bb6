"""``huskurage serve`` in a child process, and the system Chromium driven by Playwright to use it.

Playwright drives ``/usr/bin/chromium`` (``executable_path``): no browser of its
own is ever downloaded; CI installs chromium from the distribution (``.ci/run``).

The page draws the terminal on a canvas, so its text is not in the DOM. A
:class:`Tab` reads the screen the way the browser's xterm.js does: it feeds
every frame the websocket receives into a ``pyte`` terminal of the size the
page announced. Waiting is always on a condition: a websocket frame arriving,
a page selector, a process's output; never on the clock.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest

from support import ROOT

CHROMIUM = "/usr/bin/chromium"
#: Everything that would make Chromium talk to anything but the page under test is off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000
_URL = re.compile(r"(http://\S+/)\?token=([A-Za-z0-9_-]+)")


def chromium_or_skip() -> str:
    path = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path is None:
        pytest.skip("chromium is not installed (CI installs it; apt-get install chromium)")
    return CHROMIUM if os.path.exists(CHROMIUM) else path


class Log:
    """What a process writes to stderr, line by line, to wait on (a condition variable, no polling)."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.lines.append("")  # the end
            self.changed.notify_all()

    def text(self) -> str:
        return "".join(self.lines)

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.text()))

    def wait_for(self, pattern: str, times: int = 1, timeout: float = TIMEOUT_MS / 1000) -> None:
        """Until ``pattern`` has appeared ``times`` times in the log."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.count(pattern) >= times, timeout=timeout):
                raise AssertionError(f"waited for {pattern!r} x{times} in the server's log:\n{self.text()}")


@dataclass
class Served:
    """A running ``huskurage serve``: its address, token, process and log."""

    proc: subprocess.Popen
    base: str
    token: str
    log: Log

    @property
    def url(self) -> str:
        return f"{self.base}?token={self.token}"

    @property
    def port(self) -> int:
        return int(self.base.rstrip("/").rsplit(":", 1)[1])

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """A plain HTTP GET (no browser, no cookie): the status and the body, 4xx included."""
        request = urllib.request.Request(self.base.rstrip("/") + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()


def serve_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "wizard", "serve", str(root), "--port", "0", *args]


@contextmanager
def served(root: Path, *args: str, data_dir: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``huskurage serve ROOT --port 0 ARGS``; the address is read from the line it prints once it listens.

    On leaving, the server gets SIGTERM (what Ctrl+C does) and must end by itself, exit code 0.
    """
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "HUSKURAGE_DATA_DIR": str(data_dir), **(env or {})}
    if not env or "HUSKURAGE_LANG" not in env:
        full_env.pop("HUSKURAGE_LANG", None)
    proc = subprocess.Popen(
        serve_command(root, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env, cwd=ROOT
    )
    assert proc.stdout is not None
    log = Log(proc.stderr)
    found = None
    printed = []
    for line in proc.stdout:  # ends at the address, or when the server ends without one
        printed.append(line)
        found = _URL.search(line)
        if found:
            break
    if found is None:
        proc.wait(timeout=30)
        log.thread.join(timeout=30)
        raise AssertionError(f"huskurage serve printed no address: {''.join(printed)}{log.text()}")
    server = Served(proc, found.group(1), found.group(2), log)
    try:
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        rest = proc.stdout.read()
        code = proc.wait(timeout=120)
        log.thread.join(timeout=30)
        assert code == 0, f"exit {code}: {rest}{log.text()}"


@contextmanager
def chromium_browser() -> Iterator[object]:
    path = chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    """One browser tab on the served app, with the screen it shows read from its websocket."""

    page: object
    screen: object = None
    stream: object = None
    requests: list[str] = field(default_factory=list)
    ws: object = None

    @classmethod
    def open(cls, context, url: str) -> "Tab":
        import pyte

        tab = cls(context.new_page())
        tab.screen = pyte.Screen(80, 24)
        tab.stream = pyte.ByteStream(tab.screen)
        tab.page.on("request", lambda r: tab.requests.append(r.url))
        tab.page.on("websocket", tab._watch)
        tab.page.set_default_timeout(TIMEOUT_MS)
        with tab.page.expect_websocket() as opened:
            tab.page.goto(url)
        tab.ws = opened.value
        return tab

    def _watch(self, ws) -> None:
        size = dict(re.findall(r"(width|height)=(\d+)", ws.url))
        if size:
            self.screen.resize(int(size["height"]), int(size["width"]))
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        """Until ``condition()`` holds, checked after each frame the app sends."""
        if condition():
            return
        try:
            self.ws.wait_for_event("framereceived", predicate=lambda _: condition(), timeout=TIMEOUT_MS)
        except Exception as e:
            raise AssertionError(f"waited for {what}; the screen:\n{self.text()}") from e

    def wait_for_text(self, text: str) -> None:
        self.wait(lambda: text in self.text(), repr(text))

    def click_text(self, text: str) -> None:
        """Click, as a user would with the mouse, the middle of the last place on the screen that shows ``text``."""
        rows = self.screen.display
        row = max(i for i, line in enumerate(rows) if text in line)
        column = rows[row].index(text) + len(text) // 2
        box = self.page.locator(".xterm-screen").bounding_box()
        width, height = box["width"] / self.screen.columns, box["height"] / self.screen.lines
        self.page.mouse.click(box["x"] + (column + 0.5) * width, box["y"] + (row + 0.5) * height)

    def keys(self, *keys: str) -> None:
        """Keys as a user types them into the page (``"/"``, ``"Enter"``, ``"Control+q"``)."""
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            if len(key) > 1 and key[0].isupper() or "+" in key:
                self.page.keyboard.press(key)
            else:
                self.page.keyboard.type(key)
