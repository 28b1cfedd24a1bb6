"""Where ``huskurage DIR`` lands (tui/dashboard/landing.py) is what the wizard's step list says of the company-level steps.

The landing looks only for the findings those steps own (``validation.validate_company``), not the whole
validation the step list runs; each portfolio below holds a finding somewhere, and the choice and the
company-level findings must be the same either way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest

from wizard import catalog, model
from wizard.tui.dashboard.landing import COMPANY_STEPS, company_steps_done
from wizard.tui.session import Session
from wizard.tui.steps import STEPS
from wizard.tui.steps.state import DONE, WARNINGS, step_of, step_states, visited
from wizard.validation import validate_company

TODAY = dt.date(2026, 12, 7)
COMPANY = {info.number for info in STEPS if info.key in COMPANY_STEPS}


def _as_the_step_list_says(session: Session) -> bool:
    states = step_states(session.portfolio, session.catalog, session.findings(TODAY), visited(session.drafts))
    return all(states[n] in (DONE, WARNINGS) for n in COMPANY)


def _untouched(p: model.Portfolio) -> None:
    pass


def _trained_beyond_staff(p: model.Portfolio) -> None:
    p.cities["0380"].training["caretaker"] = model.Training(staff=7, trained=9)  # step 7, a company-level step


def _personal_number_in_a_partner(p: model.Portfolio) -> None:
    p.cities["1480"].partners[0].contact_person = "Kalle 19790101-1234"  # case data: step 6, a municipality's


def _a_building_without_apartments(p: model.Portfolio) -> None:
    p.cities["0180"].buildings = [model.Building("S-1", entrances=[model.Entrance("A", apartments=-3)])]


def _personal_number_in_the_company_file(p: model.Portfolio) -> None:
    p.settings.company.security_contact = "Anna 19790101-1234"  # case data: step 1


def _no_company_name(p: model.Portfolio) -> None:
    p.settings.company.name = ""


def _no_number_to_call(p: model.Portfolio) -> None:
    p.settings.reporting = model.ReportingRoute()
    for city in p.cities.values():
        city.reporting = None


CASES: dict[str, tuple[Callable[[model.Portfolio], None], bool]] = {
    "the demo": (_untouched, True),
    "a municipality's staff trained beyond its staff": (_trained_beyond_staff, False),
    "case data in a municipality's partner": (_personal_number_in_a_partner, True),
    "a building with negative apartments": (_a_building_without_apartments, True),
    "case data in the company file": (_personal_number_in_the_company_file, False),
    "no company name (a warning: done with warnings)": (_no_company_name, True),
    "no number for tenants to call": (_no_number_to_call, False),
}


@pytest.mark.parametrize("case", CASES)
def test_the_landing_chooses_as_the_step_list_says(demo_dir: Path, case: str) -> None:
    change, dashboard = CASES[case]
    session = Session.open(demo_dir, catalog.load(), data_dir=demo_dir.parent / "data")
    change(session.portfolio)
    assert company_steps_done(session, TODAY) is _as_the_step_list_says(session) is dashboard
    owned = {(f.file, f.path, f.code) for f in session.findings(TODAY) if step_of(f) in COMPANY}
    found = validate_company(session.portfolio, session.catalog, sources=session.store.sources, today=TODAY)
    assert {(f.file, f.path, f.code) for f in found if step_of(f) in COMPANY} == owned
