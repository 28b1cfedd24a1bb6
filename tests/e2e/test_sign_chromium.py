"""The stairwell signs as a printer sees them: headless Chromium prints each to PDF.

Each sign must be exactly one A4 page, and its advice must be readable in the
text extracted from the PDF. Needs Debian's ``chromium`` (``.ci/run`` installs
it); text extraction also needs ``pdftotext`` from poppler-utils. Without
them the tests are skipped with the reason. The PNG screenshots are left in
the test's tmp folder for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS
from wizard.demo import demo_portfolio
from wizard.documents import export
from support.signs import CUSTOM_STEPS, crowded_portfolio

pytestmark = pytest.mark.chromium

TODAY = dt.date(2026, 11, 16)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
A4_POINTS = (595.0, 842.0)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext is not installed (apt-get install poppler-utils)"
)


def _chromium(*args: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                *CHROMIUM_ARGS,
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )


def print_pdf(html: Path) -> Path:
    pdf = html.with_suffix(".pdf")
    _chromium("--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}", html.as_uri())
    assert pdf.is_file() and pdf.stat().st_size > 1000, f"chromium printed nothing for {html.name}"
    return pdf


def screenshot(html: Path) -> Path:
    png = html.with_suffix(".png")
    _chromium(f"--screenshot={png}", "--window-size=794,1123", html.as_uri())
    return png


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page: pdfinfo when there, else Chromium's uncompressed page objects."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True).stdout
        return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", data)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box, "no MediaBox in the PDF"
    return [(float(box.group(1)), float(box.group(2)))] * len(pages)


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


@pytest.fixture(scope="module")
def signs(tmp_path_factory) -> dict[str, Path]:
    """The demo's three signs and the crowded one, exported the way a user gets them."""
    base = tmp_path_factory.mktemp("signs")
    export(demo_portfolio(), base / "demo", formats=("html",), today=TODAY)
    crowded_root = base / "crowded-portfolio"
    export(crowded_portfolio(crowded_root), base / "crowded", formats=("html",), today=TODAY, logos_root=crowded_root, cities=["0180"])
    out = {p.stem: p for p in sorted((base / "demo" / "signs").glob("*.html"))}
    out["crowded"] = base / "crowded" / "signs" / "0180-stockholm.html"
    return out


@needs_chromium
def test_every_sign_prints_on_exactly_one_a4_page(signs):
    for name, html in signs.items():
        pages = pdf_pages(print_pdf(html))
        assert len(pages) == 1, f"{name}: {len(pages)} pages"
        width, height = pages[0]
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, f"{name}: {width} x {height} pt is not A4"


@needs_chromium
@needs_pdftotext
def test_the_advice_and_numbers_are_readable_in_the_printed_sign(signs):
    text = pdf_text(print_pdf(signs["0180-stockholm"]))
    for part in (
        "Huskurage",
        "1 Ring polisen på 112.",
        "Call the police on 112.",
        "2 Ring sedan på hos grannen.",
        "3 Gå därefter in i din egen lägenhet.",
        "orosanmälan till socialtjänsten",
        "112",
        "114 14",
        "08-46 500 403",
        "020-50 50 50",
        "Demobostäder AB står bakom Huskurage.",
    ):
        assert part in text, part
    crowded = pdf_text(print_pdf(signs["crowded"]))
    for i, step in enumerate(CUSTOM_STEPS, start=1):
        assert f"{i} {step}" in crowded, step
    assert "7 Om du tror att ett barn far illa" in crowded
    assert "08-46 500 411" in crowded and "Läs mer på vår webbplats under Trygghet." in crowded


@needs_chromium
def test_screenshots_for_a_person_to_look_at(signs):
    for name in ("0180-stockholm", "crowded"):
        png = screenshot(signs[name])
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (794, 1123)
        assert len(data) > 20_000, f"{name}: the screenshot looks empty"
