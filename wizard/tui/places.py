"""A field of a portfolio file in words, as the wizard's forms name it: for the conflict question and the findings.

``("huskurage", "person")`` is "Kontaktperson hos Huskurage", the label of
the field a user typed it into; ``("progress", "place_signs", "status")``
is the checklist item's title. A field no form shows keeps its place in the
file (``cadences.quality_review``), which is still what a colleague would
find there. A finding's place is a path of such names
(:func:`finding_place`): "Östersund → Checklista → Information till nya
hyresgäster", not ``progress.new_tenant_insert.date``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from wizard.i18n import language, t
from wizard.merge import value_at

if TYPE_CHECKING:
    from wizard.catalog import Catalog
    from wizard.merge import Place
    from wizard.model import Portfolio
    from wizard.validation import Finding

STATUSES = ("todo", "doing", "done", "skipped")

#: Fields by their place in the file -> the string that labels them in the wizard.
LABELS: dict[tuple[str, ...], str] = {
    ("company", "name"): "tui.company.name",
    ("company", "org_number"): "tui.company.org_number",
    ("company", "security_contact"): "tui.company.security_contact",
    ("company", "decision_date"): "tui.company.decision_date",
    ("reporting", "phone"): "tui.company.reporting_phone",
    ("reporting", "hours"): "tui.company.reporting_hours",
    ("reporting", "hours_en"): "tui.company.reporting_hours_en",
    ("reporting", "web"): "tui.company.reporting_web",
    ("decision", "cost_per_sign"): "tui.company.cost_per_sign",
    ("huskurage", "status"): "tui.huskurage.status_label",
    ("huskurage", "date"): "tui.huskurage.date",
    ("huskurage", "person"): "tui.huskurage.person",
    ("huskurage", "notes"): "tui.huskurage.notes",
    ("huskurage", "model_studied"): "tui.huskurage.model_studied",
    ("advice", "variant"): "tui.step.advice.title",
    ("advice", "custom_steps"): "tui.advice.custom_steps",
    ("advice", "child_concern"): "tui.advice.child_concern",
    ("advice", "reason"): "tui.advice.reason",
    ("action_plan", "wanted_commitment"): "tui.action_plan.commitment",
    ("action_plan", "home_visits"): "tui.action_plan.home_visits",
    ("action_plan", "roles"): "tui.action_plan.roles",
    ("action_plan", "training_targets"): "tui.action_plan.training",
    ("name",): "tui.municipalities.col.name",
    ("apartments",): "tui.municipalities.apartments",
    ("entrances",): "tui.municipalities.entrances",
    ("wave",): "tui.municipalities.wave",
    ("staff_hours_per_week",): "tui.resources.staff_hours_per_week",
    ("duty_days_per_week",): "tui.resources.duty_days_per_week",
    ("signs_up",): "tui.signs.signs_up",
    ("sign", "logos"): "tui.signs.logos",
    ("sign", "extra_lines"): "tui.signs.extra_lines",
    ("partners",): "tui.step.partners.title",
    ("training",): "tui.action_plan.training",
}

def in_words(place: "Place", catalog: "Catalog") -> str:
    """The field at ``place`` as a user knows it."""
    keys = tuple(str(p) for p in place)
    for length in range(len(keys), 0, -1):
        label = LABELS.get(keys[:length])
        if label:
            return t(label)
    section, rest = (keys[0], keys[1:]) if keys else ("", ())
    if section == "progress" and rest:
        item = catalog.item(rest[0])
        return item.title(language()) if item else rest[0]
    if section == "sizing" and rest:
        return t(f"tui.resources.{rest[0]}")
    if section == "number_checks" and rest:
        number = catalog.number(rest[0])
        return f"{t('tui.places.number_checks')}: {number.name(language())} ({number.number})" if number else rest[0]
    if section in ("cadences", "reports") and rest:
        return f"{t(f'tui.places.{section}')}: {rest[0]}"
    return ".".join(keys)


def changes_in_words(places: "list[Place]", table: dict[str, Any], catalog: "Catalog") -> list[str]:
    """Changed fields with their values in ``table``, a line per thing a user knows (an item's status and date
    together); the history log is no one's edit."""
    lines: dict[str, list[str]] = {}
    for place in places:
        if place and place[0] == "history":
            continue
        values = lines.setdefault(in_words(place, catalog), [])
        value = shown_value(value_at(table, place), place)
        if value not in values:
            values.append(value)
    return [f"{name}: {', '.join(values)}" for name, values in lines.items()]


def shown_value(value: Any, place: "Place" = (), width: int = 60) -> str:
    """A field's value in the conflict question, on one line: dates as written, lists in a row, nothing as a dash."""
    if place and place[0] == "progress" and place[-1] == "status" and value in STATUSES:
        return t(f"dashboard.item_status.{value}")
    text = _shown(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _shown(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return t("tui.places.yes") if value else t("tui.places.no")
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------ where a finding is, in words

ARROW = " → "
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parts(path: str) -> "Place":
    """``partners[2].phone`` -> ``("partners", 2, "phone")``."""
    return tuple(int(index) if index else name for index, name in _PART.findall(path))


def finding_place(finding: "Finding", portfolio: "Portfolio", catalog: "Catalog") -> str:
    """Where a finding is, as a user finds it: the municipality or the company, the part, the field.

    "Östersund → Checklista → Information till nya hyresgäster", "Företaget →
    Kontakt med Huskurage → Datum för kontakten", "Uppsala → Lokala
    samarbetspartner → Polisen, lokalpolisområde Uppsala → Telefon".
    """
    from wizard import model
    from wizard.tui.steps import STEPS
    from wizard.tui.steps.state import city_code_of, step_of

    place = parts(finding.path)
    code = city_code_of(finding)
    if code is None:  # the company file (or a file of no municipality)
        top = t("tui.places.company") if finding.file == model.COMPANY_FILE else finding.file
        number = step_of(finding)
        section = [STEPS[number - 1].title] if number and place and place[0] != "progress" else []
        return ARROW.join([top, *section, *_in_words(place, None, catalog)])
    muni = catalog.municipality(code)
    city = portfolio.cities.get(code)
    top = muni.name if muni else city.name if city and city.name else code
    return ARROW.join([top, *_in_words(place, city, catalog)])


def _in_words(place: "Place", city: Any, catalog: "Catalog") -> list[str]:
    """A place in a file as the names of its parts: ``[Checklista, Information till nya hyresgäster]``."""
    if not place:
        return []
    head, rest = place[0], place[1:]
    lang = language()
    if head == "progress" and rest:
        item = catalog.item(str(rest[0]))
        return [t("tui.places.checklist"), item.title(lang) if item else str(rest[0])]
    if head == "partners" and rest and isinstance(rest[0], int):
        partner = city.partners[rest[0]] if city is not None and rest[0] < len(city.partners) else None
        kind = catalog.partner_kind(partner.kind) if partner else None
        who = partner.organisation or (kind.name(lang) if kind else partner.kind) if partner else str(rest[0] + 1)
        field = [t(f"tui.partner.{rest[1]}")] if len(rest) > 1 and isinstance(rest[1], str) and rest[1] in _PARTNER_FIELDS else []
        return [t("tui.step.partners.title"), who, *field]
    if head == "training" and rest:
        role = catalog.role(str(rest[0]))
        counted = [t(f"tui.places.training_{rest[1]}")] if len(rest) > 1 and rest[1] in ("staff", "trained") else []
        return [t("tui.places.training"), role.name(lang) if role else str(rest[0]), *counted]
    if head in ("reports", "handled_in_time", "follow_ups", "surveys") and rest:
        label = t(f"tui.places.{head}")
        if head == "follow_ups":
            cadence = catalog.cadence(str(rest[0]))
            return [label, cadence.title(lang) if cadence else str(rest[0])]
        if head == "surveys" and isinstance(rest[0], int) and city is not None and rest[0] < len(city.surveys):
            day = city.surveys[rest[0]].date
            return [label, day.isoformat() if day else str(rest[0] + 1)]
        return [label, str(rest[0])]
    if head == "history":
        return [t("tui.places.history")]
    return [in_words(place, catalog)]


_PARTNER_FIELDS = ("kind", "organisation", "phone", "hours", "email", "contact_person", "last_contact")
