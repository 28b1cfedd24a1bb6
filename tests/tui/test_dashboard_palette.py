"""Ctrl+P on the dashboard, and a summary that follows the portfolio while it is open.

Pilot tests on the demo (Stockholm, Uppsala, Göteborg). What is asserted is
what a user sees: the palette's entries, the screen a choice leads to, the
file on disk, the summary's figures.
"""

from __future__ import annotations

import re

from support import run_cli
from support.dashboard import city_file, on_city, on_dashboard, read_toml
from support.tui import app_for, look, palette_entries, screen_text, sync, wait_for

UPPSALA, GOTEBORG = "0380", "1480"
CITY = re.compile(r"Öppna .+ \(\d{4}\)")  # a municipality's entry


async def open_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "CommandPalette", what="the command palette")


async def search(pilot, query: str, first: str) -> list[str]:
    """Type into the palette; wait until ``first`` heads the list."""
    await pilot.press(*query)
    await wait_for(pilot, lambda: palette_entries(pilot.app)[:1] == [first], what=f"{first!r} first for {query!r}")
    return palette_entries(pilot.app)


async def listed(pilot, *entries: str) -> list[str]:
    """Wait until every one of ``entries`` is in the list (the palette gathers in batches)."""
    await wait_for(pilot, lambda: set(entries) <= set(palette_entries(pilot.app)), what=f"{entries} in the palette")
    return palette_entries(pilot.app)


# ------------------------------------------------------------------ municipalities


@sync
async def test_ctrl_p_on_the_dashboard_finds_a_municipality_by_name_and_opens_its_view(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_palette(pilot)
        from textual.command import CommandInput

        assert app.screen.query_one(CommandInput).placeholder == "Sök kommun eller kommando …"  # says what it finds here
        await pilot.press(*"Öppna")
        await listed(pilot, "Öppna Stockholm (0180)", "Öppna Uppsala (0380)", "Öppna Göteborg (1480)")
        await pilot.press(*["backspace"] * 5)
        await search(pilot, "Göteborg", "Öppna Göteborg (1480)")
        await pilot.press("enter")
        await on_city(pilot, GOTEBORG)
        assert "Göteborg (1480)" in screen_text(app)


@sync
async def test_a_municipality_is_found_without_its_diacritics_and_by_its_code(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_palette(pilot)
        await search(pilot, "goteborg", "Öppna Göteborg (1480)")
        await pilot.press(*["backspace"] * 8)
        await search(pilot, "0380", "Öppna Uppsala (0380)")
        await pilot.press("enter")
        await on_city(pilot, UPPSALA)


@sync
async def test_the_palette_speaks_english_when_the_dashboard_does(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_palette(pilot)
        shown = await listed(pilot, "Filter (/)", "Sort (s)", "Summary (o)", "Wizard (f2)")
        assert not [e for e in shown if "Filtrera" in e or "Summering" in e]
        await search(pilot, "gote", "Open Göteborg (1480)")
        await pilot.press("enter")
        await on_city(pilot, GOTEBORG)


# ------------------------------------------------------------------ the keys that act here


@sync
async def test_the_palette_lists_the_dashboards_keys_that_act_here_and_runs_them(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_palette(pilot)
        shown = await listed(pilot, "Filtrera (/)", "Sortera (s)", "Omvänd (r)", "Summering (o)", "Guiden (f2)", "Språk (f8)")
        assert "Läs in igen (ctrl+r)" not in shown  # nothing changed on disk: the key would do nothing
        assert "Töm filtret (esc)" not in shown  # no filter to clear
        assert not [e for e in shown if e.startswith("English")]  # the app's F8 (it would leave the dashboard)
        assert not [e for e in shown if CITY.fullmatch(e)]  # municipalities only when searched for
        await search(pilot, "summering", "Summering (o)")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.name == "summary", what="the summary")
        assert "portar med skylt" in screen_text(app)


@sync
async def test_in_a_municipality_the_palette_offers_its_keys_and_marks_the_item(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("slash", *"uppsala", "enter")
        await on_city(pilot, UPPSALA)
        items = app.screen.query_one("#items")
        items.move_cursor(row=items.get_row_index("train_staff"))
        await open_palette(pilot)
        shown = await listed(pilot, "Tillbaka (esc)", "Klar (x)", "Notering (n)", "Samverkan (2)")
        assert not [e for e in shown if CITY.fullmatch(e)]  # the municipalities are the table's
        assert "Kontakt i dag (l)" not in shown  # the partners' key: their list does not have the focus
        await search(pilot, "klar", "Klar (x)")
        await pilot.press("enter")
        await on_city(pilot, UPPSALA)
        await wait_for(pilot, lambda: read_toml(path)["progress"]["train_staff"]["status"] == "done", what="the file")
        assert read_toml(path)["history"][-1]["field"] == "progress.train_staff.status"


# ------------------------------------------------------------------ the summary follows


@sync
async def test_the_summary_follows_an_outside_change_reloaded_while_it_is_open(typed_demo_dir, tmp_path):
    app = app_for(typed_demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.name == "summary", what="the summary")
        before = screen_text(app)
        assert "404 av 460 (88 %)" in before and "Läs in igen" not in before
        # A colleague changes Uppsala's signs, and `huskurage mark` its checklist.
        path = city_file(typed_demo_dir, UPPSALA)
        path.write_text(re.sub(r"(?m)^signs_up = 34$", "signs_up = 45", path.read_text(encoding="utf-8")), encoding="utf-8")
        r = run_cli("mark", typed_demo_dir, "uppsala", "train_staff", "done", "--on", "2026-11-19")
        assert r.returncode == 0, r.stderr
        # Noticed on the summary itself: the banner, and Ctrl+R in the footer.
        look(app)  # what the program's timer does every two seconds
        await wait_for(pilot, lambda: "Ändrat på disken av någon annan: Uppsala (0380)" in screen_text(app), what="the banner about Uppsala's outside change")
        assert "Läs in igen" in screen_text(app)
        assert "404 av 460 (88 %)" in screen_text(app)  # not taken before asked
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "415 av 460" in screen_text(app), what="the totals after the reload")
        after = screen_text(app)
        assert app.screen.name == "summary"
        assert "404 av 460" not in after and "Ändrat på disken" not in after
        done = re.compile(r"Checklistan\s+(\d+) av")
        assert int(done.search(after)[1]) == int(done.search(before)[1]) + 1  # the item `huskurage mark` set
        chart = "Framsteg över tid"
        assert after.split(chart)[1] != before.split(chart)[1]  # the chart is drawn again, ending higher
        await pilot.press("escape")
        await on_dashboard(pilot)
