"""How far each step has come, computed from the portfolio and the findings.

Shared by the sidebar, the review step and "open at the first incomplete
step". No Textual. A step is *not started* until it holds an answer (or the
user has passed it with Next: a default like the Huskurage advice is a real
choice), *done* when its answers are complete, and carries *warnings* or
*errors* when validation finds something in the fields it owns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, AbstractSet, Iterable

from wizard import model

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.validation import Finding

#: The steps the user has gone through with Next (or an export), kept with the drafts: "1,2,5".
VISITED_KEY = "wizard.visited"

NOT_STARTED, INCOMPLETE, DONE, WARNINGS, ERRORS = "not_started", "incomplete", "done", "warnings", "errors"
ICONS = {NOT_STARTED: "○", INCOMPLETE: "◐", DONE: "●", WARNINGS: "▲", ERRORS: "✖"}

_COMPANY_PATHS = {
    "company": 1,
    "reporting": 1,  # "Berätta för oss": the route on every sign, typed in step 1
    "decision": 1,  # the cost per sign
    "huskurage": 2,
    "sizing": 4,
    "advice": 5,
    "action_plan": 7,
    "cadences": 9,
}
_CITY_PATHS = {
    "code": 3,
    "apartments": 3,
    "entrances": 3,
    "wave": 3,
    "staff_hours_per_week": 4,
    "duty_days_per_week": 4,
    "partners": 6,
    "training": 7,
    "sign": 8,
    "signs_up": 8,
    "progress.place_signs": 8,
    "progress.inform_tenants": 8,
}


def step_of(finding: "Finding") -> int | None:
    """The wizard step that owns a finding's field, if any."""
    head = finding.path.split("[")[0]
    if finding.file == model.COMPANY_FILE:
        return _COMPANY_PATHS.get(head.split(".")[0])
    for prefix, number in _CITY_PATHS.items():
        if head == prefix or head.startswith(prefix + "."):
            return number
    return None


def city_code_of(finding: "Finding") -> str | None:
    name = finding.file.rsplit("/", 1)[-1]
    return name[:4] if finding.file.startswith(model.CITIES_DIR + "/") and name[:4].isdigit() else None


def _started_and_complete(number: int, p: model.Portfolio, catalog: "Catalog", visited: AbstractSet[int]) -> tuple[bool, bool]:
    s = p.settings
    cities = list(p.cities.values())
    if number == 1:
        c = s.company
        return bool(c.name or c.org_number or c.security_contact or c.decision_date), bool(
            c.name.strip() and c.org_number.strip() and c.security_contact.strip()
        )
    if number == 2:
        h = s.huskurage
        started = h != model.HuskurageContact()
        return started, h.status != "not_contacted" and h.model_studied
    if number == 3:
        return bool(cities), bool(cities) and all(_positive(c.apartments) and _positive(c.entrances) for c in cities)
    if number == 4:
        return any(_positive(c.staff_hours_per_week) for c in cities), bool(cities) and all(
            _positive(c.staff_hours_per_week) and _positive(c.duty_days_per_week) for c in cities
        )
    if number == 5:
        return number in visited or s.advice != model.Advice(), number in visited or s.advice != model.Advice()
    if number == 6:
        expected = {k.id for k in catalog.partner_kinds if k.expected}
        return any(c.partners for c in cities), bool(cities) and all(expected <= {x.kind for x in c.partners} for c in cities)
    if number == 7:
        started = number in visited or s.action_plan != model.ActionPlan()
        return started, started
    if number == 8:
        started = number in visited or any(
            c.signs_up or c.sign.logos or c.sign.extra_lines or "place_signs" in c.progress for c in cities
        )
        return started, started and bool(cities)
    if number == 9:
        started = number in visited or bool(s.cadences)
        return started, started
    return number in visited, number in visited


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def blocked_steps(drafts: dict[str, str], refused: AbstractSet[int] = frozenset()) -> set[int]:
    """Steps whose Next would be refused whatever their answers: refused just now, or holding typing not saved (a draft)."""
    from wizard.tui.steps import STEPS

    return set(refused) | {info.number for info in STEPS if any(k.startswith(f"{info.key}.") for k in drafts)}


def step_states(
    portfolio: model.Portfolio,
    catalog: "Catalog",
    findings: Iterable["Finding"],
    visited: AbstractSet[int] = frozenset(),
    blocked: AbstractSet[int] = frozenset(),
    numbers: AbstractSet[int] | None = None,
) -> dict[int, str]:
    """Each step's state (only those ``numbers``, where given); a ``blocked`` step (:func:`blocked_steps`) has errors, so no list ever shows it done."""
    findings = list(findings)
    errors: set[int] = set(blocked)
    warnings: set[int] = set()
    for f in findings:
        number = step_of(f)
        if number is not None:
            (errors if f.severity == "error" else warnings).add(number)
    states: dict[int, str] = {}
    if portfolio.cities and (numbers is None or 4 in numbers):
        from wizard import sizing

        if sizing.size_portfolio(portfolio, catalog.commitments).warnings:
            warnings.add(4)  # the staff cannot keep the wanted commitment somewhere
    for number in range(1, 11) if numbers is None else sorted(numbers):
        started, complete = _started_and_complete(number, portfolio, catalog, visited)
        if number == 10:
            started = complete = number in visited
            if any(f.severity == "error" for f in findings):
                errors.add(10)
        if number in errors and (started or number == 10 and visited):
            states[number] = ERRORS
        elif not started:
            states[number] = NOT_STARTED
        elif number in warnings:
            states[number] = WARNINGS
        elif complete:
            states[number] = DONE
        else:
            states[number] = INCOMPLETE
    return states


def first_incomplete(states: dict[int, str]) -> int:
    for number in range(1, 10):
        if states[number] not in (DONE, WARNINGS):
            return number
    return 10


def visited(drafts: dict[str, str]) -> set[int]:
    """The steps the user has passed with Next (or finished with an export)."""
    return {int(x) for x in drafts.get(VISITED_KEY, "").split(",") if x.isdigit()}


def mark_visited(drafts: dict[str, str], number: int) -> None:
    drafts[VISITED_KEY] = ",".join(str(n) for n in sorted(visited(drafts) | {number}))
