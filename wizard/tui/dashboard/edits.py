"""The changes the dashboard makes to one city, each with its dated history row. No Textual.

An :class:`Edit` is a small operation, not a new copy of the city: when
someone else changed the file in the meantime, the dashboard can load their
version and apply the user's edit again on top of it, so neither change is
lost. Checklist items go through :func:`wizard.progress.set_status`, the same
function ``huskurage mark`` uses.

Privacy: reports are counts per quarter (and beside them how many were handled
in time), nothing else; there is no edit that could hold a name, an address or
what happened. Counts and follow-up records go through ``wizard.progress``
(``set_quarter``, ``record_follow_up``, ``record_survey``), which refuses a wrong value with a
``Refused`` before anything changes, as ``huskurage mark`` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from wizard import history, model
from wizard.parse import is_quarter
from wizard.progress import record_follow_up, record_survey, set_quarter, set_status


#: The code of an edit to the company's own checklist items (in ``huskurage.toml``), not a municipality's.
COMPANY = ""


@dataclass(frozen=True)
class Edit:
    code: str  # the municipality's kommunkod, or COMPANY
    what: str  # for messages: "place_signs: done", "signs_up: 90"
    apply: Callable[..., bool]  # change the city (or the company's settings), add history; False: nothing changed

    def __call__(self, target: "model.City | model.Settings", now: dt.datetime) -> bool:
        return self.apply(target, now)


def _history(city: model.City, now: dt.datetime, field: str, old: object, new: object) -> None:
    history.record(city.history, field, old, new, now)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------ checklist


def status(code: str, item_id: str, new: str, on: dt.date, printed: Callable[[model.City], str] | None = None) -> Edit:
    """A new status, dated ``on``, none for one to do (raises ``SignsFirst`` for tenants informed before the signs).

    ``printed``: the sign's fingerprint, kept when ``print_signs`` becomes done (``progress.set_status``).
    """
    day = None if new == "todo" else on
    return Edit(code, f"{item_id}: {new}", lambda city, now: set_status(city, item_id, new, day, None, now, printed))


def item_date(code: str, item_id: str, day: dt.date | None) -> Edit:
    def apply(city: model.City, now: dt.datetime) -> bool:
        entry = city.progress.get(item_id, model.ProgressEntry())
        return set_status(city, item_id, entry.status, day, None, now)

    return Edit(code, f"{item_id}: {_text(day)}", apply)


def item_note(code: str, item_id: str, note: str) -> Edit:
    def apply(city: model.City, now: dt.datetime) -> bool:
        entry = city.progress.get(item_id, model.ProgressEntry())
        return set_status(city, item_id, entry.status, entry.date, note, now)

    return Edit(code, f"{item_id}: {note}", apply)


# ------------------------------------------------------------------ counts


COUNT_FIELDS = ("signs_up", "entrances")


def count(code: str, field: str, value: int) -> Edit:
    """Signs up or entrances: a whole number, 0 or more."""
    if field not in COUNT_FIELDS:
        raise ValueError(field)
    if value < 0:
        raise ValueError(value)

    def apply(city: model.City, now: dt.datetime) -> bool:
        old = getattr(city, field)
        if old == value:
            return False
        setattr(city, field, value)
        _history(city, now, field, old, value)
        return True

    return Edit(code, f"{field}: {value}", apply)


def report(code: str, quarter: str, value: int) -> Edit:
    """The number of reports in a quarter (``2026-Q3``): a count, never what they were about."""
    if not is_quarter(quarter) or value < 0:
        raise ValueError((quarter, value))
    return Edit(code, f"reports.{quarter}: {value}", lambda city, now: set_quarter(city, quarter, reports=value, now=now))


def handled(code: str, quarter: str, value: int) -> Edit:
    """How many of a quarter's reports were acted on within the commitment: never more than the reports."""
    if not is_quarter(quarter) or value < 0:
        raise ValueError((quarter, value))
    return Edit(code, f"handled_in_time.{quarter}: {value}", lambda city, now: set_quarter(city, quarter, handled=value, now=now))


# ------------------------------------------------------------------ recurring follow-ups


def follow_up(code: str, cadence_id: str, day: dt.date) -> Edit:
    """A recurring follow-up (a sign inspection, ...) done on ``day``: its own record, the checklist untouched."""

    def apply(city: model.City, now: dt.datetime) -> bool:
        from wizard import catalog

        return record_follow_up(city, cadence_id, day, catalog.load(), now.date(), now)

    return Edit(code, f"follow_ups.{cadence_id}: {day.isoformat()}", apply)


# ------------------------------------------------------------------ customer surveys


def survey(code: str, recorded: model.Survey, today: dt.date) -> Edit:
    """A customer survey (NKI): respondents and the share answering yes per question, as ``huskurage survey`` records it."""

    def apply(city: model.City, now: dt.datetime) -> bool:
        from wizard import catalog

        return record_survey(city, recorded, catalog.load(), today, now)

    day = recorded.date.isoformat() if recorded.date else ""
    return Edit(code, f"surveys.{day}: {recorded.respondents}", apply)


# ------------------------------------------------------------------ entrances


def entrance(code: str, key: str, field: str, day: dt.date | None) -> Edit:
    """One entrance's sign placed, inspection or letter (``field``) dated ``day`` (None: taken back).

    Found again by its key (``U-101/A``), should the register have changed;
    the municipality's counts follow from its entrances, so no history row
    is needed: the sign's own date says when it went up.
    """
    from wizard import entrances

    def apply(city: model.City, now: dt.datetime) -> bool:
        try:
            place = entrances.find(city, key)
        except entrances.UnknownEntrance:
            return False
        return entrances.record([place], field, day) > 0

    return Edit(code, f"{key}.{field}: {_text(day)}", apply)


# ------------------------------------------------------------------ partners


def contact(code: str, index: int, partner: model.Partner, day: dt.date | None) -> Edit:
    """Set a partner's last contact. Found again by kind and organisation, should the list have changed."""
    kind, organisation = partner.kind, partner.organisation

    def apply(city: model.City, now: dt.datetime) -> bool:
        i = _find_partner(city, index, kind, organisation)
        if i is None:
            return False
        p = city.partners[i]
        if p.last_contact == day:
            return False
        old, p.last_contact = p.last_contact, day
        _history(city, now, f"partners[{i}].last_contact", old, day)
        return True

    return Edit(code, f"{kind}: {_text(day)}", apply)


def _find_partner(city: model.City, index: int, kind: str, organisation: str) -> int | None:
    partners = city.partners
    if 0 <= index < len(partners) and (partners[index].kind, partners[index].organisation) == (kind, organisation):
        return index
    for i, p in enumerate(partners):
        if (p.kind, p.organisation) == (kind, organisation):
            return i
    return None


# ------------------------------------------------------------------ quarters


quarter_of = history.quarter_of


def recent_quarters(city: model.City, today: dt.date, n: int = 8) -> list[str]:
    """The last ``n`` quarters up to today's, and any older quarter the city has counts for, oldest first."""
    year, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(n):
        out.append(f"{year}-Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return sorted(set(out) | {k for k in city.reports if is_quarter(k)})
