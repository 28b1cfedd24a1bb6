"""progress.md: the progress report (template ``output/progress.md.j2``); the figures are ``wizard.progress``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.documents import environment
from wizard.documents.formatting import fmt_date, fmt_number
from wizard.parse import is_count

if TYPE_CHECKING:
    from wizard import model
    from wizard.documents.view import PortfolioView


def render(view: PortfolioView) -> str:
    """progress.md: how far each municipality has come, the company's own items, reports per quarter."""
    from wizard.progress import portfolio_progress

    lang = view.lang
    pp = portfolio_progress(view.portfolio, view.catalog)
    by_code = {c.code: c for c in pp.cities}
    company_items = [
        (
            i.title(lang),
            _status(view, view.settings.progress.get(i.id)),
            view.settings.progress.get(i.id),
        )
        for i in view.catalog.items("company")
    ]
    company_overdue = view.overdue(None)
    cities = []
    quarters: dict[str, int] = {}
    for city in view.portfolio.sorted_cities():
        v = view.city_view(city)
        cp = by_code[city.code]
        items = [(i.title(lang), _status(view, city.progress.get(i.id)), city.progress.get(i.id)) for i in view.catalog.items("city")]
        reports = {q: n for q, n in sorted(city.reports.items()) if is_count(n)}
        for q, n in reports.items():
            quarters[q] = quarters.get(q, 0) + int(n)
        cities.append(
            {
                "view": v,
                "p": cp,
                "checklist": items,
                "missing": v.missing_kinds,
                "reports": ", ".join(f"{q}: {fmt_number(n, lang)}" for q, n in reports.items()),
                "overdue": [e.title(lang) + " (" + fmt_date(e.due) + ")" for e in v.overdue],
            }
        )
    return environment.render(
        "progress.md.j2",
        **view.common(),
        pp=pp,
        complete_partners=pp.partners_complete,
        overdue_total=len(company_overdue) + sum(len(c["view"].overdue) for c in cities),
        company_items=company_items,
        company_overdue=[e.title(lang) + " (" + fmt_date(e.due) + ")" for e in company_overdue],
        cities=cities,
        quarters=sorted(quarters.items()),
    )


def _status(view: PortfolioView, entry: "model.ProgressEntry | None") -> str:
    status = entry.status if entry else "todo"
    try:
        return view.t(f"status.{status}")
    except KeyError:
        return status
