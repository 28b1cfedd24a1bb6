"""The dashboard as a user drives it: land on it, filter, sort, change a status, see it on disk, work beside others.

Pilot tests on the demo (Stockholm, Uppsala, Göteborg) and on a generated
290-city portfolio. "Today" is fixed (support.tui.TODAY); what is asserted is
what a user would notice: rows on screen, the file on disk, its history row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from support import run_cli, snapshot_files
from support.dashboard import city_file, on_city, on_dashboard, read_toml
from support.tui import TODAY, app_for, look, notifications, on_screen, screen_text, sync, wait_for

from wizard.tui.dashboard.rows import COLUMNS

UPPSALA, STOCKHOLM, GOTEBORG = "0380", "0180", "1480"


def shown(app) -> list[str]:
    """The municipality codes in the table, top to bottom."""
    table = app.screen.table
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def open_city(pilot, query: str, code: str) -> None:
    await pilot.press("slash", *query, "enter")
    await on_city(pilot, code)


async def to_item(pilot, item_id: str) -> None:
    """Move the checklist cursor to an item."""
    table = pilot.app.screen.query_one("#items")
    table.move_cursor(row=table.get_row_index(item_id))
    await pilot.pause()


# ------------------------------------------------------------------ landing


@sync
async def test_a_portfolio_with_the_company_steps_done_opens_on_the_dashboard_and_f2_switches(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        assert shown(app) == [STOCKHOLM, UPPSALA, GOTEBORG]
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen.name == "wizard" and app.screen.step == 6, what="the wizard at step 6")
        app.screen.action_goto(3)
        await wait_for(pilot, lambda: app.screen.step == 3, what="the wizard at step 3")
        await pilot.press("f2")
        await on_dashboard(pilot)
        await pilot.press("f2")  # back where the user left the wizard, not at the first unfinished step (issue 16, item 15)
        await wait_for(pilot, lambda: app.screen.name == "wizard" and app.screen.step == 3, what="the wizard back at step 3")


@sync
async def test_a_new_portfolio_opens_in_the_wizard(tmp_path):
    (tmp_path / "ny").mkdir()  # an empty folder: where a new portfolio goes
    app = app_for(tmp_path / "ny", tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.name == "wizard" and app.screen.step == 1, what="the wizard at step 1")


# ------------------------------------------------------------------ the table


@sync
async def test_filter_narrows_as_you_type_with_or_without_diacritics_county_and_status(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("slash", "g", "ö")
        assert shown(app) == [GOTEBORG]
        assert "1 av 3 kommuner" in screen_text(app)
        await pilot.press("escape")
        assert shown(app) == [STOCKHOLM, UPPSALA, GOTEBORG] and app.screen.query_one("#filter").value == ""
        await pilot.press("slash", *"GOTEBORG")
        assert shown(app) == [GOTEBORG]
        await pilot.press("escape", "slash", *"uppsala län")
        assert shown(app) == [UPPSALA]
        await pilot.press("escape", "slash", *"västra götaland")
        assert shown(app) == [GOTEBORG]
        # Status words: Uppsala's signs are not up everywhere and its partners are incomplete; overdue ones in both languages.
        await pilot.press("escape", "slash", *"skyltar saknas")
        assert shown(app) == [UPPSALA]
        await pilot.press("escape", "slash", *"forsenad")
        late = shown(app)
        assert late and all(app.screen.rows[c].overdue for c in late)
        await pilot.press("escape", "slash", *"overdue")
        assert shown(app) == late
        await pilot.press("escape", "slash", *"atlantis")
        assert shown(app) == [] and "Ingen kommun passar filtret" in screen_text(app)
        await pilot.press("escape")
        assert len(shown(app)) == 3


@sync
async def test_enter_in_the_filter_opens_the_first_match_and_escape_comes_back(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "upps", UPPSALA)
        assert "Uppsala (0380)" in screen_text(app)
        await pilot.press("escape")
        await on_dashboard(pilot)
        assert shown(app) == [UPPSALA]
        # Back in the list, the filter kept: a command key acts, never lands in the filter (issue 16, item 15).
        await pilot.press("s")
        assert app.screen.sort_column == "name"
        assert app.screen.query_one("#filter").value == "upps" and shown(app) == [UPPSALA]


@sync
async def test_sort_by_any_column_with_keys_and_by_clicking_a_header(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(160, 30)) as pilot:
        await on_dashboard(pilot)
        screen = app.screen
        await pilot.press("s")  # code -> name
        assert screen.sort_column == "name"
        assert shown(app) == [GOTEBORG, STOCKHOLM, UPPSALA]  # Göteborg sorts as Goteborg
        assert "sorterat efter Kommun ▲" in screen_text(app)
        await pilot.press("r")
        assert shown(app) == [UPPSALA, STOCKHOLM, GOTEBORG]
        while screen.sort_column != "checklist":
            await pilot.press("s")
        assert shown(app) == [UPPSALA, GOTEBORG, STOCKHOLM]  # 3/10, 7/10, 9/10
        # Clicking the "Skyltar" header sorts by signs: Uppsala 34/90 first.
        table = screen.table
        x = sum(table.columns[k].get_render_width(table) for k in list(table.columns)[: table.get_column_index("signs")])
        await pilot.click("#table", offset=(x + 2, 0))
        await wait_for(pilot, lambda: screen.sort_column == "signs", what="the table sorted by signs")
        assert shown(app)[0] == UPPSALA
        # After a sort the cursor is on the first row of the new order (issue 16, item 10).
        table.move_cursor(row=shown(app).index(UPPSALA))  # the first row, by signs
        await pilot.press("r")
        assert shown(app)[-1] == UPPSALA and screen.current_code() == shown(app)[0]


@sync
async def test_after_a_sort_the_view_shows_the_top_and_home_and_end_go_to_the_first_and_last(p290, tmp_path):
    """Issue 16, item 10: sorted from far down the list, the view stayed far down; Home only scrolled sideways."""
    app = app_for(p290, tmp_path / "data")
    async with app.run_test(size=(120, 30)) as pilot:
        await on_dashboard(pilot)
        table = app.screen.table
        await pilot.press("end")
        await wait_for(pilot, lambda: table.cursor_row == 289, what="the cursor on the last row")
        assert table.scroll_y > 0
        await pilot.press("s")
        await wait_for(pilot, lambda: table.cursor_row == 0 and table.scroll_y == 0, what="the top of the sorted list")
        await pilot.press("end", "home")
        await wait_for(pilot, lambda: table.cursor_row == 0 and table.scroll_y == 0, what="Home: the first row")
        await pilot.press("f1")
        await on_screen(pilot, "HelpScreen")
        assert "home     Första" in screen_text(app) and "end      Sista" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@sync
async def test_the_table_fits_the_terminal_with_the_columns_a_user_needs(p290, tmp_path, size):
    """Issue 16, item 11: at 80x24 the 290-city table was cut after "Checklista", at 120x40 mid-word ("Nästa")."""
    app = app_for(p290, tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await on_dashboard(pilot)
        table = app.screen.table
        await wait_for(pilot, lambda: table.virtual_size.width > 0, what="the table laid out")
        assert table.max_scroll_x == 0  # nothing to scroll sideways to: every column shown is whole
        header = next(line for line in screen_text(app).splitlines() if "Kod" in line and "Kommun" in line)
        for label in ("Kod", "Kommun", "Sen", "Checklista", "Skyltar", "Nästa uppf."):
            assert label in header, (label, header)
        if size[0] == 120:
            assert "Partner" in header and "Informerade" in header
        await pilot.press("s")  # sorting goes through the columns shown, never one out of sight
        assert app.screen.sort_column == "name"
        for _ in range(len(app.screen.columns_shown)):
            await pilot.press("s")
            assert app.screen.sort_column in app.screen.columns_shown


@sync
async def test_a_large_portfolio_says_what_is_being_read_before_it_shows(p290, tmp_path, monkeypatch):
    """Issue 16, item 15: the terminal stayed blank for seconds while 290 files were read; it looked hung."""
    from wizard.tui.session import Session

    app = app_for(p290, tmp_path / "data")
    real_open = Session.open.__func__
    seen: list[tuple[bool, str]] = []

    def open_and_look(cls, *args, **kwargs):
        line = app.screen_stack[0].query_one("#loading")
        seen.append((line.region.width > 0, str(line.render())))  # laid out and drawn before the reading starts
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Session, "open", classmethod(open_and_look))
    async with app.run_test(size=(80, 24)) as pilot:
        await on_dashboard(pilot)
    assert seen == [(True, "Läser in 290 kommuner…")]


@sync
async def test_sorting_and_filtering_the_290_city_portfolio(p290, tmp_path):
    app = app_for(p290, tmp_path / "data")
    async with app.run_test(size=(120, 30)) as pilot:
        await on_dashboard(pilot)
        assert len(shown(app)) == 290
        await pilot.press("slash", *"kiru")
        assert shown(app) == ["2584"]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert shown(app) == sorted(shown(app)) and len(shown(app)) == 290
        await pilot.press("escape", "slash", *"skåne")
        skane = shown(app)
        assert len(skane) == 33 and all(c.startswith("12") for c in skane)
        app.screen.set_sort("next")
        days = [app.screen.rows[c].next_follow_up for c in shown(app)]
        assert days == sorted(days)


# ------------------------------------------------------------------ the same figures as `huskurage status`


@sync
async def test_the_table_shows_the_figures_of_huskurage_status(demo_dir, tmp_path):
    status = json.loads(run_cli("status", demo_dir, "--json").stdout)["cities"]
    app = app_for(demo_dir, tmp_path / "data", today=dt.date.today())  # status counts follow-ups from today
    async with app.run_test(size=(160, 30)) as pilot:
        await on_dashboard(pilot)
        table = app.screen.table
        for city in status:
            by = dict(zip(COLUMNS, (c.plain for c in table.get_row(city["code"])), strict=True))
            assert by["checklist"].startswith(f"{city['done']:>2}/{city['total']}")
            assert by["signs"].strip() == f"{city['signs_up']}/{city['entrances']}"
            assert by["informed"] == (city["tenants_informed"] or "—")
            assert by["partners"] == f"{city['partners_registered']}/{city['partners_expected']}"
            assert by["next"] == (city["next_follow_up"] or "—")
            assert (by["overdue"] != "") == bool(city["overdue"])


# ------------------------------------------------------------------ changing a status


@sync
async def test_a_status_change_is_saved_at_once_to_that_city_only_with_a_history_row(demo_dir, tmp_path):
    before = snapshot_files(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        table = app.screen.table
        await open_city(pilot, "uppsala", UPPSALA)
        calls = {"clear": 0, "add_row": 0, "update_cell": []}
        real_clear, real_add, real_update = table.clear, table.add_row, table.update_cell
        table.clear = lambda *a, **k: (calls.__setitem__("clear", calls["clear"] + 1), real_clear(*a, **k))[1]
        table.add_row = lambda *a, **k: (calls.__setitem__("add_row", calls["add_row"] + 1), real_add(*a, **k))[1]
        table.update_cell = lambda row, col, *a, **k: (calls["update_cell"].append((str(row), str(col))), real_update(row, col, *a, **k))[1]
        await to_item(pilot, "train_staff")  # doing
        started = dt.datetime.now().replace(microsecond=0)
        await pilot.press("x")
        path = city_file(demo_dir, UPPSALA)
        await wait_for(pilot, lambda: read_toml(path)["progress"]["train_staff"]["status"] == "done", what="train_staff saved as done")
        data = read_toml(path)
        assert data["progress"]["train_staff"] == {"status": "done", "date": TODAY}
        last = data["history"][-1]
        assert (last["field"], last["old"], last["new"]) == ("progress.train_staff.status", "doing", "done")
        assert started <= last["at"] <= dt.datetime.now()
        # The row was updated by diff: only the checklist cell changed; nothing was rebuilt.
        assert calls["clear"] == 0 and calls["add_row"] == 0
        assert calls["update_cell"] == [(UPPSALA, "checklist")]
        assert table.get_cell(UPPSALA, "checklist").plain.startswith(" 4/10")
        # Space cycles: done -> todo.
        await pilot.press("space")
        await wait_for(pilot, lambda: read_toml(path)["progress"]["train_staff"]["status"] == "todo", what="train_staff saved as todo")
    after = snapshot_files(demo_dir)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {"cities/0380-uppsala.toml", "cities/0380-uppsala.toml.bak"}


@sync
async def test_tenants_cannot_be_marked_informed_before_the_signs_are_up(demo_dir, tmp_path):
    before = snapshot_files(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        await to_item(pilot, "inform_tenants")
        said = notifications(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: any("skylten sitter uppe i varje port" in s for s in said), what="the notice that a sign hangs in every entrance")
    assert snapshot_files(demo_dir) == before


@sync
async def test_a_date_that_check_would_call_an_error_is_refused_in_the_dialog(demo_dir, tmp_path):
    """Issue 16, item 3: ``e`` on a done item took 2027-05-01; ``check`` then reported an error and the export refused."""
    before = snapshot_files(demo_dir)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "goteborg", GOTEBORG)
        await to_item(pilot, "new_tenant_insert")
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.name != "city", what="the date dialog")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2027-05-01", "enter")
        await wait_for(pilot, lambda: "2027-05-01 ligger i framtiden" in str(app.screen.query_one("#error").render()), what="the refusal")
        assert app.screen.query_one("#value").value == "2027-05-01"  # the typing stays, to be corrected
        await pilot.press("escape")
        await on_city(pilot, GOTEBORG)
    assert snapshot_files(demo_dir) == before


@sync
async def test_signs_printed_before_a_number_changed_are_out_of_date_on_the_dashboard_until_printed_again(demo_dir, tmp_path):
    assert run_cli("mark", demo_dir, "uppsala", "print_signs", "done", "--on", "2026-11-02").returncode == 0
    path = city_file(demo_dir, UPPSALA)
    path.write_text(path.read_text(encoding="utf-8").replace("070-17 406 02", "070-17 406 09"), encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        assert "Skyltarna är inaktuella i Uppsala – tryck om dem" in screen_text(app)
        await pilot.press("slash", *"skyltar inaktuella")
        assert shown(app) == [UPPSALA]
        await pilot.press("enter")
        await on_city(pilot, UPPSALA)
        await pilot.press("4")  # the tab where the signs are counted
        await wait_for(pilot, lambda: "Skyltarna i Uppsala är inaktuella – tryck om dem" in screen_text(app), what="the notice beside the signs")
        await pilot.press("1")
        await to_item(pilot, "print_signs")
        await pilot.press("d", "x")  # printed again: its fingerprint is recorded anew
        await wait_for(pilot, lambda: read_toml(path)["progress"]["print_signs"]["status"] == "done", what="print_signs done again")
        await pilot.press("escape")
        await on_dashboard(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "inaktuella" not in screen_text(app), what="the notice gone")
    assert run_cli("check", demo_dir).returncode == 0


@sync
async def test_note_date_partner_contact_signs_and_report_counts_are_saved_with_history(typed_demo_dir, tmp_path):
    path = city_file(typed_demo_dir, UPPSALA)
    app = app_for(typed_demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        await to_item(pilot, "place_signs")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.name != "city", what="a dialog over the municipality view")
        field = app.screen.query_one("#value")
        field.value = ""
        await pilot.press(*"Tre portar kvar [i] Luthagen", "enter")
        await on_city(pilot, UPPSALA)
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.name != "city", what="a dialog over the municipality view")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2026-13-01", "enter")  # no 13th month: the dialog says so and stays
        await wait_for(
            pilot, lambda: "Det datumet finns inte (2026-13-01)" in str(app.screen.query_one("#error").render()), what="the date error"
        )
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2026-W45-1", "enter")  # a week date: refused, as in the wizard and `mark --on`
        await wait_for(pilot, lambda: "ÅÅÅÅ-MM-DD" in str(app.screen.query_one("#error").render()), what="the format error")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2026-11-02", "enter")
        await on_city(pilot, UPPSALA)
        await pilot.press("2")  # partners: log a contact today with the first
        await pilot.press("l")
        await pilot.press("4")  # signs and reports
        await pilot.press("u")
        await wait_for(pilot, lambda: app.screen.name != "city", what="a dialog over the municipality view")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"91", "enter")  # more signs than the 90 entrances: refused in the dialog
        await wait_for(pilot, lambda: "90 portar" in str(app.screen.query_one("#error").render()), what="the error naming 90 entrances")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"60", "enter")
        await on_city(pilot, UPPSALA)
        assert "Bara antal anmälningar per kvartal" in screen_text(app)
        table = app.screen.query_one("#counts")
        table.move_cursor(row=table.get_row_index("2026-Q4"))
        await pilot.press("plus", "plus")
        await wait_for(pilot, lambda: read_toml(path).get("reports", {}).get("2026-Q4") == 2, what="two reports saved for 2026-Q4")
    data = read_toml(path)
    assert data["progress"]["place_signs"]["note"] == "Tre portar kvar [i] Luthagen"
    assert data["progress"]["place_signs"]["date"] == dt.date(2026, 11, 2)
    assert data["signs_up"] == 60
    assert data["partners"][0]["last_contact"] == TODAY
    assert data["reports"]["2026-Q4"] == 2
    rows = data["history"]
    assert [(h["field"], h["old"], h["new"]) for h in rows[-4:]] == [
        ("progress.place_signs.note", "", ""),  # that the note changed, never what it said
        ("progress.place_signs.date", "2026-11-09", "2026-11-02"),
        ("partners[0].last_contact", "2026-09-14", TODAY.isoformat()),
        ("signs_up", "34", "60"),
    ]
    reports = [h for h in rows if h["field"] == "reports.2026-Q4"]
    assert [(h["old"], h["new"]) for h in reports] == [("", "1"), ("1", "2")]
    for h in reports:  # dated by the quarter they were entered in, no time of day
        assert type(h["at"]) is dt.date and h["at"].day == 1 and h["at"].month in (1, 4, 7, 10)


@sync
async def test_the_company_checklist_is_on_the_dashboard_and_changed_with_the_same_keys(demo_dir, tmp_path):
    """Issue 16, item 4: the company's own items (contact, decision, action plan, advice) appeared nowhere."""
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        assert "Företaget" in screen_text(app)  # the key, in the footer
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.name == "company", what="the company's checklist")
        shown = screen_text(app)
        assert "Kontakta föreningen Huskurage" in shown and "Beslut i ledningen eller styrelsen" in shown
        assert "7 av 8 klara" in shown
        table = app.screen.query_one("#items")
        table.move_cursor(row=table.get_row_index("nki_safety_questions"))
        await pilot.press("x")
        await wait_for(pilot, lambda: read_toml(company)["progress"]["nki_safety_questions"]["status"] == "done", what="saved as done")
        assert read_toml(company)["history"][-1]["field"] == "progress.nki_safety_questions.status"
        assert "8 av 8 klara" in screen_text(app)
        await pilot.press("e")  # a date in the future: refused in the dialog, as in a municipality
        await wait_for(pilot, lambda: app.screen.name != "company", what="the date dialog")
        app.screen.query_one("#value").value = ""
        await pilot.press(*"2027-01-01", "enter")
        await wait_for(pilot, lambda: "ligger i framtiden" in str(app.screen.query_one("#error").render()), what="the refusal")
        await pilot.press("escape", "escape")
        await on_dashboard(pilot)
    assert read_toml(company)["progress"]["nki_safety_questions"]["date"] == TODAY


@sync
async def test_user_text_is_never_markup(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    text = path.read_text(encoding="utf-8").replace('organisation = "', 'organisation = "[bold]', 1)
    path.write_text(text, encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(120, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        await pilot.press("2")
        await wait_for(pilot, lambda: "[bold]" in screen_text(app), what="the name with [bold] shown literally")


# ------------------------------------------------------------------ working with others


@sync
async def test_an_outside_change_is_noticed_and_offered_for_reload(typed_demo_dir, tmp_path):
    app = app_for(typed_demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        screen = app.screen
        assert screen.table.get_cell(UPPSALA, "signs").plain.strip() == "34/90"
        # A colleague (or `huskurage mark`) changes Uppsala's file.
        path = city_file(typed_demo_dir, UPPSALA)
        path.write_text(re.sub(r"(?m)^signs_up = 34$", "signs_up = 45", path.read_text(encoding="utf-8")), encoding="utf-8")
        r = run_cli("mark", typed_demo_dir, "uppsala", "train_staff", "done", "--on", "2026-11-19")
        assert r.returncode == 0, r.stderr
        look(app)  # what the program's timer does every two seconds
        await wait_for(pilot, lambda: "Ändrat på disken av någon annan: Uppsala (0380)" in screen_text(app), what="the banner about Uppsala's outside change")
        assert screen.table.get_cell(UPPSALA, "signs").plain.strip() == "34/90"  # not taken before asked
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.table.get_cell(UPPSALA, "signs").plain.strip() == "45/90", what="Uppsala's row showing 45/90 signs")
        assert screen.table.get_cell(UPPSALA, "checklist").plain.startswith(" 4/10")
        assert "Ändrat på disken" not in screen_text(app)


@sync
async def test_a_change_to_a_file_someone_else_changed_asks_and_can_keep_both(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        r = run_cli("mark", demo_dir, "uppsala", "register_partners", "done", "--on", "2026-11-19")
        assert r.returncode == 0, r.stderr
        await to_item(pilot, "train_staff")
        await pilot.press("x")  # our change meets theirs on disk: we are asked, nothing is written yet
        await on_screen(pilot, "ConflictScreen")
        assert read_toml(path)["progress"]["train_staff"]["status"] == "doing"
        await pilot.press("enter")  # "load theirs and make my change again"
        await on_city(pilot, UPPSALA)
        await wait_for(pilot, lambda: read_toml(path)["progress"]["train_staff"]["status"] == "done", what="train_staff saved as done")
        data = read_toml(path)
        assert data["progress"]["register_partners"]["status"] == "done"  # theirs kept
        assert [h["field"] for h in data["history"][-2:]] == ["progress.register_partners.status", "progress.train_staff.status"]
        assert app.screen.dashboard.table.get_cell(UPPSALA, "checklist").plain.startswith(" 5/10")


@sync
async def test_an_unsaved_change_is_never_dropped_silently_on_quit(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        run_cli("mark", demo_dir, "uppsala", "register_partners", "done", "--on", "2026-11-19")
        theirs = path.read_bytes()
        await to_item(pilot, "train_staff")
        await pilot.press("x")
        await on_screen(pilot, "ConflictScreen")
        await pilot.press("escape")  # wait: keep my change unsaved
        await on_city(pilot, UPPSALA)
        assert "Osparat: Uppsala" in screen_text(app)
        await pilot.press("ctrl+q")
        await on_screen(pilot, "QuitUnsaved")
        await pilot.press("enter")  # "Stay" has the focus
        await on_city(pilot, UPPSALA)
        await pilot.press("ctrl+s")  # asks again
        await on_screen(pilot, "ConflictScreen")
        app.screen.query_one("#mine").press()  # overwrite theirs with mine
        await on_city(pilot, UPPSALA)
        await wait_for(pilot, lambda: read_toml(path)["progress"]["train_staff"]["status"] == "done", what="train_staff saved as done")
    assert path.read_bytes() != theirs
    assert read_toml(path)["progress"]["register_partners"]["status"] == "doing"  # mine, as asked


@sync
async def test_quitting_with_a_note_half_typed_keeps_it(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await open_city(pilot, "uppsala", UPPSALA)
        await to_item(pilot, "print_signs")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.name != "city", what="a dialog over the municipality view")
        await pilot.press(*"Tryckt hos Unionen")
        await pilot.press("ctrl+q")
    assert read_toml(path)["progress"]["print_signs"]["note"] == "Tryckt hos Unionen"


# ------------------------------------------------------------------ summary, language, help


@sync
async def test_summary_shows_totals_and_a_chart_of_progress_over_time(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        await pilot.press("o")
        await on_screen(pilot, "summary")
        text = screen_text(app)
        assert "404 av 460 (88 %)" in text  # entrances with signs
        assert "2 av 3 kommuner" in text
        assert "checklista klar" in text and "portar med skylt" in text  # the chart's legend
        await pilot.press("escape")
        await on_dashboard(pilot)


@sync
async def test_summary_of_a_portfolio_without_municipalities_shows_dashes_not_0_percent(demo_dir, tmp_path):
    for path in (demo_dir / "cities").glob("*.toml"):
        path.unlink()
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        assert "checklista 0/0 (—)" in screen_text(app)
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.name == "summary", what="the summary")
        text = screen_text(app)
        assert "0 av 0 (—)" in text and "0 %" not in text  # no share of nothing, in the totals or on the chart
        await pilot.press("escape")
        await on_dashboard(pilot)


@sync
async def test_english_is_complete_and_f8_keeps_the_open_municipality(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        assert "Municipality" in screen_text(app) and "Kommun " not in screen_text(app)
        await open_city(pilot, "goteborg", GOTEBORG)
        assert "1 Checklist" in screen_text(app)
        await pilot.press("f8")
        await on_city(pilot, GOTEBORG)
        assert "1 Checklista" in screen_text(app)
        await pilot.press("f1")
        await wait_for(pilot, lambda: "Kommunen: tangenter" in screen_text(app), what="the municipality view's key help")


# ------------------------------------------------------------------ the core pieces, without the app


def test_set_status_records_one_row_per_change_and_refuses_informing_before_signs():
    from wizard import model
    from wizard.progress import SignsFirst, set_status

    city = model.City(code="0380")
    at = dt.datetime(2026, 11, 20, 9, 30, 15, 999)
    assert set_status(city, "place_signs", "doing", dt.date(2026, 11, 1), now=at)
    assert not set_status(city, "place_signs", "doing", dt.date(2026, 11, 1), now=at)  # nothing changed
    assert set_status(city, "place_signs", "doing", dt.date(2026, 11, 2), note="Hälften", now=at)
    with pytest.raises(SignsFirst):
        set_status(city, "inform_tenants", "done", dt.date(2026, 11, 20), now=at)
    assert set_status(city, "place_signs", "done", dt.date(2026, 11, 10), now=at)
    with pytest.raises(SignsFirst):  # dated before the signs went up
        set_status(city, "inform_tenants", "done", dt.date(2026, 11, 9), now=at)
    assert set_status(city, "inform_tenants", "done", dt.date(2026, 11, 20), now=at)
    rows = [(h.field, h.old, h.new) for h in city.history]
    assert rows == [
        ("progress.place_signs.status", "todo", "doing"),
        ("progress.place_signs.date", "2026-11-01", "2026-11-02"),
        ("progress.place_signs.note", "", ""),  # that the note changed, never what it said
        ("progress.place_signs.status", "doing", "done"),
        ("progress.inform_tenants.status", "todo", "done"),
    ]
    assert all(h.at == dt.datetime(2026, 11, 20, 9, 30, 15) for h in city.history)
    assert city.progress["place_signs"].note == "Hälften"  # kept when not given


def test_progress_over_time_replays_history_and_ends_at_todays_figures(demo_dir):
    from wizard import catalog, store
    from wizard.progress import portfolio_progress
    from wizard.tui.dashboard.timeline import progress_over_time

    st = store.open(demo_dir)
    cat = catalog.load()
    points = progress_over_time(st.portfolio, cat, TODAY)
    now = portfolio_progress(st.portfolio, cat)
    assert points[-1].day == TODAY
    assert (points[-1].done, points[-1].total, points[-1].signs_up) == (now.done, now.total, now.signs_up)
    assert all((p.day + dt.timedelta(days=1)).day == 1 for p in points[:-1])  # month ends, then today
    assert all(a.done <= b.done for a, b in itertools.pairwise(points))  # the demo only moves forward
    assert points[0].done < points[-1].done


def test_report_counts_are_whole_numbers_per_quarter_only():
    from wizard import model
    from wizard.tui.dashboard import edits

    with pytest.raises(ValueError):
        edits.report("0380", "hösten", 3)
    with pytest.raises(ValueError):
        edits.report("0380", "2026-Q3", -1)
    city = model.City(code="0380")
    assert edits.report("0380", "2026-Q3", 2)(city, dt.datetime(2026, 11, 20))
    assert city.reports == {"2026-Q3": 2}
    assert edits.recent_quarters(city, TODAY, 4) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


def test_the_next_follow_up_and_overdue_count_are_those_of_the_full_schedule(p290_master):
    """The table's shortcut (``next_follow_up``) gives the date the whole event list gives, for every city."""
    from wizard import catalog, schedule, store
    from wizard.tui.dashboard.rows import follow_ups

    st = store.open(p290_master)
    cat = catalog.load()
    settings = st.portfolio.settings
    cadences = cat.cadences_for("city")
    horizon = max(schedule.interval(c, settings) for c in cadences)
    for today in (TODAY, dt.date(2026, 12, 24), dt.date(2027, 6, 30), dt.date(2031, 2, 28)):
        every_event = schedule.events(st.portfolio, cadences, today, months=horizon)
        for code, city in st.portfolio.cities.items():
            coming = [e.date for e in every_event if e.city_code == code and not e.overdue]
            late = [e for e in every_event if e.city_code == code and e.overdue]
            assert follow_ups(city, settings, cat, today) == (min(coming, default=None), len(late)), (code, today)
        summary = schedule.follow_up_summary(st.portfolio, cat.cadences, today)
        assert summary == {code: follow_ups(city, settings, cat, today) for code, city in st.portfolio.cities.items()}


@sync
async def test_a_reload_of_a_file_that_no_longer_reads_says_it_failed_and_changed_nothing(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_dashboard(pilot)
        screen = app.screen
        said = notifications(app)
        path = city_file(demo_dir, UPPSALA)
        path.write_text(path.read_text(encoding="utf-8").replace("signs_up = 34", "signs_up = = 45"), encoding="utf-8")
        look(app)
        await wait_for(pilot, lambda: "Ändrat på disken av någon annan: Uppsala (0380)" in screen_text(app), what="the banner about Uppsala's outside change")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: said, what="a message after Ctrl+R")
        failed = [s for s in said if "Kunde inte läsa in igen, ingenting har ändrats här" in s]
        assert failed and "cities/0380-uppsala.toml" in failed[0], said
        assert not any("Inläst" in s for s in said), said
        assert screen.table.get_cell(UPPSALA, "signs").plain.strip() == "34/90"  # our version stands


@pytest.mark.parametrize(
    ("keep", "lang", "said"),
    [(1, "sv", "1 kommun ·"), (1, "en", "1 municipality ·"), (2, "sv", "2 kommuner ·"), (2, "en", "2 municipalities ·")],
)
@sync
async def test_the_totals_line_counts_municipalities_in_singular_and_plural(demo_dir, tmp_path, keep, lang, said):
    for extra in sorted((demo_dir / "cities").glob("*.toml"))[keep:]:
        extra.unlink()
    app = app_for(demo_dir, tmp_path / "data", lang=lang)
    async with app.run_test(size=(120, 30)) as pilot:
        await on_dashboard(pilot)
        await wait_for(pilot, lambda: said in screen_text(app), what=f"the totals line saying {said!r}")
