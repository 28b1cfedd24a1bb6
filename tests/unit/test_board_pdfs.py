"""The decision paper and the yearly report on paper: what a board member holds in their hand (issue 13).

Read through pdftotext and pdfinfo (``support.pdf``), never compared as bytes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from support import pdf as read
from wizard.demo import demo_portfolio
from wizard.documents import FORMATS, PortfolioView, decision, export, pdf, report
from wizard.documents.logos import Logos

pytestmark = [read.needs_poppler, pytest.mark.skipif(pdf.unavailable() is not None, reason=str(pdf.unavailable()))]
TODAY = dt.date(2026, 12, 6)


def _view(lang: str, decided: bool = True) -> PortfolioView:
    p = demo_portfolio()
    if not decided:
        p.settings.company.decision_date = None
    return PortfolioView(p, lang, TODAY, logos=Logos(None, None), report_year=2026)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("decided", [True, False], ids=["decided", "proposal"])
def test_the_decision_paper_is_two_pages_with_every_section_on_them(lang, decided):
    data = pdf.render(decision.render_html(_view(lang, decided)))
    sizes = read.pages(data)
    assert len(sizes) <= 2 and all(read.is_a4(s) for s in sizes), sizes
    text = read.flat(data)
    for n in range(1, 8):
        assert f"{n}. " in text
    assert "mobil.vt.se" in text and "bra.se" in text  # the sources are named by their site, each a link
    # The demo is police-first: the board reads the sign's own question and its 112 / 114 14 lines (checklists/advice.toml).
    sign = {
        "sv": ("Hör du bråk, skrik eller något som låter som våld?", "Pågår det just nu? Ring 112.", "Ring polisen på 114 14."),
        "en": ("Do you hear fighting, screaming or something that sounds like violence?", "Is it happening right now? Call 112.", "Call the police on 114 14."),
    }[lang]
    assert all(line in text for line in sign), [line for line in sign if line not in text]
    signed = {"sv": ("Beslut", "Underskrift"), "en": ("Decision", "Signature")}[lang]
    assert signed[0] in text and (signed[1] in text) != decided  # a proposal has room to sign; a decision is the record


def test_the_yearly_report_keeps_each_municipalitys_table_with_its_heading():
    data = pdf.render(report.render_html(_view("sv")))
    pages = read.text(data).split("\f")
    for city in ("Stockholm (0180)", "Uppsala (0380)", "Göteborg (1480)"):
        page = next(p for p in pages if city in p)
        rest = page.split(city, 1)[1]
        assert "Skyltar uppe (portar)" in rest and "Samarbetspartner med kontakt" in rest, f"{city}: its table is split from it"
    for caption in ("Kundundersökningen (NKI): andel som svarar ja",):
        for page in pages:
            if caption in page:
                assert "Känner du till Huskurage?" in page.split(caption)[-1], "a caption left at the foot of a page"
    assert "Nyckeltal per kommun, 2025 och 2026" in pages[0]  # the chart is drawn in the PDF, on the first page


@pytest.mark.skipif("pdf" not in FORMATS, reason="the export has no PDF format yet")
def test_the_exported_pdfs_are_the_printed_pages_above(tmp_path):
    """decision.pdf and report-2026.pdf are printed from the same pages, with the same print styles."""
    export(demo_portfolio(), tmp_path, formats=("pdf",), lang="sv", today=TODAY, report_year=2026)
    assert len(read.pages(tmp_path / "decision.pdf")) <= 2
    assert len(read.pages(tmp_path / "report-2026.pdf")) == len(read.pages(pdf.render(report.render_html(_view("sv")))))
