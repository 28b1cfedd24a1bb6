"""What the dashboard looks like: the table, a municipality and the summary, for the demo and for 290 cities.

Deterministic by construction (STYLE.md 15): fixed terminal sizes (80x24, the
smallest usable, and a wide one), no cursor blink, a fixed "today"
(support.tui.TODAY), the demo or the seed-1 generated portfolio, no temporary
path on screen. Every accepted SVG was looked at; update with
``pytest tests/tui/test_dashboard_snapshots.py --snapshot-update`` and look again.
"""

from __future__ import annotations

import pytest
from support.dashboard import on_city, on_dashboard
from support.tui import app_for, on_screen, wait_for

SMALL = (80, 24)
WIDE = (140, 34)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def dashboard():
    async def run_before(pilot) -> None:
        await on_dashboard(pilot)

    return run_before


def city(query: str, code: str, *keys: str):
    async def run_before(pilot) -> None:
        await on_dashboard(pilot)
        await pilot.press("slash", *query, "enter")
        await on_city(pilot, code)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def summary():
    async def run_before(pilot) -> None:
        await on_dashboard(pilot)
        await pilot.press("o")
        await on_screen(pilot, "summary")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "wide"])
def test_demo_dashboard(snap_compare, demo_dir, data_dir, size):
    assert snap_compare(app_for(demo_dir, data_dir), terminal_size=size, run_before=dashboard())


def test_demo_dashboard_in_english(snap_compare, demo_dir, data_dir):
    assert snap_compare(app_for(demo_dir, data_dir, lang="en"), terminal_size=SMALL, run_before=dashboard())


@pytest.mark.parametrize("keys", [(), ("2",), ("3",), ("4",)], ids=["checklist", "partners", "follow-up", "reports"])
def test_demo_municipality(snap_compare, demo_dir, data_dir, keys):
    app = app_for(demo_dir, data_dir)
    assert snap_compare(app, terminal_size=SMALL, run_before=city("uppsala", "0380", *keys))


def test_demo_summary(snap_compare, demo_dir, data_dir):
    assert snap_compare(app_for(demo_dir, data_dir), terminal_size=SMALL, run_before=summary())


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "wide"])
def test_290_dashboard(snap_compare, p290, data_dir, size):
    assert snap_compare(app_for(p290, data_dir), terminal_size=size, run_before=dashboard())


def test_290_filtered_and_sorted(snap_compare, p290, data_dir):
    async def run_before(pilot) -> None:
        await on_dashboard(pilot)
        await pilot.press("slash", *"skane", "down", "s", "s", "s", "s", "s", "r")  # Skåne, by checklist, most done first
        await wait_for(pilot, lambda: pilot.app.screen.sort_column == "checklist", what="the table sorted by checklist")
        await pilot.pause()

    assert snap_compare(app_for(p290, data_dir), terminal_size=WIDE, run_before=run_before)


@pytest.mark.parametrize("keys", [(), ("3",)], ids=["checklist", "follow-up"])
def test_290_municipality(snap_compare, p290, data_dir, keys):
    app = app_for(p290, data_dir)
    assert snap_compare(app, terminal_size=SMALL, run_before=city("kiruna", "2584", *keys))


def test_290_summary(snap_compare, p290, data_dir):
    assert snap_compare(app_for(p290, data_dir), terminal_size=WIDE, run_before=summary())


def test_conflict_question(snap_compare, demo_dir, data_dir):
    from support import run_cli

    async def run_before(pilot) -> None:
        await on_dashboard(pilot)
        await pilot.press("slash", *"uppsala", "enter")
        await on_city(pilot, "0380")
        run_cli("mark", demo_dir, "uppsala", "register_partners", "done", "--on", "2026-11-19")
        await pilot.press("down", "x")  # train_staff: doing -> done, against their change on disk
        await on_screen(pilot, "ConflictScreen")
        await pilot.pause()

    assert snap_compare(app_for(demo_dir, data_dir), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "wide"])
def test_demo_city_entrances_with_the_register(snap_compare, demo_dir, data_dir, size):
    """Uppsala with three entrances imported (issue 14): its 5th tab, signs per area, an address holding markup."""
    from test_dashboard_entrances import _with_buildings

    _with_buildings(demo_dir)
    assert snap_compare(app_for(demo_dir, data_dir), terminal_size=size, run_before=city("uppsala", "0380", "5"))


@pytest.mark.parametrize("keys", [("backspace",), ("backspace", "backspace")], ids=["buildings", "areas"])
def test_demo_city_entrances_drilled_up_at_80x24(snap_compare, demo_dir, data_dir, keys):
    """Uppsala's buildings and areas at 80x24: the rows fit without a horizontal scrollbar, every key in the footer."""
    from test_dashboard_entrances import _with_buildings

    _with_buildings(demo_dir)
    assert snap_compare(app_for(demo_dir, data_dir), terminal_size=SMALL, run_before=city("uppsala", "0380", "5", *keys))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_customer_survey_form_with_a_share_refused(snap_compare, demo_dir, data_dir, lang):
    """k in Uppsala: the NKI form at 80x24, a share over 100 % refused beside its field (issue 13, item 7)."""

    async def run_before(pilot) -> None:
        await city("uppsala", "0380", "k")(pilot)
        await on_screen(pilot, "SurveyModal")
        await pilot.press(*"212", "tab", *"41", "tab", *"120", "tab", *"79", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#field-knows_what_to_do").message, what="the share refused")
        await pilot.pause()

    assert snap_compare(app_for(demo_dir, data_dir, lang=lang), terminal_size=SMALL, run_before=run_before)
