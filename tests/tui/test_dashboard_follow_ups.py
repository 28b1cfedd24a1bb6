"""The dashboard's part of issue 13: closing a recurring follow-up, and the handled-in-time count beside the reports.

Pilot on the demo with "today" fixed (support.tui.TODAY, 2026-11-20). What is
asserted is what a user notices: the row's next date, the error beside the
field, the file on disk.
"""

from __future__ import annotations

import datetime as dt

from support import snapshot_files
from support.dashboard import city_file, on_city, on_dashboard, read_toml
from support.tui import TODAY, app_for, screen_text, sync, wait_for

GOTEBORG, STOCKHOLM = "1480", "0180"


async def _open(pilot, query: str, code: str) -> None:
    await on_dashboard(pilot)
    await pilot.press("slash", *query, "enter")
    await on_city(pilot, code)


def _follow_row(app, cadence: str) -> str:
    return next(key for key, c in app.screen.row_cadence.items() if c == cadence)


def _error(app) -> str:
    return str(app.screen.query_one("#error").render())


@sync
async def test_x_closes_a_sign_inspection_moves_the_next_one_and_leaves_place_signs(demo_dir, tmp_path):
    path = city_file(demo_dir, GOTEBORG)
    placed = read_toml(path)["progress"]["place_signs"]
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, "goteborg", GOTEBORG)
        await pilot.press("3")  # follow-up
        assert "x: gjord i dag" in screen_text(app)
        table = app.screen.query_one("#events")
        table.move_cursor(row=table.get_row_index(_follow_row(app, "sign_inspection")))
        assert str(table.get_row(_follow_row(app, "sign_inspection"))[0]) == "2026-12-14"  # 6 months after 2026-06-12
        await pilot.press("x")
        await wait_for(pilot, lambda: "follow_ups" in read_toml(path), what="the inspection saved")
        await wait_for(
            pilot,
            lambda: str(table.get_row(_follow_row(app, "sign_inspection"))[0]) == "2027-05-20",
            what="the next inspection six months after today",
        )
    data = read_toml(path)
    assert data["follow_ups"] == {"sign_inspection": TODAY}
    assert data["progress"]["place_signs"] == placed
    assert data["history"][-1]["field"] == "follow_ups.sign_inspection"


@sync
async def test_e_records_another_day_and_refuses_one_in_the_future(demo_dir, tmp_path):
    path = city_file(demo_dir, STOCKHOLM)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, "stockholm", STOCKHOLM)
        await pilot.press("3")
        table = app.screen.query_one("#events")
        table.move_cursor(row=table.get_row_index(_follow_row(app, "number_check")))  # overdue since 2026-10-30
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.name != "city", what="the date dialog")
        before = snapshot_files(demo_dir)
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2026-12-01", "enter")
        await wait_for(pilot, lambda: "2026-12-01" in _error(app) and "framtiden" in _error(app), what="the future date refused")
        assert snapshot_files(demo_dir) == before
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2026-11-18", "enter")
        await on_city(pilot, STOCKHOLM)
        await wait_for(pilot, lambda: read_toml(path).get("follow_ups") == {"number_check": dt.date(2026, 11, 18)}, what="the check saved")
        assert not [k for k, c in app.screen.row_cadence.items() if c == "number_check" and k.startswith("late-")]


@sync
async def test_handled_in_time_is_entered_beside_the_count_and_never_above_it(demo_dir, tmp_path):
    path = city_file(demo_dir, STOCKHOLM)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, "stockholm", STOCKHOLM)
        await pilot.press("4")
        table = app.screen.query_one("#counts")
        table.move_cursor(row=table.get_row_index("2026-Q3"))
        assert [str(c) for c in table.get_row("2026-Q3")] == ["2026-Q3", "3", "2"]
        before = snapshot_files(demo_dir)
        await pilot.press("h")
        await wait_for(pilot, lambda: app.screen.name != "city", what="the handled dialog")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"4", "enter")
        await wait_for(pilot, lambda: "fler än kvartalets 3 anmälningar" in _error(app), what="4 of 3 refused beside the field")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"-1", "enter")
        await wait_for(pilot, lambda: "0 eller mer" in _error(app), what="a negative count refused")
        assert snapshot_files(demo_dir) == before
        app.screen.query_one("#value").value = ""
        await pilot.press(*"3", "enter")
        await on_city(pilot, STOCKHOLM)
        await wait_for(pilot, lambda: read_toml(path)["handled_in_time"]["2026-Q3"] == 3, what="3 handled saved")
        await pilot.press("minus")  # 2 reports would be fewer than the 3 handled: refused, nothing saved
        await pilot.pause()
        assert read_toml(path)["reports"]["2026-Q3"] == 3
        assert [str(c) for c in table.get_row("2026-Q3")] == ["2026-Q3", "3", "3"]


@sync
async def test_a_logged_contact_names_the_partners_that_still_keep_the_check_in_late(demo_dir, tmp_path):
    """Issue 16, item 15: logging one partner's contact left the check-in overdue with no word why."""
    from support.tui import notifications

    path = city_file(demo_dir, STOCKHOLM)
    text = path.read_text(encoding="utf-8")
    # The police and social services last heard from in March: six months and more, the check-in is overdue.
    path.write_text(text.replace("last_contact = 2026-09-14", "last_contact = 2026-03-02").replace("last_contact = 2026-09-02", "last_contact = 2026-03-03"), encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        said = notifications(app)
        await _open(pilot, "stockholm", STOCKHOLM)
        await pilot.press("3")
        assert "partner_check_in" in [c for k, c in app.screen.row_cadence.items() if k.startswith("late-")]
        await pilot.press("2")  # partners; the first is the police
        await pilot.press("l")
        await wait_for(pilot, lambda: any("fortfarande försenad" in s for s in said), what="the check-in still late, said")
        assert any("kontakta också Socialtjänsten, Stockholm (senast 2026-03-03)" in s for s in said)
        said.clear()
        table = app.screen.query_one("#partners")
        table.move_cursor(row=1)  # social services
        await pilot.press("l")
        await wait_for(pilot, lambda: read_toml(path)["partners"][1]["last_contact"] == TODAY, what="the second contact saved")
        assert not any("försenad" in s for s in said)
        await pilot.press("3")
        assert "partner_check_in" not in [c for k, c in app.screen.row_cadence.items() if k.startswith("late-")]
