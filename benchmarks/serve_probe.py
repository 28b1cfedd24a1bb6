"""``huskurage serve`` measured in the system Chromium, for ``run.py``'s served figures (issue 15).

    python benchmarks/serve_probe.py DIR MARK

Starts ``huskurage serve DIR --port 0`` and a headless Chromium (Playwright,
``executable_path``: never a browser download), then answers commands on
stdin, one JSON line each on stdout, so ``run.py`` can interleave them with
the terminal's own runs:

    page           a fresh browser context opens the page: {"ms": navigation start -> dashboard drawn,
                   "arrived": -> its bytes arrived, "cols"/"rows": the terminal size the page asked for}
    socket C R     a bare websocket client (no browser) on the same server, C x R: {"ms": connect -> dashboard bytes}
    terminal C R   the terminal's own cold start: ``huskurage DIR`` in a pseudo-terminal of C x R (Linux),
                   {"ms": spawn -> the dashboard's bytes written}; then Ctrl+Q
    keys N ROUNDS  N tabs open at once; ROUNDS times a key (Down, then Up) is pressed in every tab
                   back to back: {"ms": [[per tab...]...]}, keystroke sent -> update drawn
    quit

Both are timed inside the page (``performance.now()``), by a script the
page runs before its own: "drawn" is the first animation frame after xterm.js
has parsed the bytes (two ``setTimeout`` hops put us behind xterm's own
parsing, which runs in a timer of its own, and its renderer's animation frame),
at most a frame late. MARK is text of the dashboard's status line that
says it is drawn (``av 3 kommuner``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 120_000
VIEWPORT = {"width": int(os.environ.get("VW", 1280)), "height": int(os.environ.get("VH", 800))}

PAGE_SCRIPT = """
(() => {
  const mark = MARK;
  const bench = (window.__bench = { drawn: null, lat: [] });
  const after = (f) => setTimeout(() => setTimeout(() => requestAnimationFrame(() => f(performance.now())), 0), 0);
  const Native = window.WebSocket;
  function Measured(url, protocols) {
    const ws = new Native(url, protocols);
    bench.size = String(url).split("?")[1];
    bench.opened = performance.now();
    ws.addEventListener("open", () => (bench.connected = performance.now()));
    const decoder = new TextDecoder();
    let seen = "", pending = null;
    ws.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;
      if (bench.first === undefined) bench.first = performance.now();
      if (bench.drawn === null) {
        seen = (seen + decoder.decode(event.data, { stream: true })).slice(-8000);
        if (seen.includes(mark) && bench.arrived === undefined) {
          bench.arrived = performance.now();
          after((now) => (bench.drawn = now));
        }
      }
      if (pending !== null) {
        const start = pending;
        pending = null;
        after((now) => bench.lat.push(now - start));
      }
    });
    bench.reset = () => {
      pending = null;
      bench.lat = [];
    };
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      // A key; not the focus report xterm.js sends when the page gets focus (ESC [ I / ESC [ O).
      if (typeof data === "string" && data.startsWith('["stdin"') && !/u001b\[[IO]/.test(data)) pending = performance.now();
      send(data);
    };
    return ws;
  }
  Measured.prototype = Native.prototype;
  Object.assign(Measured, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Measured;
})();
"""


class Server:
    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wizard", "serve", str(root), "--port", "0", "--max-sessions", "20"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.ended = 0
        self.changed = threading.Condition()
        for line in self.proc.stdout:
            found = re.search(r"(http://\S+\?token=\S+)", line)
            if found:
                self.url = found.group(1)
                break
        else:
            raise SystemExit("huskurage serve printed no address: " + self.proc.stderr.read())
        threading.Thread(target=self._log, daemon=True).start()

    def _log(self) -> None:
        for line in self.proc.stderr:
            if re.search(r"session ended", line):
                with self.changed:
                    self.ended += 1
                    self.changed.notify_all()

    def wait_ended(self, n: int) -> None:
        """Until ``n`` sessions have ended: an app still quitting must not load the next measurement."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.ended >= n, timeout=TIMEOUT_MS / 1000):
                raise SystemExit("a session did not end")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=120)


def open_tab(browser, url: str, mark: str):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PAGE_SCRIPT.replace("MARK", json.dumps(mark)))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return context, page


def drawn(page) -> float:
    page.wait_for_function("() => window.__bench.drawn !== null", polling="raf")
    return page.evaluate("() => window.__bench.drawn")


def browser_cpu() -> float:
    """CPU seconds used so far by every Chromium process on this machine (Linux /proc; 0 elsewhere)."""
    total = 0
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        try:
            with open(f"/proc/{pid}/comm") as f:
                if "chrom" not in f.read():
                    continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            continue
    return total / os.sysconf("SC_CLK_TCK") if total else 0.0


def page_size(page) -> tuple[int, int]:
    size = dict(re.findall(r"(width|height)=(\d+)", page.evaluate("() => window.__bench.size")))
    return int(size["width"]), int(size["height"])


def socket_to_dashboard(url: str, cols: int, rows: int, mark: str) -> float:
    """Milliseconds from opening the websocket to the dashboard's bytes, with no browser drawing anything."""
    import asyncio

    import aiohttp

    base, token = re.match(r"(http://\S+/)\?token=(\S+)", url).groups()

    async def run() -> float:
        async with aiohttp.ClientSession() as http:
            t0 = time.perf_counter()
            async with http.ws_connect(f"{base.replace('http://', 'ws://')}ws/{token}?width={cols}&height={rows}") as ws:
                seen = b""
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen = (seen + message.data)[-8000:]
                        if mark.encode() in seen:
                            return (time.perf_counter() - t0) * 1000
        raise SystemExit("the websocket closed before the dashboard")

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:  # Playwright's own event loop runs in this thread
        return thread.submit(lambda: asyncio.run(run())).result()


def terminal_to_dashboard(root: Path, cols: int, rows: int, mark: str) -> float:
    """Milliseconds from spawning ``huskurage DIR`` in a pseudo-terminal to the dashboard's bytes written to it."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the program as a user starts it in a terminal
        os.execv(sys.executable, [sys.executable, "-m", "wizard", str(root)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen, ms = b"", None
    try:
        while ms is None:
            if not select.select([fd], [], [], TIMEOUT_MS / 1000)[0]:
                raise SystemExit("the terminal showed no dashboard")
            seen = (seen + os.read(fd, 65536))[-8000:]
            if mark.encode() in seen:
                ms = (time.perf_counter() - t0) * 1000
        os.write(fd, b"\x11")  # Ctrl+Q
        while True:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return ms


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    root, mark = Path(argv[0]), argv[1]
    server = Server(root)
    closed = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for line in sys.stdin:
                command = line.split()
                if not command or command[0] == "quit":
                    break
                if command[0] == "page":
                    cpu = browser_cpu()
                    context, page = open_tab(browser, server.url, mark)
                    result = {"ms": drawn(page), "arrived": page.evaluate("() => window.__bench.arrived")}
                    result["browser_cpu_ms"] = (browser_cpu() - cpu) * 1000
                    result["cols"], result["rows"] = page_size(page)
                    context.close()
                    closed += 1
                    server.wait_ended(closed)
                elif command[0] == "socket":
                    result = {"ms": socket_to_dashboard(server.url, int(command[1]), int(command[2]), mark)}
                    closed += 1
                    server.wait_ended(closed)
                elif command[0] == "terminal":
                    result = {"ms": terminal_to_dashboard(root, int(command[1]), int(command[2]), mark)}
                elif command[0] == "keys":
                    n, rounds = int(command[1]), int(command[2])
                    tabs = [open_tab(browser, server.url, mark) for _ in range(n)]
                    for _, page in tabs:
                        drawn(page)
                        page.focus(".xterm-helper-textarea")
                    for _, page in tabs:  # what the pages sent while starting (replies to the app's queries) is no key
                        page.evaluate("() => window.__bench.reset()")
                    for r in range(rounds):
                        for _, page in tabs:  # every colleague presses a key at once
                            page.keyboard.press("ArrowDown" if r % 2 == 0 else "ArrowUp")
                        for _, page in tabs:
                            page.wait_for_function(f"() => window.__bench.lat.length >= {r + 1}", polling="raf")
                    result = {"ms": [page.evaluate("() => window.__bench.lat") for _, page in tabs]}
                    for context, _ in tabs:
                        context.close()
                    closed += n
                    server.wait_ended(closed)
                else:
                    result = {"error": f"unknown command {command[0]!r}"}
                print(json.dumps(result), flush=True)
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
