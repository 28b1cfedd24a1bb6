"""History rows (wizard/history.py): that a note changed, never what it said; report counts dated by quarter alone."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from support import run_cli
from wizard import catalog, history, model, store
from wizard.demo import demo_portfolio
from wizard.progress import set_status
from wizard.validation import validate

NOW = dt.datetime(2026, 11, 20, 14, 37, 12, 999)


def row(at, field="signs_up", old="1", new="2"):
    return model.HistoryEntry(at, field, old, new)


def test_a_changed_note_leaves_a_row_that_says_so_and_not_what_it_said():
    city = model.City(code="0380")
    set_status(city, "place_signs", "doing", dt.date(2026, 11, 9), "Tryckt hos X", NOW)
    set_status(city, "place_signs", "doing", dt.date(2026, 11, 9), "Tryckt hos Y", NOW)
    assert city.progress["place_signs"].note == "Tryckt hos Y"
    assert [(h.field, h.old, h.new) for h in city.history] == [
        ("progress.place_signs.status", "todo", "doing"),
        ("progress.place_signs.note", "", ""),
    ]
    assert city.history[1].at == dt.datetime(2026, 11, 20, 14, 37, 12)


@pytest.mark.parametrize(
    "field,old,new,kept",
    [
        ("progress.place_signs.status", "doing", "done", ("doing", "done")),
        ("progress.place_signs.date", dt.date(2026, 5, 1), None, ("2026-05-01", "")),
        ("signs_up", 34, 90, ("34", "90")),
        ("staff_hours_per_week", 2.5, 4.0, ("2.5", "4.0")),
        ("progress.place_signs.note", "done", "todo", ("", "")),  # a note is text, whatever it says
        ("partners[0].organisation", "Polisen", "Polisen, lokalpolisområde Centrum", ("", "")),
        ("partners[0].hours", "Dygnet runt", "Vardagar 8–16", ("", "")),
    ],
)
def test_a_row_keeps_statuses_dates_and_numbers_and_no_other_text(field, old, new, kept):
    rows: list[model.HistoryEntry] = []
    history.record(rows, field, old, new, NOW)
    assert (rows[0].old, rows[0].new) == kept


def test_a_report_count_is_dated_by_its_quarter_alone_and_placed_before_the_quarters_other_rows():
    rows = [row(dt.datetime(2026, 9, 30, 23, 59)), row(dt.datetime(2026, 10, 2, 8, 0)), row(dt.datetime(2026, 11, 20, 9, 0))]
    history.record(rows, "reports.2026-Q3", 1, 2, NOW)
    history.record(rows, "reports.2026-Q4", None, 1, NOW)
    assert [(h.at, h.field, h.old, h.new) for h in rows[1:3]] == [
        (dt.date(2026, 10, 1), "reports.2026-Q3", "1", "2"),
        (dt.date(2026, 10, 1), "reports.2026-Q4", "", "1"),
    ]
    assert not any(isinstance(h.at, dt.datetime) for h in rows if h.field.startswith("reports."))
    assert [model.instant(h.at) for h in rows] == sorted(model.instant(h.at) for h in rows)


def test_a_portfolio_with_quarter_dated_rows_is_clean_and_survives_a_save(tmp_path):
    from wizard.tui.dashboard import edits

    root = tmp_path / "p"
    store.init(root, demo_portfolio())
    st = store.open(root)
    assert edits.report("0380", "2026-Q4", 2)(st.portfolio.cities["0380"], NOW)
    st.save()
    text = (root / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8")
    assert "at = 2026-10-01\n" in text
    data = tomllib.loads(text)
    rows = data["history"]
    report = next(i for i, h in enumerate(rows) if h["field"] == "reports.2026-Q4")
    assert rows[report]["at"] == dt.date(2026, 10, 1)
    assert all(model.instant(h["at"]) <= model.instant(rows[report]["at"]) for h in rows[:report])
    assert all(model.instant(h["at"]) > model.instant(rows[report]["at"]) for h in rows[report + 1 :])
    reopened = store.open(root)
    assert reopened.portfolio.cities["0380"].history[report].day == dt.date(2026, 10, 1)
    assert validate(reopened.portfolio, catalog.load(), today=NOW.date()) == []


def test_mark_keeps_no_note_text_in_the_history(demo_dir):
    for note in ("Tryckt hos Tryckeri Ett", "Tryckt hos Tryckeri Två"):
        done = run_cli("mark", demo_dir, "uppsala", "print_signs", "done", "--on", "2026-10-28", "--note", note)
        assert done.returncode == 0, done.stderr
    data = tomllib.loads((demo_dir / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8"))
    assert data["progress"]["print_signs"]["note"] == "Tryckt hos Tryckeri Två"
    notes = [h for h in data["history"] if h["field"] == "progress.print_signs.note"]
    assert [(h["old"], h["new"]) for h in notes] == [("", ""), ("", "")]
    assert "Tryckeri Ett" not in (demo_dir / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8")
