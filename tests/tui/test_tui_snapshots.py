"""What the wizard looks like: an SVG snapshot of every step (Swedish, 100x30), plus 80x24 and English.

Deterministic by construction (STYLE.md 15): a fixed terminal size, no
cursor blink, a fixed "today", the demo portfolio, nothing that shows a
temporary path. Every accepted SVG was looked at; update with
``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look again.
"""

from __future__ import annotations

import pytest

from support.tui import app_for, on_screen, on_step, wait_for
from support.tui import at_step as wait_at_step

SIZE = (100, 30)
SMALL = (80, 24)


def at_step(number: int):
    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: on_step(pilot.app, number), what=f"step {number}")

    return run_before


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.mark.parametrize("number", range(1, 11))
def test_every_step_in_swedish(snap_compare, demo_dir, data_dir, number):
    app = app_for(demo_dir, data_dir, start_step=number)
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step(number))


@pytest.mark.parametrize("number", [1, 3, 4, 6, 8])
def test_steps_at_80x24(snap_compare, demo_dir, data_dir, number):
    app = app_for(demo_dir, data_dir, start_step=number)
    assert snap_compare(app, terminal_size=SMALL, run_before=at_step(number))


@pytest.mark.parametrize("number", [1, 5, 10])
def test_steps_in_english(snap_compare, demo_dir, data_dir, number):
    app = app_for(demo_dir, data_dir, start_step=number, lang="en")
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step(number))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_welcome(snap_compare, data_dir, lang):
    app = app_for(None, data_dir, lang=lang)

    async def run_before(pilot) -> None:
        await on_screen(pilot, "welcome")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_light_theme(snap_compare, demo_dir, data_dir):
    app = app_for(demo_dir, data_dir, start_step=4, theme="textual-light")
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step(4))


def test_markup_in_a_name_shows_literally_and_errors_sit_beside_fields(snap_compare, tmp_path, data_dir):
    (tmp_path / "ny").mkdir()
    app = app_for(tmp_path / "ny", data_dir, start_step=1)

    async def run_before(pilot) -> None:
        await wait_at_step(pilot, 1)
        await pilot.press(*"[bold]Hyr[/bold] AB", "tab", *"556677-8898", "tab", "tab", *"2026-02-30")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#f-org_number").message, what="a message on the organisation number")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_partner_modal(snap_compare, demo_dir, data_dir):
    app = app_for(demo_dir, data_dir, start_step=6)

    async def run_before(pilot) -> None:
        await wait_at_step(pilot, 6)
        pilot.app.screen.query_one("#partners").focus()
        await pilot.press("enter")
        await on_screen(pilot, "PartnerModal")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_for_a_step(snap_compare, demo_dir, data_dir):
    app = app_for(demo_dir, data_dir, start_step=2)

    async def run_before(pilot) -> None:
        await wait_at_step(pilot, 2)
        await pilot.press("f1")
        await on_screen(pilot, "HelpScreen")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_load_error(snap_compare, demo_dir, data_dir, monkeypatch):
    company = demo_dir / "huskurage.toml"
    company.write_bytes(company.read_bytes().replace(b"[company]", b"[company\n", 1))
    monkeypatch.chdir(demo_dir.parent)
    from pathlib import Path

    app = app_for(Path("demo"), data_dir)

    async def run_before(pilot) -> None:
        await on_screen(pilot, "load-error")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
