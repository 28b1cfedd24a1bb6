"""The declarative domain data in ``checklists/``: steps and checklist items,
partner kinds, advice variants, commitments, roles, cadences, national numbers
and the 290 municipalities.

Domain knowledge lives in data, not in ``if`` chains: a new partner kind,
advice variant, cadence or checklist item is a change to a TOML file there.
Every text has a Swedish and an English form (``Text``).

STUB: the dataclasses below are the interface; ``load()`` is being written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Item:
    """A checklist item; ``id`` is stable and used as the key in files."""

    id: str
    step: int  # 1..8
    level: str  # "company" | "city"
    title: Text
    help: Text


@dataclass(frozen=True)
class Step:
    number: int
    title: Text
    help: Text
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PartnerKind:
    id: str
    name: Text
    expected: bool  # the seed expects every city to have one


@dataclass(frozen=True)
class AdviceVariant:
    id: str  # huskurage | police_first | custom
    name: Text
    steps: tuple[Text, ...]  # empty for custom: the company writes its own
    acute: Text  # the line about acute situations and 112


@dataclass(frozen=True)
class Commitment:
    id: str  # next_working_day | within_3_working_days | within_a_week
    working_days: int
    name: Text


@dataclass(frozen=True)
class Role:
    id: str  # customer_service | property_manager | caretaker | security_manager | disturbance_on_call
    name: Text
    duty: Text  # default wording of who does what


@dataclass(frozen=True)
class Cadence:
    id: str
    level: str  # "company" | "city"
    months: int  # default interval
    role: str  # who does it (Role.id)
    title: Text
    help: Text


@dataclass(frozen=True)
class NationalNumber:
    id: str
    name: Text
    number: str
    hours: Text
    source: str
    verified_on: str  # ISO date


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    county: str


@dataclass(frozen=True)
class Catalog:
    steps: tuple[Step, ...]
    partner_kinds: tuple[PartnerKind, ...]
    advice: tuple[AdviceVariant, ...]
    child_concern: Text  # the optional extra advice step (orosanmälan)
    commitments: tuple[Commitment, ...]
    roles: tuple[Role, ...]
    cadences: tuple[Cadence, ...]
    numbers: tuple[NationalNumber, ...]
    municipalities: dict[str, Municipality] = field(repr=False)

    def items(self, level: str | None = None) -> list[Item]:
        return [i for s in self.steps for i in s.items if level is None or i.level == level]


DATA_DIR_CANDIDATES = (
    Path(__file__).resolve().parent / "checklists",  # inside the installed wheel
    Path(__file__).resolve().parent.parent / "checklists",  # source checkout
)


@lru_cache(maxsize=1)
def load() -> Catalog:
    raise NotImplementedError
