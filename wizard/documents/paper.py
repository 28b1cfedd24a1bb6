"""A Markdown document as a printed paper: A4, the house style, page numbers (template ``output/paper.html.j2``).

For the documents whose words live in Markdown (the action plan; later the
decision paper and the yearly report): ``paper.html(markdown, title, lang)``
gives the page, ``paper.pdf(...)`` its PDF through ``pdf.py``. The Markdown
is turned into HTML by markdown-it-py (CommonMark with tables); the values in
it were escaped when the Markdown was written, so nothing in them becomes
HTML here either (``html=False``).
"""

from __future__ import annotations

from wizard.documents import environment


def html(markdown: str, title: str, lang: str) -> str:
    """The page: the Markdown as HTML inside ``output/paper.html.j2``, titled ``title``, in ``lang``."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return environment.render("paper.html.j2", title=title, lang=lang, body=Markup(body))


def pdf(markdown: str, title: str, lang: str) -> bytes:
    """The PDF of :func:`html`."""
    from wizard.documents import pdf as pdf_module

    return pdf_module.render(html(markdown, title, lang))
