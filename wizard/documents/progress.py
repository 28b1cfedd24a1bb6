"""progress.md: the progress report (template ``output/progress.md.j2``); the figures are ``wizard.progress``'s."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from wizard import history, model, privacy
from wizard.documents import environment
from wizard.documents.formatting import fmt_date, fmt_number, fmt_report_count
from wizard.parse import is_count

if TYPE_CHECKING:
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
    cities: list[dict[str, Any]] = []  # the template's rows
    quarters: dict[str, list[int]] = {}
    number = partial(fmt_number, lang=lang)
    for city in view.portfolio.sorted_cities():
        v = view.city_view(city)
        cp = by_code[city.code]
        items = [(i.title(lang), _status(view, city.progress.get(i.id)), city.progress.get(i.id)) for i in view.catalog.items("city")]
        reports = {q: int(n) for q, n in sorted(city.reports.items()) if is_count(n)}
        for q, n in reports.items():
            quarters.setdefault(q, []).append(n)
        cities.append(
            {
                "view": v,
                "p": cp,
                "checklist": items,
                "missing": v.missing_kinds,
                # Below 3 a count is withheld, in every document that leaves the security function.
                "reports": ", ".join(f"{q}: {fmt_report_count(n, lang)}" for q, n in reports.items()),
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
        quarters=[(q, privacy.report_total(counts, number)) for q, counts in sorted(quarters.items())],
        history=_history(view) if view.with_history else [],
    )


def _history(view: PortfolioView) -> list[tuple[dt.date, str, str, str, str]]:
    """The history rows as the report shows them: day, where, field, from, to; report counts withheld below 3."""
    rows = [(h, view.t("progress.history_company")) for h in view.settings.history]
    rows += [(h, view.city_name(city)) for city in view.portfolio.sorted_cities() for h in city.history]
    titles = {i.id: i.title(view.lang) for i in view.catalog.items()}
    parts = {"status": view.t("progress.status"), "date": view.t("progress.date"), "note": view.t("progress.note")}
    out = []
    for h, where in sorted(rows, key=lambda r: model.instant(r[0].at)):
        what, old, new = h.field, h.old, h.new
        _, item, part = (h.field.split(".") + ["", ""])[:3]
        if h.field.startswith("progress.") and item in titles and part in parts:
            what = f"{titles[item]}: {parts[part].lower()}"
            if part == "status":
                old, new = (_status(view, model.ProgressEntry(v)) if v else v for v in (old, new))
        elif history.is_report(h.field):  # in a document that leaves the security function
            old, new = (fmt_report_count(int(v), view.lang) if v.isdigit() else v for v in (old, new))
        out.append((h.day, where, what, old, new))
    return out


def _status(view: PortfolioView, entry: "model.ProgressEntry | None") -> str:
    status = entry.status if entry else "todo"
    try:
        return view.t(f"status.{status}")
    except KeyError:
        return status
