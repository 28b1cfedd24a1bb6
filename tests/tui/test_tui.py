"""The wizard as a user drives it: keyboard only, through every step, files checked on disk.

Each test builds the app through the same factory the CLI uses
(``make_app``), waits on conditions rather than the clock (STYLE.md 16) and
asserts what a user would notice: what the screen says, what the folder holds.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from support.tui import (
    app_for, at_step, goto_step, look, notifications, on_screen, on_step, palette_entries, screen_text, sync, type_into, wait_for,
)


def read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def field_message(app, field_id: str) -> str:
    return app.screen.query_one(f"#{field_id}").message


async def next_step(pilot, expect: int) -> None:
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: on_step(pilot.app, expect), what=f"step {expect}")


# ---------------------------------------------------------------- the whole way


@sync
async def test_from_nothing_through_every_step_to_exported_files(tmp_path):
    root = tmp_path / "bolaget"
    out = tmp_path / "ut"
    app = app_for(None, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        # Welcome: a new portfolio in a new folder.
        await wait_for(pilot, lambda: app.screen.name == "welcome", what="welcome")
        await pilot.press(*str(root), "enter")
        await wait_for(pilot, lambda: on_step(app, 1), what="step 1")
        assert (root / "huskurage.toml").is_file()

        # 1. Company: a wrong check digit is refused beside the field, then fixed.
        await type_into(pilot, "#name", "Bostäder [bold] AB")
        await pilot.press("tab", *"556677-8898")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "kontrollsiffra" in field_message(app, "f-org_number"), what="the check-digit message on the organisation number")
        assert app.screen.step == 1
        await type_into(pilot, "#org_number", "556677-8899")
        await pilot.press("tab", *"Säkerhetschefen", "tab", *"2026-03-02", "tab", *"-5")
        await pilot.press("ctrl+n")  # a negative cost per sign is refused beside the field
        await wait_for(pilot, lambda: "negativt" in field_message(app, "f-cost_per_sign"), what="the message on the cost per sign")
        await type_into(pilot, "#cost_per_sign", "35,50")
        # The landlord's reporting route, which every sign and letter prints (without it they are held back).
        await type_into(pilot, "#reporting_phone", "08-123 456 00")
        await type_into(pilot, "#reporting_hours", "vardagar 8-16")
        await type_into(pilot, "#reporting_hours_en", "weekdays 8-16")  # for signs and letters in English
        await next_step(pilot, 2)
        company = read_toml(root / "huskurage.toml")["company"]
        assert company["name"] == "Bostäder [bold] AB"
        assert company["org_number"] == "556677-8899"
        assert company["decision_date"].isoformat() == "2026-03-02"
        assert read_toml(root / "huskurage.toml")["decision"] == {"cost_per_sign": 35.5}  # for the decision paper's print run
        reporting = read_toml(root / "huskurage.toml")["reporting"]
        assert (reporting["phone"], reporting["hours_en"]) == ("08-123 456 00", "weekdays 8-16")

        # 2. Huskurage: status by keyboard, date, model studied.
        app.screen.query_one("#status").focus()
        await pilot.press("enter", "down", "down", "enter")  # in dialogue
        await pilot.press("tab", *"2026-01-20")
        app.screen.query_one("#model_studied").focus()
        await pilot.press("space")
        await next_step(pilot, 3)
        huskurage = read_toml(root / "huskurage.toml")["huskurage"]
        assert huskurage["status"] == "in_dialogue" and huskurage["model_studied"] is True

        # 3. Municipalities: an unknown name says so; goteborg finds Göteborg.
        await type_into(pilot, "#search", "atlantis")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "atlantis" in field_message(app, "f-search"), what="the search saying atlantis is unknown")
        await type_into(pilot, "#search", "goteborg")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "1480" in app.session.portfolio.cities, what="Göteborg added to the portfolio")
        assert app.session.portfolio.cities["1480"].name == "Göteborg"
        assert app.focused is app.screen.query_one("#search")  # the next name typed adds the next municipality
        await pilot.press("tab", "tab")  # past the table to its apartments
        await pilot.press(*"1200", "tab", *"80", "tab")
        await pilot.press("backspace", "0")  # wave 0 = pilot
        await next_step(pilot, 4)
        city_file = root / "cities" / "1480-goteborg.toml"
        city = read_toml(city_file)
        assert (city["apartments"], city["entrances"], city["wave"]) == (1200, 80, 0)

        # 4. Resources: staff time; the table shows what the staff can keep.
        await type_into(pilot, "#staff_hours_per_week", "4")
        await wait_for(pilot, lambda: "Göteborg" in screen_text(app), what="Göteborg on the screen")
        await next_step(pilot, 5)
        assert read_toml(city_file)["staff_hours_per_week"] == 4

        # 5. Advice: own steps without 112 are refused, with the reason beside the field.
        app.screen.query_one("#variant").focus()
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#f-custom_steps").display, what="the custom steps field shown")
        app.screen.query_one("#custom_steps").focus()
        await pilot.press(*"Ring på hos grannen.")
        await wait_for(pilot, lambda: app.screen.query_one("#no112").display, what="the warning that the steps lack 112")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "112" in field_message(app, "f-custom_steps"), what="the custom steps' message about 112")
        assert app.screen.step == 5
        await pilot.press("enter", *"Ring 112 om det är akut.")
        # The same steps in English, line by line, and the reason in both languages.
        app.screen.query_one("#custom_steps_en").focus()
        await pilot.press(*"Ring the neighbour's doorbell.", "enter", *"Call 112 in an emergency.")
        await type_into(pilot, "#reason", "Grannen ska aldrig vara ensam.")
        await type_into(pilot, "#reason_en", "The neighbour is never alone.")
        await next_step(pilot, 6)
        advice = read_toml(root / "huskurage.toml")["advice"]
        assert advice["variant"] == "custom"
        assert advice["custom_steps"] == ["Ring på hos grannen.", "Ring 112 om det är akut."]
        assert advice["custom_steps_en"] == ["Ring the neighbour's doorbell.", "Call 112 in an emergency."]
        assert (advice["reason"], advice["reason_en"]) == ("Grannen ska aldrig vara ensam.", "The neighbour is never alone.")

        # 6. Partners: add one in the modal; the missing expected kinds are listed.
        assert "Saknas" in str(app.screen.query_one("#missing").content)
        app.screen.query_one("#partners").focus()
        await pilot.press("a")
        await on_screen(pilot, "PartnerModal")
        await type_into(pilot, "#organisation", "Polisen [b]Centrum[/b]")
        await type_into(pilot, "#phone", "114 14")
        await type_into(pilot, "#hours", "Dygnet runt")
        await type_into(pilot, "#hours_en", "Day and night")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_step(app, 6) and app.screen.query_one("#partners").row_count == 1, what="step 6 with one partner")
        assert "Polisen [b]Centrum[/b]" in screen_text(app)
        await next_step(pilot, 7)
        partners = read_toml(city_file)["partners"]
        assert partners == [
            {"kind": "police", "organisation": "Polisen [b]Centrum[/b]", "phone": "114 14", "hours": "Dygnet runt", "hours_en": "Day and night"}
        ]

        # 7. Action plan: a training target over 100 % is refused.
        await type_into(pilot, "#target-caretaker", "150")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: field_message(app, "f-target-caretaker") != "", what="a message on the caretaker's training target")
        assert app.screen.step == 7
        await type_into(pilot, "#target-caretaker", "80")
        await next_step(pilot, 8)
        assert read_toml(root / "huskurage.toml")["action_plan"]["training_targets"] == {"caretaker": 80}

        # 8. Signs: an extra line in Swedish and, with English on the sign, in English;
        # informed cannot be dated before all signs are up, nor before that date.
        assert not app.screen.query_one("#f-extra_lines_en").display  # no English on the sign yet
        app.screen.query_one("#extra_lines").focus()
        await pilot.press(*"Frågor? Ring kundtjänst.")
        app.screen.query_one("#lang-en").focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen.query_one("#f-extra_lines_en").display, what="the English extra lines shown")
        app.screen.query_one("#extra_lines_en").focus()
        await pilot.press(*"Questions? Call customer service.")
        assert app.screen.query_one("#informed").disabled
        await type_into(pilot, "#signs_up", "80")
        await wait_for(pilot, lambda: not app.screen.query_one("#placed").disabled, what="the signs-placed date enabled")
        await type_into(pilot, "#placed", "2026-06-12")
        await wait_for(pilot, lambda: not app.screen.query_one("#informed").disabled, what="the tenants-informed date enabled")
        await type_into(pilot, "#informed", "2026-06-01")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: field_message(app, "f-informed") != "", what="a message on the tenants-informed date")
        assert app.screen.step == 8
        await type_into(pilot, "#informed", "2026-06-15")
        await next_step(pilot, 9)
        city = read_toml(city_file)
        assert city["sign"]["extra_lines_en"] == ["Questions? Call customer service."] and "en" in city["sign"]["languages"]
        assert city["signs_up"] == 80
        assert city["progress"]["place_signs"]["date"].isoformat() == "2026-06-12"
        assert city["progress"]["inform_tenants"]["date"].isoformat() == "2026-06-15"

        # 9. Follow-up: a cadence changed; the preview lists dated events.
        await type_into(pilot, "#cad-sign_inspection", "3")
        await wait_for(pilot, lambda: app.screen.query_one("#events").row_count > 0, what="the follow-up events listed")
        await next_step(pilot, 10)
        assert read_toml(root / "huskurage.toml")["cadences"]["sign_inspection"] == 3

        # 10. Review and export: progress shows, then where the files went.
        await type_into(pilot, "#out", str(out))
        app.screen.query_one("#export").press()
        await wait_for(pilot, lambda: "✔" in str(app.screen.query_one("#result").content), timeout=120, what="export")
        result = str(app.screen.query_one("#result").content)

    for name in (
        "action-plan.md",
        "follow-up.md",
        "follow-up.ics",
        "plan.toml",
        "progress.md",
        "signs/1480-goteborg.html",
        "tenant-info/1480-goteborg.md",
    ):
        assert (out / name).is_file(), name
    # PDF is one of the choices, ticked: the print shop's and the households' files, or the reason there are none.
    from wizard.documents import pdf

    if pdf.unavailable() is None:
        for name in ("action-plan.pdf", "signs.pdf", "signs/1480-goteborg.pdf", "tenant-info/1480-goteborg.pdf"):
            assert (out / name).read_bytes().startswith(b"%PDF-"), name
            assert name in result
    else:
        assert pdf.unavailable() in result
    assert "Bostäder [bold] AB" in (out / "action-plan.md").read_text(encoding="utf-8").replace("\\", "")


# ---------------------------------------------------------------- nothing typed is lost


@sync
async def test_quit_in_the_middle_keeps_what_was_typed_even_unparsable(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    app = app_for(root, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#name", "Hyresbolaget")
        await type_into(pilot, "#decision_date", "2026-13-45")  # no 13th month
        await pilot.press("ctrl+q")
    assert read_toml(root / "huskurage.toml")["company"]["name"] == "Hyresbolaget"

    app = app_for(root, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        assert app.screen.query_one("#name").value == "Hyresbolaget"
        assert app.screen.query_one("#decision_date").value == "2026-13-45"
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "finns inte" in field_message(app, "f-decision_date"), what="the message that the decision date does not exist")
        assert app.screen.step == 1


@sync
async def test_a_folder_that_does_not_exist_is_asked_about_and_no_leads_to_the_start_page(tmp_path):
    """Issue 16, item 6: ``huskurage portfoljer/finns-inte`` made an empty portfolio; the user thought their data gone."""
    typo = tmp_path / "portfoljer" / "finns-inte"
    app = app_for(typo, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, "Confirm")
        assert "Mappen finns inte" in screen_text(app) and "finns-inte" in screen_text(app)
        await pilot.press("enter")  # No has the focus: nothing is made
        await on_screen(pilot, "welcome")
        field = app.screen.query_one("#open-folder")
        field.focus()
        await pilot.press(*str(typo), "enter")
        await wait_for(pilot, lambda: "Mappen finns inte" in screen_text(app), what="the open field saying so")
    assert not typo.exists() and not typo.parent.exists()


@sync
async def test_yes_creates_a_new_portfolio_in_the_folder_that_did_not_exist(tmp_path):
    root = tmp_path / "ny-portfolj"
    app = app_for(root, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, "Confirm")
        await pilot.press("left", "enter")  # the arrow keys move between the buttons
        await at_step(pilot, 1)
    assert (root / "huskurage.toml").is_file()


@sync
async def test_back_and_next_are_offered_only_where_they_lead_somewhere(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        footer = screen_text(app)
        assert "Nästa" in footer and "Tillbaka" not in footer.split("Steg 1 av 10")[-1]
        assert app.screen.check_action("back", ()) is False
        assert not app.screen.query_one("#back").visible and app.screen.query_one("#next").visible
        await goto_step(pilot, 10)
        assert app.screen.check_action("next", ()) is False
        assert not app.screen.query_one("#next").visible  # no dead Nästa on step 10 (issue 16, item 15)
        await pilot.press("ctrl+t")
        await at_step(pilot, 9)


@sync
async def test_opens_an_existing_portfolio_at_its_first_incomplete_step(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        # The demo's company-level steps are done: a returning user lands on the dashboard,
        # and the wizard is one key away, at the first step not done (Uppsala lacks a
        # disturbance on-call service: step 6).
        await on_screen(pilot, "dashboard")
        await pilot.press("f2")
        await at_step(pilot, 6)
        states = app.screen.query_one("StepList").states
        assert [states[n] == "done" for n in range(1, 7)] == [True] * 5 + [False], states  # step 6 is the first not done


@sync
async def test_a_portfolio_with_company_steps_open_lands_in_the_wizard(demo_dir, tmp_path):
    """A wrong check digit leaves step 1 with an error: the wizard, not the dashboard, opens."""
    company = demo_dir / "huskurage.toml"
    company.write_text(company.read_text(encoding="utf-8").replace('org_number = "556677-8899"', 'org_number = "556677-8898"'), encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)


# ---------------------------------------------------------------- bad input and files


@sync
async def test_a_portfolio_that_fails_to_load_says_where_and_is_never_overwritten(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    broken = company.read_bytes().replace(b"[company]", b"[company\n", 1)
    company.write_bytes(broken)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, "load-error")
        text = screen_text(app)
        assert "huskurage.toml" in text and "rad" in text
        await pilot.press("enter")  # "Open another" has the focus
        await on_screen(pilot, "welcome")
    assert company.read_bytes() == broken


# ---------------------------------------------------------------- someone else changed a file (issue 16, item 2)

CONTACT = "Säkerhetsansvarig, säkerhet@demobostader.example"
PERSON = "Föreningen Huskurage, kontakt via huskurage.se"


def colleague_edits(company: Path, old: str, new: str) -> str:
    """A colleague changes one value of the company file in their editor; their whole file as saved."""
    text = company.read_text(encoding="utf-8")
    assert old in text
    theirs = text.replace(old, new)
    company.write_text(theirs, encoding="utf-8")
    return theirs


async def typing_meets(pilot, company: Path, old: str, new: str) -> str:
    """At step 2 the user types the Huskurage contact person; meanwhile a colleague saves the company file."""
    await at_step(pilot, 2)
    await type_into(pilot, "#person", "Anna Andersson, Huskurage")
    return colleague_edits(company, old, new)


async def asked_about_the_same_field(pilot, company: Path) -> str:
    """The contact person typed here and changed by a colleague too; Next asks. Their file as saved."""
    theirs = await typing_meets(pilot, company, PERSON, "Berit Berg, Huskurage")
    await pilot.press("ctrl+n")
    await on_screen(pilot, "ConflictScreen")
    return theirs


def both_saved(company: Path) -> bool:
    """My contact person and their security contact, both in the company file."""
    saved = read_toml(company)
    return (saved["huskurage"]["person"], saved["company"]["security_contact"]) == ("Anna Andersson, Huskurage", "Trygghetschefen Berit")


@sync
async def test_a_colleagues_change_shows_at_once_and_enter_keeps_both_when_the_fields_differ(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        theirs = await typing_meets(pilot, company, CONTACT, "Trygghetschefen Berit")
        look(app)  # what the program's timer does every two seconds
        await wait_for(pilot, lambda: "Ändrat på disken av någon annan: företagets inställningar" in screen_text(app), what="the banner")
        assert app.screen.step == 2 and app.screen.query_one("#person").value == "Anna Andersson, Huskurage"  # nothing taken from me
        await pilot.press("ctrl+n")
        await on_screen(pilot, "ConflictScreen")
        shown = screen_text(app)
        assert "Kontaktperson hos Huskurage: Anna Andersson, Huskurage" in shown  # mine
        assert "Ansvarig för tryggheten: Trygghetschefen Berit" in shown  # theirs, before anything is chosen
        assert "Skriv över med min version (deras ändringar ovan försvinner)" in shown  # overwriting says what it undoes
        assert company.read_text(encoding="utf-8") == theirs  # nothing written while asking
        await pilot.press("enter")  # the default: both count
        await at_step(pilot, 3)
    assert both_saved(company)


@sync
async def test_enter_never_throws_away_typing_when_both_changed_the_same_field(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        theirs = await asked_about_the_same_field(pilot, company)
        shown = screen_text(app)
        assert "Ni har båda ändrat samma uppgift" in shown and "deras ”Berit Berg, Huskurage”" in shown and "”Anna Andersson, Huskurage”" in shown
        await pilot.press("enter")  # the default here: wait, save nothing
        await at_step(pilot, 2)
        assert app.screen.query_one("#person").value == "Anna Andersson, Huskurage"
        assert "Inte sparat" in screen_text(app)
        assert company.read_text(encoding="utf-8") == theirs
        await pilot.press("ctrl+s")  # asked again; this time mine counts, the rest of their file stays
        await on_screen(pilot, "ConflictScreen")
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "enter")  # from "wait" back to "both (mine counts where both changed)"
        await wait_for(pilot, lambda: read_toml(company)["huskurage"]["person"] == "Anna Andersson, Huskurage", what="my name saved")


@sync
async def test_a_hang_up_asks_nobody_and_saves_what_loses_nothing(demo_dir, tmp_path):
    """The window closes (SIGHUP: ``hang_up``) while a colleague's change waits: both count, as Enter would choose."""
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await typing_meets(pilot, company, CONTACT, "Trygghetschefen Berit")
        app.hang_up()  # what the terminal driver calls on SIGHUP, SIGTERM or a terminal gone
        await wait_for(pilot, lambda: app.return_code is not None, what="the app leaving")
    assert both_saved(company)


@sync
async def test_a_hang_up_while_the_question_is_open_takes_enters_answer(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        theirs = await asked_about_the_same_field(pilot, company)
        app.hang_up()
        await wait_for(pilot, lambda: app.return_code is not None, what="the app leaving")
    assert company.read_text(encoding="utf-8") == theirs  # the same field, changed by both: nothing overwritten


@sync
async def test_taking_their_version_drops_mine_and_shows_theirs(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#name", "Mitt namn AB")
        theirs = colleague_edits(company, "Demobostäder AB", "Deras namn AB")
        await pilot.press("ctrl+n")
        await on_screen(pilot, "ConflictScreen")
        assert "huskurage.toml" in screen_text(app)
        assert company.read_text(encoding="utf-8") == theirs  # nothing written while asking
        app.screen.query_one("#theirs").press()
        await at_step(pilot, 2)
        await goto_step(pilot, 1)
        assert app.screen.query_one("#name").value == "Deras namn AB"
    assert read_toml(company)["company"]["name"] == "Deras namn AB"


@sync
async def test_taking_their_version_when_it_cannot_be_read_changes_nothing_and_says_why(demo_dir, tmp_path):
    """Their editor saved half a line after the question was asked: "theirs" cannot be loaded, so nothing moves."""
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#name", "Mitt namn AB")
        colleague_edits(company, "Demobostäder AB", "Deras namn AB")
        await pilot.press("ctrl+n")
        await on_screen(pilot, "ConflictScreen")
        broken = colleague_edits(company, 'name = "Deras namn AB"', 'name = "Deras namn AB')
        app.screen.query_one("#theirs").press()
        await wait_for(
            pilot,
            lambda: any(n.message.startswith("Kunde inte läsa in igen, ingenting har ändrats här: ") for n in app._notifications),
            what="the failure, in words",
        )
        await at_step(pilot, 1)  # still here, my typing still in the field
        assert app.screen.query_one("#name").value == "Mitt namn AB"
        assert app.session.portfolio.settings.company.name != "Deras namn AB"
    assert company.read_text(encoding="utf-8") == broken  # a file that fails to load is never overwritten


@sync
async def test_keeping_my_version_after_a_conflict_writes_mine(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    company = demo_dir / "huskurage.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#name", "Mitt namn AB")
        colleague_edits(company, "Demobostäder AB", "Deras namn AB")
        await pilot.press("ctrl+n")
        await on_screen(pilot, "ConflictScreen")
        app.screen.query_one("#mine").press()
        await at_step(pilot, 2)
    assert read_toml(company)["company"]["name"] == "Mitt namn AB"


@sync
async def test_ctrl_r_takes_a_change_to_a_file_i_did_not_touch_without_asking(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        colleague_edits(company, "Demobostäder AB", "Deras namn AB")
        look(app)
        await wait_for(pilot, lambda: "Läs in igen" in screen_text(app), what="Ctrl+R in the footer")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Ändrat på disken" not in screen_text(app), what="the banner gone")
        assert app.screen.name == "wizard" and app.session.portfolio.settings.company.name == "Deras namn AB"
        await goto_step(pilot, 1)
        assert app.screen.query_one("#name").value == "Deras namn AB"


# ---------------------------------------------------------------- conventions


@sync
async def test_command_palette_lists_every_step_and_jumps(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await pilot.press("ctrl+p")
        await on_screen(pilot, "CommandPalette")
        wanted = [f"Gå till steg {n}:" for n in range(1, 11)] + ["Spara (ctrl+s)", "Hjälp (f1)", "Nästa (ctrl+n)"]
        await wait_for(pilot, lambda: all(any(e.startswith(w) for e in palette_entries(app)) for w in wanted), what="every step and key listed")
        assert not [e for e in palette_entries(app) if e.startswith("Tillbaka")]  # step 1 has nothing before it
        await pilot.press(*"kommuner")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await at_step(pilot, 3)


@sync
async def test_f1_help_is_about_the_current_step(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 4)
        await pilot.press("f1")
        await on_screen(pilot, "HelpScreen")
        text = screen_text(app)
        assert "steg 4" in text and "Resurser" in text
        await pilot.press("escape")
        await at_step(pilot, 4)


@sync
async def test_light_and_dark_themes_and_english(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        assert "The company" in screen_text(app) and "Företaget" not in screen_text(app)
        assert app.theme == "textual-dark"
        await pilot.press("f9")
        assert app.theme == "textual-light"


@sync
async def test_the_sidebar_jumps_to_a_step_by_keyboard(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await pilot.press("ctrl+g", "down", "down", "enter")
        await at_step(pilot, 3)


@sync
async def test_welcome_lists_recent_portfolios_and_opens_the_demo(demo_dir, tmp_path):
    data = tmp_path / "data"
    app = app_for(demo_dir, data)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.name in ("wizard", "dashboard"), what="the portfolio opened in the wizard or the dashboard")
    app = app_for(None, data)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, "welcome")
        assert str(demo_dir.resolve()) in screen_text(app)
        app.screen.query_one("#demo").press()
        await wait_for(pilot, lambda: app.screen.name in ("wizard", "dashboard"), what="the portfolio opened in the wizard or the dashboard")
        assert app.session.portfolio.settings.company.name == "Demobostäder AB"


@sync
async def test_removing_a_municipality_asks_first(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        app.screen.query_one("#cities").focus()
        await pilot.press("down", "delete")  # Uppsala
        await on_screen(pilot, "Confirm")
        await pilot.press("escape")
        await at_step(pilot, 3)
        assert "0380" in app.session.portfolio.cities
        await pilot.press("delete")
        await on_screen(pilot, "Confirm")
        app.screen.query_one("#yes").press()
        await wait_for(pilot, lambda: "0380" not in app.session.portfolio.cities, what="Uppsala removed from the portfolio")
    assert not (demo_dir / "cities" / "0380-uppsala.toml").exists()


@sync
async def test_f8_switches_language_and_keeps_the_step(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 3)
        await pilot.press("f8")
        await wait_for(pilot, lambda: on_step(app, 3) and "Municipalities" in screen_text(app), what="step 3 in English")
        # The app's own keys in the footer follow, not only the step's.
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "Quit" in footer and "Help" in footer and "Avsluta" not in footer
        await pilot.press("f8")
        await wait_for(pilot, lambda: on_step(app, 3) and "Kommuner" in screen_text(app), what="step 3 in Swedish")


@sync
async def test_ctrl_o_saves_and_returns_to_the_start_page(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        await type_into(pilot, "#security_contact", "Trygghetschefen")
        await pilot.press("ctrl+o")
        await on_screen(pilot, "welcome")
    assert read_toml(demo_dir / "huskurage.toml")["company"]["security_contact"] == "Trygghetschefen"


def test_start_up_is_lazy(demo_dir, tmp_path):
    """Opening at step 1 imports neither the other steps nor holidays, jinja2 or icalendar (STYLE.md 18)."""
    import json
    import subprocess
    import sys

    from support import ROOT

    script = f"""
import asyncio, json, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT / 'tests')!r})
from support.tui import app_for, at_step
async def main():
    app = app_for(Path({str(demo_dir)!r}), Path({str(tmp_path / 'data')!r}), start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120)
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "wizard.tui.steps.company" in modules
    for lazy in ("wizard.tui.steps.follow_up", "wizard.tui.steps.review", "wizard.tui.welcome", "holidays", "jinja2", "icalendar"):
        assert lazy not in modules, lazy


@sync
async def test_loading_a_step_never_changes_the_answers(demo_dir, tmp_path):
    """Visiting every step and leaving writes nothing: what is loaded is what is saved."""
    from support import snapshot_files

    before = snapshot_files(demo_dir)
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 50)) as pilot:  # tall enough for step 5's sign preview (question, steps, numbers)
        await at_step(pilot, 1)
        for number in (*range(2, 11), 7, 5, 1):
            await goto_step(pilot, number)
        await goto_step(pilot, 5)
        assert "1. Ring polisen på 112." in screen_text(app)  # the demo's police-first advice
        await pilot.press("ctrl+q")
    assert snapshot_files(demo_dir) == before


@sync
async def test_too_little_staff_time_warns_but_lets_the_user_go_on(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 4)
        verdict = app.screen.query_one("#verdict")
        assert "inget åtagande" not in str(verdict.content)
        await type_into(pilot, "#staff_hours_per_week", "0,5")  # Stockholm needs 1,3 hours a week
        await wait_for(pilot, lambda: "▲ Stockholm: inget åtagande går att hålla" in str(verdict.content), what="the sizing verdict warning")
        assert "Dessutom: utbildningen ligger under målet för bovärd / fastighetsskötare." in str(verdict.content)
        await pilot.press("ctrl+n")
        await at_step(pilot, 5)
        await wait_for(pilot, lambda: app.screen.query_one("StepList").states[4] == "warnings", what="step 5 marked as having warnings in the step list")
    assert read_toml(demo_dir / "cities" / "0180-stockholm.toml")["staff_hours_per_week"] == 0.5


@sync
async def test_the_verdict_says_what_besides_hours_the_promise_needs(demo_dir, tmp_path):
    """Issue 13: "the staff time suffices, but …" where a route after office hours or training is missing."""
    app = app_for(demo_dir, tmp_path / "data", start_step=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 4)
        verdict = app.screen.query_one("#verdict")
        assert "Stockholm: personalen hinner hålla åtagandet ”senast nästa arbetsdag”, men utbildningen ligger under målet" in str(verdict.content)
        assert str(verdict.content).startswith("▲")
        app.screen.query_one("#sizing").focus()
        await pilot.press("down")  # Uppsala: no störningsjour
        await wait_for(pilot, lambda: "Uppsala" in str(verdict.content), what="Uppsala's verdict")
        assert "men det saknas en väg efter kontorstid (störningsjour)" in str(verdict.content)


@sync
async def test_quitting_from_a_dialog_still_saves_the_step(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 6)
        app.screen.query_one("#partners").focus()
        await pilot.press("delete")
        await on_screen(pilot, "Confirm")
        app.screen.query_one("#yes").press()
        await wait_for(pilot, lambda: on_step(app, 6) and app.screen.query_one("#partners").row_count == 5, what="step 6 with five partners")
        await pilot.press("a")
        await on_screen(pilot, "PartnerModal")
        await pilot.press("ctrl+q")
    partners = read_toml(demo_dir / "cities" / "0180-stockholm.toml")["partners"]
    assert len(partners) == 5 and partners[0]["kind"] == "social_services"


@sync
async def test_a_choice_arrives_highlighted_on_the_stored_answer(demo_dir, tmp_path):
    """The demo's advice is the second variant: the bar is on it, so space (press the highlighted one) keeps it."""
    from textual.widgets import RadioButton

    app = app_for(demo_dir, tmp_path / "data", start_step=5)
    async with app.run_test(size=(100, 50)) as pilot:  # the sign preview under the choice shows whole
        await at_step(pilot, 5)
        variant = app.screen.query_one("#variant")
        await wait_for(pilot, lambda: [b.id for b in variant.query(RadioButton) if b.has_class("-selected")] == ["v-police_first"], what="police_first highlighted")
        variant.focus()
        await pilot.press("space")
        await pilot.pause()
        assert [b.id for b in variant.query(RadioButton) if b.value] == ["v-police_first"]
        assert "1. Ring polisen på 112." in screen_text(app)


@sync
async def test_at_80_columns_the_step_list_gives_its_room_to_the_tables(demo_dir, tmp_path):
    """Narrowing the terminal folds the step list to its numbers; the partners' phone numbers show whole."""
    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(120, 30)) as pilot:
        await at_step(pilot, 6)
        assert "Samverkan" in screen_text(app)  # the step's name in the list
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "Samverkan" not in screen_text(app), what="the list folded to numbers")
        assert "08-46 500 401" in screen_text(app)
        await pilot.resize_terminal(120, 30)
        await wait_for(pilot, lambda: "Samverkan" in screen_text(app), what="the names back")


@sync
async def test_in_a_municipality_with_areas_a_partner_can_serve_one_area_only(demo_dir, tmp_path):
    """Issue 14, item 5: the partner dialog offers the municipality's areas (its buildings'); the choice is saved."""
    from textual.widgets import Select

    from wizard import store
    from wizard.model import Building, Entrance

    s = store.open(demo_dir)
    sthlm = s.portfolio.cities["0180"]
    sthlm.buildings = [
        Building("S-1", area="Södermalm", entrances=[Entrance("A", apartments=10)]),
        Building("S-2", area="Vällingby", entrances=[Entrance("A", apartments=12)]),
    ]
    sthlm.count_buildings()
    s.save()
    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(100, 40)) as pilot:
        await at_step(pilot, 6)
        app.screen.query_one("#partners").focus()
        await pilot.press("a")
        await on_screen(pilot, "PartnerModal")
        area = app.screen.query_one("#area", Select)
        assert area.value == ""  # the whole municipality unless chosen
        area.focus()
        await pilot.press("enter", "down", "down", "enter")  # the whole of Stockholm, Södermalm, Vällingby
        await wait_for(pilot, lambda: area.value == "Vällingby", what="Vällingby chosen")
        await type_into(pilot, "#organisation", "Socialtjänsten, Vällingby")
        await type_into(pilot, "#phone", "08-46 500 409")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: on_step(app, 6) and app.screen.query_one("#partners").row_count == 7, what="step 6 with a seventh partner")
        await pilot.press("ctrl+q")
    partners = read_toml(demo_dir / "cities" / "0180-stockholm.toml")["partners"]
    assert partners[-1]["area"] == "Vällingby" and partners[-1]["organisation"] == "Socialtjänsten, Vällingby"
    assert [p.get("area") for p in partners[:-1]] == [None] * (len(partners) - 1)


@sync
async def test_copying_a_partner_to_a_municipality_that_has_it_asks_first(demo_dir, tmp_path):
    """Issue 16, item 14: the copy added a second "Föreningen Huskurage" where there was one already."""
    stockholm = demo_dir / "cities" / "0180-stockholm.toml"
    stockholm.write_text(stockholm.read_text(encoding="utf-8").replace("info@huskurage.example", "kontakt@huskurage.example"), encoding="utf-8")
    app = app_for(demo_dir, tmp_path / "data", start_step=6)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 6)
        said = notifications(app)
        cities = app.session.portfolio.cities

        def huskurage(code: str) -> list:
            return [p for p in cities[code].partners if p.kind == "huskurage"]

        async def copy_huskurage_everywhere() -> None:
            table = app.screen.query_one("#partners")
            table.focus()
            table.move_cursor(row=5)  # Föreningen Huskurage
            await pilot.press("c")
            await on_screen(pilot, "CopyModal")
            await pilot.press("space", "down", "space", "tab", "enter")  # both others, then "Kopiera"
            await on_screen(pilot, "Confirm")
            assert "Uppsala och Göteborg har redan Föreningen Huskurage" in screen_text(app) or "Göteborg och Uppsala har redan" in screen_text(app)

        await copy_huskurage_everywhere()
        await pilot.press("enter")  # the default: skip them
        await at_step(pilot, 6)
        assert [p.email for p in huskurage("0380")] == ["info@huskurage.example"]
        assert [p.email for p in huskurage("1480")] == ["info@huskurage.example"]
        assert "2 hade den redan" in " ".join(said)
        await copy_huskurage_everywhere()
        await pilot.press("left", "enter")  # "Ersätt deras"
        await at_step(pilot, 6)
        assert [p.email for p in huskurage("0380")] == ["kontakt@huskurage.example"]  # replaced, never doubled
        assert [p.email for p in huskurage("1480")] == ["kontakt@huskurage.example"]
