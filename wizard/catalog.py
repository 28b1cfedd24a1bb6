"""The declarative domain data in ``checklists/``: steps and checklist items,
partner kinds, advice variants, commitments, roles and their call scripts,
cadences, national numbers, the survey questions and the 290 municipalities.

Domain knowledge lives in data, not in ``if`` chains: a new partner kind,
advice variant, cadence or checklist item is a change to a file there.
Every text has a Swedish and an English form (``Text``).

``load()`` runs on every command, so it reads the files with ``tomllib`` (parsed
once per change of a file: ``data_folder.read_toml``) and ``csv`` only, once per process. A broken data file is a programming error: it
raises :class:`CatalogError` naming the file and the key.

Lookups return ``None`` for an unknown id, so callers can turn user input
into a friendly message. Municipalities are found by code or by name, ignoring
case, å/ä/ö and separators (``1480``, ``goteborg``, ``GÖTEBORG``,
``malung salen``); ``suggest`` gives the "did you mean" candidates.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterator

from wizard.data_folder import CatalogError, data_dir, read_toml
from wizard.model import fold, slug

LEVELS = ("company", "city")
FILES = (
    "steps.toml",
    "partners.toml",
    "advice.toml",
    "action_plan.toml",
    "cadences.toml",
    "numbers.toml",
    "nki.toml",
    "languages.toml",
)
REACHES = ("office_hours", "after_hours", "any_time", "own_hours")  # partners.toml `reach`
MUNICIPALITIES_FILE = "kommuner.csv"
MUNICIPALITIES_HEADER = ["kommunkod", "kommun", "lanskod", "lan"]


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "sv" or not self.sv:
            return self.sv
        from wizard.translations import translate  # another sign language: checklists/translations/

        return translate(lang, self.sv) or self.sv


EMPTY = Text("", "")


@dataclass(frozen=True)
class Item:
    """A checklist item; ``id`` is stable and used as the key in files."""

    id: str
    step: int  # 1..8
    level: str  # "company" | "city"
    title: Text
    help: Text
    after: tuple[str, ...] = ()  # items that should be done first (a hint)


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
    hint: Text = EMPTY  # what to record for this kind
    reach: str = ""  # when the action plan refers callers to it (REACHES); "" = never


@dataclass(frozen=True)
class AdviceVariant:
    id: str  # huskurage | police_first | custom
    name: Text
    steps: tuple[Text, ...]  # empty for custom: the company writes its own
    acute: Text  # the line beside 112 in the sign's red box
    help: Text = EMPTY  # why this variant, for the wizard
    question: Text = EMPTY  # the worry the steps answer, heading the sign
    also_number: str = ""  # a second number in the red box, for the worry the steps do not answer
    also: Text = EMPTY  # ... and what it is for
    adaptation: bool = False  # the company's own adaptation of Huskurage: the sign says so


@dataclass(frozen=True)
class Criticism:
    """An objection to the model or an evaluation of it, with its source (advice.toml ``criticism``)."""

    id: str
    text: Text
    source: str


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
    acute: Text = EMPTY  # what the role does on an acute report
    non_acute: Text = EMPTY  # ... and on a non-acute one
    ask: tuple[Text, ...] = ()  # what to ask someone who reports a worry (the call script)
    call_112: tuple[Text, ...] = ()  # when staff in this role call 112 themselves


@dataclass(frozen=True)
class Case:
    """A case the ordinary routine does not cover (the caller is the one exposed, a child at risk, ...)."""

    id: str
    roles: tuple[str, ...]  # whose call script points to it
    title: Text
    steps: tuple[Text, ...]
    refer: tuple[str, ...]  # national number ids and partner kind ids, in order


@dataclass(frozen=True)
class Script:
    """The parts of the action plan's call scripts every role shares (action_plan.toml)."""

    never_write: tuple[Text, ...]  # what is never written down
    reporter: tuple[Text, ...]  # what staff tell the person who reported a worry
    home_visit: tuple[Text, ...]  # how a home visit is made
    leave: tuple[str, ...]  # numbers left at a home visit: national number ids and partner kind ids
    cases: tuple[Case, ...]

    def cases_for(self, role_id: str) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if role_id in c.roles)


@dataclass(frozen=True)
class Question:
    """A survey question (checklists/nki.toml): its full text and a short label for tables."""

    id: str
    text: Text
    short: Text


@dataclass(frozen=True)
class Cadence:
    id: str
    level: str  # "company" | "city"
    months: int  # default interval
    role: str  # who does it (Role.id)
    title: Text
    help: Text
    item: str = ""  # the checklist item whose date says when it was last done ("" = none)


@dataclass(frozen=True)
class NationalNumber:
    id: str
    name: Text
    number: str
    hours: Text
    source: str
    verified_on: str  # ISO date; see numbers.toml for what it does and does not mean
    note: Text = EMPTY  # who it is for, caveats
    pilot: bool = False  # a time-limited pilot: check it still runs before printing
    source_date: str = ""  # the date the source itself carries, "" if undated

    @property
    def dial(self) -> str:
        """Digits only, for ``tel:`` links: ``020-50 50 50`` -> ``020505050``."""
        return re.sub(r"\D", "", self.number)


@dataclass(frozen=True)
class Language:
    """A language a sign and a letter can be written in (``languages.toml``)."""

    id: str  # what a city file's [sign] languages holds
    lang: str  # the BCP 47 tag for HTML and PDF
    direction: str  # ltr | rtl
    name: Text


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    county: str

    @property
    def slug(self) -> str:
        """ASCII file-name part: ``Malung-Sälen`` -> ``malung-salen``."""
        return slug(self.name)


def _key(text: str) -> str:
    """Lookup key: folded, letters and digits only (``Malung-Sälen`` -> ``malungsalen``)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _exact(text: str) -> str:
    """Like :func:`_key` but keeping å/ä/ö, to tell Håbo from Habo."""
    return re.sub(r"[\W_]", "", text.casefold())


@dataclass(frozen=True)
class Catalog:
    steps: tuple[Step, ...]
    partner_kinds: tuple[PartnerKind, ...]
    sign_partner_kinds: tuple[str, ...]  # ids of the kinds the sign lists, in its order (partners.toml ``sign``)
    advice: tuple[AdviceVariant, ...]
    child_concern: Text  # the optional extra advice step (orosanmälan)
    tell_us: Text  # the optional last advice step: tell the landlord
    criticism: tuple[Criticism, ...]  # what the decision paper puts before the board
    commitments: tuple[Commitment, ...]
    roles: tuple[Role, ...]
    cadences: tuple[Cadence, ...]
    numbers: tuple[NationalNumber, ...]
    script: Script
    questions: tuple[Question, ...]
    municipalities: dict[str, Municipality] = field(repr=False)
    languages: tuple[Language, ...] = ()
    data_dir: Path | None = field(default=None, compare=False)

    def items(self, level: str | None = None) -> list[Item]:
        return [i for s in self.steps for i in s.items if level is None or i.level == level]

    # ------------------------------------------------------------ by id

    @cached_property
    def _index(self) -> dict[str, dict[Any, Any]]:
        return {
            "item": {i.id: i for i in self.items()},
            "step": {s.number: s for s in self.steps},
            "partner_kind": {k.id: k for k in self.partner_kinds},
            "advice": {v.id: v for v in self.advice},
            "commitment": {c.id: c for c in self.commitments},
            "role": {r.id: r for r in self.roles},
            "cadence": {c.id: c for c in self.cadences},
            "number": {n.id: n for n in self.numbers},
            "question": {q.id: q for q in self.questions},
        }

    def item(self, item_id: str) -> Item | None:
        return self._index["item"].get(item_id)

    def step(self, number: int) -> Step | None:
        return self._index["step"].get(number)

    def partner_kind(self, kind_id: str) -> PartnerKind | None:
        return self._index["partner_kind"].get(kind_id)

    def advice_variant(self, variant_id: str) -> AdviceVariant | None:
        return self._index["advice"].get(variant_id)

    def commitment(self, commitment_id: str) -> Commitment | None:
        return self._index["commitment"].get(commitment_id)

    def role(self, role_id: str) -> Role | None:
        return self._index["role"].get(role_id)

    def cadence(self, cadence_id: str) -> Cadence | None:
        return self._index["cadence"].get(cadence_id)

    def number(self, number_id: str) -> NationalNumber | None:
        return self._index["number"].get(number_id)

    def language(self, language_id: str) -> Language | None:
        return next((lg for lg in self.languages if lg.id == language_id), None)

    def question(self, question_id: str) -> Question | None:
        return self._index["question"].get(question_id)

    def expected_partner_kinds(self) -> tuple[PartnerKind, ...]:
        """The kinds the seed expects every municipality to have, in file order."""
        return tuple(k for k in self.partner_kinds if k.expected)

    def cadences_for(self, level: str) -> tuple[Cadence, ...]:
        return tuple(c for c in self.cadences if c.level == level)

    # --------------------------------------------------- municipalities

    def municipality(self, code: str) -> Municipality | None:
        """By 4-digit code (a string: ``"0114"``, not ``114``)."""
        return self.municipalities.get(code)

    def counties(self) -> dict[str, str]:
        """County code -> county name, in code order."""
        return {m.county_code: m.county for m in self.municipalities.values()}

    @cached_property
    def _by_key(self) -> dict[str, tuple[Municipality, ...]]:
        out: dict[str, list[Municipality]] = {}
        for m in self.municipalities.values():
            out.setdefault(_key(m.name), []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    def find_municipalities(self, query: str) -> list[Municipality]:
        """Every municipality the query names exactly, ignoring case and å/ä/ö.

        Usually one; two for ``habo`` (Habo 0643 and Håbo 0305). A code of
        three digits is read with its leading zero restored (``114`` -> ``0114``,
        as spreadsheets drop it). "kommun"/"stad" after the name is ignored.
        """
        q = query.strip()
        if q.isdigit() and len(q) in (3, 4):
            m = self.municipalities.get(q.zfill(4))
            return [m] if m else []
        words = slug(q)
        candidates = [words]
        for suffix in ("-kommun", "-stad"):
            if words.endswith(suffix):
                base = words[: -len(suffix)]
                candidates += [base, base[:-1]] if base.endswith("s") else [base]
        for cand in candidates:
            found = self._by_key.get(_key(cand))
            if found:
                return list(found)
        return []

    def find_municipality(self, query: str) -> Municipality | None:
        """The one municipality the query names, or ``None`` (unknown or ambiguous).

        ``habo`` is ambiguous (Habo or Håbo without its ring); ``Håbo`` and
        ``Habo`` typed with a non-ASCII letter or as codes are not. Call
        :meth:`suggest` for the "did you mean" list.
        """
        found = self.find_municipalities(query)
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and not query.isascii():
            exact = [m for m in found if _exact(m.name) == _exact(query.strip())]
            if len(exact) == 1:
                return exact[0]
        return None

    def search(self, query: str) -> list[Municipality]:
        """Municipalities as a name is being typed (the wizard's list), best first.

        First those :meth:`find_municipalities` names exactly (``114``,
        ``Göteborgs stad``, both for ``habo``), then names or codes that
        start with the query, then names or counties that contain it, each
        group alphabetical. Case, å/ä/ö, spaces and hyphens do not matter.
        """
        q = _key(query)
        if not q:
            return []
        exact = self.find_municipalities(query)
        starts, contains = [], []
        for m, name, county in self._search_keys:  # alphabetical already
            if name.startswith(q) or m.code.startswith(q):
                starts.append(m)
            elif q in name or q in county:
                contains.append(m)
        unique: dict[str, Municipality] = {}
        for m in [*exact, *starts, *contains]:
            unique.setdefault(m.code, m)
        return list(unique.values())

    @cached_property
    def _search_keys(self) -> tuple[tuple[Municipality, str, str], ...]:
        ordered = sorted(self.municipalities.values(), key=lambda m: fold(m.name))
        return tuple((m, _key(m.name), _key(m.county)) for m in ordered)

    def suggest(self, query: str, n: int = 3) -> list[Municipality]:
        """Up to ``n`` likely meant municipalities, best first ("did you mean").

        Exact but ambiguous matches first, then names starting with the query,
        then close spellings (``Göteborj`` -> Göteborg); codes by closeness.
        """
        import difflib

        q = query.strip()
        out: list[Municipality] = list(self.find_municipalities(q))
        if q.isdigit():
            codes = difflib.get_close_matches(q.zfill(4), list(self.municipalities), n=n, cutoff=0.5)
            out += [self.municipalities[c] for c in codes]
        else:
            key = _key(q)
            if len(key) >= 3:
                out += [m for k, ms in sorted(self._by_key.items()) if k.startswith(key) for m in ms]
            for k in difflib.get_close_matches(key, list(self._by_key), n=n, cutoff=0.6):
                out += self._by_key[k]
        unique: dict[str, Municipality] = {}
        for m in out:
            unique.setdefault(m.code, m)
        return list(unique.values())[:n]


# ------------------------------------------------------------------ loading


class _Table:
    """One parsed TOML table, naming file and key in every problem."""

    def __init__(self, data: Any, file: Path, where: str, allowed: tuple[str, ...] | None = None) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            raise CatalogError(file, where or "(top level)", "expected a table")
        self.data = data
        if allowed is not None:
            unknown = sorted(set(data) - set(allowed))
            if unknown:
                raise CatalogError(file, self.at(unknown[0]), f"unknown key; expected one of {', '.join(allowed)}")

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str) -> CatalogError:
        return CatalogError(self.file, self.at(key), problem)

    def get(self, key: str, kind: type | tuple[type, ...], what: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, f"expected {what}, got {value!r}")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {what}, got {type(value).__name__}")
        return value

    def id(self, key: str = "id") -> str:
        value = self.get(key, str, "an id")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise self.fail(key, f"id {value!r} must be lower_case_with_underscores")
        return value

    def string(self, key: str, default: Any = ...) -> str:
        value = self.get(key, str, "a string", default)
        if default is ... and not value.strip():
            raise self.fail(key, "empty")
        return value

    def integer(self, key: str, minimum: int = 1) -> int:
        value = self.get(key, int, "an integer")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        return self.get(key, bool, "true or false", default)

    def text(self, key: str, default: Any = ...) -> Text:
        if key not in self.data and default is not ...:
            return default
        return _text(self.get(key, dict, "a table with sv and en"), self.file, self.at(key))

    def tables(self, key: str, allowed: tuple[str, ...], default: Any = ...) -> Iterator[_Table]:
        value = self.get(key, list, "an array of tables", default)
        for i, entry in enumerate(value):
            yield _Table(entry, self.file, f"{self.at(key)}[{i}]", allowed)


def _text(data: Any, file: Path, where: str) -> Text:
    t = _Table(data, file, where, ("sv", "en"))
    return Text(t.string("sv"), t.string("en"))


def _unique(file: Path, where: str, ids: list[Any]) -> None:
    seen: set[Any] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise CatalogError(file, f"{where}[{i}]", f"duplicate id {value!r}")
        seen.add(value)


def _read_toml(path: Path) -> _Table:
    try:
        return _Table(read_toml(path), path, "")
    except FileNotFoundError:
        raise CatalogError(path, "", "file missing") from None
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(path, "", f"invalid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise CatalogError(path, "", f"not UTF-8: {e}") from None


def _steps(doc: _Table) -> tuple[Step, ...]:
    item_keys = ("id", "level", "title", "help", "after")
    steps = []
    for s in doc.tables("steps", ("number", "title", "help", "items")):
        number = s.integer("number")
        items = []
        for it in s.tables("items", item_keys):
            level = it.string("level")
            if level not in LEVELS:
                raise it.fail("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
            after = it.get("after", list, "a list of item ids", [])
            if not all(isinstance(a, str) for a in after):
                raise it.fail("after", "expected a list of item ids (strings)")
            items.append(Item(it.id(), number, level, it.text("title"), it.text("help"), tuple(after)))
        steps.append(Step(number, s.text("title"), s.text("help"), tuple(items)))
    numbers = [s.number for s in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise CatalogError(doc.file, "steps", f"numbers must run 1, 2, 3, ... in order, got {numbers}")
    all_items = [i for s in steps for i in s.items]
    _unique(doc.file, "steps[].items", [i.id for i in all_items])
    known = {i.id for i in all_items}
    for s_index, step in enumerate(steps):
        for i_index, item in enumerate(step.items):
            for ref in item.after:
                if ref not in known:
                    raise CatalogError(doc.file, f"steps[{s_index}].items[{i_index}].after", f"unknown item {ref!r}")
    return tuple(steps)


def _partner_kinds(doc: _Table) -> tuple[PartnerKind, ...]:
    kinds = []
    for k in doc.tables("kinds", ("id", "name", "expected", "hint", "reach")):
        reach = k.string("reach", "")
        if reach and reach not in REACHES:
            raise k.fail("reach", f"must be one of {', '.join(REACHES)}, got {reach!r}")
        kinds.append(PartnerKind(k.id(), k.text("name"), k.flag("expected"), k.text("hint", EMPTY), reach))
    _unique(doc.file, "kinds", [k.id for k in kinds])
    return tuple(kinds)


def _sign_partner_kinds(doc: _Table, kinds: tuple[PartnerKind, ...]) -> tuple[str, ...]:
    """The ``sign`` list: known kind ids, each once, in the order the sign shows their numbers."""
    order = doc.get("sign", list, "a list of partner kind ids")
    known = {k.id for k in kinds}
    for i, kind in enumerate(order):
        if not isinstance(kind, str) or kind not in known:
            raise CatalogError(doc.file, f"sign[{i}]", f"unknown partner kind {kind!r}")
    _unique(doc.file, "sign", order)
    return tuple(order)


def _criticism(doc: _Table) -> tuple[Criticism, ...]:
    out = []
    for c in doc.tables("criticism", ("id", "text", "source"), []):
        source = c.string("source")
        if not source.startswith("https://"):
            raise c.fail("source", f"expected an https URL, got {source!r}")
        out.append(Criticism(c.id(), c.text("text"), source))
    _unique(doc.file, "criticism", [c.id for c in out])
    return tuple(out)


def _advice(doc: _Table) -> tuple[tuple[AdviceVariant, ...], Text, Text]:
    acute = doc.text("acute")
    question = doc.text("question")
    variants = []
    keys = ("id", "name", "help", "steps", "acute", "question", "also_number", "also", "adaptation")
    for v in doc.tables("variants", keys):
        raw = v.get("steps", list, "a list of {sv, en} tables")
        steps = tuple(_text(s, doc.file, f"{v.at('steps')}[{i}]") for i, s in enumerate(raw))
        also_number = v.string("also_number", "")
        also = v.text("also", EMPTY)
        if bool(also_number) != bool(also.sv):
            raise v.fail("also", "also and also_number go together")
        variants.append(
            AdviceVariant(
                v.id(),
                v.text("name"),
                steps,
                v.text("acute", acute),
                v.text("help", EMPTY),
                v.text("question", question),
                also_number,
                also,
                v.flag("adaptation"),
            )
        )
    _unique(doc.file, "variants", [v.id for v in variants])
    return tuple(variants), doc.text("child_concern"), doc.text("tell_us")


def _texts(t: _Table, key: str) -> tuple[Text, ...]:
    """A list of {sv, en} tables; empty when the key is missing."""
    raw = t.get(key, list, "a list of {sv, en} tables", [])
    return tuple(_text(item, t.file, f"{t.at(key)}[{i}]") for i, item in enumerate(raw))


def _ids(t: _Table, key: str, known: set[str], what: str) -> tuple[str, ...]:
    raw = t.get(key, list, f"a list of {what}", [])
    for i, value in enumerate(raw):
        if not isinstance(value, str) or value not in known:
            raise t.fail(f"{key}[{i}]", f"unknown {what.rstrip('s')} {value!r}")
    return tuple(raw)


def _action_plan(doc: _Table) -> tuple[tuple[Commitment, ...], tuple[Role, ...]]:
    commitments = tuple(
        Commitment(c.id(), c.integer("working_days"), c.text("name"))
        for c in doc.tables("commitments", ("id", "working_days", "name"))
    )
    roles = tuple(
        Role(
            r.id(),
            r.text("name"),
            r.text("duty"),
            r.text("acute", EMPTY),
            r.text("non_acute", EMPTY),
            _texts(r, "ask"),
            _texts(r, "call_112"),
        )
        for r in doc.tables("roles", ("id", "name", "duty", "acute", "non_acute", "ask", "call_112"))
    )
    _unique(doc.file, "commitments", [c.id for c in commitments])
    _unique(doc.file, "roles", [r.id for r in roles])
    return commitments, roles


def _script(doc: _Table, roles: set[str], refer_ids: set[str]) -> Script:
    """The call scripts' shared parts: what is never written down, the reporter, the home visit, the special cases."""
    what = "national number or partner kind ids"
    script = _Table(doc.get("script", dict, "a table"), doc.file, "script", ("never_write",))
    reporter = _Table(doc.get("reporter", dict, "a table"), doc.file, "reporter", ("steps",))
    visit = _Table(doc.get("home_visit", dict, "a table"), doc.file, "home_visit", ("steps", "leave"))
    cases = tuple(
        Case(c.id(), _ids(c, "roles", roles, "role ids"), c.text("title"), _texts(c, "steps"), _ids(c, "refer", refer_ids, what))
        for c in doc.tables("cases", ("id", "roles", "title", "steps", "refer"), [])
    )
    _unique(doc.file, "cases", [c.id for c in cases])
    return Script(
        never_write=_texts(script, "never_write"),
        reporter=_texts(reporter, "steps"),
        home_visit=_texts(visit, "steps"),
        leave=_ids(visit, "leave", refer_ids, what),
        cases=cases,
    )


def _questions(doc: _Table) -> tuple[Question, ...]:
    questions = tuple(Question(q.id(), q.text("text"), q.text("short")) for q in doc.tables("questions", ("id", "text", "short")))
    _unique(doc.file, "questions", [q.id for q in questions])
    return questions


def _cadences(doc: _Table, roles: set[str], items: dict[str, str]) -> tuple[Cadence, ...]:
    cadences = []
    for c in doc.tables("cadences", ("id", "level", "months", "role", "title", "help", "item")):
        level = c.string("level")
        if level not in LEVELS:
            raise c.fail("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
        role = c.id("role")
        if role not in roles:
            raise c.fail("role", f"unknown role {role!r} (roles are in action_plan.toml)")
        item = c.string("item", "")
        if item and items.get(item) != level:
            raise c.fail("item", f"{item!r} is not a {level}-level checklist item (items are in steps.toml)")
        cadences.append(Cadence(c.id(), level, c.integer("months"), role, c.text("title"), c.text("help"), item))
    _unique(doc.file, "cadences", [c.id for c in cadences])
    return tuple(cadences)


def _numbers(doc: _Table) -> tuple[NationalNumber, ...]:
    keys = ("id", "number", "name", "hours", "note", "source", "source_date", "verified_on", "pilot")
    numbers = []
    for n in doc.tables("numbers", keys):
        verified = n.get("verified_on", dt.date, "a date (verified_on = 2026-11-01, no quotes)")
        if isinstance(verified, dt.datetime):
            raise n.fail("verified_on", "expected a date without a time")
        source = n.string("source")
        if not source.startswith(("https://", "http://")):
            raise n.fail("source", f"expected a URL, got {source!r}")
        source_date = n.string("source_date", "")
        if source_date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", source_date):
            raise n.fail("source_date", f"expected YYYY-MM-DD or \"\", got {source_date!r}")
        number = n.string("number")
        if not re.fullmatch(r"[0-9][0-9 \-]*[0-9]", number):
            raise n.fail("number", f"expected digits, spaces and hyphens, got {number!r}")
        numbers.append(
            NationalNumber(
                id=n.id(),
                name=n.text("name"),
                number=number,
                hours=n.text("hours", EMPTY),
                source=source,
                verified_on=verified.isoformat(),
                note=n.text("note", EMPTY),
                pilot=n.flag("pilot"),
                source_date=source_date,
            )
        )
    _unique(doc.file, "numbers", [n.id for n in numbers])
    return tuple(numbers)


def _languages(doc: _Table) -> tuple[Language, ...]:
    out = []
    for lg in doc.tables("languages", ("id", "lang", "direction", "name")):
        direction = lg.string("direction")
        if direction not in ("ltr", "rtl"):
            raise lg.fail("direction", f"must be ltr or rtl, got {direction!r}")
        out.append(Language(lg.string("id"), lg.string("lang"), direction, lg.text("name")))
    _unique(doc.file, "languages", [lg.id for lg in out])
    if [lg.id for lg in out[:2]] != ["sv", "en"]:
        raise CatalogError(doc.file, "languages", "must start with sv and en, the program's own languages")
    return tuple(out)


def _municipalities(path: Path) -> dict[str, Municipality]:
    out: dict[str, Municipality] = {}
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.reader(f)
            header = next(rows, None)
            if header != MUNICIPALITIES_HEADER:
                raise CatalogError(path, "line 1", f"header must be {','.join(MUNICIPALITIES_HEADER)}, got {header}")
            for row in rows:
                where = f"line {rows.line_num}"
                if len(row) != 4:
                    raise CatalogError(path, where, f"expected 4 columns, got {len(row)}")
                code, name, county_code, county = (v.strip() for v in row)
                if not re.fullmatch(r"\d{4}", code):
                    raise CatalogError(path, f"{where} kommunkod", f"expected 4 digits, got {code!r}")
                if county_code != code[:2]:
                    raise CatalogError(path, f"{where} lanskod", f"{county_code!r} is not the first two digits of {code}")
                if not name or not county:
                    raise CatalogError(path, where, "empty kommun or lan")
                if code in out:
                    raise CatalogError(path, f"{where} kommunkod", f"duplicate code {code}")
                out[code] = Municipality(code, name, county_code, county)
    except FileNotFoundError:
        raise CatalogError(path, "", "file missing") from None
    except UnicodeDecodeError as e:
        raise CatalogError(path, "", f"not UTF-8: {e}") from None
    return dict(sorted(out.items()))


@lru_cache(maxsize=4)
def load(directory: Path | None = None) -> Catalog:
    """The catalog from ``directory`` (default: the shipped ``checklists/``), read once."""
    root = Path(directory) if directory is not None else data_dir()
    steps_doc, partners_doc, advice_doc, plan_doc, cadences_doc, numbers_doc, nki_doc, languages_doc = (
        _read_toml(root / f) for f in FILES
    )
    advice, child_concern, tell_us = _advice(advice_doc)
    commitments, roles = _action_plan(plan_doc)
    steps = _steps(steps_doc)
    partner_kinds = _partner_kinds(partners_doc)
    numbers = _numbers(numbers_doc)
    return Catalog(
        steps=steps,
        partner_kinds=partner_kinds,
        sign_partner_kinds=_sign_partner_kinds(partners_doc, partner_kinds),
        advice=advice,
        child_concern=child_concern,
        tell_us=tell_us,
        criticism=_criticism(advice_doc),
        commitments=commitments,
        roles=roles,
        cadences=_cadences(cadences_doc, {r.id for r in roles}, {i.id: i.level for s in steps for i in s.items}),
        numbers=numbers,
        script=_script(plan_doc, {r.id for r in roles}, {n.id for n in numbers} | {k.id for k in partner_kinds}),
        questions=_questions(nki_doc),
        municipalities=_municipalities(root / MUNICIPALITIES_FILE),
        languages=_languages(languages_doc),
        data_dir=root,
    )


# ------------------------------------------------- shortcuts on the default catalog


def municipality(code: str) -> Municipality | None:
    return load().municipality(code)


def find_municipality(query: str) -> Municipality | None:
    return load().find_municipality(query)


def find_municipalities(query: str) -> list[Municipality]:
    return load().find_municipalities(query)


def suggest(query: str, n: int = 3) -> list[Municipality]:
    return load().suggest(query, n)


def item(item_id: str) -> Item | None:
    return load().item(item_id)


def partner_kind(kind_id: str) -> PartnerKind | None:
    return load().partner_kind(kind_id)


def advice_variant(variant_id: str) -> AdviceVariant | None:
    return load().advice_variant(variant_id)


def commitment(commitment_id: str) -> Commitment | None:
    return load().commitment(commitment_id)


def cadence(cadence_id: str) -> Cadence | None:
    return load().cadence(cadence_id)


def role(role_id: str) -> Role | None:
    return load().role(role_id)


def expected_partner_kinds() -> tuple[PartnerKind, ...]:
    return load().expected_partner_kinds()
