"""Every exported document: one module per document, one registry, one entry point.

:func:`export` writes the whole set for ``huskurage export``, ``huskurage
demo --export`` and the TUI's review step; the ``render_*`` functions give one
document as text, for previews in the TUI and for tests. Where things are::

    __init__.py       export(), render_*(), REGISTRY: which documents there are
    view.py           PortfolioView: what every document reads, computed once per export
    action_plan.py    action-plan.md and .pdf        (output/action-plan.md.j2)
    decision.py       decision.md, .html and .pdf    (output/decision.md.j2): the board's decision paper
    report.py         report-<year>.md/.html/.pdf/.svg (output/report.md.j2, report-chart.svg.j2): the yearly report
    follow_up.py      follow-up.md                   (output/follow-up.md.j2)
    follow_up_ics.py  follow-up.ics, built with icalendar; ics.py writes it fast
    progress.py       progress.md                    (output/progress.md.j2)
    sign.py           signs/<code>-<slug>.html and .pdf, signs.pdf, and the estimate of its height (output/sign.html.j2)
    tenant_info.py    tenant-info/<code>-<slug>.md, .html, .pdf (output/tenant-info.md.j2, .html.j2)
    plan_toml.py      plan.toml, and reading it back for ``huskurage init --from``
    formatting.py     numbers, dates, escaping of user text, report counts below 3
    html_page.py      a Markdown document as a printable A4 page (output/page.html.j2), and its PDF
    environment.py    the Jinja2 environments and the template folder
    logos.py          reading the signs' logos safely
    output_set.py     writing a set: never a file it did not write, never through a link, all or nothing
    children.py       the forked children that render the largest documents beside the rest
    pdf.py            PDF from HTML (WeasyPrint, imported only when a PDF is made); render(html) -> bytes
    errors.py         ExportError

A document is a module with ``render(view)`` (one file) or ``render(view,
city)`` (one file per municipality: ``{stem}`` in its path), a template in
``output/``, and a line in :data:`REGISTRY`. A path with ``{year}`` is the
yearly report: written only when an export asks for a year (``--report``).
Another form of the same document (its HTML page, its PDF) is another
function of the same module, named in the registry line; a PDF is made from
the same HTML (``pdf.py``), and where the system cannot make PDFs the export
says so once and writes the other formats.

User text is never markup. HTML templates are autoescaped. In Markdown
templates every ``{{ value }}`` passes through :func:`md_escape` (the
environment's ``finalize``), so a ``|`` or a newline in a name cannot break a
table and ``*`` or ``<script>`` stay literal; only values wrapped in
``Markup`` pass unescaped.

Output is deterministic: ``today`` fixes every date (the ICS ``DTSTAMP`` is
its midnight UTC), the version comes from ``wizard.__version__``, cities come
in kommunkod order. ``follow-up.ics`` is built with icalendar and
``plan.toml`` written with tomli_w; the tests read them back with icalendar
and tomllib. jinja2, icalendar and tomli_w are imported inside the functions
that use them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Sequence

from wizard import model
from wizard.documents import action_plan, decision, follow_up, follow_up_ics, plan_toml, progress, report, sign, tenant_info
from wizard.documents.children import fork_is_safe
from wizard.documents.errors import ExportError
from wizard.documents.formatting import md_escape, one_line
from wizard.documents.logos import Logos, read_logo
from wizard.documents.output_set import write_set
from wizard.documents.plan_toml import plan_logos, plan_to_portfolio
from wizard.documents.view import PortfolioView
from wizard.i18n import LANGUAGES

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.model import City, Portfolio

__all__ = [
    "FORMATS",
    "REGISTRY",
    "Document",
    "ExportError",
    "PortfolioView",
    "export",
    "md_escape",
    "one_line",
    "plan_logos",
    "plan_to_portfolio",
    "read_logo",
    "render_action_plan",
    "render_decision",
    "render_report",
    "render_follow_up",
    "render_follow_up_ics",
    "render_plan_toml",
    "render_progress",
    "render_sign",
    "render_tenant_info",
]

FORMATS = ("md", "toml", "ics", "html", "pdf")
SIGNS_DIR = "signs"
SIGNS_PDF = "signs.pdf"
TENANT_DIR = "tenant-info"


@dataclass(frozen=True)
class Document:
    """One document of the set: where it goes, the ``--format`` that asks for it, the module that renders it.

    A ``path`` with ``{stem}`` is one file per municipality (``<code>-<slug>``)
    made by ``module.render(view, city)``; any other, one file made by
    ``module.render(view)``. ``render`` is looked up in the module each time.
    """

    path: str
    format: str
    module: ModuleType
    function: str = "render"  # the module's function that makes this form of the document

    @property
    def per_city(self) -> bool:
        return "{stem}" in self.path

    @property
    def per_year(self) -> bool:
        """The yearly report: written only when the export names a year."""
        return "{year}" in self.path

    def render(self, view: PortfolioView, *city: "City") -> str | bytes:
        return getattr(self.module, self.function)(view, *city)


# Every document, in the order an export writes them (those per municipality city by city).
REGISTRY = (
    Document("action-plan.md", "md", action_plan),
    Document("action-plan.pdf", "pdf", action_plan, "render_pdf"),
    Document("decision.md", "md", decision),
    Document("decision.html", "html", decision, "render_html"),
    Document("decision.pdf", "pdf", decision, "render_pdf"),
    Document("report-{year}.md", "md", report),
    Document("report-{year}.svg", "md", report, "render_chart"),
    Document("report-{year}.html", "html", report, "render_html"),
    Document("report-{year}.pdf", "pdf", report, "render_pdf"),
    Document("follow-up.md", "md", follow_up),
    Document("progress.md", "md", progress),
    Document("follow-up.ics", "ics", follow_up_ics),
    Document("plan.toml", "toml", plan_toml),
    Document(SIGNS_PDF, "pdf", sign, "render_all_pdf"),
    Document(f"{SIGNS_DIR}/{{stem}}.html", "html", sign),
    Document(f"{SIGNS_DIR}/{{stem}}.pdf", "pdf", sign, "render_pdf"),
    Document(f"{TENANT_DIR}/{{stem}}.md", "md", tenant_info),
    Document(f"{TENANT_DIR}/{{stem}}.html", "html", tenant_info, "render_html"),
    Document(f"{TENANT_DIR}/{{stem}}.pdf", "pdf", tenant_info, "render_pdf"),
)

# Where a fork is safe, each group is rendered in order by a forked child of
# its own while this process renders the rest, when the group's first
# document is exported. These are the largest documents: the whole plan, and
# some 70,000 calendar lines for 290 municipalities; the calendar and
# follow-up.md list the same events, so those are computed once, in that
# child, and never here.
FORKED = (("plan.toml",), ("follow-up.ics", "follow-up.md"))


# ------------------------------------------------------------------ one document, for previews and tests


def render_action_plan(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _render_one(action_plan, portfolio, lang, today, **kw)


def render_follow_up(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _render_one(follow_up, portfolio, lang, today, **kw)


def render_follow_up_ics(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> bytes:
    return _render_one(follow_up_ics, portfolio, lang, today, **kw)


def render_progress(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _render_one(progress, portfolio, lang, today, **kw)


def render_decision(portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    return _render_one(decision, portfolio, lang, today, **kw)


def render_report(portfolio: "Portfolio", year: int, lang: str = "sv", today: dt.date | None = None, **kw: Any) -> str:
    """The yearly report on ``year`` against the year before, as Markdown."""
    return _render_one(report, portfolio, lang, today, report_year=year, **kw)


def render_sign(
    portfolio: "Portfolio",
    code: str,
    lang: str = "sv",
    today: dt.date | None = None,
    *,
    logos_root: Path | None = None,
    area: str = "",
    **kw: Any,
) -> str:
    """The sign of one municipality (or of its ``area`` with partners of its own); its languages are the city's ``sign.languages``, not ``lang``."""
    return _render_one(sign, portfolio, lang, today, code, logos_root=logos_root, area=area, **kw)


def render_tenant_info(
    portfolio: "Portfolio", code: str, lang: str = "sv", today: dt.date | None = None, *, area: str = "", **kw: Any
) -> str:
    """The tenant letter of one municipality (or of its ``area`` with partners of its own), in the city's sign languages."""
    return _render_one(tenant_info, portfolio, lang, today, code, area=area, **kw)


def render_plan_toml(
    portfolio: "Portfolio", lang: str = "sv", today: dt.date | None = None, *, logos_root: Path | None = None, **kw: Any
) -> str:
    return _render_one(plan_toml, portfolio, lang, today, logos_root=logos_root, **kw)


def _render_one(
    module: ModuleType,
    portfolio: "Portfolio",
    lang: str,
    today: dt.date | None,
    code: str | None = None,
    *,
    logos_root: Path | None = None,
    area: str = "",
    **kw: Any,
) -> Any:
    """``module``'s document, for ``code``'s municipality (``area``'s own where given) when it is one per municipality."""
    today = today or dt.date.today()
    _check_year(kw.get("report_year"), today)
    view = PortfolioView(portfolio, _check_lang(lang), today, logos=Logos(logos_root, None), **kw)
    if code is None:
        return module.render(view)
    city = portfolio.cities[code]
    return module.render(view, city.for_area(area) if area else city)


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ExportError("unknown_language", value=lang)
    return lang


def _check_year(year: int | None, today: dt.date) -> None:
    """A yearly report is on a year that has begun: the year before it is the comparison."""
    if year is not None and not 2000 <= year <= today.year:
        raise ExportError("report_year", value=year, last=today.year)


# ------------------------------------------------------------------ the whole set


def export(
    portfolio: "Portfolio",
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "sv",
    cities: list[str] | None = None,
    today: dt.date | None = None,
    horizon_months: int = 24,
    force: bool = False,
    findings: Sequence[Any] = (),
    logos_root: Path | None = None,
    logos: dict[str, bytes] | None = None,
    progress: Callable[[str], None] | None = None,
    notice: Callable[[str], None] | None = None,
    catalog: "Catalog | None" = None,
    parallel: bool | None = None,
    report_year: int | None = None,
    with_history: bool = False,
) -> list[Path]:
    """Write the documents of ``formats`` into ``out_dir``; return the files written, in order.

    ``with_history`` adds the dated rows of changes to ``plan.toml`` and
    ``progress.md``, which carry none otherwise.

    A portfolio holding text that looks like case data (:mod:`wizard.privacy`)
    is never exported: :class:`ExportError`, whatever ``force`` says.
    ``findings`` are the open findings of ``validate``; with any error among
    them nothing is exported unless ``force``, and then every document says on
    top that it was exported with open findings. ``cities`` (kommunkoder or
    names) limits the per-municipality documents and the reports to those
    municipalities; ``plan.toml`` always holds the whole plan. ``report_year``
    adds the yearly report on that year (``report-<year>.*``, in the formats
    asked for). All or nothing:
    on any failure an :class:`ExportError` is raised and ``out_dir`` is as it was
    (``output_set.py``).

    ``logos`` are logo files by path (``logos/x.svg``) for a portfolio that
    has no folder, as the demo's placeholders; ``logos_root`` is the folder
    whose ``logos/`` holds them otherwise.

    ``notice`` hears what a user must know about the set, one sentence each:
    a logo left out and why, PDFs not made because the system lacks what they
    need (the other formats are still written). Without it, notices go to
    ``progress``.

    ``parallel``: render the documents of :data:`FORKED` in forked child
    processes while this one renders the rest (``children.py``). None (the
    default) does so only where that is safe: on Linux, in a process with no
    other thread (the command line; not the TUI, which exports from a worker
    thread). True forks wherever ``os.fork`` exists, False never forks; the
    bytes written are the same either way.
    """
    out_dir = Path(out_dir)
    for f in formats:
        if f not in FORMATS:
            raise ExportError("unknown_format", value=f, allowed=", ".join(FORMATS))
    _check_lang(lang)
    _check_year(report_year, today or dt.date.today())
    case_data = _case_data(portfolio)
    if case_data:  # never exported, whatever ``force`` says: DESIGN.md, Privacy
        raise ExportError("case_data", n=len(case_data), where=case_data[0].location)
    errors = [f for f in findings if getattr(f, "severity", "error") == "error"]
    whole = [f for f in errors if not getattr(f, "blocks", ())]
    if whole and not force:
        raise ExportError("open_findings", n=len(whole))
    # Errors that hold back only some municipalities' signs and letters (no reporting route):
    # without --force those are left out, and the rest of the set is written.
    held = set() if force else {code for f in errors for code in getattr(f, "blocks", ())}
    codes = _resolve_cities(portfolio, cities)
    view = PortfolioView(
        portfolio,
        lang,
        today or dt.date.today(),
        catalog=catalog,
        cities=codes,
        findings=errors if force else [],
        horizon_months=horizon_months,
        held=held,
        logos=Logos(logos_root, notice or progress, logos),
        report_year=report_year,
        with_history=with_history,
    )
    wanted = [d for d in REGISTRY if d.format in formats and (report_year is not None or not d.per_year)]
    if "pdf" in formats:
        from wizard.documents import pdf

        reason = pdf.unavailable()
        if reason is not None:  # the other formats are still written
            wanted = [d for d in wanted if d.format != "pdf"]
            if notice is not None:
                notice(reason)
    every_sign_held = all(c.code in held for c in view.portfolio.sorted_cities())
    jobs: list[tuple[str, Callable[[], str | bytes]]] = [
        (d.path.format(year=report_year) if d.per_year else d.path, partial(d.render, view))
        for d in wanted
        if not d.per_city and not (d.path == SIGNS_PDF and every_sign_held)  # no PDF of no sign
    ]
    per_city = [d for d in wanted if d.per_city]
    for city in view.portfolio.sorted_cities():
        for place in view.sign_places(city):  # the municipality's, then an area's with partners of its own
            stem = view.stem(place)
            jobs += [(d.path.format(stem=stem), partial(d.render, view, place)) for d in per_city if city.code not in held]
    left_out = [view.city_name(c) for c in view.portfolio.sorted_cities() if c.code in held]
    if left_out and per_city and notice is not None:
        notice(view.t("progress_msg.held_back", names=", ".join(left_out)))
    # With every municipality exported, files of municipalities no longer in the portfolio go.
    stale_dirs = [str(PurePosixPath(d.path).parent) for d in per_city] if codes is None else []
    detach: list[list[str]] = []
    if hasattr(os, "fork") and (parallel if parallel is not None else fork_is_safe()):
        paths = {rel for rel, _ in jobs}
        detach = [[rel for rel in group if rel in paths] for group in FORKED if group[0] in paths]
    # The portfolio and catalog live through the whole export, and what an
    # export builds (~7,000 calendar events, hundreds of documents) is freed by
    # reference counting; left on, the cyclic garbage collector walks it all
    # again and again (the calendar alone renders ~15% faster without it for
    # 290 municipalities), and in a forked child it would copy every page of
    # the portfolio it visits.
    from wizard import memory

    with memory.collection_paused():
        return write_set(out_dir, jobs, stale_dirs, progress, detach)


def _case_data(portfolio: "Portfolio") -> list[Any]:
    """Every text of the portfolio that looks like case data (``validation.case_data``): what no export may carry."""
    from wizard.validation import case_data

    found = list(case_data(model.COMPANY_FILE, portfolio.settings))
    for city in portfolio.sorted_cities():
        found += case_data(f"{model.CITIES_DIR}/{model.city_filename(city.code, city.name)}", city)
    return found


def _resolve_cities(portfolio: "Portfolio", cities: Sequence[str] | None) -> list[str] | None:
    if cities is None:
        return None
    codes = []
    for query in cities:
        if query in portfolio.cities:
            codes.append(query)
            continue
        hits = [c.code for c in portfolio.cities.values() if model.fold(c.name) == model.fold(query)]
        if not hits:
            raise ExportError("unknown_city", value=query)
        codes.append(hits[0])
    return list(dict.fromkeys(codes))
