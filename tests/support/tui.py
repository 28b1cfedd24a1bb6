"""Helpers for the wizard's tests: build the app the way the CLI does, and wait on conditions, not the clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any, Callable

TODAY = dt.date(2026, 11, 20)  # a Friday; fixes previews and validation so screens are deterministic


def app_for(path: Path | None, data_dir: Path, **kwargs: Any):
    """The app as the CLI builds it, with a fixed day, no blinking, and outside changes looked for by hand (:func:`look`)."""
    from wizard.tui.app import make_app
    from wizard.tui.watch import ByHand

    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("cursor_blink", False)
    kwargs.setdefault("outside_trigger", ByHand())
    return make_app(path, data_dir=data_dir, **kwargs)


def look(app) -> None:
    """Have the screens look for files someone else changed, as the program's timer does every two seconds."""
    app.outside_trigger.fire()


async def wait_for(pilot, predicate: Callable[[], Any], *, what: str, timeout: float = 120.0) -> None:
    """Pause until ``predicate()`` is true (STYLE.md 16); fail naming ``what`` was awaited after ``timeout`` seconds.

    The timeout is a last resort against a hang, not a measure of speed: the
    test waits on the condition, however slow the machine (two minutes: the
    290-city dashboard opens in well under a second on a quiet machine, and
    in many seconds beside a CPU hog and other test runs).
    """
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        try:
            if predicate():
                return
        except Exception:  # the widget may not be mounted yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def on_step(app, number: int) -> bool:
    screen = app.screen
    return getattr(screen, "step", None) == number and number in getattr(screen, "steps", {})


async def at_step(pilot, number: int, timeout: float = 120.0) -> None:
    """Wait until the wizard shows step ``number``."""
    await wait_for(pilot, lambda: on_step(pilot.app, number), what=f"the wizard at step {number}", timeout=timeout)


async def goto_step(pilot, number: int) -> None:
    pilot.app.screen.action_goto(number)
    await at_step(pilot, number)


async def on_screen(pilot, name: str) -> None:
    """Wait until the screen on top is ``name``: a screen's name (``dashboard``) or a modal's class (``ConflictScreen``)."""
    app = pilot.app
    await wait_for(pilot, lambda: name in (app.screen.name, type(app.screen).__name__), what=f"the screen {name}")


def palette_entries(app) -> list[str]:
    """The command palette's list as shown, best match first."""
    from textual.command import CommandList

    options = app.screen.query_one(CommandList)
    return [options.get_option_at_index(i).hit.text for i in range(options.option_count)]


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one string)."""
    import re
    from html import unescape

    svg = app.export_screenshot()
    return unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


def sync(coroutine_function):
    """Run an async test with asyncio.run (no pytest-asyncio among the test dependencies)."""
    import functools

    @functools.wraps(coroutine_function)
    def wrapper(*args, **kwargs):
        return asyncio.run(coroutine_function(*args, **kwargs))

    return wrapper
