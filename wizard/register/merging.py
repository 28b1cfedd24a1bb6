"""The register's rows checked, then merged into the municipalities' buildings.

An entrance is keyed by its municipality, its building's id and its label
(an empty label: the building's one entrance). A building or an entrance
already recorded keeps everything the program records about it (the sign,
inspections, letters) and takes the register's area, designation, addresses
and apartments; new ones are added after them in the file's order; one the
file no longer holds is reported and kept, never deleted. Merging the same
file again changes nothing, so the store writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard import model, parse, privacy
from wizard.i18n import t
from wizard.register.columns import Mapping
from wizard.register.table import RegisterError, Table, column_letter

if TYPE_CHECKING:
    from wizard.catalog import Catalog

GUARDED = ("area", "building", "designation", "address", "entrance", "entrance_address")  # free text: the guard reads it
MAX_TEXT = 200  # an id, a label or an address longer than this is a column mixed up, not an address


@dataclass
class Row:
    number: int
    code: str
    area: str
    building: str
    designation: str
    address: str
    entrance: str
    entrance_address: str
    apartments: int


@dataclass
class CityChange:
    """What a merge did to one municipality, for the report."""

    code: str
    name: str
    buildings_added: int = 0
    entrances_added: int = 0
    entrances_changed: int = 0
    buildings_changed: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # (building id, entrance label) not in the file

    @property
    def changed(self) -> bool:
        return bool(self.buildings_added or self.entrances_added or self.entrances_changed or self.buildings_changed)


def rows(table: Table, mapping: Mapping, portfolio: model.Portfolio, catalog: "Catalog") -> list[Row]:
    """Every row checked: the municipality one of the portfolio's, an id, a count of apartments, no entrance twice."""
    codes = set(portfolio.cities)
    found: dict[str, str] = {}  # the municipality as written -> its code
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    cols = mapping.columns

    def cell(values: list[str], name: str, number: int) -> str:
        index = cols.get(name)
        if index is None or index >= len(values):
            return ""
        text = values[index].strip()
        if len(text) > MAX_TEXT:
            raise RegisterError(t("register.row.too_long", max=MAX_TEXT), number, _column(mapping, name))
        if name in GUARDED and (hits := privacy.find(text, addresses=False)):  # stock, never a case
            raise RegisterError(t("register.row.case_data", found=privacy.Found(hits)), number, _column(mapping, name))
        return text

    for values, number in zip(table.rows, table.numbers[1:]):
        written = cell(values, "municipality", number)
        if not written:
            raise RegisterError(t("register.row.empty", field=t("register.field.municipality")), number, _column(mapping, "municipality"))
        if written not in found:
            try:
                muni = parse.municipality(written, catalog, codes)
            except parse.ParseError as e:
                raise RegisterError(t("register.row.unknown_municipality", reason=e.message()), number, _column(mapping, "municipality")) from None
            if muni.code not in codes:
                raise RegisterError(t("register.row.not_in_portfolio", name=muni.name, code=muni.code), number, _column(mapping, "municipality"))
            found[written] = muni.code
        code = found[written]
        building = cell(values, "building", number)
        if not building:
            raise RegisterError(t("register.row.empty", field=t("register.field.building")), number, _column(mapping, "building"))
        text = cell(values, "apartments", number)
        try:
            apartments = parse.count(text)
        except parse.ParseError as e:
            raise RegisterError(t("register.row.bad_apartments", value=text, reason=e.message()), number, _column(mapping, "apartments")) from None
        entrance = cell(values, "entrance", number)
        key = (code, building, entrance)
        if key in seen:
            raise RegisterError(
                t("register.row.twice", building=building, entrance=entrance or "—", first=seen[key]), number, _column(mapping, "entrance" if "entrance" in cols else "building")
            )
        seen[key] = number
        out.append(Row(number, code, cell(values, "area", number), building, cell(values, "designation", number),
                       cell(values, "address", number), entrance, cell(values, "entrance_address", number), apartments))
    return out


def _column(mapping: Mapping, name: str) -> str:
    index = mapping.columns[name]
    return f"{column_letter(index)} ({mapping.header[index]})"


def merge(portfolio: model.Portfolio, rows: list[Row]) -> list[CityChange]:
    """The rows merged into ``portfolio`` (in place); one :class:`CityChange` per municipality the file names."""
    by_city: dict[str, list[Row]] = {}
    for row in rows:
        by_city.setdefault(row.code, []).append(row)
    changes = []
    for code in sorted(by_city):
        city = portfolio.cities[code]
        change = CityChange(code, city.name)
        buildings = {b.id: b for b in city.buildings}
        in_file: set[tuple[str, str]] = set()
        seen: set[str] = set()
        for row in by_city[code]:
            first_row = row.building not in seen
            seen.add(row.building)
            in_file.add((row.building, row.entrance))
            building = buildings.get(row.building)
            if building is None:
                building = buildings[row.building] = model.Building(row.building, row.area, row.designation, row.address)
                city.buildings.append(building)
                change.buildings_added += 1
            elif first_row and (building.area, building.designation, building.address) != (row.area, row.designation, row.address):
                building.area, building.designation, building.address = row.area, row.designation, row.address
                change.buildings_changed += 1
            entrance = next((e for e in building.entrances if e.label == row.entrance), None)
            if entrance is None:
                building.entrances.append(model.Entrance(row.entrance, row.entrance_address, row.apartments))
                change.entrances_added += 1
            elif (entrance.address, entrance.apartments) != (row.entrance_address, row.apartments):
                entrance.address, entrance.apartments = row.entrance_address, row.apartments
                change.entrances_changed += 1
        change.missing = [(b.id, e.label) for b in city.buildings for e in b.entrances if (b.id, e.label) not in in_file]
        city.count_buildings()
        changes.append(change)
    return changes

