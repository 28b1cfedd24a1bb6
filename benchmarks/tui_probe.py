"""Headless Textual runs for the TUI figures; ``run.py`` starts each as its own process.

    python benchmarks/tui_probe.py hello              a bare Textual hello app: start, ready, exit
    python benchmarks/tui_probe.py open DIR           huskurage on DIR: start, first screen ready, exit
    python benchmarks/tui_probe.py steps DIR [N]      open DIR, then time N step switches in-process

Every run goes through ``App.run_test`` (headless, 80x24, the same for the
hello app and the program) and exits as soon as the first interactive screen
is ready, so the whole process is start-up plus shutdown. The last line on
stdout is JSON: what was reached and, for ``steps``, the latency of each
switch in milliseconds (``ms``: all of them; ``first_visit_ms``: those that
mounted a step for the first time), from the action to the new step shown with every
message it caused processed and the screen updated (``pilot.pause(0)``: no
idle padding).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

SIZE = (80, 24)
TIMEOUT = 60.0


async def until(pilot, ready, timeout: float = TIMEOUT) -> None:
    """Let the app work (no clock-based padding) until ``ready()``, then once more.

    The last ``pause(0)`` processes what the change itself queued (a footer
    rebuilt for new bindings, a layout) and updates the screen, so a figure
    covers the screen settled, not only the state changed.
    """
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get ready")
        await pilot.pause(0)
    await pilot.pause(0)


def first_screen_ready(app) -> bool:
    """The portfolio's first screen is up: the wizard shows a step (later: the dashboard has its rows)."""
    if len(app.screen_stack) < 2:
        return False
    screen = app.screen
    name = type(screen).__name__
    if name == "WizardScreen":
        return screen.step > 0 and screen.current is not None and screen.current.is_mounted
    if hasattr(screen, "bench_ready"):  # a screen can say when it is ready to use
        return bool(screen.bench_ready())
    return screen.is_mounted


async def hello() -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello, World!")

    app = Hello()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.is_mounted and bool(app.screen.children))
    return {"ready": "hello"}


def _app(path: Path, data_dir: Path):
    from wizard.tui.app import make_app

    return make_app(path, lang="sv", data_dir=data_dir, cursor_blink=False)


async def open_portfolio(path: Path, data_dir: Path) -> dict:
    app = _app(path, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_screen_ready(app))
        reached = type(app.screen).__name__
    return {"ready": reached}


async def steps(path: Path, data_dir: Path, switches: int) -> dict:
    app = _app(path, data_dir)
    samples: list[float] = []
    first: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_screen_ready(app))
        if type(app.screen).__name__ != "WizardScreen":  # e.g. the dashboard: the wizard is one step away
            app.start_screen(app.session, "wizard")
            await until(pilot, lambda: type(app.screen).__name__ == "WizardScreen" and first_screen_ready(app))
        screen = app.screen
        from wizard.tui.steps import STEPS

        total = len(STEPS)
        seen = {screen.step}
        number = screen.step
        for _ in range(switches):
            number = number % total + 1
            t0 = time.perf_counter()
            screen.action_goto(number)
            await until(pilot, lambda: screen.step == number and screen.current is not None and screen.current.is_mounted)
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            if number not in seen:
                first.append(ms)
            seen.add(number)
    return {"ready": "WizardScreen", "ms": samples, "first_visit_ms": first}


def main(argv: list[str]) -> int:
    mode = argv[0]
    data_dir = Path.cwd() / "tui-data"  # recent portfolios etc.: never the user's own
    if mode == "hello":
        result = asyncio.run(hello())
    elif mode == "open":
        result = asyncio.run(open_portfolio(Path(argv[1]), data_dir))
    elif mode == "steps":
        result = asyncio.run(steps(Path(argv[1]), data_dir, int(argv[2]) if len(argv) > 2 else 30))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
