"""report-<year>.md, .svg and .html: the yearly report on the key figures (templates ``output/report.md.j2``, ``output/report-chart.svg.j2``).

Per municipality and for the whole portfolio, the year against the year
before (``wizard.key_figures``): sign coverage, tenants informed, the share
trained per role, partners in contact within 12 months, reports per quarter
with how many were handled within the commitment beside them, and the
customer surveys before and after the rollout. Report counts pass through
:func:`~wizard.documents.formatting.fmt_report_count` ("< 3" below three).
The chart is plain SVG from a template: the shares people would rather look
at than read, a bar for each year. The Markdown links to it; the HTML page
carries it inside. Words in ``strings/report.toml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard.documents import environment, html_page
from wizard.documents.formatting import fmt_number, fmt_report_count, fmt_share
from wizard.progress import NOTHING, Share

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView
    from wizard.key_figures import CityYears, YearFigures
    from wizard.model import Survey

CHART_QUESTION = "aware"  # the survey question the chart shows: awareness was the weak point (domain.md §1)


@dataclass(frozen=True)
class Report:
    year: int
    previous: int
    as_of: dt.date  # the day the year's figures are taken: its last day, or today while it runs
    cities: list["CityYears"]


def _report(view: PortfolioView) -> Report:
    from wizard.key_figures import city_years, year_end

    def make() -> Report:
        year = view.report_year if view.report_year is not None else view.today.year
        cities = [city_years(c, view.catalog, year, view.today, view.city_name(c)) for c in view.portfolio.sorted_cities()]
        return Report(year, year - 1, year_end(year, view.today), cities)

    return view.once("report", make)


def file_stem(view: PortfolioView) -> str:
    return f"report-{_report(view).year}"


def render(view: PortfolioView) -> str:
    """report-<year>.md."""
    r = _report(view)
    lang = view.lang
    rt = view.texts("report")
    return environment.render(
        "report.md.j2",
        **{**view.common(), "t": rt},
        year=r.year,
        previous=r.previous,
        as_of=r.as_of,
        running=r.as_of < dt.date(r.year, 12, 31),
        chart=f"{file_stem(view)}.svg",
        totals=_totals(r, rt, lang),
        cities=[_city(c, view, rt) for c in r.cities],
    )


def render_html(view: PortfolioView) -> str:
    """report-<year>.html: the report as a printable page with the chart inside (``kind``: printed, tables kept whole)."""
    return html_page.page(render(view), title=_title(view), lang=view.lang, figures=_figures(view), kind="report")


def render_pdf(view: PortfolioView) -> bytes:
    """report-<year>.pdf: the same page, printed, with the chart drawn in it."""
    return html_page.pdf(render(view), title=_title(view), lang=view.lang, figures=_figures(view), kind="report")


def _title(view: PortfolioView) -> str:
    return view.texts("report")("title", year=_report(view).year, company=view.settings.company.name or "–")


def _figures(view: PortfolioView) -> dict[str, str]:
    return {f"{file_stem(view)}.svg": render_chart(view)}


# ------------------------------------------------------------------ rows


def _of(share: Share, lang: str, rt: Any, percent: bool = True) -> str:
    if not share.whole:
        return "–"
    text = rt("of", n=fmt_number(share.part, lang), m=fmt_number(share.whole, lang))
    return f"{text} ({fmt_share(share.ratio, lang)})" if percent else text


def _totals(r: Report, rt: Any, lang: str) -> list[tuple[str, str, str]]:
    def summed(pick: Any) -> tuple[Share, Share]:
        return sum((pick(c.before) for c in r.cities), NOTHING), sum((pick(c.this) for c in r.cities), NOTHING)

    informed = (
        Share(sum(1 for c in r.cities if c.before.informed), len(r.cities)),
        Share(sum(1 for c in r.cities if c.this.informed), len(r.cities)),
    )
    rows = [
        (rt("signs"), *summed(lambda y: y.signs), True),
        (rt("informed_cities"), *informed, False),
        (rt("trained_all"), *summed(lambda y: y.trained), True),
        (rt("partners_contacted"), *summed(lambda y: y.partners_contacted), False),
    ]
    return [(label, _of(before, lang, rt, pct), _of(this, lang, rt, pct)) for label, before, this, pct in rows]


def _city(c: "CityYears", view: PortfolioView, rt: Any) -> dict[str, Any]:
    lang = view.lang
    rows = [
        (rt("signs"), _of(c.before.signs, lang, rt), _of(c.this.signs, lang, rt)),
        (rt("informed"), _informed(c.before, rt), _informed(c.this, rt)),
    ]
    for role in view.catalog.roles:
        before, this = c.before.training.get(role.id), c.this.training.get(role.id)
        if before is None and this is None:
            continue
        rows.append((rt("trained_role", role=role.name(lang)), _of(before or NOTHING, lang, rt), _of(this or NOTHING, lang, rt)))
    rows.append((rt("partners_contacted"), _of(c.before.partners_contacted, lang, rt, False), _of(c.this.partners_contacted, lang, rt, False)))
    quarters = [
        (
            q.split("-")[1],
            fmt_report_count(c.before.reports[qb], lang),
            fmt_report_count(c.before.handled[qb], lang),
            fmt_report_count(c.this.reports[q], lang),
            fmt_report_count(c.this.handled[q], lang),
        )
        for qb, q in zip(c.before.reports, c.this.reports, strict=True)
    ]
    surveys = [s for s in (*c.before.surveys, *c.this.surveys)]
    return {
        "name": c.name,
        "code": c.code,
        "rows": rows,
        "quarters": quarters,
        "any_reports": any(v is not None for y in (c.before, c.this) for v in y.reports.values()),
        "surveys": [_survey_head(s, c, view, rt) for s in surveys],
        "answers": [
            (q.text(lang), [_yes(s, q.id, lang) for s in surveys]) for q in view.catalog.questions
        ],
    }


def _informed(y: "YearFigures", rt: Any) -> str:
    return y.informed.isoformat() if y.informed else rt("not_yet")


def _survey_head(s: "Survey", c: "CityYears", view: PortfolioView, rt: Any) -> str:
    side = rt(f"survey_{c.rollout_side(s)}")
    return rt("survey_head", date=s.date.isoformat() if s.date else "–", side=side, n=fmt_number(s.respondents, view.lang))


def _yes(s: "Survey", question: str, lang: str) -> str:
    value = s.yes.get(question)
    return fmt_share(value / 100, lang) if isinstance(value, (int, float)) and not isinstance(value, bool) else "–"


# ------------------------------------------------------------------ the chart


BAR = 10  # px, one year's bar
LABEL_WIDTH = 200
PLOT_WIDTH = 360
VALUE_WIDTH = 56
ROW = 2 * BAR + 10
HEAD = 22


def render_chart(view: PortfolioView) -> str:
    """report-<year>.svg: per municipality, the year before and the year as bars, for signs, training and awareness."""
    r = _report(view)
    lang = view.lang
    rt = view.texts("report")
    question = view.catalog.question(CHART_QUESTION)
    groups = []
    y = 64
    for c in r.cities:
        metrics = [
            (rt("chart_signs"), c.before.signs.ratio, c.this.signs.ratio),
            (rt("chart_trained"), c.before.trained.ratio, c.this.trained.ratio),
        ]
        if question is not None:
            metrics.append((question.short(lang), _latest_yes(c.before.surveys), _latest_yes(c.this.surveys)))
        rows = []
        top = y + HEAD
        for i, (label, before, this) in enumerate(metrics):
            row_y = top + i * ROW
            rows.append(
                {
                    "label": label,
                    "y": row_y,
                    "bars": [
                        {"y": row_y, "value": before, "width": _width(before), "text": fmt_share(before, lang), "kind": "before"},
                        {"y": row_y + BAR + 1, "value": this, "width": _width(this), "text": fmt_share(this, lang), "kind": "this"},
                    ],
                }
            )
        groups.append({"name": c.name, "y": y, "rows": rows})
        y = top + len(metrics) * ROW + 8
    height = y + 26
    return environment.render(
        "report-chart.svg.j2",
        title=rt("chart_title", year=r.year, previous=r.previous),
        description=rt("chart_description", year=r.year, previous=r.previous),
        year=r.year,
        previous=r.previous,
        groups=groups,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH + 16,
        height=height,
        left=LABEL_WIDTH,
        plot=PLOT_WIDTH,
        bar=BAR,
        axis_y=y,
        ticks=[(LABEL_WIDTH + PLOT_WIDTH * p // 100, fmt_share(p / 100, lang)) for p in (0, 25, 50, 75, 100)],
        no_data=rt("chart_no_data"),
    )


def _width(ratio: float | None) -> int:
    return 0 if ratio is None else round(max(0.0, min(1.0, ratio)) * PLOT_WIDTH)


def _latest_yes(surveys: tuple["Survey", ...]) -> float | None:
    dated = [(s.date, s) for s in surveys if s.date is not None and isinstance(s.yes.get(CHART_QUESTION), (int, float))]
    if not dated:
        return None
    return max(dated, key=lambda d: d[0])[1].yes[CHART_QUESTION] / 100
