"""The PDFs as the print shop and a tenant get them: read through pdftotext and pdfinfo, never compared as bytes.

Golden files hold each PDF's title, page count and size, and its text page by
page (``support.pdf.summary``); accept a change with ``UPDATE_GOLDEN=1`` and
read the diff as a tenant would. Beside them: every sign is exactly one A4
page even in the worst case, fonts are embedded, nothing is fetched, and an
export on a machine that cannot make PDFs says so and writes the rest.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from golden.test_exports_golden import check_golden_dir
from support import pdf as read
from support.signs import CUSTOM_STEPS, EXTRA_PARTNERS, crowded_portfolio
from wizard.demo import demo_portfolio
from wizard.documents import export, pdf

pytestmark = read.needs_poppler
TODAY = dt.date(2026, 11, 16)

needs_pdf = pytest.mark.skipif(pdf.unavailable() is not None, reason=str(pdf.unavailable()))


@pytest.fixture(scope="module")
def demo_pdfs(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = {}
    for lang in ("sv", "en"):
        folder = tmp_path_factory.mktemp(f"pdf-{lang}")
        export(demo_portfolio(), folder, formats=("pdf",), lang=lang, today=TODAY, report_year=2026)
        out[lang] = {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*.pdf"))}
    return out


@needs_pdf
def test_demo_pdfs_read_like_the_golden_files(demo_pdfs):
    """Staff documents per export language; signs and letters follow the cities' sign languages, so one copy."""
    per_city = ("signs/", "tenant-info/")
    for lang, files in demo_pdfs.items():
        summaries = {rel + ".txt": read.summary(p).encode() for rel, p in files.items()}
        check_golden_dir(f"pdf-{lang}", {k: v for k, v in summaries.items() if not k.startswith(per_city)})
        check_golden_dir("pdf-per-city", {k: v for k, v in summaries.items() if k.startswith(per_city)})


@needs_pdf
def test_every_sign_is_one_a4_page_and_signs_pdf_one_page_per_city(demo_pdfs):
    files = demo_pdfs["sv"]
    signs = [rel for rel in files if rel.startswith("signs/")]
    assert len(signs) == 3
    for rel in signs:
        sizes = read.pages(files[rel])
        assert len(sizes) == 1 and read.is_a4(sizes[0]), (rel, sizes)
    sizes = read.pages(files["signs.pdf"])
    assert len(sizes) == 3 and all(read.is_a4(s) for s in sizes)
    pages = read.text(files["signs.pdf"]).split("\f")
    for page, city in zip(pages, ("Stockholm", "Uppsala", "Göteborg")):
        assert f"Nummer i {city}" in page


@needs_pdf
def test_the_worst_case_sign_is_still_one_page_with_everything_on_it(tmp_path):
    """Six long own steps and the child step, seven more partners, three logos, two languages."""
    root = tmp_path / "portfolio"
    export(crowded_portfolio(root), tmp_path / "out", formats=("pdf",), today=TODAY, logos_root=root, cities=["0180"])
    sign = tmp_path / "out" / "signs" / "0180-stockholm.pdf"
    sizes = read.pages(sign)
    assert len(sizes) == 1 and read.is_a4(sizes[0]), sizes
    text = read.flat(sign)
    for i, step in enumerate(CUSTOM_STEPS, start=1):
        assert f"{i} {step}" in text, step
    assert "7 Om du tror att ett barn far illa" in text
    for partner in EXTRA_PARTNERS:
        assert partner.phone in text, partner.organisation
    assert "Läs mer på vår webbplats under Trygghet." in text
    images = subprocess.run(["pdfimages", "-list", str(sign)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) - 2 >= 3, "the three logos are on the sign"


@needs_pdf
def test_pdfs_carry_title_language_and_embedded_fonts(demo_pdfs):
    files = demo_pdfs["en"]
    stockholm = files["signs/0180-stockholm.pdf"]
    assert read.info(stockholm)["Title"] == "Huskurage – Stockholm"
    assert read.catalog_language(stockholm.read_bytes()) == "sv"  # the sign's first language, not the export's
    xmp = subprocess.run(["pdfinfo", "-meta", str(stockholm)], capture_output=True, text=True, check=True).stdout
    assert 'pdfaid:part="2"' in xmp and "Huskurage – Stockholm" in xmp  # PDF/A-2 metadata with the title
    assert read.info(files["signs.pdf"])["Title"] == "Huskurage – signs for the print shop, Demobostäder AB"
    for rel, path in files.items():
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert fonts, f"{rel}: no fonts, so no text"
        assert all(line.split()[-5] == "yes" for line in fonts), f"{rel}: a font is not embedded:\n" + "\n".join(fonts)


@needs_pdf
def test_a_pdf_never_reads_a_file_or_the_network(tmp_path):
    secret = tmp_path / "secret.png"
    from support.signs import png

    secret.write_bytes(png(50, 50, (255, 0, 0)))
    html = (
        f'<html lang="sv"><head><title>T</title><link rel="stylesheet" href="{secret.as_uri()}"></head>'
        f'<body><p>Hej</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    data = pdf.render(html)
    assert read.flat(data) == "Hej"
    images = subprocess.run(["pdfimages", "-list", "-"], input=data, capture_output=True).stdout.decode()
    assert len(images.strip().splitlines()) <= 2, "an image from a file: URI was embedded"


def test_without_what_pdfs_need_the_export_says_so_and_writes_the_rest(tmp_path, monkeypatch):
    sentence = "Inga PDF:er skrevs: systemets Pango saknas – installera det med apt-get install libpango-1.0-0."
    monkeypatch.setattr(pdf, "unavailable", lambda: sentence)
    heard: list[str] = []
    written = export(demo_portfolio(), tmp_path / "out", today=TODAY, notice=heard.append)
    names = {p.relative_to(tmp_path / "out").as_posix() for p in written}
    assert heard == [sentence]
    assert not [n for n in names if n.endswith(".pdf")]
    assert {"action-plan.md", "plan.toml", "signs/1480-goteborg.html"} <= names


def test_the_cli_names_the_package_in_one_sentence_when_pdfs_cannot_be_made(tmp_path):
    """The real binary, with WeasyPrint's system library made unloadable."""
    from support import run_cli

    run_cli("init", tmp_path / "p", "--demo")
    shim = tmp_path / "shim"
    shim.mkdir()
    # A module named weasyprint that fails the way a missing libpango does (cffi raises OSError).
    (shim / "weasyprint.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")
    import os

    env = {"PYTHONPATH": f"{shim}{os.pathsep}{Path(__file__).resolve().parents[2]}"}
    r = run_cli("export", tmp_path / "p", "--out", tmp_path / "out", env=env)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert lines == [
        "Inga PDF:er skrevs: systemets Pango saknas – installera det med apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; övriga format skrevs."
    ]
    assert (tmp_path / "out" / "signs" / "1480-goteborg.html").is_file()
    assert not list((tmp_path / "out").rglob("*.pdf"))


@needs_pdf
def test_a_right_to_left_sign_is_one_page_with_its_numbers_in_order_and_a_picture_for_a_person(tmp_path):
    """Arabic first, Swedish second: laid out right to left on one A4 page. The PNG is left for a person to look at."""
    from wizard.demo import demo_logos

    p = demo_portfolio()
    p.cities["0380"].sign.languages = ["ar", "sv"]
    export(p, tmp_path / "out", formats=("pdf",), today=TODAY, cities=["0380"], logos=demo_logos())
    sign = tmp_path / "out" / "signs" / "0380-uppsala.pdf"
    sizes = read.pages(sign)
    assert len(sizes) == 1 and read.is_a4(sizes[0])
    assert read.catalog_language(sign.read_bytes()) == "ar"
    text = read.flat(sign)
    # pdftotext gives right-to-left runs in its own order; words without vowel marks survive whole.
    assert "يبدو كأنه عنف" in text and "هل تسمع" in text
    assert "Hör du bråk, skrik eller något som låter som våld?" in text
    for number in ("114 14", "020-50 50 50", "070-17 406 02"):
        assert number in text.replace("\u2066", "").replace("\u2069", ""), number
    png = tmp_path / "rtl"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(sign), str(png)], check=True)
    picture = tmp_path / "rtl-1.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 20_000
