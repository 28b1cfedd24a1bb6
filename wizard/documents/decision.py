"""decision.md, .html and .pdf: the paper the board or management decides on (template ``output/decision.md.j2``).

Everything a board needs on one or two pages: the scope and the waves, the
advice to neighbours and why, with the objections and evaluations it should
know, the commitment and the staff hours it takes per municipality, the print
run (a sign per entrance) and its cost, the training plan, privacy, and the
key figures the yearly report will follow. Once the decision date is recorded
(``[company] decision_date``) the same paper is the record of the decision.
Its words are in ``strings/decision.toml``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from wizard.documents import environment, html_page
from wizard.documents.formatting import fmt_number, fmt_share
from wizard.parse import is_count, stored_count

if TYPE_CHECKING:
    from markupsafe import Markup

    from wizard.documents.view import PortfolioView


def render(view: PortfolioView) -> str:
    """decision.md (made once per export: the HTML page is made from it)."""
    return view.once("decision.md", lambda: _render(view))


def _render(view: PortfolioView) -> str:
    from wizard import schedule
    from wizard.sizing import caveat_text, caveats

    lang = view.lang
    s = view.settings
    d = view.texts("decision")
    cities = view.portfolio.sorted_cities()
    steps, acute, variant = view.advice(lang)
    question, also, reason = view.advice_frame(lang)  # the sign's own words: the board decides on what tenants will read
    waves: dict[int, dict[str, Any]] = {}
    for city in cities:
        wave = waves.setdefault(stored_count(city.wave), {"names": [], "apartments": 0, "entrances": 0})
        wave["names"].append(view.city_name(city))
        wave["apartments"] += stored_count(city.apartments)
        wave["entrances"] += stored_count(city.entrances)
    cost = s.decision.cost_per_sign if is_count(s.decision.cost_per_sign) else None
    entrances = sum(stored_count(c.entrances) for c in cities)
    refresher = view.catalog.cadence("training_refresh")
    if len(waves) < 2:
        scope_intro = "scope_intro_one_wave"
    else:
        scope_intro = "scope_intro" if 0 in waves else "scope_intro_no_pilot"
    return environment.render(
        "decision.md.j2",
        **{**view.common(), "t": d},
        decided=s.company.decision_date,
        cities=cities,
        where=d("in_city", name=view.city_name(cities[0])) if len(cities) == 1 else d("in_cities", n=fmt_number(len(cities), lang)),
        scope_intro=scope_intro,
        waves=[
            {"label": view.wave(n), "names": ", ".join(w["names"]), "apartments": w["apartments"], "entrances": w["entrances"]}
            for n, w in sorted(waves.items())
        ],
        apartments=sum(stored_count(c.apartments) for c in cities),
        entrances=entrances,
        variant=variant,
        steps=steps,
        acute=acute,
        question=question,
        also=also,
        child_concern=s.advice.child_concern,
        reason=reason,
        criticism=[(c.text(lang), _source_link(c.source)) for c in view.catalog.criticism],
        wanted=view.commitment_name(s.action_plan.wanted_commitment),
        home_visits=s.action_plan.home_visits,
        sizing=[
            {
                "name": view.city_name(c),
                "reports": fmt_number(sc.reports_per_year, lang, 1),
                "needed": fmt_number(sc.hours_needed_per_week, lang, 1),
                "available": fmt_number(sc.hours_available_per_week, lang, 1),
                "keepable": view.commitment_name(sc.keepable) if sc.keepable else d("nothing_kept"),
                "short": sc.warning or sc.keepable is None,
                "to_fix": _sentence(caveat_text(caveats(c, s, view.catalog), lang, view.lower_name)),
            }
            for c in cities
            if (sc := view.city_sizing.get(c.code)) is not None
        ],
        hours=fmt_number(sum(sc.hours_available_per_week for sc in view.sizing.cities), lang, 1),
        signs=[(view.city_name(c), stored_count(c.entrances), _money(cost * stored_count(c.entrances), lang) if cost is not None else "–") for c in cities],
        cost=_money(cost, lang) if cost is not None else None,
        total_cost=_money(cost * entrances, lang) if cost is not None else None,
        training=_training(view),
        refresher_months=schedule.interval(refresher, s) if refresher else 0,
    )


def render_html(view: PortfolioView) -> str:
    """decision.html: the same paper as a printable page (``kind``: printed, it keeps to two pages)."""
    return html_page.page(render(view), title=_title(view), lang=view.lang, kind="decision")


def render_pdf(view: PortfolioView) -> bytes:
    """decision.pdf: the paper as the board receives it, with the printed page's styles."""
    return html_page.pdf(render(view), title=_title(view), lang=view.lang, kind="decision")


def _title(view: PortfolioView) -> str:
    d = view.texts("decision")
    return d("title_decided" if view.settings.company.decision_date else "title", company=view.settings.company.name or "–")


def _source_link(url: str) -> Markup:
    """A source as a link named by its site (``[bra.se](https://bra.se/…)``): the whole address is the link, not the line."""
    from urllib.parse import urlsplit

    from markupsafe import Markup

    site = (urlsplit(url).hostname or url).removeprefix("www.")  # our own https URLs (checklists/advice.toml)
    return Markup(f"[{site}]({url})")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _money(value: float, lang: str) -> str:
    return fmt_number(value, lang, 0 if float(value).is_integer() else 2) + " kr"


def _training(view: PortfolioView) -> list[dict[str, str]]:
    """Per role: the target, the staff counted in every municipality, trained so far, and how many more to train."""
    targets = view.settings.action_plan.training_targets
    totals: dict[str, list[int]] = {}
    for city in view.portfolio.sorted_cities():
        for role_id, tr in city.training.items():
            acc = totals.setdefault(role_id, [0, 0])
            acc[0] += stored_count(tr.staff)
            acc[1] += min(stored_count(tr.trained), stored_count(tr.staff))
    rows = []
    for role in view.catalog.roles:
        target = targets.get(role.id)
        staff, trained = totals.get(role.id, (0, 0))
        if target is None and not staff:
            continue
        to_train = max(0, math.ceil(staff * target / 100 - 1e-9) - trained) if is_count(target) and staff else None
        rows.append(
            {
                "role": role.name(view.lang),
                "target": fmt_share(target / 100, view.lang) if is_count(target) else "–",
                "staff": fmt_number(staff, view.lang) if staff else "–",
                "trained": fmt_number(trained, view.lang) if staff else "–",
                "to_train": fmt_number(to_train, view.lang) if to_train is not None else "–",
            }
        )
    return rows
