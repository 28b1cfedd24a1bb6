"""What a user types into the wizard: refused beside the field where ``check`` would refuse it, never lost
silently, the focus where the problem is, and the findings named in words (issue 16).

Driven by keys as a user would; "today" is fixed (support.tui.TODAY, 2026-11-20).
"""

from __future__ import annotations

from support.dashboard import read_toml
from support.tui import app_for, at_step, notifications, sync, type_into, wait_for


def message(app, field_id: str) -> str:
    return app.screen.query_one(f"#{field_id}").message


# ---------------------------------------------------------------- nothing typed blocks the export later (item 3)


@sync
async def test_a_contact_date_in_the_future_is_refused_beside_the_field_and_never_saved(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    before = company.read_bytes()
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 2)
        await type_into(pilot, "#date", "2027-01-15")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "2027-01-15 ligger i framtiden" in message(app, "f-date"), what="the message beside the date")
        assert app.screen.step == 2
        await pilot.press("ctrl+t")  # leaving by Back keeps the typing as a draft, never in the file
        await at_step(pilot, 1)
    assert company.read_bytes() == before


@sync
async def test_step_10_names_each_finding_in_words(demo_dir, tmp_path):
    goteborg = demo_dir / "cities" / "1480-goteborg.toml"
    text = goteborg.read_text(encoding="utf-8")
    assert text.count("date = 2026-09-01") == 1  # new_tenant_insert, under way since September
    goteborg.write_text(text.replace("date = 2026-09-01", "date = 2027-05-01"), encoding="utf-8")  # by hand, in an editor
    app = app_for(demo_dir, tmp_path / "data", start_step=10)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_step(pilot, 10)
        shown = str(app.screen.query_one("#findings").content)  # as shown, before wrapping
        assert "Göteborg → Checklista → Information till nya hyresgäster: Datumet 2027-05-01 ligger i framtiden." in shown
        assert "progress.new_tenant_insert" not in shown


@sync
async def test_a_missing_reporting_number_marks_step_1_and_step_10_names_its_field(demo_dir, tmp_path):
    """The number tenants call is typed in step 1: without it, step 1 is never shown done."""
    company = demo_dir / "huskurage.toml"
    text = company.read_text(encoding="utf-8")
    phone = read_toml(company)["reporting"]["phone"]
    company.write_text(text.replace(f'phone = "{phone}"', 'phone = ""', 1), encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data", start_step=10)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_step(pilot, 10)
        await wait_for(pilot, lambda: app.screen.query_one("StepList").states[1] == "errors", what="step 1 marked with an error")
        shown = str(app.screen.query_one("#findings").content)
        assert "Företaget → Berätta för oss: telefon: " in shown
        assert "reporting.phone" not in shown and "number_checks." not in shown


# ---------------------------------------------------------------- passing a step marks what it covers (item 4)


@sync
async def test_passing_a_step_marks_the_checklist_items_its_answers_cover(tmp_path):
    root = tmp_path / "bolaget"
    root.mkdir()
    app = app_for(root, tmp_path / "data")
    said = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#name", "Bostäder AB")
        await type_into(pilot, "#decision_date", "2026-03-02")
        await pilot.press("ctrl+n")
        await at_step(pilot, 2)
        await pilot.press("enter", "down", "enter")  # the status: contacted
        await wait_for(pilot, lambda: app.screen.current.query_one("#status").value == "contacted", what="contacted chosen")
        await type_into(pilot, "#date", "2026-01-20")
        app.screen.query_one("#model_studied").focus()
        await pilot.press("space")
        await pilot.press("ctrl+n")
        await at_step(pilot, 3)
        await wait_for(pilot, lambda: any("Kontakta föreningen Huskurage" in s for s in said), what="the checklist told")
    progress = read_toml(root / "huskurage.toml")["progress"]
    assert {k: (v["status"], str(v.get("date"))) for k, v in progress.items()} == {
        "management_decision": ("done", "2026-03-02"),
        "contact_huskurage": ("done", "2026-01-20"),
        "study_model": ("done", "2026-11-20"),  # today: the day the user said so
    }
    history = read_toml(root / "huskurage.toml")["history"]
    assert [h["field"] for h in history] == [
        "progress.management_decision.status",
        "progress.contact_huskurage.status",
        "progress.study_model.status",
    ]


# ---------------------------------------------------------------- after a refused Next (item 8)


@sync
async def test_a_refused_next_puts_the_focus_on_the_field_in_error_also_across_fields(typed_demo_dir, tmp_path):
    """Stockholm's tenants are informed; its signs, typed down to 150 of 160, are no longer in every entrance."""
    app = app_for(typed_demo_dir, tmp_path / "data", start_step=8)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 8)
        assert app.screen.current.city().code == "0180"
        await type_into(pilot, "#signs_up", "150")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "150 av 160 portar" in message(app, "f-informed"), what="the message beside the tenants-informed date")
        assert app.screen.step == 8
        assert app.focused is app.screen.query_one("#informed")  # not left in "Skyltar uppe", where 7 would make 1507
        await pilot.press("7")
        assert app.screen.query_one("#signs_up").value == "150"
        assert app.screen.query_one("StepList").states[8] == "errors"


@sync
async def test_a_next_refused_for_typing_that_cannot_be_saved_never_shows_the_step_done(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        sidebar = app.screen.query_one("StepList")
        assert sidebar.states[1] == "done"
        await type_into(pilot, "#org_number", "556677-8898")  # a wrong check digit: kept as typed, never saved
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "kontrollsiffra" in message(app, "f-org_number"), what="the check-digit message")
        await wait_for(pilot, lambda: sidebar.states[1] == "errors", what="step 1 shown in error")
        assert app.focused is app.screen.query_one("#org_number")


@sync
async def test_a_refusal_with_no_field_to_blame_puts_the_focus_on_the_problems(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        await pilot.press(*"malmo", "enter")  # added, its counts still empty
        await wait_for(pilot, lambda: "1280" in app.session.portfolio.cities, what="Malmö added")
        await pilot.press("ctrl+n")
        box = app.screen.current.query_one(".step--problems")
        await wait_for(pilot, lambda: "Malmö" in str(box.content), what="the problem naming Malmö")
        assert app.focused is box
        assert app.screen.step == 3 and app.screen.query_one("StepList").states[3] == "errors"


# ---------------------------------------------------------------- nothing typed vanishes silently (item 12)


@sync
async def test_municipalities_typed_one_after_another_are_all_added(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        await pilot.press(*"malmo", "enter")
        await wait_for(pilot, lambda: "1280" in app.session.portfolio.cities, what="Malmö added")
        await pilot.press(*"lund", "enter")  # the focus stayed in the search
        await wait_for(pilot, lambda: "1281" in app.session.portfolio.cities, what="Lund added")


@sync
async def test_a_letter_in_a_number_and_a_slash_in_a_date_are_said_not_dropped(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 4)
        assert app.focused is app.screen.query_one("#staff_hours_per_week")  # step 4 opens on its first field
        await type_into(pilot, "#duty_days_per_week", "4d")
        await wait_for(pilot, lambda: "Skriv ett heltal" in message(app, "f-duty_days_per_week"), what="the message on the letter")
        assert app.screen.query_one("#duty_days_per_week").value == "4"
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 2)
        await type_into(pilot, "#date", "2026/")
        await wait_for(pilot, lambda: "ÅÅÅÅ-MM-DD" in message(app, "f-date"), what="the message on the slash")
        await pilot.press(*"-01-20")
        await wait_for(pilot, lambda: message(app, "f-date") == "", what="the message gone once the date is right")


# ---------------------------------------------------------------- the export, without the mouse (item 9)


@sync
async def test_enter_in_the_folder_field_exports_and_the_result_names_the_whole_path_in_view(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_step(pilot, 10)
        step = app.screen.current
        result = step.query_one("#result")
        await type_into(pilot, "#out", "utskick")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "✔" in str(result.content), timeout=120, what="the export's result")
        assert f"skrivna i {demo_dir / 'utskick'}:" in str(result.content)  # where to find them, whatever the shell's folder
        await wait_for(
            pilot,
            lambda: step.scroll_y + step.scrollable_content_region.height > result.virtual_region.y,
            what="the result scrolled into view",
        )
    assert (demo_dir / "utskick" / "action-plan.md").is_file()


@sync
async def test_keys_typed_in_one_burst_after_ctrl_g_go_to_the_step_list(demo_dir, tmp_path):
    """Ctrl+G, End, Enter arriving together (a fast typist, a browser on a busy server) go to step 10;
    the focus moved only after the burst, so End and Enter reached step 6's field and opened its menu."""
    from textual import events

    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 6)
        for key, character in (("ctrl+g", None), ("end", None), ("enter", "\r")):
            app.post_message(events.Key(key, character))  # queued together, as a terminal delivers a burst
        await wait_for(pilot, lambda: app.screen.step == 10, what="step 10, chosen in the step list")


# ---------------------------------------------------------------- the step scrolls from any widget (item 9)


@sync
async def test_page_down_and_end_scroll_the_step_from_a_text_area_and_a_list_of_logos(demo_dir, tmp_path):
    """PageDown in step 2's notes moved the cursor inside five lines, and the rest of the step stayed out of reach."""
    from textual.widgets import SelectionList

    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_step(pilot, 2)
        step = app.screen.current
        notes = step.query_one("#notes")
        notes.focus()
        await pilot.pause()
        step.scroll_home(animate=False)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: step.scroll_y > 0, what="the step scrolled down from the notes")
        assert app.focused is notes
        await pilot.press("pageup")
        await wait_for(pilot, lambda: step.scroll_y == 0, what="the step back at its top")
        notes.move_cursor((0, 0))
        await pilot.press("end")  # first End: to the end of the line being written, as in any text box
        assert notes.cursor_location == notes.get_cursor_line_end_location() != (0, 0) and step.scroll_y == 0
        await pilot.press("end")  # at the end of the line already: the end of the step
        await wait_for(pilot, lambda: step.scroll_y == step.max_scroll_y > 0, what="the end of the step")
        # A field keeps End for its text.
        person = step.query_one("#person")
        person.focus()
        person.cursor_position = 0
        step.scroll_home(animate=False)
        await pilot.press("end")
        assert person.cursor_position == len(person.value)
        app.screen.action_goto(8)
        await at_step(pilot, 8)
        step = app.screen.current
        logos = step.query_one("#logos", SelectionList)
        await wait_for(pilot, lambda: logos.display and logos.option_count > 0, what="the municipality's logos listed")
        logos.focus()
        await pilot.pause()
        step.scroll_home(animate=False)
        await pilot.press("end")
        await wait_for(pilot, lambda: step.scroll_y == step.max_scroll_y > 0, what="the end of step 8 from the logos")


@sync
async def test_a_partners_email_without_an_at_sign_is_refused_in_the_dialog(demo_dir, tmp_path):
    """Issue 16, item 15: the partner dialog took any text as an e-mail address."""
    from support.tui import on_screen

    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 6)
        app.screen.query_one("#partners").focus()
        await pilot.press("a")
        await on_screen(pilot, "PartnerModal")
        await type_into(pilot, "#organisation", "Polisen, lokalpolisområde Norrmalm")
        await type_into(pilot, "#email", "polisen.se")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "ser inte ut som en e-postadress" in message(app, "f-email"), what="the message beside the e-mail")
        assert type(app.screen).__name__ == "PartnerModal"  # not saved
        await type_into(pilot, "#email", "registrator@polisen.se")
        await pilot.press("ctrl+s")
        await at_step(pilot, 6)
        assert app.session.portfolio.cities["0180"].partners[-1].email == "registrator@polisen.se"


@sync
async def test_step_7_shows_each_roles_standard_text_whole_and_one_training_target_a_line(demo_dir, tmp_path):
    """Issue 16, item 15: the standard role texts were placeholders cut at the field's width, and the fifth
    training target sat beside an empty half of the table."""
    app = app_for(demo_dir, tmp_path / "data", start_step=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_step(pilot, 7)
        step = app.screen.current
        roles = app.session.catalog.roles
        for role in roles:
            hint = step.query_one(f"#f-role-{role.id} .field--hint")
            assert str(hint.render()) == f"Standard: {role.duty('sv')}"
            assert hint.size.height >= 2  # wrapped onto lines of its own, not cut
        targets = [step.query_one(f"#f-target-{role.id}") for role in roles]
        assert len({f.virtual_region.x for f in targets}) == 1  # one column
        assert [f.virtual_region.y for f in targets] == sorted({f.virtual_region.y for f in targets})  # one a line
