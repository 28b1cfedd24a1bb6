"""The yearly report, computed by hand for the demo: 2026 (the rollout year) against 2025 (the year before).

The demo's history (``wizard/demo.py``) dates the signs going up, the staff
trained and the first police contact; its surveys and report counts carry
their own dates and quarters. Every figure below is worked out from those by
hand, then looked for in the document a board member reads.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from wizard import catalog as catalog_module
from wizard import key_figures, model
from wizard.demo import demo_portfolio
from wizard.documents import ExportError, export, render_report
from wizard.documents.formatting import fmt_report_count
from wizard.progress import Share

TODAY = dt.date(2026, 11, 16)


@pytest.fixture(scope="module")
def cat():
    return catalog_module.load()


@pytest.fixture(scope="module")
def sv() -> str:
    return render_report(demo_portfolio(), 2026, "sv", TODAY)


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n### ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def test_stockholm_by_hand(cat):
    city = demo_portfolio().cities["0180"]
    y = key_figures.city_years(city, cat, 2026, TODAY, "Stockholm")
    # signs_up went from 0 to 160 on 2026-05-22: none at the end of 2025, all of them now.
    assert (y.before.signs, y.this.signs) == (Share(0, 160), Share(160, 160))
    # 12 + 6 + 11 trained on 2026-04-28 of 12 + 6 + 14 staff; nobody before.
    assert (y.before.trained, y.this.trained) == (Share(0, 32), Share(29, 32))
    assert y.this.training == {"customer_service": Share(12, 12), "property_manager": Share(6, 6), "caretaker": Share(11, 14)}
    # 2025-12-31: only the police (2025-11-04); 2026-11-16: police, social services, women's shelter, Huskurage.
    assert (y.before.partners_contacted, y.this.partners_contacted) == (Share(1, 6), Share(4, 6))
    assert (y.before.informed, y.this.informed) == (None, dt.date(2026, 5, 27))
    assert y.this.reports == {"2026-Q1": None, "2026-Q2": 1, "2026-Q3": 3, "2026-Q4": None}
    assert y.this.handled == {"2026-Q1": None, "2026-Q2": 1, "2026-Q3": 2, "2026-Q4": None}
    assert set(y.before.reports.values()) == {None}
    assert [s.date for s in y.before.surveys] == [dt.date(2025, 9, 22)] and y.rollout_side(y.before.surveys[0]) == "before"
    assert [s.date for s in y.this.surveys] == [dt.date(2026, 9, 21)] and y.rollout_side(y.this.surveys[0]) == "after"


def test_the_whole_portfolio_by_hand_in_the_document(sv):
    totals = _section(sv, "## Hela portföljen")
    # signs 160 + 210 + 34 of 160 + 210 + 90; trained 29 + 3 + 33 of 32 + 15 + 43; partners 4 + 4 + 4 of 6 + 5 + 7.
    assert "| Skyltar uppe (portar) | 0 av 460 (0 %) | 404 av 460 (88 %) |" in totals
    assert "| Kommuner där hyresgästerna är informerade | 0 av 3 | 2 av 3 |" in totals
    assert "| Utbildade, alla roller | 0 av 90 (0 %) | 65 av 90 (72 %) |" in totals
    assert "| Samarbetspartner med kontakt de senaste 12 månaderna | 1 av 18 | 12 av 18 |" in totals


def test_report_counts_below_three_are_never_printed(sv):
    stockholm = _section(sv, "### Stockholm (0180)")
    assert "| Q2 | – | – | < 3 | < 3 |" in stockholm  # 1 report, 1 handled in time
    assert "| Q3 | – | – | 3 | < 3 |" in stockholm  # 3 reports, 2 handled in time
    goteborg = _section(sv, "### Göteborg (1480)")
    assert "| Q3 | – | – | < 3 | < 3 |" in goteborg
    assert "Inga antal anmälningar registrerade för 2025 eller 2026." in _section(sv, "### Uppsala (0380)")


@pytest.mark.parametrize("value,shown", [(None, "–"), (0, "< 3"), (1, "< 3"), (2, "< 3"), (3, "3"), (1200, "1\u00a0200")])
def test_one_function_decides_how_a_report_count_is_shown(value, shown):
    assert fmt_report_count(value, "sv") == shown


def test_surveys_before_and_after_the_rollout(sv):
    stockholm = _section(sv, "### Stockholm (0180)")
    assert "| Fråga | 2025-09-22, före införandet (310 svar) | 2026-09-21, efter införandet (296 svar) |" in stockholm
    assert "| Känner du till Huskurage? | 14 % | 46 % |" in stockholm
    uppsala = _section(sv, "### Uppsala (0380)")  # tenants not informed yet: both surveys are before
    assert "2026-09-21, före införandet (147 svar)" in uppsala


def test_the_running_year_says_so_and_a_past_year_is_taken_at_its_end(cat):
    assert "läget den 2026-11-16" in render_report(demo_portfolio(), 2026, "sv", TODAY)
    past = render_report(demo_portfolio(), 2026, "sv", dt.date(2027, 2, 1))
    assert "läget vid årets slut (2026-12-31)" in past


def test_no_note_or_history_text_reaches_the_report():
    p = demo_portfolio()
    text = render_report(p, 2026, "sv", TODAY) + render_report(p, 2026, "en", TODAY)
    notes = [e.note for c in p.cities.values() for e in c.progress.values() if e.note]
    assert notes and not [n for n in notes if n in text]


def test_as_of_undoes_every_later_change_with_its_first_row():
    city = model.City("0180", signs_up=90, entrances=90)
    city.history = [
        model.HistoryEntry(dt.datetime(2026, 3, 1, 9), "signs_up", "0", "40"),
        model.HistoryEntry(dt.datetime(2026, 6, 1, 9), "signs_up", "40", "90"),
        model.HistoryEntry(dt.datetime(2026, 6, 2, 9), "note of someone", "x", "y"),
    ]
    assert key_figures.as_of(city, dt.date(2026, 1, 1)).signs_up == 0
    assert key_figures.as_of(city, dt.date(2026, 3, 1)).signs_up == 40
    assert key_figures.as_of(city, dt.date(2026, 12, 31)).signs_up == 90
    assert city.signs_up == 90  # the city itself is left as it is


def test_the_chart_is_svg_with_a_bar_per_year(tmp_path):
    export(demo_portfolio(), tmp_path, formats=("md",), today=TODAY, report_year=2026)
    svg = ET.parse(tmp_path / "report-2026.svg").getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.find("s:title", ns).text == "Nyckeltal per kommun, 2025 och 2026"
    widths = [int(r.get("width")) for r in svg.findall("s:rect", ns) if r.get("fill") == "#1f4e79"][1:]  # after the legend's
    # Stockholm: signs 100 %, trained 29/32, aware 46 % of the 360 px plot.
    assert widths[:3] == [360, round(29 / 32 * 360), round(0.46 * 360)]
    assert "![Diagram" in (tmp_path / "report-2026.md").read_text(encoding="utf-8")
    assert not (tmp_path / "report-2026.html").exists()  # html only with the html format
    export(demo_portfolio(), tmp_path / "h", formats=("html",), today=TODAY, report_year=2026)
    page = (tmp_path / "h" / "report-2026.html").read_text(encoding="utf-8")
    assert "<svg" in page and "report-2026.svg" not in page  # the chart is in the page, not linked


def test_without_a_year_no_report_is_written(tmp_path):
    written = export(demo_portfolio(), tmp_path, today=TODAY)
    assert not [p for p in written if p.name.startswith("report-")]


@pytest.mark.parametrize("year", [2027, 1999])
def test_a_year_to_come_or_long_gone_is_refused(tmp_path, year):
    with pytest.raises(ExportError) as e:
        export(demo_portfolio(), tmp_path / "out", today=TODAY, report_year=year)
    assert str(year) in e.value.message
    assert not (tmp_path / "out").exists()
