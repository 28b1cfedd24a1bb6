"""The capacity model: do not promise more than you can keep.

The seed insists that a landlord fits Huskurage to its staff and resources and
never promises tenants a response it cannot deliver. Per municipality::

    reports_per_year   = apartments / 1000 × reports_per_1000_apartments
    hours_per_case     = hours_handling
                         + home_visit_share × hours_home_visit   (only with home visits)
                         + hours_follow_up
    hours_needed       = reports_per_year × hours_per_case / working_weeks × peak_factor
                                                                  (hours per week)
    hours_available    = the city's staff_hours_per_week
    longest_wait       = ceil(5 / duty_days_per_week)            (working days;
                         0 duty days: nobody is on duty, no commitment at all)
    keepable           = the fastest commitment whose working_days >= longest_wait,
                         provided hours_available >= hours_needed; else none
    warning            = the wanted commitment is faster than the keepable one
                         (or nothing can be kept)

The assumptions come from ``Settings.sizing`` (editable, shown on screen);
the commitments from the catalog (``next_working_day`` = 1 working day,
``within_3_working_days`` = 3, ``within_a_week`` = 5). The formula is also
exposed as data, :data:`FORMULA`, one :class:`FormulaLine` per row, so the
wizard, the dashboard and the action plan's appendix show the same lines;
each line's ``id`` is the name of the :class:`CitySizing` field that holds
its value.

Invalid inputs (negative counts, 0 working weeks) are flagged by
``validation``; here they count as 0 (or as "cannot be covered"), so a screen
can always draw. Comparisons allow for float rounding: 3.0000000000000004
hours needed against 3 available is enough.

Pure: no I/O, no heavy imports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from wizard.i18n import language, t

if TYPE_CHECKING:
    from wizard.catalog import Catalog, Commitment
    from wizard.model import City, Portfolio, Settings

WORKING_DAYS_PER_WEEK = 5
_EPSILON = 1e-9  # float noise allowed in comparisons (hours, days)


@dataclass(frozen=True)
class FormulaLine:
    """One row of the formula, for display.

    ``id`` names the :class:`CitySizing` field with the row's value; the other
    three are i18n keys (``t(line.label)``), resolved at render time.
    """

    id: str
    label: str  # i18n key: what the number is ("Förväntade anmälningar per år")
    expression: str  # i18n key: how it is computed, in words and symbols
    unit: str  # i18n key: the unit ("per år", "timmar per vecka", ...)

    def texts(self, lang: str | None = None) -> tuple[str, str, str]:
        """(label, expression, unit) in the given or current language."""
        return t(self.label, lang), t(self.expression, lang), t(self.unit, lang)


def _line(id: str, unit: str) -> FormulaLine:
    return FormulaLine(id, f"sizing.line.{id}.label", f"sizing.line.{id}.expression", f"sizing.unit.{unit}")


FORMULA: tuple[FormulaLine, ...] = (
    _line("reports_per_year", "reports_per_year"),
    _line("hours_per_case", "hours"),
    _line("hours_needed_per_week", "hours_per_week"),
    _line("hours_available_per_week", "hours_per_week"),
    _line("longest_wait", "working_days"),
    _line("keepable", "commitment"),
)


@dataclass(frozen=True)
class CitySizing:
    """Every number of the formula for one municipality, unrounded.

    ``longest_wait`` is None when nobody is on duty. ``keepable`` is the id of
    the commitment the staff can keep, None when none can. ``limit`` says what
    stops a faster promise: ``"no_duty"`` (0 duty days), ``"duty_days"`` (the
    gaps between duty days are too long for a faster commitment, or for any),
    ``"hours"`` (too few staff hours for the caseload) or None.
    """

    code: str
    name: str
    apartments: float
    reports_per_year: float
    hours_per_case: float
    hours_needed_per_week: float  # math.inf when working_weeks is 0 and there is work
    hours_available_per_week: float
    duty_days_per_week: float
    longest_wait: int | None
    keepable: str | None
    wanted: str
    warning: bool
    limit: str | None

    @property
    def hours_missing_per_week(self) -> float:
        """How many more staff hours a week the caseload needs (0 when it is covered)."""
        missing = self.hours_needed_per_week - self.hours_available_per_week
        return missing if missing > _EPSILON else 0.0

    def value(self, line: FormulaLine) -> object:
        """The value of one :data:`FORMULA` row."""
        return getattr(self, line.id)


@dataclass(frozen=True)
class PortfolioSizing:
    cities: tuple[CitySizing, ...]  # in kommunkod order
    apartments: float
    reports_per_year: float
    hours_needed_per_week: float
    hours_available_per_week: float
    keepable_everywhere: str | None  # the slowest keepable commitment; None if some city can keep none
    wanted: str

    @property
    def warnings(self) -> tuple[CitySizing, ...]:
        """The municipalities where the wanted commitment cannot be kept."""
        return tuple(c for c in self.cities if c.warning)


def _amount(value: object) -> float:
    """A non-negative number; anything else (flagged by validation) counts as 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value < 0:
        return 0.0
    return float(value)


def _covers(available: float, needed: float) -> bool:
    return available >= needed or math.isclose(available, needed, rel_tol=_EPSILON, abs_tol=_EPSILON)


def longest_wait(duty_days_per_week: float) -> int | None:
    """The most working days a report can wait for the next duty day; None with no duty days.

    ``ceil(5 / duty days)``: on duty every working day, a report waits at most
    1 day; 2 days a week, at most 3; once a week, 5.
    """
    days = _amount(duty_days_per_week)
    if days <= _EPSILON:
        return None
    return max(1, math.ceil(WORKING_DAYS_PER_WEEK / days - _EPSILON))


def fastest_commitment(commitments: Iterable["Commitment"], wait: int | None) -> "Commitment | None":
    """The commitment with the fewest working days that still allows ``wait`` days."""
    if wait is None:
        return None
    fitting = [c for c in commitments if c.working_days >= wait]
    return min(fitting, key=lambda c: (c.working_days, c.id), default=None)


def is_faster(wanted: str, keepable: str | None, commitments: Iterable["Commitment"]) -> bool:
    """True when ``wanted`` promises more than ``keepable`` allows (or nothing can be kept).

    An unknown wanted id gives no warning here; validation reports it.
    """
    by_id = {c.id: c for c in commitments}
    if wanted not in by_id:
        return False
    if keepable is None:
        return True
    return by_id[wanted].working_days < by_id[keepable].working_days


def size_city(city: "City", settings: "Settings", commitments: Sequence["Commitment"]) -> CitySizing:
    """The formula for one municipality."""
    s = settings.sizing
    apartments = _amount(city.apartments)
    reports = apartments / 1000 * _amount(s.reports_per_1000_apartments)
    home_visit = _amount(s.home_visit_share) * _amount(s.hours_home_visit) if settings.action_plan.home_visits else 0.0
    per_case = _amount(s.hours_handling) + home_visit + _amount(s.hours_follow_up)
    workload = reports * per_case * _amount(s.peak_factor)
    weeks = _amount(s.working_weeks)
    if workload == 0:
        needed = 0.0
    elif weeks == 0:
        needed = math.inf
    else:
        needed = reports * per_case / weeks * _amount(s.peak_factor)
    available = _amount(city.staff_hours_per_week)
    wait = longest_wait(city.duty_days_per_week)
    by_wait = fastest_commitment(commitments, wait)
    enough_hours = _covers(available, needed)
    keepable = by_wait.id if by_wait is not None and enough_hours else None
    if wait is None:
        limit = "no_duty"
    elif by_wait is None:
        limit = "duty_days"
    elif not enough_hours:
        limit = "hours"
    elif any(c.working_days < by_wait.working_days for c in commitments):
        limit = "duty_days"
    else:
        limit = None
    wanted = settings.action_plan.wanted_commitment
    return CitySizing(
        code=city.code,
        name=city.name,
        apartments=apartments,
        reports_per_year=reports,
        hours_per_case=per_case,
        hours_needed_per_week=needed,
        hours_available_per_week=available,
        duty_days_per_week=_amount(city.duty_days_per_week),
        longest_wait=wait,
        keepable=keepable,
        wanted=wanted,
        warning=is_faster(wanted, keepable, commitments),
        limit=limit,
    )


def size_portfolio(portfolio: "Portfolio", commitments: Sequence["Commitment"]) -> PortfolioSizing:
    """The formula for every municipality, with totals."""
    cities = tuple(size_city(c, portfolio.settings, commitments) for c in portfolio.sorted_cities())
    by_id = {c.id: c for c in commitments}
    keepables = [c.keepable for c in cities if c.keepable is not None and c.keepable in by_id]
    if not cities or len(keepables) < len(cities):  # one municipality that can keep none: no promise fits all
        everywhere = None
    else:
        everywhere = max(keepables, key=lambda k: (by_id[k].working_days, k))
    return PortfolioSizing(
        cities=cities,
        apartments=sum(c.apartments for c in cities),
        reports_per_year=sum(c.reports_per_year for c in cities),
        hours_needed_per_week=sum(c.hours_needed_per_week for c in cities),
        hours_available_per_week=sum(c.hours_available_per_week for c in cities),
        keepable_everywhere=everywhere,
        wanted=portfolio.settings.action_plan.wanted_commitment,
    )


@dataclass(frozen=True)
class Caveats:
    """What the staff time alone does not show: the promise needs more than hours.

    ``after_hours``: expected partner kinds that are a route after office
    hours (partners.toml ``reach = "after_hours"``: the landlord's own
    on-call service, social services out of hours) and that the municipality
    lacks. ``missing``: other expected partner kinds it lacks. ``below_target``:
    roles whose share trained is below the company's target.
    """

    after_hours: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    below_target: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.after_hours or self.missing or self.below_target)


def caveats(city: "City", settings: "Settings", catalog: "Catalog") -> Caveats:
    """The :class:`Caveats` of one municipality (kind and role ids, in catalog order)."""
    have = {p.kind for p in city.partners}
    lacking = [k for k in catalog.partner_kinds if k.expected and k.id not in have]
    targets = settings.action_plan.training_targets
    below = []
    for role in catalog.roles:
        tr = city.training.get(role.id)
        target = targets.get(role.id)
        staff = _amount(tr.staff) if tr else 0.0
        if tr is None or not staff or not isinstance(target, (int, float)) or isinstance(target, bool):
            continue
        if _amount(tr.trained) / staff * 100 < target - _EPSILON:
            below.append(role.id)
    return Caveats(
        after_hours=tuple(k.id for k in lacking if k.reach == "after_hours"),
        missing=tuple(k.id for k in lacking if k.reach != "after_hours"),
        below_target=tuple(below),
    )


def verdict(
    sizing: CitySizing,
    commitments: Sequence["Commitment"],
    lang: str | None = None,
    caveats: Caveats | None = None,
    names: "Callable[[str], str] | None" = None,
) -> str:
    """One sentence for the screen and the action plan: what can be kept, and the warning if any.

    With ``caveats`` the verdict is qualified: "the staff time suffices, but
    there is no route after office hours (…)", or a second sentence after a
    warning. ``names`` turns a kind or role id into its name.
    """
    by_id = {c.id: c for c in commitments}

    def name(cid: str) -> str:
        c = by_id.get(cid)
        return c.name(lang or language()) if c else cid

    city = sizing.name or sizing.code
    if sizing.keepable is None:
        text = t("sizing.verdict.none", lang, city=city, reason=t(f"sizing.reason.{sizing.limit}", lang))
    elif sizing.warning:
        text = t("sizing.verdict.warning", lang, city=city, wanted=name(sizing.wanted), keepable=name(sizing.keepable))
    elif caveats:
        return t("sizing.verdict.ok_but", lang, city=city, keepable=name(sizing.keepable), but=caveat_text(caveats, lang, names))
    else:
        return t("sizing.verdict.ok", lang, city=city, keepable=name(sizing.keepable))
    if caveats:
        text += " " + t("sizing.verdict.also", lang, but=caveat_text(caveats, lang, names))
    return text


def name_in_sentence(catalog: "Catalog", kind_or_role: str, lang: str | None = None) -> str:
    """A partner kind's or role's name as it reads inside a sentence: ``Störningsjour`` -> ``störningsjour``."""
    found = catalog.partner_kind(kind_or_role) or catalog.role(kind_or_role)
    name = found.name(lang or language()) if found else kind_or_role
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def qualified_verdict(sizing: CitySizing, portfolio: "Portfolio", catalog: "Catalog", lang: str | None = None) -> str:
    """:func:`verdict` with the municipality's :func:`caveats`, as the wizard's screens show it."""
    city = portfolio.cities.get(sizing.code)
    found = caveats(city, portfolio.settings, catalog) if city is not None else None
    return verdict(sizing, catalog.commitments, lang, found, lambda x: name_in_sentence(catalog, x, lang))


def caveat_text(caveats: Caveats, lang: str | None, names: "Callable[[str], str] | None" = None) -> str:
    """The caveats as one clause, lower case: "det saknas en väg efter kontorstid (störningsjour) och …"."""
    name = names or (lambda x: x)
    parts = []
    if caveats.after_hours:
        parts.append(t("sizing.caveat.after_hours", lang, kinds=joined([name(k) for k in caveats.after_hours], lang)))
    if caveats.missing:
        parts.append(t("sizing.caveat.missing", lang, kinds=joined([name(k) for k in caveats.missing], lang)))
    if caveats.below_target:
        parts.append(t("sizing.caveat.below_target", lang, roles=joined([name(r) for r in caveats.below_target], lang)))
    return joined(parts, lang)


def joined(parts: list[str], lang: str | None) -> str:
    """``a, b och c`` / ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + t("sizing.and", lang) + parts[-1]
