"""What makes switching steps quick must never show the user something stale.

The wizard keeps work between changes of step (the footer's keys, each
city's findings, the step list's icons, the tables drawn from every city)
and redoes it only when something changed. These tests change things the
way a user does and check that the screen follows: Back and Next come and
go in the footer as in Textual's own ``Footer``, and an edit shows in the
step list as soon as the user moves on.
"""

from __future__ import annotations

import copy
import datetime as dt

from support.tui import app_for, at_step, goto_step, screen_text, sync, wait_for


def footer_keys(app) -> list[str]:
    """The keys the footer shows, left to right (the palette key included)."""
    from textual.widgets._footer import FooterKey

    footer = app.screen.query_one("QuietFooter")
    return [key.key for key in footer.query(FooterKey) if key.display and key.is_attached]


def textual_footer_keys(app) -> list[str]:
    """The keys Textual's own Footer would show for the same screen, in the same order."""
    screen = app.screen
    keys: dict[str, str] = {}
    for _, binding, _, _ in screen.active_bindings.values():
        if binding.show:
            keys.setdefault(binding.action, binding.key)
    return [*keys.values(), app.COMMAND_PALETTE_BINDING]


@sync
async def test_back_and_next_come_and_go_in_the_footer_as_the_steps_change(demo_dir, tmp_path):
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 2)
        for number in (1, 2, 10, 9, 10, 1, 5):
            await goto_step(pilot, number)
            await wait_for(pilot, lambda: footer_keys(app) == textual_footer_keys(app), what=f"footer on step {number}")
            text = " ".join(screen_text(app).split())
            assert ("^t Tillbaka" in text) == (number > 1), number
            assert ("^n Nästa" in text) == (number < 10), number


@sync
async def test_an_edit_shows_in_the_step_list_when_the_user_moves_on(typed_demo_dir, tmp_path):
    app = app_for(typed_demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        sidebar = app.screen.query_one("StepList")
        assert sidebar.states[1] == "done"

        # A company-level answer: an organisation number with a wrong check digit, left with Back/jump (no check).
        app.screen.query_one("#org_number").value = "556677-8898"
        await goto_step(pilot, 2)
        await wait_for(pilot, lambda: sidebar.states[1] == "errors", what="step 1 in error")
        app.screen.action_goto(1)
        await at_step(pilot, 1)
        app.screen.query_one("#org_number").value = "556677-8899"
        await goto_step(pilot, 2)
        await wait_for(pilot, lambda: sidebar.states[1] == "done", what="step 1 done again")

        # A city's answer: more signs up than the city has entrances (an error on step 8), then fixed.
        await goto_step(pilot, 8)
        signs = app.screen.query_one("#signs_up")
        entrances = app.screen.current.city().entrances
        signs.value = str(entrances + 5)
        await goto_step(pilot, 7)
        await wait_for(pilot, lambda: sidebar.states[8] == "errors", what="step 8 in error")
        await goto_step(pilot, 8)
        app.screen.query_one("#signs_up").value = str(entrances)
        await goto_step(pilot, 7)
        await wait_for(pilot, lambda: sidebar.states[8] != "errors", what="step 8 fixed")


def test_findings_are_those_of_a_full_validation_after_every_kind_of_change(demo_dir, tmp_path):
    from wizard import catalog, validation
    from wizard.model import HistoryEntry, ReportingRoute
    from wizard.tui.session import Session

    cat = catalog.load()
    session = Session.open(demo_dir, cat, data_dir=tmp_path / "data")
    today = dt.date(2026, 11, 20)

    def full(day=None):
        found = validation.validate(
            session.portfolio, cat, sources=session.store.sources, duplicates=session.store.duplicates, today=day
        )
        return [(f.file, f.path, f.code, f.severity) for f in found]

    def cached(day=None):
        return [(f.file, f.path, f.code, f.severity) for f in session.findings(day)]

    assert cached() == full() and cached(today) == full(today)
    city = next(iter(session.portfolio.cities.values()))

    city.apartments = -3  # an edit the session is told of
    session.touch(city.code)
    assert cached() == full() and any(path == "apartments" for _, path, _, _ in cached())

    replaced = copy.deepcopy(city)  # a city object replaced (as a reload does), untouched
    replaced.apartments = 12
    session.portfolio.cities[city.code] = replaced
    assert cached() == full()

    session.portfolio.settings.company.org_number = "123"  # the company file: always checked
    assert cached() == full() and cached(today) == full(today)

    session.portfolio.settings.reporting = ReportingRoute()  # no number to call, counted over every city, none changed
    assert cached() == full() and ("huskurage.toml", "reporting.phone", "missing_reporting_route", "error") in cached()

    replaced.history.append(HistoryEntry(dt.datetime(2020, 1, 1), "x", "1", "2"))  # edited without a touch...
    session.forget_findings()  # ...which whoever edited says so
    assert cached() == full()


def test_the_stamp_changes_with_every_change_a_view_depends_on(demo_dir, tmp_path):
    from wizard import catalog
    from wizard.tui.session import Session

    session = Session.open(demo_dir, catalog.load(), data_dir=tmp_path / "data")
    before = session.stamp()
    assert session.stamp() == before
    session.portfolio.settings.cadences["nki_survey"] = 6
    assert session.stamp() != before
    before = session.stamp()
    code = next(iter(session.portfolio.cities))
    session.touch(code)
    assert session.stamp() != before
    before = session.stamp()
    session.portfolio.cities[code] = copy.deepcopy(session.portfolio.cities[code])
    assert session.stamp() != before
