"""Entrances as work: which still lack a sign, a letter or an inspection, and marking them done. No Textual.

The caretaker's route list (``huskurage entrances``) and marking one entrance
or many (``huskurage mark ... --entrance``, the dashboard) both come here. An
entrance is named ``<building id>/<label>`` (``U-101/A``), or by its building's
id alone where the building has one entrance without a label.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from wizard import model

# --missing WHAT -> the entrance's date that says it is done
MISSING = {"sign": "sign_placed", "letter": "letter_delivered", "inspection": "inspected"}
# A checklist item or follow-up, marked for entrances -> the entrance's date it sets
ITEM_FIELDS = {"place_signs": "sign_placed", "inform_tenants": "letter_delivered", "sign_inspection": "inspected"}
INSPECTION_CADENCE = "sign_inspection"


@dataclass(frozen=True)
class Place:
    """One entrance where it is: its municipality and building."""

    city: model.City
    building: model.Building
    entrance: model.Entrance

    @property
    def key(self) -> str:
        return key_of(self.building, self.entrance)


def key_of(building: model.Building, entrance: model.Entrance) -> str:
    return f"{building.id}/{entrance.label}" if entrance.label else building.id


def places(cities: list[model.City], *, area: str | None = None) -> list[Place]:
    """Every entrance of ``cities`` in the file's order; only ``area``'s (any case) when given."""
    wanted = area.casefold() if area is not None else None
    return [
        Place(city, b, e)
        for city in cities
        for b in city.buildings
        if wanted is None or b.area.casefold() == wanted
        for e in b.entrances
    ]


def is_missing(place: Place, what: str, today: dt.date, months: int | None) -> bool:
    """Whether ``what`` (sign, letter, inspection) is still to do there.

    An inspection is due where a sign hangs and it was never inspected, or
    longer ago than the sign inspection's cadence (``months``) allows.
    """
    e = place.entrance
    if what != "inspection":
        return getattr(e, MISSING[what]) is None
    if e.sign_placed is None:
        return False
    if e.inspected is None:
        return True
    from wizard.schedule import add_months

    return months is not None and add_months(e.inspected, months) <= today


class UnknownEntrance(LookupError):
    def __init__(self, text: str, close: list[str]) -> None:
        super().__init__(text)
        self.text = text
        self.close = close


def find(city: model.City, text: str) -> Place:
    """The entrance ``text`` names in ``city``: ``U-101/A``, or ``U-101`` for a building's one unlabelled entrance."""
    wanted = text.strip()
    by_key = {key_of(b, e): Place(city, b, e) for b in city.buildings for e in b.entrances}
    if wanted in by_key:
        return by_key[wanted]
    building = next((b for b in city.buildings if b.id == wanted), None)
    if building is not None and len(building.entrances) == 1:
        return Place(city, building, building.entrances[0])
    raise UnknownEntrance(wanted, difflib.get_close_matches(wanted, list(by_key), n=3))


def printed_sign(city: model.City, building: model.Building) -> str:
    """The fingerprint of the printed sign that hangs in ``building``, as kept when ``print_signs`` was marked done.

    An area with partners of its own has its own sign (``City.sign_areas``):
    its fingerprint (``sign.printed_areas``); anywhere else the municipality's
    (``sign.printed``). "" when that sign was never marked printed.
    """
    if building.area and building.area in city.sign_areas():
        return city.sign.printed_areas.get(building.area, "")
    return city.sign.printed


def record(places_: list[Place], field: str, day: dt.date | None) -> int:
    """``field`` (sign_placed, inspected, letter_delivered) set to ``day`` (None clears it); how many changed.

    A sign placed records which printed sign hangs there (:func:`printed_sign`),
    cleared with the sign. The municipalities' counts follow
    (:meth:`model.City.count_buildings`).
    """
    changed = 0
    for place in places_:
        if getattr(place.entrance, field) != day:
            setattr(place.entrance, field, day)
            if field == "sign_placed":
                place.entrance.printed = printed_sign(place.city, place.building) if day is not None else ""
            changed += 1
    for city in {id(p.city): p.city for p in places_}.values():
        city.count_buildings()
    return changed
