"""Progress figures: one share of "n of m" for the table, the totals, the chart, `status` and progress.md (wizard/progress.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support import run_cli
from wizard import catalog, i18n
from wizard.demo import demo_portfolio
from wizard.progress import NOTHING, PortfolioProgress, Share, city_progress, portfolio_progress

TODAY = dt.date(2026, 11, 20)
UPPSALA = "0380"


@pytest.fixture(autouse=True)
def swedish():
    i18n.set_language("sv")
    yield
    i18n.set_language("sv")


def nothing_applies(portfolio, code: str = UPPSALA):
    """Every city-level item of one municipality skipped, and no entrances recorded."""
    from wizard import model

    city = portfolio.cities[code]
    for item in catalog.load().items("city"):
        city.progress[item.id] = model.ProgressEntry(status="skipped")
    city.entrances = city.signs_up = 0
    return portfolio


# ------------------------------------------------------------------ the value


def test_a_share_of_nothing_is_no_share():
    assert NOTHING.ratio is None and NOTHING.percent is None
    assert Share(7, 10).ratio == 0.7 and Share(7, 10).percent == 70
    assert Share(0, 10).percent == 0 and Share(10, 10).percent == 100
    assert Share(2, 3) + NOTHING == Share(2, 3)
    assert sorted([Share(1, 2), NOTHING, Share(0, 5), Share(5, 5)], key=lambda s: s.sort_key) == [
        Share(0, 5), Share(1, 2), Share(5, 5), NOTHING,
    ]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: Share(min(t), max(t))), max_size=20))
def test_shares_add_as_parts_and_wholes_never_as_an_average(shares):
    total = sum(shares, NOTHING)
    assert total == Share(sum(s.part for s in shares), sum(s.whole for s in shares))
    assert (total.ratio is None) == all(s.whole == 0 for s in shares)


# ------------------------------------------------------------------ a municipality where nothing applies


def test_a_municipality_where_nothing_applies_counts_for_nothing_not_for_0_or_100_percent():
    cat = catalog.load()
    p = nothing_applies(demo_portfolio())
    upp = city_progress(p.cities[UPPSALA], cat)
    assert (upp.done, upp.total, upp.checklist.ratio) == (0, 0, None)
    assert (upp.signs_up, upp.entrances, upp.signs.ratio, upp.signs_share) == (0, 0, None, None)
    without = PortfolioProgress.of(c for c in portfolio_progress(p, cat).cities if c.code != UPPSALA)
    whole = portfolio_progress(p, cat)
    assert whole.checklist == without.checklist and whole.signs == without.signs  # it adds nothing to the sums
    assert len(whole.cities) == 3  # and is still a municipality of the portfolio


def test_the_dashboard_shows_a_dash_for_it_and_sorts_it_after_every_share():
    from wizard.tui.dashboard.rows import all_rows, checklist_cell, percent

    rows = all_rows(nothing_applies(demo_portfolio()), catalog.load(), TODAY)
    upp = rows[UPPSALA]
    assert checklist_cell(upp.progress.checklist).plain == "—"
    assert percent(upp.progress.signs) == "—" and percent(Share(1, 3)) == "33 %"
    by_checklist = sorted(rows.values(), key=lambda r: r.sort_key("checklist"))
    assert by_checklist[-1].code == UPPSALA
    assert "complete" not in upp.statuses


def test_the_progress_report_shows_a_dash_for_signs_in_no_entrances():
    from wizard import documents

    text = documents.render_progress(nothing_applies(demo_portfolio()), "sv", TODAY)
    uppsala = text.split("### Uppsala (0380)")[1]
    assert "0 av 0 portar (–)" in uppsala.replace("\u00a0", " ")
    assert "0 %" not in uppsala.split("###")[0].replace("\u00a0", " ")


# ------------------------------------------------------------------ one computation


def test_the_dashboard_totals_are_the_portfolio_progress_status_prints(demo_dir):
    from wizard import store
    from wizard.tui.dashboard.rows import all_rows, totals

    p = store.open(demo_dir).portfolio
    cat = catalog.load()
    s = totals(all_rows(p, cat, TODAY).values())
    assert s.progress == portfolio_progress(p, cat)
    assert s.cities == 3 and s.progress.partners_complete == 2
    status = json.loads(run_cli("status", demo_dir, "--json").stdout)["portfolio"]
    assert (s.progress.done, s.progress.total, s.progress.signs_up, s.progress.entrances, s.progress.informed) == (
        status["done"], status["total"], status["signs_up"], status["entrances"], status["tenants_informed"],
    )


def test_the_chart_leaves_out_points_with_nothing_to_count():
    from wizard.tui.dashboard.timeline import Point, percents

    points = [Point(TODAY, 0, 0, 0, 0), Point(TODAY, 1, 4, 3, 0), Point(TODAY, 3, 4, 0, 0)]
    assert percents(points, lambda p: p.checklist) == ([1, 2], [25.0, 75.0])
    assert percents(points, lambda p: p.signs) == ([], [])


def test_a_change_is_refused_for_its_own_error_never_for_a_history_row_dated_ahead():
    """progress.checked (every edit path, issue 16 item 3): a colleague's clock ahead put a history row in the
    future; the row a change appends is then "out of order", which is the program's doing, not the user's."""
    from wizard import model
    from wizard.progress import Refused, checked_city, set_status

    cat = catalog.load()
    city = demo_portfolio().cities["1480"]
    city.history.append(model.HistoryEntry(at=dt.datetime(2099, 1, 1), field="signs_up", old="0", new="210"))
    now = dt.datetime(2026, 11, 20, 12, 0)
    warnings = checked_city(city, lambda c: set_status(c, "partner_meeting", "done", dt.date(2026, 11, 19), None, now), cat, TODAY)
    assert warnings is not None and city.progress["partner_meeting"].date == dt.date(2026, 11, 19)
    with pytest.raises(Refused):  # a day to come is the user's entry: refused, nothing changed
        checked_city(city, lambda c: set_status(c, "partner_meeting", "done", dt.date(2027, 1, 1), None, now), cat, TODAY)
    assert city.progress["partner_meeting"].date == dt.date(2026, 11, 19)
