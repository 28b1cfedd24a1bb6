"""The wizard's sign preview (step 8) says what the printed sign says: one source (issue 16, item 7)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from wizard import documents
from wizard.demo import demo_portfolio

TODAY = dt.date(2026, 11, 16)


def printed_text(portfolio, code: str) -> str:
    """The sign as exported, its markup taken away: what is on the paper."""
    page = documents.sign.render(documents.PortfolioView(portfolio, "sv", TODAY), portfolio.cities[code])
    body = page.split("<main", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def fragments(line: str) -> list[str]:
    """A preview line in the pieces the sign prints in their own places: label, sub-label, number, hours."""
    line = re.sub(r"^(\d+\. |112  )", "", line)
    return [p.removesuffix(")") for p in re.split(r"\): |: | \(|, ", line) if p.strip()]


def demo_question(lang: str) -> str:
    from wizard import catalog

    variant = catalog.load().advice_variant(demo_portfolio().settings.advice.variant)
    assert variant is not None
    return variant.question(lang)


@pytest.mark.parametrize("code", ["0180", "1480", "0380"])
def test_every_word_of_the_preview_is_on_the_printed_sign(code):
    portfolio = demo_portfolio()
    city = portfolio.cities[code]
    city.sign.extra_lines = ["Frågor? Ring kundtjänst.", ""]
    printed = printed_text(portfolio, code)
    lines = documents.sign_preview(portfolio, code, "sv", TODAY)
    # The sign's question (the demo's advice, "ring the police first", asks its own), not a heading of its own.
    assert lines[1] == demo_question("sv") == "Hör du bråk, skrik eller något som låter som våld?"
    assert "Frågor? Ring kundtjänst." in lines
    for line in filter(None, lines):
        for piece in fragments(line):
            assert " ".join(piece.split()) in printed, f"{piece!r} of the preview is not on the sign"


def test_the_preview_follows_the_signs_first_language():
    portfolio = demo_portfolio()
    city = portfolio.cities["0180"]
    city.sign.languages = ["en", "sv"]
    lines = documents.sign_preview(portfolio, "0180", "sv", TODAY)
    assert lines[1] == demo_question("en") == "Do you hear fighting, screaming or something that sounds like violence?"
