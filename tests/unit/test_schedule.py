"""Swedish working days and the follow-up schedule.

The holiday dates below are typed from the law (Lag 1989:253 om allmänna
helgdagar, and the eves the Semesterlag treats like Sundays), not copied from
the ``holidays`` package. Easter Sunday: 2026-04-05, 2027-03-28, 2028-04-16.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from wizard import i18n, schedule
from wizard.catalog import Cadence, Text
from wizard.model import City, Company, Partner, Portfolio, ProgressEntry, Settings

D = dt.date

# Every non-working day that is not an ordinary Saturday or Sunday, 2026–2028, with its weekday.
LAW_DAYS: dict[D, str] = {
    # 2026
    D(2026, 1, 1): "Nyårsdagen",  # Thu
    D(2026, 1, 6): "Trettondedag jul",  # Tue
    D(2026, 4, 3): "Långfredagen",  # Fri, Easter - 2
    D(2026, 4, 5): "Påskdagen",  # Sun
    D(2026, 4, 6): "Annandag påsk",  # Mon
    D(2026, 5, 1): "Första maj",  # Fri
    D(2026, 5, 14): "Kristi himmelsfärdsdag",  # Thu, Easter + 39
    D(2026, 5, 24): "Pingstdagen",  # Sun, Easter + 49
    D(2026, 6, 6): "Nationaldagen",  # Sat
    D(2026, 6, 19): "Midsommarafton",  # Fri 19–25 June
    D(2026, 6, 20): "Midsommardagen",  # Sat 20–26 June
    D(2026, 10, 31): "Alla helgons dag",  # Sat 31 Oct–6 Nov
    D(2026, 12, 24): "Julafton",  # Thu
    D(2026, 12, 25): "Juldagen",  # Fri
    D(2026, 12, 26): "Annandag jul",  # Sat
    D(2026, 12, 31): "Nyårsafton",  # Thu
    # 2027
    D(2027, 1, 1): "Nyårsdagen",  # Fri
    D(2027, 1, 6): "Trettondedag jul",  # Wed
    D(2027, 3, 26): "Långfredagen",  # Fri
    D(2027, 3, 28): "Påskdagen",  # Sun
    D(2027, 3, 29): "Annandag påsk",  # Mon
    D(2027, 5, 1): "Första maj",  # Sat
    D(2027, 5, 6): "Kristi himmelsfärdsdag",  # Thu
    D(2027, 5, 16): "Pingstdagen",  # Sun
    D(2027, 6, 6): "Nationaldagen",  # Sun
    D(2027, 6, 25): "Midsommarafton",  # Fri
    D(2027, 6, 26): "Midsommardagen",  # Sat
    D(2027, 11, 6): "Alla helgons dag",  # Sat
    D(2027, 12, 24): "Julafton",  # Fri
    D(2027, 12, 25): "Juldagen",  # Sat
    D(2027, 12, 26): "Annandag jul",  # Sun
    D(2027, 12, 31): "Nyårsafton",  # Fri
    # 2028
    D(2028, 1, 1): "Nyårsdagen",  # Sat
    D(2028, 1, 6): "Trettondedag jul",  # Thu
    D(2028, 4, 14): "Långfredagen",  # Fri
    D(2028, 4, 16): "Påskdagen",  # Sun
    D(2028, 4, 17): "Annandag påsk",  # Mon
    D(2028, 5, 1): "Första maj",  # Mon
    D(2028, 5, 25): "Kristi himmelsfärdsdag",  # Thu
    D(2028, 6, 4): "Pingstdagen",  # Sun
    D(2028, 6, 6): "Nationaldagen",  # Tue
    D(2028, 6, 23): "Midsommarafton",  # Fri
    D(2028, 6, 24): "Midsommardagen",  # Sat
    D(2028, 11, 4): "Alla helgons dag",  # Sat
    D(2028, 12, 24): "Julafton",  # Sun
    D(2028, 12, 25): "Juldagen",  # Mon
    D(2028, 12, 26): "Annandag jul",  # Tue
    D(2028, 12, 31): "Nyårsafton",  # Sun
}


def law_working_day(d: D) -> bool:
    return d.weekday() < 5 and d not in LAW_DAYS


def days(first: D, last: D):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


# ------------------------------------------------------------------ calendar


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2025, 12, 24), "Julafton"),
        (D(2025, 12, 25), "Juldagen"),
        (D(2025, 12, 26), "Annandag jul"),
        (D(2025, 12, 31), "Nyårsafton"),
        (D(2026, 1, 1), "Nyårsdagen"),
        (D(2026, 1, 6), "Trettondedag jul"),
        (D(2026, 4, 3), "Långfredagen"),
        (D(2026, 4, 6), "Annandag påsk"),
        (D(2026, 5, 14), "Kristi himmelsfärdsdag"),
        (D(2025, 6, 6), "Nationaldagen"),  # a Friday in 2025
        (D(2026, 6, 19), "Midsommarafton"),
    ],
)
def test_named_non_working_weekdays(day, name):
    assert day.weekday() < 5
    assert not schedule.is_working_day(day)
    assert schedule.holiday_name(day) == name


def test_alla_helgons_dag_is_a_saturday():
    assert schedule.holiday_name(D(2026, 10, 31)) == "Alla helgons dag"
    assert D(2026, 10, 31).weekday() == 5
    assert schedule.is_working_day(D(2026, 10, 30))  # the Friday before is a normal day
    assert schedule.is_working_day(D(2026, 11, 2))


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 5),  # trettondagsafton: a bank half-day, still a working day
        D(2026, 4, 2),  # skärtorsdagen
        D(2026, 4, 30),  # valborgsmässoafton
        D(2026, 5, 13),  # the day before Kristi himmelsfärd
        D(2026, 6, 18),  # the day before midsommarafton
        D(2026, 12, 23),
        D(2026, 12, 30),
    ],
)
def test_bank_half_days_and_ordinary_eves_are_working_days(day):
    assert schedule.is_working_day(day)
    assert schedule.holiday_name(day) is None


def test_calendar_matches_the_law_every_day_2026_to_2028():
    wrong = [d for d in days(D(2026, 1, 1), D(2028, 12, 31)) if schedule.is_working_day(d) != law_working_day(d)]
    assert wrong == []
    assert {d: schedule.holiday_name(d) for d in LAW_DAYS} == LAW_DAYS


def test_plain_sundays_are_not_named_holidays():
    # include_sundays=False: a Sunday is a weekend day, not "Söndag" in the list.
    assert schedule.holiday_name(D(2026, 3, 1)) is None
    assert not schedule.is_working_day(D(2026, 3, 1))
    assert D(2026, 3, 1) not in schedule.working_calendar(2026)


def test_working_calendar_is_cached_per_year_range():
    assert schedule.working_calendar([2027, 2026]) is schedule.working_calendar((2026, 2027))
    assert D(2026, 12, 24) in schedule.working_calendar((2026, 2027))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 12, 23), D(2025, 12, 29)),  # Tue -> julafton, juldagen, annandag jul, weekend -> Mon
        (D(2025, 6, 19), D(2025, 6, 23)),  # Thu -> midsommarafton, midsommardagen, Sun -> Mon
        (D(2026, 4, 2), D(2026, 4, 7)),  # skärtorsdag -> långfredag, påsk, annandag påsk -> Tue
        (D(2025, 12, 30), D(2026, 1, 2)),  # Tue -> nyårsafton, nyårsdagen -> Fri (year boundary)
        (D(2026, 12, 30), D(2027, 1, 4)),  # Wed -> nyårsafton Thu, nyårsdagen Fri, weekend -> Mon
        (D(2027, 12, 23), D(2027, 12, 27)),  # Thu -> julafton Fri, weekend -> Mon
        (D(2026, 6, 5), D(2026, 6, 8)),  # Fri -> nationaldagen on a Saturday changes nothing
        (D(2026, 3, 2), D(2026, 3, 3)),  # an ordinary Monday
    ],
)
def test_next_working_day(day, expected):
    assert schedule.next_working_day(day) == expected


def test_on_or_after_working_day():
    assert schedule.on_or_after_working_day(D(2026, 3, 3)) == D(2026, 3, 3)
    assert schedule.on_or_after_working_day(D(2026, 6, 19)) == D(2026, 6, 22)  # midsommarafton -> Mon
    assert schedule.on_or_after_working_day(D(2026, 1, 1)) == D(2026, 1, 2)


def test_add_working_days():
    # A report on skärtorsdag 2026 with "within 3 working days": 7, 8, 9 April.
    assert schedule.add_working_days(D(2026, 4, 2), 3) == D(2026, 4, 9)
    assert schedule.add_working_days(D(2026, 4, 2), 1) == schedule.next_working_day(D(2026, 4, 2))
    # Reported on a Saturday: the first working day counts as day 1.
    assert schedule.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert schedule.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)
    # Backwards over the year boundary: Fri 2 Jan 2026 -> nyårsdagen, nyårsafton -> Tue 30 Dec.
    assert schedule.add_working_days(D(2026, 1, 2), -1) == D(2025, 12, 30)
    # Five working days from Mon 21 Dec 2026: 22, 23, 28, 29, 30 (24 julafton, 25 juldag, 31 nyårsafton).
    assert schedule.add_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)


def test_names_are_swedish_whatever_the_locale():
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", LANGUAGE="en")
    code = "import datetime, wizard.schedule as s; print(s.holiday_name(datetime.date(2025, 12, 24)))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Julafton"


def test_non_working_reason_in_both_languages():
    assert schedule.non_working_reason(D(2026, 12, 24), "sv") == "julafton"  # lower case in running text
    assert schedule.non_working_reason(D(2026, 12, 24), "en") == "Christmas Eve"
    assert schedule.non_working_reason(D(2026, 3, 7), "sv") == "lördag"
    assert schedule.non_working_reason(D(2026, 3, 8), "en") == "Sunday"
    assert schedule.non_working_reason(D(2026, 3, 9), "sv") is None


def test_importing_schedule_does_not_import_holidays():
    code = "import sys, wizard.schedule; print('holidays' in sys.modules, 'textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_add_months_clamps_to_the_month_end():
    assert schedule.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert schedule.add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert schedule.add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert schedule.add_months(D(2026, 8, 31), 4) == D(2026, 12, 31)


# ------------------------------------------------------------------ events


def _t(s: str) -> Text:
    return Text(s, s)


CADENCES = (
    Cadence("nki_survey", "company", 12, "security_manager", _t("NKI"), _t(""), "nki_safety_questions"),
    Cadence("huskurage_check_in", "company", 6, "security_manager", Text("Avstämning med Huskurage", "Check in with Huskurage"), _t(""), "huskurage_check_in"),
    Cadence("action_plan_review", "company", 12, "security_manager", _t("Plan"), _t(""), "write_action_plan"),
    Cadence("training_refresh", "company", 12, "security_manager", _t("Training"), _t("")),
    Cadence("partner_check_in", "city", 6, "property_manager", _t("Partners"), Text("Ring parterna", "Call the partners")),
    Cadence("sign_inspection", "city", 6, "caretaker", _t("Signs"), _t(""), "place_signs"),
    Cadence("quality_review", "city", 12, "property_manager", _t("Quality"), _t(""), "quality_review"),
    Cadence("number_check", "city", 6, "customer_service", _t("Numbers"), _t(""), "adapt_sign"),
    Cadence("new_tenant_info_audit", "city", 3, "customer_service", _t("New tenants"), _t(""), "new_tenant_insert"),
)
BY_ID = {c.id: c for c in CADENCES}


DECIDED = D(2026, 1, 15)


def portfolio(cadences: dict[str, int] | None = None, cities: list[City] | None = None, decided: dt.date = DECIDED) -> Portfolio:
    """Series never done are anchored on the decision date (here by default the tests' start)."""
    if cities is None:
        cities = [
            City("1480", "Göteborg", partners=[Partner("police", last_contact=D(2026, 3, 10)), Partner("womens_shelter", last_contact=D(2025, 11, 20))]),
            City("0180", "Stockholm", partners=[Partner("police")]),
        ]
    settings = Settings(cadences=cadences or {}, company=Company(decision_date=decided))
    return Portfolio(settings=settings, cities={c.code: c for c in cities})


def only(evts, cadence_id, code=None):
    return [e for e in evts if e.cadence_id == cadence_id and e.city_code == code]


def test_company_events_start_one_interval_after_start():
    evts = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    # 12 months in a 24-month horizon: 2027-01-15 (Fri) and 2028-01-15 (Sat -> Mon 17 Jan)
    nki = only(evts, "nki_survey")
    assert [e.date for e in nki] == [D(2027, 1, 15), D(2028, 1, 17)]
    assert [e.moved_from for e in nki] == [None, D(2028, 1, 15)]
    assert [e.note("sv") for e in nki] == ["", "flyttad från 2028-01-15 (lördag)"]
    assert {e.level for e in nki} == {"company"}
    assert {e.city_name for e in nki} == {""}
    assert nki[0].where("sv") == "Företaget" and nki[0].where("en") == "The company"
    # 6 months: 2026-07-15, 2027-01-15, 2027-07-15, 2028-01-15 (Sat -> Mon)
    assert [e.date for e in only(evts, "huskurage_check_in")] == [D(2026, 7, 15), D(2027, 1, 15), D(2027, 7, 15), D(2028, 1, 17)]


def test_event_on_julafton_moves_to_the_next_working_day():
    evts = schedule.events(portfolio(decided=D(2025, 12, 24)), CADENCES, D(2025, 12, 24), months=12)
    nki = only(evts, "nki_survey")
    # 2026-12-24 julafton (Thu), 25 juldagen, 26 Sat, 27 Sun -> Mon 28
    assert [(e.date, e.moved_from) for e in nki] == [(D(2026, 12, 28), D(2026, 12, 24))]
    assert nki[0].note("sv") == "flyttad från 2026-12-24 (julafton)"
    assert nki[0].note("en") == "moved from 2026-12-24 (Christmas Eve)"


def test_settings_override_and_switch_off_cadences():
    evts = schedule.events(portfolio({"nki_survey": 0, "training_refresh": 3}), CADENCES, D(2026, 1, 15))
    assert only(evts, "nki_survey") == []
    assert len(only(evts, "training_refresh")) == 8  # every 3 months for 24 months
    assert len(only(evts, "action_plan_review")) == 2  # catalog default 12


def test_city_series_for_every_municipality():
    evts = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    signs = only(evts, "sign_inspection", "0180")
    assert [e.scheduled for e in signs] == [D(2026, 7, 15), D(2027, 1, 15), D(2027, 7, 15), D(2028, 1, 15)]
    assert {e.city_name for e in signs} == {"Stockholm"}
    assert {e.role for e in signs} == {"caretaker"}
    assert len(only(evts, "new_tenant_info_audit", "1480")) == 8


def test_partner_check_in_anchors_on_the_oldest_contact():
    evts = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    # Göteborg: oldest contact 2025-11-20 -> 2026-05-20 (Wed), 2026-11-20 (Fri), 2027-05-20 (Thu),
    # 2027-11-20 (Sat -> Mon 22); 2028-05-20 is past the horizon (2028-01-15).
    got = only(evts, "partner_check_in", "1480")
    assert [e.date for e in got] == [D(2026, 5, 20), D(2026, 11, 20), D(2027, 5, 20), D(2027, 11, 22)]
    assert not any(e.overdue for e in got)
    # Stockholm: no partner contacted yet -> anchored on start like the others.
    assert only(evts, "partner_check_in", "0180")[0].date == D(2026, 7, 15)
    assert got[0].title("sv") == "Partners" and got[0].what("en") == "Call the partners"


def test_overdue_partner_check_in_comes_first_on_start():
    gbg = City("1480", "Göteborg", partners=[Partner("police", last_contact=D(2025, 3, 1)), Partner("police", last_contact=D(2025, 12, 1))])
    # Start on trettondedag jul 2026 (a holiday): the overdue check-in lands on Wed 7 January.
    evts = only(schedule.events(portfolio(cities=[gbg]), CADENCES, D(2026, 1, 6)), "partner_check_in", "1480")
    first = evts[0]
    # 2025-03-01 + 6 months = 2025-09-01, before start: overdue
    assert (first.date, first.overdue, first.moved_from) == (D(2026, 1, 7), True, D(2025, 9, 1))
    assert "20250901" in first.uid
    assert first.note("sv") == "försenad: skulle ha gjorts 2025-09-01"
    # then the series keeps its own dates, so a later export gives the same ones:
    # 2026-03-01 (Sun -> Mon 2), 2026-09-01, 2027-03-01, 2027-09-01; 2028-03-01 is past the horizon
    assert [e.date for e in evts[1:]] == [D(2026, 3, 2), D(2026, 9, 1), D(2027, 3, 1), D(2027, 9, 1)]
    assert not any(e.overdue for e in evts[1:])


def test_events_are_sorted_by_date_then_city_then_cadence():
    evts = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    keys = [(e.date, e.city_code or "", e.cadence_id) for e in evts]
    assert keys == sorted(keys)
    same_day = [e for e in evts if e.date == D(2026, 7, 15)]
    assert [(e.city_code, e.cadence_id) for e in same_day][:2] == [(None, "huskurage_check_in"), ("0180", "new_tenant_info_audit")]


def test_uids_are_stable_and_unique():
    a = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    b = schedule.events(portfolio(), CADENCES, D(2026, 1, 15))
    assert [e.uid for e in a] == [e.uid for e in b]
    assert len({e.uid for e in a}) == len(a) > 50
    # A longer horizon keeps the uids of the events both exports share.
    longer = {e.uid for e in schedule.events(portfolio(), CADENCES, D(2026, 1, 15), months=36)}
    assert {e.uid for e in a} <= longer


def test_a_re_export_on_another_day_keeps_dates_and_uids():
    """Anchors are portfolio dates, not the export day: a calendar re-import updates, never duplicates."""
    first = schedule.events(portfolio(), CADENCES, D(2026, 3, 2))
    later = schedule.events(portfolio(), CADENCES, D(2026, 3, 20))
    assert {(e.uid, e.date) for e in later if D(2026, 4, 1) <= e.date <= D(2028, 3, 1)} <= {(e.uid, e.date) for e in first}


def test_no_events_for_an_empty_horizon_or_no_cadences():
    assert schedule.events(portfolio(), CADENCES, D(2026, 1, 15), months=0) == []
    assert schedule.events(portfolio(), (), D(2026, 1, 15)) == []


@hsettings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 1)),
    months=st.integers(min_value=1, max_value=24),
    every=st.integers(min_value=1, max_value=13),
    contact=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 1)),
)
def test_no_event_ever_falls_on_a_non_working_day(start, months, every, contact):
    cities = [City("0380", "Uppsala", partners=[Partner("police", last_contact=contact)]), City("1480", "Göteborg")]
    p = portfolio({"huskurage_check_in": every, "partner_check_in": every, "sign_inspection": every}, cities, start)
    evts = schedule.events(p, CADENCES, start, months)
    if every <= months:
        assert evts
    for e in evts:
        assert e.date.weekday() < 5, e
        assert e.date not in LAW_DAYS, e
        assert e.date >= start
        assert e.date == e.scheduled or not law_working_day(e.scheduled) or e.overdue
    assert len({e.uid for e in evts}) == len(evts)


# ------------------------------------------------------------------ overdue


def test_overdue_city_follow_ups():
    city = City(
        "1480",
        "Göteborg",
        partners=[Partner("police", last_contact=D(2025, 3, 1))],
        progress={
            "quality_review": ProgressEntry("done", D(2025, 6, 2)),
            "place_signs": ProgressEntry("doing", D(2025, 1, 10)),  # not done: no inspection due yet
        },
    )
    s = Settings()
    # partner check-in: 2025-03-01 + 6 = Mon 2025-09-01; quality review: 2025-06-02 + 12 = Tue 2026-06-02
    assert [(e.cadence_id, e.date) for e in schedule.overdue(city, s, CADENCES, D(2026, 6, 2))] == [
        ("partner_check_in", D(2025, 9, 1)),
    ]
    late = schedule.overdue(city, s, CADENCES, D(2026, 6, 3))
    assert [(e.cadence_id, e.date) for e in late] == [("partner_check_in", D(2025, 9, 1)), ("quality_review", D(2026, 6, 2))]
    assert all(e.overdue for e in late)
    # Switched off in the settings: never overdue.
    assert schedule.overdue(city, Settings(cadences={"partner_check_in": 0, "quality_review": 0}), CADENCES, D(2026, 6, 3)) == []


def test_overdue_company_follow_up_respects_the_working_day_move():
    s = Settings(progress={"nki_safety_questions": ProgressEntry("done", D(2025, 1, 10))})
    # 2025-01-10 + 12 months = Sat 2026-01-10 -> due Mon 2026-01-12
    assert schedule.overdue(None, s, CADENCES, D(2026, 1, 12)) == []
    (e,) = schedule.overdue(None, s, CADENCES, D(2026, 1, 13))
    assert (e.cadence_id, e.date, e.moved_from, e.city_code) == ("nki_survey", D(2026, 1, 12), D(2026, 1, 10), None)


def test_all_schedule_strings_have_english():
    for key, entry in i18n.area("schedule").items():
        assert entry.get("sv") and entry.get("en"), key


@given(
    anchor=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)),
    months=st.integers(1, 120),
    start=st.dates(dt.date(1990, 1, 1), dt.date(2070, 12, 31)),
)
def test_first_on_or_after_is_the_first_date_of_the_series_not_before_start(anchor, months, start):
    k = schedule.first_on_or_after(anchor, months, start)
    assert k >= 1
    assert schedule.add_months(anchor, k * months) >= start
    assert k == 1 or schedule.add_months(anchor, (k - 1) * months) < start
