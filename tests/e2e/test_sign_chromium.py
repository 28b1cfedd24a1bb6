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
import zlib
from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS
from wizard.demo import demo_portfolio
from wizard.documents import export
from wizard.model import Partner

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


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


CUSTOM_STEPS = [
    "Ring 112 direkt om du hör skrik, slag eller hot genom väggen – vänta inte på att någon annan ska göra det.",
    "Ring sedan på hos grannen och fråga hur det står till, men gå aldrig in i lägenheten och ställ dig inte i vägen.",
    "Ta gärna med dig en annan granne, bovärden eller någon från styrelsen så att ni är två eller fler.",
    "Gå därefter tillbaka in i din egen lägenhet och lås dörren; vänta på polisen där och öppna bara för dem.",
    "Berätta för oss på kundtjänsten nästa vardag vad du hörde, så att vi kan göra ett hembesök.",
    "Om du är osäker: ring Kvinnofridslinjen och rådgör, dygnet runt och utan att det syns på telefonräkningen.",
]


def crowded_portfolio(root: Path):
    """As much as a sign can reasonably carry: six long own steps, the child step, two languages,
    three logos, nine local numbers, two extra lines."""
    (root / "logos").mkdir(parents=True)
    for i, colour in enumerate([(200, 30, 30), (30, 30, 200), (30, 150, 30)]):
        (root / "logos" / f"logo{i}.png").write_bytes(_png(120, 40, colour))
    p = demo_portfolio()
    p.settings.advice.variant = "custom"
    p.settings.advice.custom_steps = list(CUSTOM_STEPS)
    city = p.cities["0180"]
    city.sign.logos = [f"logos/logo{i}.png" for i in range(3)]
    city.sign.extra_lines = [
        "Frågor? Ring vår kundtjänst 08-46 500 400, vardagar 08–16.",
        "Läs mer på vår webbplats under Trygghet.",
    ]
    city.partners += [
        Partner("victim_support", "Brottsofferjouren Stockholm, lokalkontoret i city", "08-46 500 409", "Vardagar 09–15"),
        Partner("womens_shelter", "Tjejjouren Stockholm Norr med chatt och telefon", "08-46 500 410", "Mån–tor 18–21"),
        Partner("disturbance_on_call", "Securitas störningsjour för området Norrmalm", "08-46 500 411", "Kvällar, nätter och helger"),
    ]
    return p


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
