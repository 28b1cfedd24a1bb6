"""The signs and letters as a screen reader and a low-vision reader get them: axe-core against WCAG 2.1 AA.

axe-core is Deque's engine (the ``axe.min.js`` that axe-playwright-python
ships), run inside the system Chromium that Playwright drives with
``executable_path`` (no browser is downloaded; ``.ci/run`` installs chromium).
Every rule tagged wcag2a, wcag2aa, wcag21a or wcag21aa is run: contrast,
``lang`` and its validity, headings, images without text, and the rest. A
violation fails with axe's own report. Beside it, what axe does not check:
the part of a sign in a right-to-left language says ``dir="rtl"``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS, chromium_or_skip
from support.signs import crowded_portfolio
from wizard.demo import demo_logos, demo_portfolio
from wizard.documents import export

pytestmark = pytest.mark.chromium

TODAY = dt.date(2026, 11, 16)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 794, "height": 1123})
        finally:
            browser.close()


def violations(page, html: Path) -> str:
    """axe's report of the page's WCAG 2.1 AA violations; empty when there are none."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(html.as_uri())
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return results.generate_report() if results.violations_count else ""


def documents(tmp_path: Path) -> list[Path]:
    """The HTML a print shop and the households get: the demo's signs and letters, a crowded sign, an Arabic one."""
    demo = demo_portfolio()
    demo.cities["0380"].sign.languages = ["ar", "sv"]
    export(demo, tmp_path / "demo", formats=("html",), today=TODAY, logos=demo_logos())
    crowded = crowded_portfolio(tmp_path / "crowded")
    export(crowded, tmp_path / "crowded" / "out", formats=("html",), today=TODAY, cities=["0180"], logos_root=tmp_path / "crowded")
    found = sorted((tmp_path / "demo").glob("*/*.html")) + sorted((tmp_path / "crowded" / "out").glob("signs/*.html"))
    assert {p.parent.name for p in found} == {"signs", "tenant-info"}
    return found


def test_every_sign_and_letter_has_no_wcag_21_aa_violation(page, tmp_path):
    found = documents(tmp_path)
    reports = {f"{p.parent.parent.name}/{p.parent.name}/{p.name}": violations(page, p) for p in found}
    assert {name: report for name, report in reports.items() if report} == {}


def test_the_engine_finds_what_it_is_there_to_find(page, tmp_path):
    """The same check on a page with pale grey text, no language and an image without text: it must say so."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head>'
        '<body><main><p style="color:#bbb;background:#fff">Ring 112</p><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>',
        encoding="utf-8",
    )
    report = violations(page, bad)
    for rule in ("color-contrast", "html-has-lang", "image-alt"):
        assert rule in report, rule


def test_a_sign_part_in_a_right_to_left_language_says_so(page, tmp_path):
    p = demo_portfolio()
    p.cities["0380"].sign.languages = ["ar", "sv"]
    export(p, tmp_path, formats=("html",), today=TODAY, cities=["0380"], logos=demo_logos())
    page.goto((tmp_path / "signs" / "0380-uppsala.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "ar"
    parts = page.evaluate(
        "[...document.querySelectorAll('[lang]')].map(e => [e.lang, getComputedStyle(e).direction])"
    )
    assert ["ar", "rtl"] in parts and ["sv", "ltr"] in parts
