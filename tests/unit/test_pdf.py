"""documents/pdf.py, the PDF machinery every printed document uses: HTML in, PDF bytes out.

Read as a reader and a print shop would (pdftotext, pdfinfo, pdffonts), never byte by byte.
"""

from __future__ import annotations

import subprocess

import pytest

from support import pdf as read
from support.signs_png import png
from wizard.documents import pdf

pytestmark = [read.needs_poppler, pytest.mark.skipif(pdf.unavailable() is not None, reason=str(pdf.unavailable()))]

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>@page {{ size: A4; margin: 20mm; }} body {{ font-family: "DejaVu Sans", sans-serif; }}</style></head>
<body>{body}</body></html>"""


def test_html_in_pdf_out_with_title_language_selectable_text_and_embedded_fonts():
    data = pdf.render(PAGE.format(lang="sv", title="Skylt – Uppsala", body="<h1>Ring 112</h1><p>Åäö, 114 14.</p>"))
    assert data.startswith(b"%PDF")
    assert read.info(data)["Title"] == "Skylt – Uppsala"
    assert read.catalog_language(data) == "sv"
    assert read.flat(data) == "Ring 112 Åäö, 114 14."
    sizes = read.pages(data)
    assert len(sizes) == 1 and read.is_a4(sizes[0])
    xmp = subprocess.run(["pdfinfo", "-meta", "-"], input=data, capture_output=True).stdout.decode()
    assert 'pdfaid:part="2"' in xmp  # PDF/A-2 metadata
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True).stdout.decode().splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_several_documents_make_one_pdf_page_after_page_with_its_own_title():
    docs = [PAGE.format(lang="sv", title=f"Skylt {i}", body=f"<p>Sida {i}</p>") for i in (1, 2, 3)]
    data = pdf.render_many(docs, title="Alla skyltar")
    assert len(read.pages(data)) == 3 and read.info(data)["Title"] == "Alla skyltar"
    assert [page.strip() for page in read.text(data).split("\f")[:3]] == ["Sida 1", "Sida 2", "Sida 3"]
    assert pdf.page_count(docs[0]) == 1 and pdf.render_many([]) == b""


def test_the_same_html_gives_the_same_bytes():
    html = PAGE.format(lang="en", title="T", body="<p>Hello</p>")
    assert pdf.render(html) == pdf.render(html)


def test_nothing_is_fetched_but_data_uris(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(50, 50, (255, 0, 0)))
    import base64

    inline = "data:image/png;base64," + base64.b64encode(png(20, 20, (0, 0, 255))).decode()
    body = f'<p>Hej</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png"><img src="{inline}">'
    data = pdf.render(PAGE.format(lang="sv", title="T", body=body))
    images = subprocess.run(["pdfimages", "-list", "-"], input=data, capture_output=True).stdout.decode()
    assert len(images.strip().splitlines()) == 3, images  # two header lines and the inline picture only


def test_right_to_left_text_is_laid_out_and_extractable():
    body = '<p dir="rtl" lang="ar">اتصل بالشرطة على الرقم &#x2066;114 14&#x2069;.</p>'
    data = pdf.render(PAGE.format(lang="ar", title="T", body=body))
    assert read.catalog_language(data) == "ar"
    assert "بالشرطة" in read.flat(data)


def test_without_pango_it_says_what_to_install_in_one_sentence(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    pdf.unavailable.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_pango)
    try:
        reason = pdf.unavailable()
        assert reason == (
            "Inga PDF:er skrevs: systemets Pango saknas – installera det med apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; övriga format skrevs."
        )
        with pytest.raises(pdf.PdfUnavailable, match="apt-get install"):
            pdf.render("<p>x</p>")
    finally:
        monkeypatch.undo()
        pdf.unavailable.cache_clear()
