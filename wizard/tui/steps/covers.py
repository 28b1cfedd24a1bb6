"""What passing a wizard step says about the rollout checklist. No Textual.

A security manager who has walked the wizard has done what several checklist
items ask: contacted the association, decided, sized the staff time, chosen
the advice, written the action plan, registered the partners, adapted the
sign. Passing such a step with Next marks those items done, dated, with a
history row, through :func:`wizard.progress.set_status` (as ``huskurage
mark`` and the dashboard do) and only where the answers show it: the
contact only once there was one, the decision on its date, the staff time
only in the municipalities that have some. An item already done or skipped
is left as it is; one whose date ``check`` would refuse (a decision dated
in the future) stays to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from wizard import model
from wizard.progress import Refused, checked_city, checked_settings, set_status

if TYPE_CHECKING:
    from wizard.catalog import Catalog


@dataclass(frozen=True)
class Covered:
    """A checklist item a step's answers show done: the company's (``code`` None) or a municipality's."""

    item: str
    code: str | None
    day: dt.date


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def covered(number: int, portfolio: model.Portfolio, catalog: "Catalog", today: dt.date) -> list[Covered]:
    """The checklist items that step ``number``'s answers show done and that are not yet done or skipped."""
    s = portfolio.settings
    expected = {k.id for k in catalog.partner_kinds if k.expected}
    found: list[Covered] = []

    def company(item: str, day: dt.date | None = None) -> None:
        found.append(Covered(item, None, day or today))

    def cities(item: str, done: Callable[[model.City], bool]) -> None:
        found.extend(Covered(item, c.code, today) for c in portfolio.sorted_cities() if done(c))

    if number == 1 and s.company.decision_date:
        company("management_decision", s.company.decision_date)
    elif number == 2:
        if s.huskurage.status != "not_contacted":
            company("contact_huskurage", s.huskurage.date)
        if s.huskurage.model_studied:
            company("study_model")
    elif number == 4 and portfolio.cities:
        company("set_sizing")
        cities("fit_resources", lambda c: _positive(c.staff_hours_per_week) and _positive(c.duty_days_per_week))
    elif number == 5:
        company("review_advice")
    elif number == 6:
        cities("register_partners", lambda c: expected <= {p.kind for p in c.partners})
    elif number == 7:
        company("write_action_plan")
    elif number == 8:
        cities("adapt_sign", lambda c: expected <= {p.kind for p in c.partners})  # its local numbers are there
    return [c for c in found if _target(portfolio, c).status_of(c.item) not in ("done", "skipped")]


def _target(portfolio: model.Portfolio, covered: Covered) -> "model.City | model.Settings":
    return portfolio.settings if covered.code is None else portfolio.cities[covered.code]


def mark_covered(
    number: int, portfolio: model.Portfolio, catalog: "Catalog", today: dt.date, now: dt.datetime | None = None
) -> list[Covered]:
    """Mark done what step ``number``'s answers show done (see the module); the items marked."""
    marked = []
    for found in covered(number, portfolio, catalog, today):
        target = _target(portfolio, found)

        def change(trial: "model.City | model.Settings", found: Covered = found) -> bool:
            return set_status(trial, found.item, "done", found.day, None, now)

        try:
            if isinstance(target, model.Settings):
                done = checked_settings(target, change, catalog, today)
            else:
                done = checked_city(target, change, catalog, today)
        except Refused:
            continue  # a date check would refuse (a decision in the future): the item stays to do
        if done is not None:
            marked.append(found)
    return marked
