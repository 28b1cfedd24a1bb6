"""action-plan.md: the internal action plan (template ``output/action-plan.md.j2``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from wizard.documents import environment, html_page
from wizard.documents.formatting import fmt_number, fmt_share
from wizard.parse import is_count

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView


def render(view: PortfolioView) -> str:
    """action-plan.md: the internal action plan of the whole company (the selected cities)."""
    from wizard import schedule
    from wizard.sizing import FORMULA

    lang = view.lang
    s = view.settings
    steps, acute, variant = view.advice(lang)
    question, also, reason = view.advice_frame(lang)
    wanted = view.commitments.get(s.action_plan.wanted_commitment)
    example = None
    if wanted is not None:
        reported = dt.date(view.today.year, 12, 23)
        while not schedule.is_working_day(reported):
            reported -= dt.timedelta(days=1)
        example = (reported, schedule.add_working_days(reported, wanted.working_days))
    roles = [(r.name(lang), s.action_plan.roles.get(r.id) or r.duty(lang)) for r in view.catalog.roles]
    totals: dict[str, list[Any]] = {}
    for city in view.portfolio.sorted_cities():
        for rid, tr in city.training.items():
            acc = totals.setdefault(rid, [0, 0])
            acc[0] += tr.staff if is_count(tr.staff) else 0
            acc[1] += tr.trained if is_count(tr.trained) else 0
    sz = s.sizing
    assumptions = [
        (view.t("sizing.reports_per_1000_apartments"), fmt_number(sz.reports_per_1000_apartments, lang, 1)),
        (view.t("sizing.hours_handling"), fmt_number(sz.hours_handling, lang, 1)),
        (view.t("sizing.hours_home_visit"), fmt_number(sz.hours_home_visit, lang, 1)),
        (view.t("sizing.hours_follow_up"), fmt_number(sz.hours_follow_up, lang, 1)),
        (view.t("sizing.home_visit_share"), fmt_share(sz.home_visit_share, lang) if is_count(sz.home_visit_share) else str(sz.home_visit_share)),
        (view.t("sizing.peak_factor"), fmt_number(sz.peak_factor, lang, 1)),
        (view.t("sizing.working_weeks"), fmt_number(sz.working_weeks, lang)),
    ]
    police = view.number("11414")
    script = view.catalog.script
    return environment.render(
        "action-plan.md.j2",
        **view.common(),
        settings=s,
        decision=s.company.decision_date,
        contact_status=_contact_status(view, s.huskurage.status),
        steps=steps,
        acute=acute,
        question=question,
        also=also,
        variant=variant,
        reason=reason,
        child_concern=s.advice.child_concern,
        wanted=wanted,
        wanted_name=view.commitment_name(s.action_plan.wanted_commitment),
        example=example,
        home_visits=s.action_plan.home_visits,
        reporter=[step(lang) for step in script.reporter],
        home_visit=[step(lang) for step in script.home_visit],
        leave=view.referral_numbers(script.leave),
        never_write=[line(lang) for line in script.never_write],
        scripts=[
            {
                "name": r.name(lang),
                "acute": r.acute(lang),
                "non_acute": r.non_acute(lang),
                "ask": [q(lang) for q in r.ask],
                "call_112": [q(lang) for q in r.call_112],
                "takes_reports": bool(r.ask),
                "cases": [c.title(lang) for c in script.cases_for(r.id)],
            }
            for r in view.catalog.roles
        ],
        cases=[
            {"title": c.title(lang), "steps": [step(lang) for step in c.steps], "refer": view.referral_numbers(c.refer)}
            for c in script.cases
        ],
        roles=roles,
        training=view.training_rows({k: (v[0], v[1]) for k, v in totals.items()}),
        cities=[view.city_view(c) for c in view.portfolio.sorted_cities()],
        numbers=[(n.name(lang), n.number, n.hours(lang) or view.t("common.none"), _checked(view, n)) for n in view.catalog.numbers],
        police_number=police.number if police else "114 14",
        assumptions=assumptions,
        formula=[line.texts(lang) for line in FORMULA],
        sizing_rows=[
            (
                view.city_name(c),
                fmt_number(sc.reports_per_year, lang, 1),
                fmt_number(sc.hours_needed_per_week, lang, 1),
                fmt_number(sc.hours_available_per_week, lang, 1),
                view.commitment_name(sc.keepable) if sc.keepable else view.t("sizing.none"),
                view.commitment_name(sc.wanted),
                sc.warning,
            )
            for c in view.portfolio.sorted_cities()
            if (sc := view.city_sizing.get(c.code)) is not None
        ],
    )


def render_pdf(view: PortfolioView) -> bytes:
    """action-plan.pdf: the same plan, printed (``html_page.py``)."""
    return html_page.pdf(render(view), title=view.t("plan.title", company=view.settings.company.name or "–"), lang=view.lang)


def _checked(view: PortfolioView, number: Any) -> str:
    """The "Kontrollerat" cell: the company's own last check, else the source's date said as such, never a guess."""
    checked = view.number_checked(number)
    text = checked.isoformat() if checked else (
        view.t("plan.source_dated", date=number.source_date) if number.source_date else view.t("plan.source_undated")
    )
    if not view.printable(number):
        text += " " + view.t("plan.pilot_not_printed")
    return text


def _contact_status(view: PortfolioView, status: str) -> str:
    try:
        return view.t(f"contact_status.{status}")
    except KeyError:
        return status
