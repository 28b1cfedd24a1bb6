"""Which column is which: a header in Swedish or English, in any case, with or without å/ä/ö, spaces or dashes.

A column no field claims is shown as not used; two columns for one field,
or a required field without a column, refuse the file before any row is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from wizard.i18n import t
from wizard.register.table import RegisterError, column_letter

# field -> the headers that name it (folded as :func:`fold` does). Order: as the mapping is shown.
HEADERS: dict[str, tuple[str, ...]] = {
    "municipality": ("kommun", "kommunkod", "kommunnamn", "kommunnr", "kommunnummer", "municipality",
                     "municipalitycode", "municipalityname", "city"),
    "area": ("omrade", "forvaltningsomrade", "forvaltning", "stadsdel", "distrikt", "bostadsomrade", "area",
             "district", "managementarea"),
    "building": ("fastighet", "fastighetsid", "fastighetsnummer", "fastighetsnr", "byggnad", "byggnadsid",
                 "byggnadsnummer", "objekt", "objektsnummer", "objektnummer", "objektsnr", "objektid", "hus", "husid",
                 "building", "buildingid", "property", "propertyid"),
    "designation": ("fastighetsbeteckning", "beteckning", "designation", "propertydesignation", "propertyunit"),
    "address": ("adress", "gatuadress", "byggnadsadress", "fastighetsadress", "address", "streetaddress",
                "buildingaddress"),
    "entrance": ("port", "portnummer", "portnr", "uppgang", "trappuppgang", "trapphus", "entre", "ingang",
                 "entrance", "stairwell", "staircase"),
    "entrance_address": ("portadress", "uppgangsadress", "entreadress", "entranceaddress"),
    "apartments": ("lagenheter", "antallagenheter", "lgh", "antallgh", "lagenhetsantal", "apartments", "units",
                   "dwellings", "numberofapartments", "flats"),
}
REQUIRED = ("municipality", "building", "apartments")


def fold(header: str) -> str:
    """``Antal lägenheter`` -> ``antallagenheter``: case, accents, spaces and punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return re.sub(r"[\W_]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


_FIELD_OF = {name: f for f, names in HEADERS.items() for name in names}


@dataclass
class Mapping:
    """field -> column index, and the headers no field claimed."""

    columns: dict[str, int]
    header: list[str]

    @property
    def unused(self) -> list[int]:
        used = set(self.columns.values())
        return [i for i, h in enumerate(self.header) if i not in used and h]

    def lines(self) -> list[tuple[str, str]]:
        """(column as the file names it, what it is used for), in the file's order."""
        by_index = {i: f for f, i in self.columns.items()}
        out = []
        for i, header in enumerate(self.header):
            if not header and i not in by_index:
                continue
            what = t(f"register.field.{by_index[i]}") if i in by_index else t("register.field.unused")
            out.append((f"{column_letter(i)} {header}", what))
        return out


def recognise(header: list[str], row: int = 1, required: tuple[str, ...] = REQUIRED) -> Mapping:
    """The fields of ``header`` (the file's row ``row``); raises :class:`RegisterError` when one is missing or twice."""
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        found = _FIELD_OF.get(fold(name))
        if found is None:
            continue
        if found in columns:
            first = columns[found]
            raise RegisterError(
                t("register.columns.twice", field=t(f"register.field.{found}"), first=header[first], second=name),
                row=row,
                column=column_letter(i),
            )
        columns[found] = i
    missing = [f for f in required if f not in columns]
    if missing:
        names = "; ".join(f"{t(f'register.field.{f}')} ({', '.join(_shown_names(f))})" for f in missing)
        raise RegisterError(t("register.columns.missing", fields=names, found=", ".join(h for h in header if h) or "—"))
    return Mapping(columns, header)


def _shown_names(field: str) -> list[str]:
    """The headers a user may write for ``field``, as people write them (for the message)."""
    return [t(f"register.header.{field}")]
