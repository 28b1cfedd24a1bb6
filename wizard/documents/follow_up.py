"""follow-up.md: the follow-up schedule as a document (template ``output/follow-up.md.j2``).

The same events, as a calendar: ``follow_up_ics.py``; what both say about
an event is the view's :meth:`~wizard.documents.view.PortfolioView.event_row`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.documents import environment
from wizard.documents.formatting import month_name

if TYPE_CHECKING:
    from wizard.documents.view import PortfolioView


def render(view: PortfolioView) -> str:
    """follow-up.md: every follow-up of the coming months, overdue ones first, then month by month."""
    from wizard import schedule

    lang = view.lang
    rows = [view.event_row(e) for e in view.events]
    months: list[tuple[str, list[dict[str, Any]]]] = []
    for row in rows:
        if row["overdue"]:
            continue
        label = month_name(row["date"], lang)
        if not months or months[-1][0] != label:
            months.append((label, []))
        months[-1][1].append(row)
    cadences = []
    for c in view.catalog.cadences:
        every = schedule.interval(c, view.settings)
        cadences.append(
            (
                c.title(lang),
                view.t("follow.level_company") if c.level == "company" else view.t("follow.level_city"),
                view.t("follow.off") if not every else view.t("follow.every_one") if every == 1 else view.t("follow.every", n=every),
                view.roles[c.role].name(lang) if c.role in view.roles else c.role,
            )
        )
    return environment.render(
        "follow-up.md.j2",
        **view.common(),
        start=view.today,
        end=schedule.add_months(view.today, view.horizon),
        months_count=view.horizon,
        overdue=[r for r in rows if r["overdue"]],
        months=months,
        cadences=cadences,
    )
