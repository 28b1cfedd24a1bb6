"""The dashboard's entrances (issue 14): a municipality with buildings gets a 5th tab, area -> building -> entrance.

Pilot on the demo with buildings imported into Uppsala and "today" fixed
(support.tui.TODAY). Asserted is what a user notices: the tab, the rows the
filter leaves, the coverage per area, the heading's count, the file on disk.
"""

from __future__ import annotations

import datetime as dt
import re

from support import snapshot_files
from support.dashboard import on_city, on_dashboard
from support.tui import TODAY, app_for, screen_text, sync, wait_for
from wizard import store
from wizard.model import Building, Entrance

UPPSALA = "0380"


def _with_buildings(root) -> None:
    s = store.open(root)
    city = s.portfolio.cities[UPPSALA]
    city.buildings = [
        Building("U-101", "Luthagen", address="Sysslomansgatan 7", entrances=[
            Entrance("A", apartments=12, sign_placed=dt.date(2026, 5, 4)), Entrance("B", apartments=9),
        ]),
        Building("U-102", "Gottsunda", address="[b]Valthornsvägen 3[/b]", entrances=[Entrance("1", apartments=30)]),
    ]
    city.count_buildings()
    s.save()


async def _on_uppsalas_entrances(pilot, app) -> None:
    """From the dashboard to Uppsala's 5th tab, the entrances' table focused."""
    await on_dashboard(pilot)
    await pilot.press("slash", *"uppsala", "enter")
    await on_city(pilot, UPPSALA)
    await pilot.press("5")
    await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "entrances", what="the entrances' table")


def _buildings_file(root):
    return root / "cities" / "0380-uppsala" / "buildings.toml"


@sync
async def test_x_marks_the_sign_in_the_entrance_under_the_cursor_and_the_filter_narrows_by_address(demo_dir, tmp_path):
    _with_buildings(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _on_uppsalas_entrances(pilot, app)
        text = screen_text(app)
        assert "Skyltar per område: Luthagen 1/2 · Gottsunda 0/1" in text
        assert "[b]Valthornsvägen 3[/b]" in text  # markup in an address stays text
        table = app.screen.query_one("#entrances")
        assert table.row_count == 3

        table.move_cursor(row=table.get_row_index("U-101/B"))
        city_file = demo_dir / "cities" / "0380-uppsala.toml"
        city_before = city_file.read_bytes()
        await pilot.press("x")
        await wait_for(pilot, lambda: f"sign_placed = {TODAY.isoformat()}" in _buildings_file(demo_dir).read_text(encoding="utf-8"), what="the sign saved")
        await wait_for(pilot, lambda: "Luthagen 2/2" in screen_text(app), what="the area's coverage updated")
        await wait_for(pilot, lambda: "skyltar 2/3" in str(app.screen.query_one("#heading").render()), what="the heading's count")
        assert city_file.read_bytes() == city_before  # the buildings file alone

        await pilot.press("x")  # taken back
        await wait_for(pilot, lambda: "Luthagen 1/2" in screen_text(app), what="the sign taken back")
        assert '{ label = "B", apartments = 9 }' in _buildings_file(demo_dir).read_text(encoding="utf-8")

        await pilot.press("slash", *"valthorn")
        await wait_for(pilot, lambda: table.row_count == 1, what="the filter")
        assert "U-102" in str(table.get_row_at(0)[1])
        await pilot.press("down", "l")
        await wait_for(pilot, lambda: "letter_delivered" in _buildings_file(demo_dir).read_text(encoding="utf-8"), what="the letter saved")
        await pilot.press("slash", "x", "escape")  # Esc in the filter empties it and goes back to the list
        await wait_for(pilot, lambda: table.row_count == 3 and app.focused is table, what="the filter emptied")
        assert app.screen.name == "city"
        before = snapshot_files(demo_dir)
        await pilot.press("4", "u")  # signs are counted from the entrances here, never typed
        await wait_for(pilot, lambda: any("räknas från dess portar" in n.message for n in app._notifications), what="the reason, said")
        assert app.screen.name == "city" and snapshot_files(demo_dir) == before


@sync
async def test_a_municipality_without_buildings_has_four_tabs_and_5_does_nothing(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("slash", *"uppsala", "enter")
        await on_city(pilot, UPPSALA)
        before = snapshot_files(demo_dir)
        await pilot.press("5")
        assert "5 Portar" not in screen_text(app)
        assert not app.screen.query("#entrances")
        await pilot.press("4", "u")  # signs typed as before
        await wait_for(pilot, lambda: app.screen.name != "city", what="the count dialog")
        assert snapshot_files(demo_dir) == before


@sync
async def test_a_caretaker_s_marks_saved_meanwhile_are_asked_about_and_both_kept(demo_dir, tmp_path):
    from support import run_cli
    from support.tui import on_screen

    _with_buildings(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("slash", *"uppsala", "enter")
        await on_city(pilot, UPPSALA)
        await pilot.press("5")
        # the caretaker marks U-102 from the command line while the dashboard is open
        r = run_cli("mark", demo_dir, "uppsala", "place_signs", "done", "--entrance", "U-102/1", "--on", "2026-11-18")
        assert r.returncode == 0, r.stderr
        table = app.screen.query_one("#entrances")
        table.move_cursor(row=table.get_row_index("U-101/B"))
        await pilot.press("x")  # ours meets theirs on disk: asked, nothing written yet
        await on_screen(pilot, "ConflictScreen")
        await pilot.press("enter")  # "load theirs and make my change again"
        await on_city(pilot, UPPSALA)
        await wait_for(pilot, lambda: f"sign_placed = {TODAY.isoformat()}" in _buildings_file(demo_dir).read_text(encoding="utf-8"), what="ours saved")
        text = _buildings_file(demo_dir).read_text(encoding="utf-8")
        assert '{ label = "1", apartments = 30, sign_placed = 2026-11-18 }' in text  # theirs kept
        await wait_for(pilot, lambda: "skyltar 3/3" in str(app.screen.query_one("#heading").render()), what="all three counted")


@sync
async def test_the_summary_shows_signs_per_area_and_the_chart_counts_each_sign_from_its_day(demo_dir, tmp_path):
    from wizard import catalog
    from wizard.tui.dashboard.timeline import progress_over_time

    _with_buildings(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.name == "summary", what="the summary")
        assert re.search(r"Skyltar per område +Uppsala: Luthagen 1/2 · Gottsunda 0/1", screen_text(app))
    portfolio = store.open(demo_dir).portfolio

    def signs(b_placed: dt.date | None) -> dict[dt.date, int]:
        portfolio.cities[UPPSALA].buildings[0].entrances[1].sign_placed = b_placed
        return {p.day: p.signs_up for p in progress_over_time(portfolio, catalog.load(), dt.date(2026, 11, 20), months=12)}

    before, after = signs(None), signs(dt.date(2026, 10, 15))
    assert after[dt.date(2026, 9, 30)] == before[dt.date(2026, 9, 30)]
    assert after[dt.date(2026, 10, 31)] == before[dt.date(2026, 10, 31)] + 1  # B's sign from the day it went up


@sync
async def test_backspace_and_enter_drill_down_from_areas_to_buildings_to_entrances(demo_dir, tmp_path):
    _with_buildings(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _on_uppsalas_entrances(pilot, app)
        table = app.screen.query_one("#entrances")
        await pilot.press("backspace")  # up: one row per building
        await wait_for(pilot, lambda: table.row_count == 2 and "Visar fastigheter: Uppsala" in screen_text(app), what="the buildings")
        await pilot.press("backspace")  # up: one row per area, with its counts
        await wait_for(pilot, lambda: "Visar områden: Uppsala" in screen_text(app), what="the areas")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["Luthagen", "Gottsunda"]
        luthagen = [str(c) for c in table.get_row_at(0)]
        assert luthagen[1:5] == ["1 fastighet", "2", "21", "1/2"]  # one building, two entrances, 21 apartments, one sign
        await pilot.press("enter")  # Luthagen's buildings
        await wait_for(pilot, lambda: "Visar fastigheter: Uppsala › Luthagen" in screen_text(app), what="Luthagen's buildings")
        assert table.row_count == 1 and str(table.get_row_at(0)[1]).startswith("U-101")
        await pilot.press("enter")  # the building's entrances, marked as before
        await wait_for(pilot, lambda: "Visar portar: Uppsala › Luthagen › U-101" in screen_text(app), what="U-101's entrances")
        assert table.row_count == 2
        await pilot.press("down", "x")
        await wait_for(pilot, lambda: f"sign_placed = {TODAY.isoformat()}" in _buildings_file(demo_dir).read_text(encoding="utf-8"), what="the sign saved")
        await pilot.press("backspace", "backspace")
        await wait_for(pilot, lambda: "Visar områden" in screen_text(app), what="back at the areas")
        await wait_for(pilot, lambda: str(table.get_row_at(0)[4]) == "2/2", what="Luthagen's signs counted again")
        assert table.cursor_row == 0  # on the area it came from
        await pilot.press("x")  # an area's row is no entrance: nothing is marked
        await pilot.pause()
        assert _buildings_file(demo_dir).read_text(encoding="utf-8").count("sign_placed") == 2


@sync
async def test_at_80x24_every_level_fits_without_scrolling_sideways_and_the_footer_keeps_f1(demo_dir, tmp_path):
    """The smallest terminal: F1 Hjälp in the footer, and the buildings' and areas' rows narrower than the dates of the
    entrances' (the columns follow each level's own rows, so no one-column horizontal scrollbar appears going up)."""
    _with_buildings(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_uppsalas_entrances(pilot, app)
        table = app.screen.query_one("#entrances")
        assert re.search(r"f1\s+Hjälp", screen_text(app))
        assert table.max_scroll_x == 0
        for key, level in (("backspace", "fastigheter"), ("backspace", "områden"), ("enter", "fastigheter"), ("enter", "portar")):
            await pilot.press(key)
            await wait_for(pilot, lambda level=level: f"Visar {level}: Uppsala" in screen_text(app), what=level)
            await pilot.pause()
            assert table.max_scroll_x == 0, level
            assert re.search(r"f1\s+Hjälp", screen_text(app)), level


@sync
async def test_the_dashboard_records_an_areas_own_sign_where_it_hangs(demo_dir, tmp_path):
    """Gottsunda has a partner of its own, so its own sign: print_signs done in the checklist keeps both fingerprints,
    and x in Gottsunda's entrance records the area sign's, x in Luthagen's the municipality's."""
    from support.dashboard import city_file, read_toml

    from wizard.model import Partner

    _with_buildings(demo_dir)
    s = store.open(demo_dir)
    s.portfolio.cities[UPPSALA].partners.append(Partner("police", "Polisen, Gottsunda", "070-17 406 09", "Vardagar 09–17", area="Gottsunda"))
    s.save()
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _on_uppsalas_entrances(pilot, app)
        await pilot.press("1")
        items = app.screen.query_one("#items")
        items.move_cursor(row=items.get_row_index("print_signs"))
        await pilot.press("d", "x")
        path = city_file(demo_dir, UPPSALA)
        await wait_for(pilot, lambda: "printed_areas" in read_toml(path).get("sign", {}), what="the signs marked printed")
        sign = read_toml(path)["sign"]
        assert set(sign["printed_areas"]) == {"Gottsunda"} and sign["printed_areas"]["Gottsunda"] != sign["printed"]
        await pilot.press("5")
        table = app.screen.query_one("#entrances")
        for key in ("U-102/1", "U-101/B"):
            table.move_cursor(row=table.get_row_index(key))
            await pilot.press("x")
        await wait_for(pilot, lambda: _buildings_file(demo_dir).read_text(encoding="utf-8").count("printed = ") == 2, what="both signs saved")
    printed = {f"{b.id}/{e.label}": e.printed for b in store.open(demo_dir).portfolio.cities[UPPSALA].buildings for e in b.entrances}
    assert printed == {"U-101/A": "", "U-101/B": sign["printed"], "U-102/1": sign["printed_areas"]["Gottsunda"]}
