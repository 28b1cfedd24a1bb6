"""The dashboard's figures (issue 5), for ``benchmarks/run.py``; each run in a process of its own.

    python benchmarks/dashboard_bench.py filter DIR    keystrokes in the filter, each to the table updated
    python benchmarks/dashboard_bench.py status DIR    status changes, each to the city's file saved on disk
    python benchmarks/dashboard_bench.py drill DIR     keystrokes in a municipality's entrances (issue 14), each to the table updated

Like ``tui_probe.py``: headless ``App.run_test`` at 80x24, the last line on
stdout is JSON with the latency of every step in milliseconds (``ms``). A
step starts when the key event is handed to the app (as the terminal driver
would) and ends when its effect is there: the table holds the rows the
filter asks for, with everything that caused processed and on screen
(``tui_probe.until``: no idle padding); or the city's file is written with
the new status. The pilot's own key helper is not used: it waits for the CPU
to go idle, which would count its sleeps as latency.

``run.py`` wires the figures with :func:`figures` (see its docstring).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (80, 24)
TIMEOUT = 60.0
TODAY = "2026-11-20"
#: What a user types: a name with and without å/ä/ö, a county, a status word; then deletes it again.
QUERIES = ("kiruna", "göteborg", "goteborg", "skåne", "västra", "försenad", "pilot", "upplands väsby")
#: Cities whose checklist items are changed, one status change each per round.
STATUS_CITIES = ("0114", "0180", "0380", "1280", "1480", "2584")
STATUS_ROUNDS = 6


# ------------------------------------------------------------------ in the probe process


async def _until(pilot, ready: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Until ``ready()`` and everything it caused is processed and on screen: tui_probe's way, so figures compare."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from tui_probe import until

    await until(pilot.app, ready, timeout)


def _app(path: Path):
    import datetime as dt

    from wizard.tui.app import make_app

    return make_app(path, lang="sv", data_dir=Path.cwd() / "tui-data", cursor_blink=False, today=dt.date.fromisoformat(TODAY))


def _send(app, key: str) -> None:
    """Hand a key to the app the way the terminal driver does."""
    from textual import events

    event = events.Key(key, " " if key == "space" else key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def _dashboard(pilot):
    app = pilot.app
    await _until(pilot, lambda: app.screen.name == "dashboard" and app.screen.bench_ready())
    return app.screen


async def filter_keystrokes(path: Path) -> dict[str, Any]:
    app = _app(path)
    samples: list[float] = []
    rows: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await _dashboard(pilot)
        screen.action_focus_filter()
        await _until(pilot, lambda: screen.focused is screen.query_one("#filter"))
        typed = ""
        for query in QUERIES:
            steps = [(ch, typed + query[: i + 1]) for i, ch in enumerate(query)]
            steps += [("backspace", query[: len(query) - i - 1]) for i in range(len(query))]
            for key, expected in steps:
                t0 = time.perf_counter()
                _send(app, "space" if key == " " else key)
                await _until(pilot, lambda expected=expected: screen.query_text == expected)
                samples.append((time.perf_counter() - t0) * 1000)
                rows.append(screen.table.row_count)
    return {"ready": "DashboardScreen", "ms": samples, "rows": rows}


def _time_saves(store, saving: list[float] | None = None) -> list[float]:
    """The moments the store's city saves end (the file on disk, not when the screen has caught up); ``saving``
    gets each save's own duration (ms)."""
    save_city = store.save_city
    written: list[float] = []

    def timed_save(code: str):
        start = time.perf_counter()
        out = save_city(code)
        written.append(time.perf_counter())
        if saving is not None:
            saving.append((written[-1] - start) * 1000)
        return out

    store.save_city = timed_save
    return written


async def status_changes(path: Path) -> dict[str, Any]:
    import tomllib

    app = _app(path)
    samples: list[float] = []
    saving: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _dashboard(pilot)
        store = dashboard.session.store
        written = _time_saves(store, saving)
        for round_ in range(STATUS_ROUNDS):
            for code in STATUS_CITIES:
                if code not in dashboard.rows:
                    continue
                dashboard.open_city(code)
                await _until(pilot, lambda code=code: app.screen.name == "city" and app.screen.code == code and app.screen.is_mounted)
                city_screen = app.screen
                items = city_screen.query_one("#items")
                await pilot.pause(0)
                items.move_cursor(row=round_ % 6)  # the first six items: no rule about signs applies
                item = city_screen._item()[0]
                status = "doing" if city_screen.city.status_of(item) != "doing" else "done"
                file = store.city_path(code)
                before = os.stat(file).st_mtime_ns
                await pilot.pause()  # the view is drawn and idle, as when a user presses a key (not counted)
                written.clear()
                t0 = time.perf_counter()
                _send(app, {"doing": "d", "done": "x"}[status])
                await _until(pilot, lambda file=file, before=before: bool(written) and os.stat(file).st_mtime_ns != before)
                samples.append((written[0] - t0) * 1000)
                saved = tomllib.loads(file.read_text(encoding="utf-8"))
                assert saved["progress"][item]["status"] == status, (code, item, status)
                assert saved["history"][-1]["field"] == f"progress.{item}.status"
                city_screen.dismiss()
                await _until(pilot, lambda: app.screen is dashboard)
    return {"ready": "CityScreen", "ms": samples, "save_city_ms": saving}


#: The municipality whose entrances ``drill`` walks: the most of them in ``generate.py --buildings 30000`` (Stockholm).
DRILL_CITY = "0180"
#: What a caretaker types in the entrances' filter: a street, a number, a building id; then deletes it again.
DRILL_QUERIES = ("exempelgatan 1", "0180-0042")
DRILL_ROUNDS = 3


async def drill_keystrokes(path: Path) -> dict[str, Any]:
    """Keystrokes in the entrances' tab of the municipality with the most entrances, each to the table updated.

    Per round: the cursor moved down the entrances; Backspace up to the
    buildings and to the areas, Enter down into an area and a building (the
    drill-down); a filter typed over the addresses and deleted; ``x`` on one
    entrance (the sign up, saved) and ``x`` again (taken back). Each step ends
    when its effect is in the table (the level, the filter's rows, the cursor,
    the entrance's cell) with everything it caused processed and on screen.
    """
    import datetime as dt

    app = _app(path)
    samples: dict[str, list[float]] = {"move": [], "level": [], "filter": [], "mark": []}
    saved: list[float] = []  # a mark's keystroke to its buildings file written (fsync'd), as status_changes times a status
    rows: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _dashboard(pilot)
        written = _time_saves(dashboard.session.store)
        dashboard.open_city(DRILL_CITY)
        await _until(pilot, lambda: app.screen.name == "city" and app.screen.is_mounted)
        city_screen = app.screen
        _send(app, "5")
        await _until(pilot, lambda: app.focused is not None and app.focused.id == "entrances")
        view = city_screen.query_one("#entrances-view")
        table = city_screen.query_one("#entrances")
        today = dt.date.fromisoformat(TODAY)

        async def step(kind: str, key: str, done: Callable[[], bool]) -> None:
            await pilot.pause()  # the view is drawn and idle, as when a user presses a key (not counted)
            written.clear()
            t0 = time.perf_counter()
            _send(app, key)
            await _until(pilot, done)
            samples[kind].append((time.perf_counter() - t0) * 1000)
            rows.append(table.row_count)
            if kind == "mark":
                assert len(written) == 1, written  # one save, of the municipality whose entrance it is
                saved.append((written[0] - t0) * 1000)

        def at(row: int) -> Callable[[], bool]:
            return lambda: table.cursor_row == row

        def level(name: str, n: int | None = None) -> Callable[[], bool]:
            return lambda: view.level == name and (n is None or table.row_count == n)

        async def moves(n: int) -> None:  # down n rows (as many as there are) and back up
            n = min(n, table.row_count - 1)
            for key, rows_ in (("down", range(1, n + 1)), ("up", range(n - 1, -1, -1))):
                for row in rows_:
                    await step("move", key, at(row))

        for _ in range(DRILL_ROUNDS):
            await moves(5)
            await step("level", "backspace", level("buildings"))
            await step("level", "backspace", level("areas"))
            await step("level", "enter", level("buildings"))
            await moves(3)
            for row in range(1, 4):
                await step("move", "down", at(row))
            await step("level", "enter", level("entrances"))
            n = table.row_count
            await step("move", "slash", lambda: app.focused is view.query_one("#entrance-filter"))
            for query in DRILL_QUERIES:
                typed = [(ch, query[: i + 1]) for i, ch in enumerate(query)] + [("backspace", query[: len(query) - i - 1]) for i in range(len(query))]
                for key, expected in typed:
                    await step("filter", "space" if key == " " else key, lambda expected=expected: view.query_text == expected and table.row_count >= 0)
            await step("move", "down", lambda: app.focused is table)
            assert table.row_count == n, (table.row_count, n)
            entrance = view.current()

            def marked(expected: dt.date | None, key: str = entrance) -> Callable[[], bool]:
                return lambda: _sign(view, key) == expected and _cell(table, key) == (expected.isoformat() if expected else "○")

            for expected in (today, None, today, None):  # the sign up, then taken back, twice: in the model and in the cell
                await step("mark", "x", marked(expected))
            await step("level", "backspace", level("buildings"))
            await step("level", "backspace", level("areas"))
            await step("level", "enter", level("buildings"))
            await step("level", "enter", level("entrances"))
    every = [ms for kind in samples.values() for ms in kind]
    return {"ready": "EntrancesView", "ms": every, "by_kind": samples, "rows": rows, "saved_ms": saved}


def _sign(view, key: str):
    from wizard import entrances

    return entrances.find(view.city, key).entrance.sign_placed


def _cell(table, key: str) -> str:
    return table.get_row(key)[table.get_column_index("sign_placed")].plain


# ------------------------------------------------------------------ for run.py


def figures(b, result: Callable[..., Any], median: Callable[[list[float]], float]) -> Iterator[Any]:
    """The dashboard's figures on the 290-city portfolio; ``b`` is run.py's Bench, ``result`` its Result.

    Wire it in run.py as::

        @figure
        def dashboard_290(b: Bench) -> Iterator[Result]:
            _need_tui()
            from dashboard_bench import figures
            yield from figures(b, Result, median)
    """
    root = b.copy(b.p290, "dashboard-290")
    opened = b.script("tui_probe.py", "open", root)
    # The target is against bare tomllib + Textual with the same files, widgets and rows and no huskurage code
    # (tui_probe.py table-floor); the ratio to hello + a bare tomllib parse stays, for information.
    runs = b.compare_many(
        {
            "subject": opened,
            "floor": b.script("tui_probe.py", "table-floor", root),
            "hello": b.script("tui_probe.py", "hello"),
            "tomllib": b.script("baseline_tomllib.py", root),
        },
        b.reps(7),
        ok=(0,),
    )
    subject, floor, hello, parse = runs["subject"], runs["floor"], runs["hello"], runs["tomllib"]
    yield b.ratio("dashboard_open_290_vs_floor", subject, floor, 1.10)
    ratios = [s.seconds / (h.seconds + p.seconds) for s, h, p in zip(subject, hello, parse)]
    base = [h.seconds + p.seconds for h, p in zip(hello, parse)]
    detail = f"median {median([s.seconds for s in subject]):.3f} s / (hello + tomllib) {median(base):.3f} s over {len(ratios)} runs each"
    yield result("dashboard_open_290_vs_hello_tomllib", median(ratios), "x", 1.3, detail)
    mem = [s.maxrss_kb / h.maxrss_kb for s, h in zip(subject, hello)]

    probe = b.probe(b.script("dashboard_bench.py", "filter", b.copy(b.p290, "dashboard-290-filter")))
    ms = probe["ms"]
    yield result("dashboard_filter_keystroke_290", median(ms), "ms", 50, f"{len(ms)} keystrokes, max {max(ms):.1f} ms")

    probe = b.probe(b.script("dashboard_bench.py", "status", b.copy(b.p290, "dashboard-290-status")))
    ms = probe["ms"]
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18]
    yield result("dashboard_status_saved_290", median(ms), "ms", 30, f"{len(ms)} changes, max {max(ms):.1f} ms")
    yield result("dashboard_status_saved_290_p95", p95, "ms", 100, f"{len(ms)} changes, max {max(ms):.1f} ms")
    # What the key, the screen and the save flow add to the store's own save of the same file (store.save_city,
    # timed inside the same changes): the part of the latency the TUI owns, whatever the disk's fsync costs.
    saves = probe["save_city_ms"]
    overhead = [total / save for total, save in zip(ms, saves) if save > 0]
    detail = f"median save_city {median(saves):.1f} ms of a median {median(ms):.1f} ms change"
    yield result("dashboard_status_saved_290_vs_save", median(overhead), "x", 1.5, detail)

    yield result("dashboard_290_peak_memory_vs_hello", median(mem), "x", 2, f"{len(mem)} runs")


def main(argv: list[str]) -> int:
    mode, path = argv[0], Path(argv[1])
    if mode == "filter":
        out = asyncio.run(filter_keystrokes(path))
    elif mode == "status":
        out = asyncio.run(status_changes(path))
    elif mode == "drill":
        out = asyncio.run(drill_keystrokes(path))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
