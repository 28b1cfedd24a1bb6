"""The shipped table of Swedish non-working days is the ``holidays`` package's answer, byte for byte.

The working-day rules read ``checklists/non_working_days.csv`` instead of
importing ``holidays`` on every start (some 85 ms and 10 MB); this file keeps
the two from drifting apart. After upgrading ``holidays``, rewrite it with::

    UPDATE_CALENDAR=1 .venv/bin/python -m pytest tests/unit/test_schedule_table.py -q

and read the diff: a changed day changes every follow-up date around it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from wizard import schedule
from wizard.data_folder import data_dir

FIRST, LAST = 2000, 2079


def test_the_shipped_table_is_what_holidays_says():
    path = data_dir() / schedule.TABLE_FILE
    expected = schedule.non_working_days_table(FIRST, LAST)
    if os.environ.get("UPDATE_CALENDAR") == "1":
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected, "regenerate with UPDATE_CALENDAR=1 (see the docstring)"
    assert sorted(schedule.shipped_table()) == list(range(FIRST, LAST + 1))


def test_every_year_of_the_table_answers_like_holidays_in_both_languages():
    for year in (FIRST, 2026, 2027, LAST):
        sv = {d: n for d, n in schedule.working_calendar(year).items() if d.year == year}
        en = {d: n for d, n in schedule._calendar((year,), "en_US").items() if d.year == year}
        assert schedule._holidays_of(year, "sv") == sv
        assert schedule._holidays_of(year, "en") == en


def test_a_year_outside_the_table_is_asked_of_holidays():
    assert schedule.holiday_name(dt.date(2090, 12, 25)) == "Juldagen"
    assert schedule.holiday_name(dt.date(1999, 6, 25), "en") == "Midsummer Eve"
    assert not schedule.is_working_day(dt.date(2090, 12, 26))  # Annandag jul, a Tuesday


def test_working_days_within_the_table_do_not_import_holidays():
    code = (
        "import sys, datetime as dt; from wizard import schedule\n"
        "print(schedule.is_working_day(dt.date(2026, 12, 24)), schedule.holiday_name(dt.date(2026, 6, 19)),"
        " 'holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "Midsommarafton", "False"]
