"""A Markdown document as a printable HTML page, and its PDF: the action plan, the decision paper, the yearly report.

The Markdown stays the one text of the document (for colleagues, for diffs);
its HTML page is rendered from it by markdown-it-py (CommonMark with tables,
raw HTML off, so user text escaped in the Markdown stays text) inside
``output/page.html.j2``, an A4 page with print styles. An image whose source
is one of ``figures`` (the report's chart, ``report-2026.svg``) is put in the
page as the SVG itself, so the page and a PDF made from it need no other file.
:func:`pdf` is that page printed by ``pdf.py`` (A4, the title and page
numbers in the footer). markdown-it-py is imported here, when a page is made.
"""

from __future__ import annotations

from typing import Any, Mapping

from wizard.documents import environment


def page(markdown: str, *, title: str, lang: str, figures: Mapping[str, str] | None = None, kind: str = "") -> str:
    """The whole HTML page of a Markdown document; ``kind`` (``decision``, ``report``) picks its print styles in the template."""
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markupsafe import Markup

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    assert isinstance(md.renderer, RendererHTML)  # the default renderer: its rules are what we override
    inline = dict(figures or {})
    default_image = md.renderer.rules["image"]

    def image(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        src = tokens[idx].attrGet("src")
        if src in inline:
            return f'<span class="figure">{inline[src]}</span>'
        return default_image(tokens, idx, options, env)

    md.add_render_rule("image", image)
    return environment.render("page.html.j2", title=title, lang=lang, body=Markup(md.render(markdown)), kind=kind)


def pdf(markdown: str, *, title: str, lang: str, figures: Mapping[str, str] | None = None, kind: str = "") -> bytes:
    """The PDF of :func:`page`: what a colleague prints or files."""
    from wizard.documents import pdf as pdf_module

    return pdf_module.render(page(markdown, title=title, lang=lang, figures=figures, kind=kind))
