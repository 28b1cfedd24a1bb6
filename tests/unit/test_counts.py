"""Counts entered beside each other: reports per quarter, those handled within the commitment, survey results.

Counts only. Every new count refuses bad input before anything changes
(``progress.set_quarter``, ``progress.record_survey``), and ``check`` finds the
same mistakes in a file edited by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from wizard import catalog as catalog_module
from wizard import model
from wizard.demo import demo_portfolio
from wizard.progress import Refused, record_survey, set_quarter
from wizard.validation import validate

TODAY = dt.date(2026, 11, 16)
CAT = catalog_module.load()


def _unchanged(city: model.City):
    return (dict(city.reports), dict(city.handled_in_time), list(city.surveys), list(city.history))


def test_reports_and_handled_in_time_are_set_together_with_history():
    city = demo_portfolio().cities["0380"]
    assert set_quarter(city, "2026-Q4", reports=4, handled=3, now=dt.datetime(2026, 11, 16, 9))
    assert (city.reports["2026-Q4"], city.handled_in_time["2026-Q4"]) == (4, 3)
    rows = [h for h in city.history if h.field.endswith(".2026-Q4")]
    assert [(h.field, h.old, h.new) for h in rows] == [("reports.2026-Q4", "", "4"), ("handled_in_time.2026-Q4", "", "3")]
    assert all(h.at == dt.date(2026, 10, 1) for h in rows)  # dated by the quarter alone (wizard.history)
    assert not set_quarter(city, "2026-Q4", reports=4)  # nothing changed


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"reports": 2, "handled": 3}, "handled_exceeds_reports"),
        ({"handled": 5}, "handled_exceeds_reports"),  # Stockholm's 2026-Q3 has 3 reports
        ({"reports": 1}, "handled_exceeds_reports"),  # fewer reports than the 2 already handled
        ({"reports": -1}, "negative"),
        ({"handled": -1}, "negative"),
    ],
)
def test_a_handled_count_above_the_reports_or_a_negative_count_is_refused(kwargs, code):
    city = demo_portfolio().cities["0180"]
    before = _unchanged(city)
    with pytest.raises(Refused) as e:
        set_quarter(city, "2026-Q3", **kwargs)
    assert e.value.code == code and e.value.message()
    assert _unchanged(city) == before


def test_a_handled_count_without_reports_is_refused():
    city = demo_portfolio().cities["0380"]
    with pytest.raises(Refused) as e:
        set_quarter(city, "2026-Q1", handled=1)
    assert e.value.code == "handled_without_reports"
    assert "2026-Q1" in e.value.message("en")


@pytest.mark.parametrize(
    "survey,code",
    [
        (model.Survey(dt.date(2026, 11, 1), 100, {"aware": 101}), "share_over_100"),
        (model.Survey(dt.date(2026, 11, 1), 100, {"aware": -1}), "negative"),
        (model.Survey(dt.date(2026, 11, 1), 0, {"aware": 40}), "survey_without_respondents"),
        (model.Survey(dt.date(2026, 12, 1), 100, {"aware": 40}), "date_in_future"),
        (model.Survey(dt.date(2026, 11, 1), 100, {"trivsel": 40}), "unknown_question"),
        (model.Survey(None, 100, {"aware": 40}), "survey_without_date"),
        (model.Survey(dt.date(2026, 11, 1), 100, {}), "survey_without_answers"),
    ],
)
def test_a_wrong_survey_is_refused_and_nothing_is_recorded(survey, code):
    city = demo_portfolio().cities["0380"]
    before = _unchanged(city)
    with pytest.raises(Refused) as e:
        record_survey(city, survey, CAT, TODAY)
    assert e.value.code == code
    assert _unchanged(city) == before


def test_a_survey_on_the_same_date_replaces_the_earlier_one_in_date_order():
    city = demo_portfolio().cities["0380"]
    record_survey(city, model.Survey(dt.date(2026, 3, 1), 120, {"aware": 10}), CAT, TODAY)
    record_survey(city, model.Survey(dt.date(2026, 3, 1), 125, {"aware": 11}), CAT, TODAY)
    assert [(s.date, s.respondents) for s in city.surveys] == [
        (dt.date(2025, 9, 22), 151),
        (dt.date(2026, 3, 1), 125),
        (dt.date(2026, 9, 21), 147),
    ]


def test_a_whole_percent_is_kept_as_a_whole_number_whoever_typed_it():
    city = demo_portfolio().cities["0380"]
    record_survey(city, model.Survey(dt.date(2026, 11, 2), 212, {"aware": 41.0, "knows_what_to_do": 33.5}), CAT, TODAY)
    yes = city.surveys[-1].yes
    assert yes == {"aware": 41, "knows_what_to_do": 33.5} and type(yes["aware"]) is int  # written as 41, not 41.0


def test_the_nki_follow_up_repeats_in_the_month_of_the_latest_survey_not_the_decision():
    from wizard import schedule

    p = demo_portfolio()
    events = [e for e in schedule.events(p, CAT.cadences, TODAY, 24) if e.cadence_id == "nki_survey"]
    assert [e.scheduled for e in events] == [dt.date(2027, 9, 21), dt.date(2028, 9, 21)]
    for city in p.cities.values():
        city.surveys = []
    events = [e for e in schedule.events(p, CAT.cadences, TODAY, 24) if e.cadence_id == "nki_survey"]
    assert events[0].scheduled == dt.date(2027, 3, 2)  # no survey yet: a year after the decision


def test_check_finds_the_same_mistakes_in_a_file_edited_by_hand():
    p = demo_portfolio()
    city = p.cities["0180"]
    city.handled_in_time = {"2026-Q3": 4, "2026-Q1": 1, "2026-Q2": -1}
    city.surveys.append(model.Survey(dt.date(2026, 10, 1), 0, {"aware": 140}))
    found = {(f.path, f.code) for f in validate(p, CAT, today=TODAY)}
    assert found == {
        ("handled_in_time.2026-Q3", "handled_exceeds_reports"),
        ("handled_in_time.2026-Q1", "handled_without_reports"),
        ("handled_in_time.2026-Q2", "negative"),
        ("surveys[2].respondents", "survey_without_respondents"),
        ("surveys[2].yes.aware", "share_over_100"),
    }
    for f in validate(p, CAT, today=TODAY):
        assert f.message("sv") and f.message("en")
