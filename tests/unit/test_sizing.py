"""The capacity model, checked against arithmetic done by hand (in the comments)."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import pytest

from wizard import i18n, sizing
from wizard.catalog import Commitment, Text
from wizard.model import ActionPlan, City, Portfolio, Settings, Sizing

COMMITMENTS = (
    Commitment("next_working_day", 1, Text("senast nästa arbetsdag", "at the latest the next working day")),
    Commitment("within_3_working_days", 3, Text("inom 3 arbetsdagar", "within 3 working days")),
    Commitment("within_a_week", 5, Text("inom en vecka", "within a week")),
)


def settings(wanted: str = "next_working_day", home_visits: bool = True, **assumptions: float) -> Settings:
    # Defaults: 4 reports per 1000 apartments, handling 1 h, home visit 2 h for 80 %,
    # follow-up 0.5 h, peak factor 2, 46 working weeks.
    return Settings(
        sizing=Sizing(**assumptions),
        action_plan=ActionPlan(wanted_commitment=wanted, home_visits=home_visits),
    )


def city(apartments: int = 3100, hours: float = 8, duty_days: float = 5, code: str = "1480", name: str = "Göteborg") -> City:
    return City(code=code, name=name, apartments=apartments, staff_hours_per_week=hours, duty_days_per_week=duty_days)


def test_default_assumptions_by_hand():
    s = sizing.size_city(city(3100, hours=8), settings(), COMMITMENTS)
    # reports: 3100 / 1000 × 4 = 12.4 per year
    assert s.reports_per_year == pytest.approx(12.4)
    # per case: 1 + 0.8 × 2 + 0.5 = 3.1 h
    assert s.hours_per_case == pytest.approx(3.1)
    # needed: 12.4 × 3.1 / 46 × 2 = 76.88 / 46 = 1.6713... h per week
    assert s.hours_needed_per_week == pytest.approx(76.88 / 46)
    assert s.hours_available_per_week == 8
    # on duty 5 days: ceil(5 / 5) = 1 working day of waiting at most
    assert s.longest_wait == 1
    assert s.keepable == "next_working_day"
    assert s.warning is False
    assert s.limit is None
    assert s.hours_missing_per_week == 0


def test_too_few_hours_means_no_commitment_and_a_warning():
    s = sizing.size_city(city(20000, hours=10), settings(), COMMITMENTS)
    # reports 20000 / 1000 × 4 = 80; needed 80 × 3.1 / 46 × 2 = 496 / 46 = 10.78 h > 10 h
    assert s.hours_needed_per_week == pytest.approx(496 / 46)
    assert s.keepable is None
    assert s.limit == "hours"
    assert s.warning is True
    assert s.hours_missing_per_week == pytest.approx(496 / 46 - 10)
    text = sizing.verdict(s, COMMITMENTS, "sv")
    assert "Göteborg" in text and "inget åtagande" in text and "avsatta tiden" in text


@pytest.mark.parametrize(
    ("duty_days", "wait", "keepable"),
    [
        (5, 1, "next_working_day"),  # ceil(5/5) = 1
        (4, 2, "within_3_working_days"),  # ceil(1.25) = 2; the fastest with >= 2 days is 3
        (3, 2, "within_3_working_days"),  # ceil(1.67) = 2
        (2, 3, "within_3_working_days"),  # ceil(2.5) = 3
        (1, 5, "within_a_week"),  # ceil(5) = 5
        (7, 1, "next_working_day"),  # ceil(0.71) = 1: on duty every day, weekends too
        (0.5, 10, None),  # ceil(10) = 10: no commitment is that slow
    ],
)
def test_duty_days_set_the_fastest_commitment(duty_days, wait, keepable):
    s = sizing.size_city(city(1000, hours=40, duty_days=duty_days), settings(), COMMITMENTS)
    assert s.longest_wait == wait
    assert s.keepable == keepable
    assert s.warning is (keepable != "next_working_day")  # the company wants the next working day
    if keepable != "next_working_day":
        assert s.limit == "duty_days"


def test_wanted_commitment_that_is_slower_gives_no_warning():
    s = sizing.size_city(city(1000, hours=40, duty_days=2), settings("within_a_week"), COMMITMENTS)
    assert s.keepable == "within_3_working_days"
    assert s.warning is False
    s = sizing.size_city(city(1000, hours=40, duty_days=2), settings("within_3_working_days"), COMMITMENTS)
    assert s.warning is False


def test_warning_names_both_commitments():
    s = sizing.size_city(city(1000, hours=40, duty_days=2), settings(), COMMITMENTS)
    assert s.warning is True
    sv = sizing.verdict(s, COMMITMENTS, "sv")
    assert "senast nästa arbetsdag" in sv and "inom 3 arbetsdagar" in sv
    en = sizing.verdict(s, COMMITMENTS, "en")
    assert "at the latest the next working day" in en and "within 3 working days" in en


def test_zero_duty_days_no_commitment_possible():
    s = sizing.size_city(city(1000, hours=40, duty_days=0), settings("within_a_week"), COMMITMENTS)
    assert s.longest_wait is None
    assert s.keepable is None
    assert s.limit == "no_duty"
    assert s.warning is True  # even the slowest wanted commitment cannot be kept
    assert "ingen har jour" in sizing.verdict(s, COMMITMENTS, "sv")
    assert "nobody is on duty" in sizing.verdict(s, COMMITMENTS, "en")


def test_zero_apartments():
    s = sizing.size_city(city(0, hours=2), settings(), COMMITMENTS)
    # 0 / 1000 × 4 = 0 reports; 0 × 3.1 / 46 × 2 = 0 hours; 2 >= 0
    assert s.reports_per_year == 0
    assert s.hours_per_case == pytest.approx(3.1)
    assert s.hours_needed_per_week == 0
    assert s.keepable == "next_working_day"
    # No staff at all: 0 >= 0 still holds: with no apartments there is nothing to handle.
    assert sizing.size_city(city(0, hours=0), settings(), COMMITMENTS).keepable == "next_working_day"


def test_home_visits_off_drops_the_visit_from_the_case_time():
    # 10000 apartments: 10000 / 1000 × 4 = 40 reports a year, 4 staff hours a week.
    with_visits = sizing.size_city(city(10000, hours=4), settings(home_visits=True), COMMITMENTS)
    # 40 × (1 + 0.8 × 2 + 0.5) / 46 × 2 = 248 / 46 = 5.39 h > 4 h
    assert with_visits.hours_per_case == pytest.approx(3.1)
    assert with_visits.hours_needed_per_week == pytest.approx(248 / 46)
    assert with_visits.keepable is None
    without = sizing.size_city(city(10000, hours=4), settings(home_visits=False), COMMITMENTS)
    # 40 × (1 + 0.5) / 46 × 2 = 120 / 46 = 2.61 h <= 4 h
    assert without.hours_per_case == pytest.approx(1.5)
    assert without.hours_needed_per_week == pytest.approx(120 / 46)
    assert without.keepable == "next_working_day"


def test_float_rounding_at_the_boundary_counts_as_covered():
    s = settings(
        home_visits=False, hours_handling=0.1, hours_follow_up=0.2, peak_factor=1, working_weeks=1
    )
    # 2500 / 1000 × 4 = 10 reports; per case 0.1 + 0.2 = 0.3 h; 10 × 0.3 / 1 × 1 = 3 h exactly,
    # but in binary floating point 0.1 + 0.2 = 0.30000000000000004, so 3.0000000000000004.
    exact = sizing.size_city(city(2500, hours=3), s, COMMITMENTS)
    assert exact.hours_needed_per_week > 3.0  # the float noise really is there
    assert exact.keepable == "next_working_day"
    assert exact.hours_missing_per_week == 0
    # A real shortfall, however small in the display, still counts.
    short = sizing.size_city(city(2500, hours=2.99), s, COMMITMENTS)
    assert short.keepable is None
    assert short.hours_missing_per_week == pytest.approx(0.01)


def test_fractional_duty_days():
    # 5 / 2.5 = 2 exactly: at most 2 days' wait (not 3)
    assert sizing.longest_wait(2.5) == 2
    # 5 / 2.4 = 2.08: rounds up to 3
    assert sizing.longest_wait(2.4) == 3


def test_zero_working_weeks_does_not_crash_and_promises_nothing():
    s = sizing.size_city(city(1000, hours=40), settings(working_weeks=0), COMMITMENTS)
    assert math.isinf(s.hours_needed_per_week)
    assert s.keepable is None
    assert s.warning is True


def test_negative_inputs_count_as_zero():
    # Validation reports them; the screen must still draw.
    s = sizing.size_city(city(-500, hours=-3, duty_days=-1), settings(), COMMITMENTS)
    assert (s.apartments, s.reports_per_year, s.hours_available_per_week, s.longest_wait) == (0, 0, 0, None)


def test_unknown_wanted_commitment_gives_no_warning_here():
    s = sizing.size_city(city(1000, hours=40, duty_days=1), settings("same_day"), COMMITMENTS)
    assert s.keepable == "within_a_week"
    assert s.warning is False


def test_portfolio_totals_and_warnings():
    p = Portfolio(
        settings=settings(),
        cities={
            "1480": city(3100, hours=8, code="1480", name="Göteborg"),
            "0180": city(2400, hours=6, duty_days=2, code="0180", name="Stockholm"),
            "0380": city(1200, hours=4, code="0380", name="Uppsala"),
        },
    )
    ps = sizing.size_portfolio(p, COMMITMENTS)
    assert [c.code for c in ps.cities] == ["0180", "0380", "1480"]
    # 2400 + 1200 + 3100 = 6700 apartments -> 6700 / 1000 × 4 = 26.8 reports
    assert ps.apartments == 6700
    assert ps.reports_per_year == pytest.approx(26.8)
    # 26.8 × 3.1 / 46 × 2 = 166.16 / 46
    assert ps.hours_needed_per_week == pytest.approx(166.16 / 46)
    assert ps.hours_available_per_week == 18
    assert [c.name for c in ps.warnings] == ["Stockholm"]  # 2 duty days: within 3 working days
    assert ps.keepable_everywhere == "within_3_working_days"
    assert ps.wanted == "next_working_day"


def test_portfolio_with_a_city_that_can_keep_nothing():
    p = Portfolio(settings=settings(), cities={"1480": city(3100), "0180": city(2400, duty_days=0, code="0180")})
    assert sizing.size_portfolio(p, COMMITMENTS).keepable_everywhere is None
    assert sizing.size_portfolio(Portfolio(settings=settings()), COMMITMENTS).keepable_everywhere is None


def test_formula_is_data_in_both_languages():
    fields = {f.name for f in dataclasses.fields(sizing.CitySizing)}
    ids = [line.id for line in sizing.FORMULA]
    assert ids == [
        "reports_per_year",
        "hours_per_case",
        "hours_needed_per_week",
        "hours_available_per_week",
        "longest_wait",
        "keepable",
    ]
    assert set(ids) <= fields
    s = sizing.size_city(city(), settings(), COMMITMENTS)
    assert s.value(sizing.FORMULA[0]) == s.reports_per_year
    for line in sizing.FORMULA:
        sv, en = line.texts("sv"), line.texts("en")
        assert all(sv) and all(en)
        assert sv[:2] != en[:2], line.id  # really translated
    assert "1 000" in sizing.FORMULA[0].texts("sv")[1]


def test_all_sizing_strings_have_english():
    for key, entry in i18n.area("sizing").items():
        assert entry.get("sv") and entry.get("en"), key


def test_sizing_imports_nothing_heavy():
    code = "import sys, wizard.sizing; print(sorted(m for m in ('holidays', 'textual', 'tomlkit', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
