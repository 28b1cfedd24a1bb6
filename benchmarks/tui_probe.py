"""Headless Textual runs for the TUI figures; ``run.py`` starts each as its own process.

    python benchmarks/tui_probe.py hello              a bare Textual hello app: start, ready, exit
    python benchmarks/tui_probe.py floor              a bare Textual app with the widgets of the demo's first step
    python benchmarks/tui_probe.py table-floor DIR    bare tomllib + Textual: DIR's files parsed, one table row per city
    python benchmarks/tui_probe.py open DIR           huskurage on DIR: start, first screen ready, exit
    python benchmarks/tui_probe.py steps DIR [N]      open DIR, then time N step switches in-process

``open`` and ``steps`` take ``--screen NAME`` (``wizard``, ``dashboard``) to
land on that screen whatever the app would choose for the portfolio, so a
figure for one screen does not follow the app's choice of landing screen.

Every run goes through ``App.run_test`` (headless, 80x24, the same for the
hello app and the program) and exits as soon as the first interactive screen
is ready, so the whole process is start-up plus shutdown. The last line on
stdout is JSON: what was reached and, for ``steps``, the latency of each
switch in milliseconds (``ms``: all of them; ``first_visit_ms``: those that
mounted a step for the first time), from the action to the new step shown with every
message it caused processed and the screen updated (:func:`settle`: no idle
padding, no per-widget probe messages).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

SIZE = (80, 24)
TIMEOUT = 60.0


async def settle(app, deadline: float) -> None:
    """Return once the app has nothing left to do and the screen shows the result.

    Nothing left to do: no task or callback is ready to run in the event loop
    (every message pump waits on an empty queue, nothing is mid-handler). The
    screen shows the result: whatever the screen would lay out, draw or call
    after its next refresh is done now, as Textual's 60 Hz update timer would
    (and as ``Pilot.pause`` does), and the loop is run again until that too
    has settled. Unlike ``Pilot.pause(0)`` this posts no message to every
    widget (with ten steps mounted that alone costs ~17 ms per wait, which no
    user ever waits for).
    """
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(0)
        if app._exception is not None or not app.is_running:
            return  # it failed or ended: run_test says why
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not settle")
        if loop._ready:  # another task or callback can run: let it
            continue
        screen = app.screen
        if not app._batch_count and (
            screen._layout_required
            or screen._scroll_required
            or screen._repaint_required
            or screen._recompose_required
            or screen._dirty_widgets
            or screen._callbacks
        ):
            screen._on_timer_update()
            continue
        return


async def until(app, ready, timeout: float = TIMEOUT) -> None:
    """Let the app work until ``ready()`` holds and everything it caused is processed and on screen."""
    deadline = time.perf_counter() + timeout
    while True:
        await settle(app, deadline)
        if ready() or app._exception is not None or not app.is_running:
            return  # ready; or failed or ended, which run_test reports on leaving
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get ready")
        await asyncio.sleep(0.001)  # waiting on a timer or a thread: nothing to do until it fires


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
    async with app.run_test(size=SIZE):
        await until(app, lambda: app.screen.is_mounted and bool(app.screen.children))
    return {"ready": "hello"}


async def floor() -> dict:
    """What Textual alone costs for the widgets the demo's first wizard screen shows (no huskurage code).

    Header, a step list (OptionList, ten steps), the partners step's Select,
    DataTable and buttons, Back/Next, a Footer with six keys: a reference for
    ``tui_cold_start`` (the part of the start-up no app code can remove).
    """
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical
    from textual.widgets import Button, DataTable, Footer, Header, Label, OptionList, Select, Static

    class Floor(App[None]):
        BINDINGS = [(f"f{n}", "bell", f"Key {n}") for n in range(1, 7)]

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                yield OptionList(*(f"{n}. Step {n}" for n in range(1, 11)))
                with Vertical():
                    yield Label("Municipality")
                    yield Select([("Stockholm", 1), ("Göteborg", 2), ("Uppsala", 3)], value=1)
                    table = DataTable()
                    table.add_columns("Kind", "Organisation", "Number", "Hours")
                    table.add_row("Police", "Polisen", "114 14", "24/7")
                    yield table
                    with Horizontal():
                        for name in ("Add", "Edit", "Remove", "Copy"):
                            yield Button(name, compact=True)
                    with Horizontal():
                        yield Button("Back", compact=True)
                        yield Static("6 / 10")
                        yield Button("Next", compact=True)
            yield Footer()

    app = Floor()
    async with app.run_test(size=SIZE):
        await until(app, lambda: app.screen.is_mounted and bool(app.screen.children))
    return {"ready": "floor"}


async def table_floor(path: Path) -> dict:
    """What tomllib and Textual alone cost for the dashboard: every file parsed (buildings files too), a DataTable row of text per city.

    The dashboard's widgets (Header, a line of totals, the filter, the table,
    a status line, the Footer) with ten text columns per municipality and no
    huskurage code: a reference for ``dashboard_open_290``.
    """
    import tomllib

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input, Static

    files = [path / "huskurage.toml", *sorted((path / "cities").glob("*.toml"))]
    stock = sorted((path / "cities").glob("*/buildings.toml"))  # the buildings files, where there are any (issue 14)
    parsed, stocks = [], []
    for file in files:
        with open(file, "rb") as f:
            parsed.append(tomllib.load(f))
    for file in stock:
        with open(file, "rb") as f:
            stocks.append(tomllib.load(f))

    class TableFloor(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("totals")
            yield Input(placeholder="filter", compact=True)
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static("status")
            yield Footer(compact=True)

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*(f"column {n}" for n in range(10)))
            for data in parsed[1:]:
                code, name = str(data.get("code", "")), str(data.get("name", ""))
                table.add_row(code, name, "", "county", "1", "7/10 ███████░░░", "3/12", "2026-10-01", "5/5", "2027-01-04", key=code)

    app = TableFloor()
    async with app.run_test(size=SIZE):
        await until(app, lambda: app.screen.is_mounted and app.query_one(DataTable).row_count == len(parsed) - 1)
    return {"ready": "table-floor"}


def _app(path: Path, data_dir: Path, screen: str | None = None):
    from wizard.tui.app import make_app

    app = make_app(path, lang="sv", data_dir=data_dir, cursor_blink=False)
    if screen is not None:
        app.choose_screen = lambda session: screen  # this run's landing screen, whatever the portfolio
    return app


async def open_portfolio(path: Path, data_dir: Path, screen: str | None = None) -> dict:
    app = _app(path, data_dir, screen)
    async with app.run_test(size=SIZE):
        await until(app, lambda: first_screen_ready(app))
        reached = type(app.screen).__name__
    return {"ready": reached}


async def steps(path: Path, data_dir: Path, switches: int, screen: str | None = None) -> dict:
    app = _app(path, data_dir, screen)
    samples: list[float] = []
    first: list[float] = []
    async with app.run_test(size=SIZE):
        await until(app, lambda: first_screen_ready(app))
        if type(app.screen).__name__ != "WizardScreen":  # e.g. the dashboard: the wizard is one step away
            app.start_screen(app.session, "wizard")
            await until(app, lambda: type(app.screen).__name__ == "WizardScreen" and first_screen_ready(app))
        screen = app.screen
        from wizard.tui.steps import STEPS

        total = len(STEPS)
        seen = {screen.step}
        number = screen.step
        for _ in range(switches):
            number = number % total + 1
            t0 = time.perf_counter()
            screen.action_goto(number)
            await until(app, lambda number=number: screen.step == number and screen.current is not None and screen.current.is_mounted)
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            if number not in seen:
                first.append(ms)
            seen.add(number)
    return {"ready": "WizardScreen", "ms": samples, "first_visit_ms": first}


def main(argv: list[str]) -> int:
    screen = None
    if "--screen" in argv:
        at = argv.index("--screen")
        screen = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    mode = argv[0]
    data_dir = Path.cwd() / "tui-data"  # recent portfolios etc.: never the user's own
    if mode == "hello":
        result = asyncio.run(hello())
    elif mode == "floor":
        result = asyncio.run(floor())
    elif mode == "table-floor":
        result = asyncio.run(table_floor(Path(argv[1])))
    elif mode == "open":
        result = asyncio.run(open_portfolio(Path(argv[1]), data_dir, screen))
    elif mode == "steps":
        result = asyncio.run(steps(Path(argv[1]), data_dir, int(argv[2]) if len(argv) > 2 else 30, screen))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
