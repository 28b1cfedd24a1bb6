"""Case data typed into the wizard is refused beside its field and never reaches the portfolio (issue 11).

Not when Next refuses it, not when the user quits with Ctrl+Q, not when the
terminal goes away (``hang_up``, what SIGHUP and SIGTERM call): the file keeps
what it held, no draft remembers the text, and everything else typed is saved.
"""

from __future__ import annotations

import pytest

from support.dashboard import read_toml
from support.tui import app_for, at_step, sync, wait_for

CASE = "Anna Andersson slagen av sambo, lgh 1102"


def _drafts(data_dir) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in data_dir.rglob("*") if p.is_file())


@sync
async def test_case_data_typed_into_a_field_is_refused_beside_it_and_never_saved(demo_dir, tmp_path):
    company = demo_dir / "huskurage.toml"
    before = company.read_bytes()
    stored = read_toml(company)["company"]["security_contact"]
    app = app_for(demo_dir, tmp_path / "data", start_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 1)
        field = app.screen.query_one("#security_contact")
        field.focus()
        await pilot.pause()
        field.value = ""
        await pilot.press(*CASE)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "ärendesystem" in app.screen.query_one("#f-security_contact").message, what="the refusal beside the field")
        assert app.screen.query_one("#f-security_contact").message.startswith("Sparas inte")
        assert app.screen.step == 1
        assert company.read_bytes() == before
        app.screen.query_one("#reporting_hours").value = "Vardagar 8–16"  # typed beside it: that is saved
        await pilot.press("ctrl+q")
    text = company.read_text(encoding="utf-8")
    assert CASE not in text
    assert read_toml(company)["company"]["security_contact"] == stored  # the file keeps what it held
    assert read_toml(company)["reporting"]["hours"] == "Vardagar 8–16"
    assert "slagen" not in _drafts(tmp_path / "data")


@pytest.mark.parametrize("field", ["person", "notes"])
@sync
async def test_case_data_in_a_field_or_a_text_area_is_not_saved_when_the_terminal_goes_away(demo_dir, tmp_path, field):
    company = demo_dir / "huskurage.toml"
    stored = read_toml(company)["huskurage"].get(field, "")
    app = app_for(demo_dir, tmp_path / "data", start_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await at_step(pilot, 2)
        widget = app.screen.query_one(f"#{field}")
        widget.focus()
        await pilot.pause()
        if field == "notes":
            widget.text = ""
        else:
            widget.value = ""
        await pilot.press(*CASE)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: "ärendesystem" in app.screen.query_one(f"#f-{field}").message, what="the refusal beside the field")
        assert app.screen.step == 2
        app.hang_up()  # what the terminal driver calls on SIGHUP, SIGTERM or a terminal gone
        await wait_for(pilot, lambda: app.return_code is not None, what="the app leaving")
    assert CASE not in company.read_text(encoding="utf-8")
    assert read_toml(company)["huskurage"].get(field, "") == stored
    assert "slagen" not in _drafts(tmp_path / "data")
