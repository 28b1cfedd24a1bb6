"""The customer survey (NKI) recorded on the dashboard (issue 13, item 7 and its bad input).

Pilot on the demo with "today" fixed (support.tui.TODAY, 2026-11-20). What is
asserted is what a user notices: the form reached by its key and by Ctrl+P,
the message beside the field that is wrong, the file on disk (untouched when
refused), and the survey shown in the municipality's view once saved.
"""

from __future__ import annotations

import datetime as dt

import pytest

from support import snapshot_files
from support.dashboard import city_file, on_city, on_dashboard, read_toml
from support.tui import TODAY, app_for, palette_entries, screen_text, sync, wait_for

UPPSALA = "0380"


async def _open_city(pilot) -> None:
    await on_dashboard(pilot)
    await pilot.press("slash", *"uppsala", "enter")
    await on_city(pilot, UPPSALA)


async def _on_form(pilot) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SurveyModal", what="the survey form")


async def _open_form(pilot) -> None:
    """Uppsala's view, then k."""
    await _open_city(pilot)
    await pilot.press("k")
    await _on_form(pilot)


def _message(app, field: str) -> str:
    return app.screen.query_one(f"#field-{field}").message


async def _fill(pilot, *, date: str | None = None, respondents: str = "", shares: tuple[str, ...] = ()) -> None:
    """Type into the form as a user would: the date (emptied first; Shift+Tab from respondents), then Tab on."""
    if date is not None:
        pilot.app.screen.query_one("#survey-date").value = ""
        await pilot.press("shift+tab", *date, "tab")
    await pilot.press(*respondents)
    for share in shares:
        await pilot.press("tab", *share)


@sync
async def test_k_opens_the_form_and_enter_saves_the_survey_in_the_municipalitys_file(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(pilot)
        text = screen_text(app)
        assert "Kundundersökning (NKI): Uppsala (0380)" in text and "aldrig enskilda svar" in text
        assert str(TODAY) in text  # the date starts as today's
        await _fill(pilot, date="2026-11-02", respondents="212", shares=("41", "33,5", "79"))
        await pilot.press("enter")
        await on_city(pilot, UPPSALA)
        await wait_for(pilot, lambda: len(read_toml(path)["surveys"]) == 3, what="the survey saved")
        await pilot.press("4")
        await wait_for(pilot, lambda: "2026-11-02" in screen_text(app), what="the survey shown in the municipality")
    saved = read_toml(path)
    assert saved["surveys"][-1] == {"date": dt.date(2026, 11, 2), "respondents": 212,
                                    "yes": {"aware": 41, "knows_what_to_do": 33.5, "safe_stairwell": 79}}
    assert saved["history"][-1]["field"] == "surveys.2026-11-02.respondents"


@pytest.mark.parametrize(
    ("typed", "field", "said"),
    [
        ({"respondents": "212", "shares": ("120",)}, "aware", "över 100 %"),
        ({"respondents": "", "shares": ("41",)}, "respondents", "inga svarande"),
        ({"respondents": "0", "shares": ("41",)}, "respondents", "inga svarande"),
        ({"respondents": "-5", "shares": ("41",)}, "respondents", "negativt"),
        ({"date": "2026-12-01", "respondents": "212", "shares": ("41",)}, "date", "framtiden"),
        ({"respondents": "212"}, "aware", "ingen andel"),
    ],
    ids=["share-over-100", "no-respondents", "zero-respondents", "negative-respondents", "date-in-future", "no-share"],
)
@sync
async def test_bad_input_is_said_beside_its_field_and_nothing_is_saved(demo_dir, tmp_path, typed, field, said):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        before = snapshot_files(demo_dir)
        await _open_form(pilot)
        await _fill(pilot, **typed)
        await pilot.press("enter")
        await wait_for(pilot, lambda: said in _message(app, field), what=f"{said!r} beside {field}")
        assert type(app.screen).__name__ == "SurveyModal"  # still open, the typing kept to be corrected
        await pilot.press("escape")
        await on_city(pilot, UPPSALA)
    assert snapshot_files(demo_dir) == before


@sync
async def test_the_command_palette_opens_the_form(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_city(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette", what="the command palette")
        await pilot.press(*"kundunder")
        await wait_for(pilot, lambda: palette_entries(app)[:1] == ["Kundundersökning (k)"], what="the survey entry first")
        await pilot.press("enter")
        await _on_form(pilot)


@sync
async def test_ctrl_q_with_the_form_filled_in_saves_the_survey_and_with_a_refused_share_stays(demo_dir, tmp_path):
    path = city_file(demo_dir, UPPSALA)
    app = app_for(demo_dir, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(pilot)
        before = snapshot_files(demo_dir)
        await _fill(pilot, respondents="180", shares=("145",))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: "över 100 %" in _message(app, "aware"), what="the quit stopped, the reason beside the share")
        assert snapshot_files(demo_dir) == before
        await pilot.press("backspace", "backspace", "backspace", *"45", "ctrl+q")
    assert read_toml(path)["surveys"][-1] == {"date": TODAY, "respondents": 180, "yes": {"aware": 45}}
