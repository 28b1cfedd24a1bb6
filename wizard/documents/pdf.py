"""PDF from HTML: the one place that knows WeasyPrint.

HTML in, PDF bytes out. Every PDF document (the signs, ``signs.pdf``, the
tenant letters, the action plan; later the decision paper and the yearly
report) is an HTML page from ``output/`` rendered here, so what a browser
shows and what the print shop gets come from the same HTML and CSS::

    from wizard.documents import pdf

    reason = pdf.unavailable()           # None, or one sentence naming the package to install
    data = pdf.render(html)              # one document
    data = pdf.render_many([a, b, c])    # several documents, one after the other (signs.pdf)
    n = pdf.page_count(html)             # how many pages the HTML takes, without writing a PDF
    doc = pdf.document(html)             # the laid-out pages, to look at before writing ...
    data = pdf.write([doc])              # ... and then the PDF of one or more laid-out documents

What every PDF gets:

- **Metadata** from the HTML itself: the title from ``<title>``, the
  language from ``<html lang>`` (the PDF's ``/Lang``), written as PDF/A-2u
  (XMP metadata, an sRGB output intent, Unicode text); tagged, so a screen
  reader and a copy-paste follow the reading order.
- **Fonts embedded** (subsets), and text that can be selected and searched.
- **Nothing fetched.** Only ``data:`` URIs load (the logos are embedded that
  way); a ``file:`` or ``http:`` address in a template or a value is never
  read. An SVG is drawn as a picture: its scripts never run.
- **The same bytes every time** for the same HTML: no dates are written.

WeasyPrint is imported on the first call here, never at start-up. It needs
Pango from the system (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``, with a
font such as ``fonts-dejavu-core``); where that is missing, :func:`unavailable`
says so in one sentence and :func:`render` raises :class:`PdfUnavailable`
with the same sentence.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Iterable, Sequence

#: What to install on Debian when WeasyPrint cannot load its system libraries (also in ``.ci/run``).
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")

#: PDF/A-2u: XMP metadata with title and language, an output intent, Unicode text for every glyph.
PDF_VARIANT = "pdf/a-2u"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing; the message says what to install."""


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """None when PDFs can be made here, else one sentence naming what to install."""
    from wizard.i18n import t

    try:
        import weasyprint  # noqa: F401  (imported here, never at start-up)
    except ImportError:
        return t("exports.pdf.no_weasyprint")
    except OSError:  # cffi could not load Pango or a library it needs
        return t("exports.pdf.no_pango", packages=" ".join(DEBIAN_PACKAGES))
    return None


def _weasyprint() -> Any:
    reason = unavailable()
    if reason is not None:
        raise PdfUnavailable(reason)
    import weasyprint

    # WeasyPrint logs every CSS property it does not know (e.g. print-color-adjust) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint


@lru_cache(maxsize=1)
def _fetcher() -> Any:
    """Loads ``data:`` URIs only: a document never reads a file or the network."""
    return _weasyprint().URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def document(html: str) -> Any:
    """The laid-out WeasyPrint document of ``html`` (its ``pages``), for callers that look at the layout."""
    return _weasyprint().HTML(string=html, url_fetcher=_fetcher()).render()


def page_count(html: str) -> int:
    """How many pages ``html`` takes when printed."""
    return len(document(html).pages)


def write(docs: Sequence[Any], title: str | None = None) -> bytes:
    """One PDF with the pages of the laid-out ``docs`` (from :func:`document`) in order.

    Metadata from the first document; ``title`` replaces its title (a file
    of many documents is about all of them). No documents give an empty
    bytes string (there is no PDF of nothing).
    """
    if not docs:
        return b""
    doc = docs[0] if len(docs) == 1 else docs[0].copy([page for d in docs for page in d.pages])
    if title is not None:  # on a copy: a laid-out document may be written again under its own title
        import copy

        doc = doc.copy(doc.pages)
        doc.metadata = copy.copy(doc.metadata)
        doc.metadata.title = title
    return doc.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render(html: str) -> bytes:
    """The PDF of one HTML document: title and language from the HTML, fonts embedded."""
    return write([document(html)])


def render_many(htmls: Iterable[str], title: str | None = None) -> bytes:
    """One PDF with the pages of every HTML document in order; language (and title, unless given) from the first."""
    return write([document(h) for h in htmls], title)
