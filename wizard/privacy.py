"""The case-data guard: text about one case, one victim or one suspect never gets in. No Textual.

This program plans a rollout; case handling belongs in the landlord's own case
system (DESIGN.md, Privacy; ``shared/domain.md`` §6: such data is crime data
under GDPR art. 10, health data under art. 9). Every free-text field passes
through here:

- typed: :func:`entry` refuses the text (``huskurage mark --note``, the
  wizard's and the dashboard's fields through the validator shim);
- on disk: :func:`scan` finds it in a file edited by hand, for ``huskurage
  check`` (a finding naming file and field) and for the export, which
  refuses whatever ``--force`` says.

:func:`find` recognises Swedish personal identity and coordination numbers
(10 or 12 digits, with or without ``-``/``+``; the date must exist and the
check digit must hold, so a phone number is not one), apartment numbers
(``lgh 1102``, ``lägenhet 3``, a four-digit Lantmäteriet number after
``dörr``/``nr``), street addresses with a house number (``Storgatan 5 B``),
and the words of ``checklists/case_data.toml``, whole words only. What
counts as ordinary text is tried in ``tests/guarantees/case_data/``: no
false alarm on the ordinary corpus, ``checklists/`` and the demo; every
text of the case corpus found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from wizard import parse
from wizard.i18n import t

DATA_FILE = "case_data.toml"
KINDS = ("personal_number", "apartment", "address", "incident", "role", "health")
_WORD_KINDS = ("incident", "role", "health")
_SHOWN = 3  # hits a message names; the rest are counted


@dataclass(frozen=True)
class Hit:
    """One piece of text that looks like case data: what kind, and the text as found."""

    kind: str  # one of KINDS
    text: str

    def describe(self, lang: str | None = None) -> str:
        return t("privacy.hit", lang, text=self.text, kind=t(f"privacy.kind.{self.kind}", lang))


class CaseData(parse.ParseError):
    """Typed text refused because it looks like case data; ``hits`` say why."""

    def __init__(self, hits: tuple[Hit, ...]) -> None:
        super().__init__("privacy.refused")
        self.hits = hits

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, found=describe(self.hits, lang))


def describe(hits: tuple[Hit, ...] | list[Hit], lang: str | None = None) -> str:
    """``«lgh 1102» (an apartment number), «slagen» (a word describing an incident)``, at most three named."""
    shown = ", ".join(h.describe(lang) for h in hits[:_SHOWN])
    more = len(hits) - _SHOWN
    return shown + (t("privacy.more", lang, n=more) if more > 0 else "")


class Found:
    """The hits as a message parameter, worded in the language the message is shown in."""

    def __init__(self, hits: tuple[Hit, ...]) -> None:
        self.hits = hits

    def __format__(self, spec: str) -> str:
        return format(describe(self.hits), spec)

    def __str__(self) -> str:
        return describe(self.hits)


# ------------------------------------------------------------------ report counts outside the security function

SMALL_COUNT = 3
"""Report counts below this, per municipality and quarter, are shown as "< 3" in every document that leaves
the security function (the progress report, the board's papers): in a small municipality one or two reports
in a quarter point at the households concerned."""


def withheld(count: int) -> bool:
    """Whether one municipality's report count for one quarter is too small to show outside the security function."""
    return count < SMALL_COUNT


def report_count(count: int, number: Callable[[int], str] = str) -> str:
    """One municipality's count for one quarter as a document shows it: ``< 3``, or ``number(count)``."""
    return f"< {SMALL_COUNT}" if withheld(count) else number(count)


def report_total(counts: Iterable[int], number: Callable[[int], str] = str) -> str:
    """Several municipalities' counts for one quarter, summed as a document shows it.

    Exact when no count is withheld. Otherwise the sum would give a withheld
    count away (the total less the counts shown), so it is the range the
    withheld counts allow, ``5–7``, or ``< 3`` when that is all it can be.
    """
    counts = list(counts)
    shown = sum(c for c in counts if not withheld(c))
    hidden = sum(1 for c in counts if withheld(c))
    if not hidden:
        return number(shown)
    high = shown + (SMALL_COUNT - 1) * hidden
    return f"< {SMALL_COUNT}" if high < SMALL_COUNT else f"{number(shown)}–{number(high)}"


# ------------------------------------------------------------------ typed text


def entry(text: str, *, phone: bool = False) -> str:
    """Typed free text as it may be saved, or :class:`parse.ParseError` saying why not.

    First :func:`parse.free_text` (size, NUL, control and direction
    characters), then the guard (:class:`CaseData`). Returns the text unchanged.
    """
    parse.free_text(text)
    hits = find(text, phone=phone)
    if hits:
        raise CaseData(hits)
    return text


def note(text: str) -> str:
    """A checklist note as ``huskurage mark --note`` and the dashboard save it: checked, then on one line."""
    return parse.note(entry(text))


# ------------------------------------------------------------------ the rules

# A word as the rules read text: letters and digits, an apostrophe inside (victim's). Reading a text
# word by word keeps every rule linear in its length: a 2 MB note in a file is read in one pass.
_TOKEN = re.compile(r"\w+(?:'\w+)*")
_NUMBER_WORD = re.compile(r"\d{1,4}[a-z]?", re.IGNORECASE)
_GLUED = re.compile(r"([^\W\d_]+)(\d{1,4}[a-z]?)")  # "lgh1102", casefolded
# After an apartment word: "lgh 1102", "lgh. nr 12", "lgh-nr: 12", "apt 4B".
_APARTMENT_TAIL = re.compile(r"[.-]?(?:\s*(?:nr|nummer|no)\.?)?\s*[:#]?\s*\d{1,4}(?:\s?[a-z](?!\w))?(?!\d)", re.IGNORECASE)
# After a door word, a Lantmäteriet number: floor 08-19 (10 is the entrance floor), place 01-29.
_DOOR_TAIL = re.compile(r"\.?\s*[:#]?\s*(?:0[89]|1\d)(?:0[1-9]|[12]\d)(?!\d)")
# After a street name, a house number (with its letter): "Storgatan 5 B"; not a time, a date or a price.
_HOUSE = re.compile(r"\s+\d{1,3}(?:\s?[a-z](?!\w))?(?!\d|[.:,]\d)", re.IGNORECASE)
# Between a phone word and the number: "Tel. 070…", "ring: 070…".
_PHONE_GAP = re.compile(r"[\s.:]*")
# Ten or twelve digits, a - or + before the last four or none; no digit or + around it.
_PERSONAL_NUMBER = re.compile(r"(?<![\d+])(?P<date>\d{6}|\d{8})(?P<sep>[-+]?)(?P<tail>\d{4})(?!\d)")


class _Words:
    """Words and phrases of the data file, casefolded, each with its kind; a trailing * makes the last word a stem.

    ``can_start`` passes most words of a text over with a set lookup or two.
    """

    def __init__(self, entries: dict[str, list[str]]) -> None:
        self.exact: dict[tuple[str, ...], str] = {}
        self.stems: dict[tuple[str, ...], str] = {}
        for kind, listed in entries.items():
            for entry in listed:
                words = tuple(w.casefold() for w in entry.rstrip("*").split())
                (self.stems if entry.endswith("*") else self.exact)[words] = kind
        every = [*self.exact, *self.stems]
        self.stem_lengths = tuple(sorted({len(s[-1]) for s in self.stems}))
        self.longest = max(map(len, every), default=0)
        self.first = frozenset(w[0] for w in every if len(w) > 1 or w in self.exact)
        self.first_stems = self._by_opening(w[0] for w in self.stems if len(w) == 1)
        # What a text must hold for an entry to be in it: its word, or all the words of a phrase.
        self.single = frozenset(w[0] for w in self.exact if len(w) == 1)
        self.phrases = tuple(frozenset(w[:-1] if w in self.stems else w) for w in every if len(w) > 1)

    @staticmethod
    def _by_opening(stems: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Stems by their first three letters, so a word is looked up once."""
        out: dict[str, tuple[str, ...]] = {}
        for stem in stems:
            out[stem[:3]] = (*out.get(stem[:3], ()), stem)
        return out

    def can_start(self, word: str) -> bool:
        """Whether an entry can begin with this word."""
        if word in self.first:
            return True
        stems = self.first_stems.get(word[:3])
        return stems is not None and word.startswith(stems)

    def may_hold(self, words: set[str]) -> bool:
        """Whether a text with these words can hold an entry: a word of the list, a stem, all of a phrase's words."""
        if not words.isdisjoint(self.single) or any(phrase <= words for phrase in self.phrases):
            return True
        for word in words:
            stems = self.first_stems.get(word[:3])
            if stems is not None and word.startswith(stems):
                return True
        return False

    def match(self, words: list[str], spaced: Callable[[int], bool], i: int) -> tuple[int, str]:
        """How many words from ``i`` on make an entry (the longest) and its kind; ``(0, "")`` for none.

        ``spaced(k)``: only spaces between word k and the next, as a phrase needs.
        """
        if not self.can_start(words[i]):
            return 0, ""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            if not all(spaced(k) for k in range(i, i + n - 1)):
                continue
            key = tuple(words[i : i + n])
            if key in self.exact:
                return n, self.exact[key]
            head, last = key[:-1], key[-1]
            for k in self.stem_lengths:
                if len(last) >= k and (kind := self.stems.get(head + (last[:k],))):
                    return n, kind
        return 0, ""


class _Rules:
    """The rules as ``checklists/case_data.toml`` gives them, read once per process."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.words = _Words({kind: _both(data, kind) for kind in _WORD_KINDS})  # incident, role, health
        self.door = _Words({"apartment": _both(data, "door")})
        self.apartment = frozenset(w.casefold() for w in _both(data, "apartment"))
        self.street_endings = tuple(w.casefold() for w in data.get("street", {}).get("sv", []))
        self.street_en = frozenset(w.casefold() for w in data.get("street", {}).get("en", []))
        self.phone = frozenset(w.casefold() for w in _both(data, "phone"))

    def may_hold(self, text: str, addresses: bool = True) -> bool:
        """Whether any rule could find something in ``text`` (cleaned and casefolded): a quick look.

        Words need their key word; apartment numbers, addresses and personal
        identity numbers all need digits, the last six in a row. ``addresses=False``
        looks as :func:`find` does in the landlord's own stock, where a street address is no hit.
        """
        words = set(_TOKEN.findall(text))
        if self.words.may_hold(words):
            return True
        if not _ANY_DIGIT.search(text):
            return False
        if _DIGITS.search(text) or self.door.may_hold(words):
            return True
        return any(
            word in self.apartment
            or (addresses and (word.endswith(self.street_endings) or word in self.street_en))
            or (word[-1].isdigit() and (glued := _GLUED.fullmatch(word)) is not None and glued[1] in self.apartment)
            for word in words
        )


def _both(data: dict[str, Any], table: str) -> list[str]:
    section = data.get(table, {})
    return [str(w) for lang in ("sv", "en") for w in section.get(lang, [])]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    from wizard.data_folder import data_dir, read_toml

    return _Rules(read_toml(data_dir() / DATA_FILE))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _is_day(year: int, month: int, day: int) -> bool:
    if day > 60:  # a coordination number: the day plus 60
        day -= 60
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def personal_number(date: str, tail: str) -> bool:
    """``YYMMDD``/``YYYYMMDD`` and ``NNNC`` a Swedish personal identity or coordination number?

    The date must exist (a coordination number's day is the day plus 60), a
    twelve-digit one must be of the 19th to 21st century, and the last digit
    must be the Luhn check digit of the ten that start at the year's last two.
    """
    digits = [int(c) for c in date + tail]
    if len(date) == 8:
        century = digits[0] * 10 + digits[1]
        if century not in (18, 19, 20):
            return False
        years = [century * 100 + digits[2] * 10 + digits[3]]
        short = date[2:]
    else:
        yy = digits[0] * 10 + digits[1]
        years = [1900 + yy, 2000 + yy]
        short = date
    month, day = int(short[2:4]), int(short[4:6])
    if not any(_is_day(y, month, day) for y in years):
        return False
    return _luhn(short + tail)


def _clean(text: str) -> str:
    """What the rules read: compatibility forms folded (full-width digits), invisible characters gone."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    invisible = {ord(ch): None for ch in set(text) if unicodedata.category(ch) == "Cf"}
    return text.translate(invisible) if invisible else text


def find(text: str, *, phone: bool = False, addresses: bool = True) -> tuple[Hit, ...]:
    """Everything in ``text`` that looks like case data, in the order it appears.

    ``phone``: the text is a phone number field, where ten bare digits that
    begin with 0 are read as a number to call. ``addresses=False`` is for a
    field that holds the landlord's own building addresses, which are stock,
    not case data; numbers and words are still looked for there.
    """
    if not text or text.isspace():
        return ()
    if len(text) > 1000:  # not worth keeping: a portfolio's texts are short and repeat
        return _find(text, phone, addresses)
    return _find_cached(text, phone, addresses)


@lru_cache(maxsize=1 << 16)
def _find_cached(text: str, phone: bool, addresses: bool) -> tuple[Hit, ...]:
    return _find(text, phone, addresses)


def _find(text: str, phone: bool, addresses: bool) -> tuple[Hit, ...]:
    text = _clean(text)
    rules = _rules()
    tokens = list(_TOKEN.finditer(text))
    words = [m.group().casefold() for m in tokens]

    def spaced(k: int) -> bool:
        """Only spaces between word ``k`` and the next."""
        gap = text[tokens[k].end() : tokens[k + 1].start()]
        return bool(gap) and gap.isspace()

    found: list[tuple[int, int, str]] = []

    def hit(kind: str, start: int, end: int) -> None:
        found.append((start, end, kind))

    for m in _PERSONAL_NUMBER.finditer(text):
        if not personal_number(m["date"], m["tail"]):
            continue
        bare_ten = len(m["date"]) == 6 and not m["sep"]
        if bare_ten and m["date"].startswith("0") and (phone or _after_phone_word(text, tokens, words, rules, m.start())):
            continue
        hit("personal_number", m.start(), m.end())
    for i, (token, word) in enumerate(zip(tokens, words)):
        if addresses and (word.endswith(rules.street_endings) or word in rules.street_en):
            _street(text, tokens, words, spaced, rules, i, hit)
        n, kind = rules.words.match(words, spaced, i)
        if n:
            hit(kind, token.start(), tokens[i + n - 1].end())
        if word in rules.apartment:
            if tail := _APARTMENT_TAIL.match(text, token.end()):
                hit("apartment", token.start(), tail.end())
        elif word[-1].isdigit() and word[0].isalpha() and (glued := _GLUED.fullmatch(word)) and glued[1] in rules.apartment:
            hit("apartment", token.start(), token.end())  # "lgh1102"
        n, _ = rules.door.match(words, spaced, i)
        if n and (tail := _DOOR_TAIL.match(text, tokens[i + n - 1].end())):
            hit("apartment", token.start(), tail.end())
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[Hit] = []
    end = -1
    for start, stop, kind in found:
        if start >= end:  # overlapping finds name the first, longest one
            out.append(Hit(kind, text[start:stop]))
            end = stop
    return tuple(out)


def _after_phone_word(text: str, tokens: list[re.Match[str]], words: list[str], rules: _Rules, at: int) -> bool:
    """Whether the number at ``at`` follows a phone word: "ring 0701234567", "Tel.: 0701234567"."""
    k = _before(tokens, at)
    return k >= 0 and words[k] in rules.phone and _PHONE_GAP.fullmatch(text, tokens[k].end(), at) is not None


def _before(tokens: list[re.Match[str]], at: int) -> int:
    """The index of the last word that ends at or before ``at`` (-1: none), by halving: a long text may hold many numbers."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].end() <= at:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _street(
    text: str,
    tokens: list[re.Match[str]],
    words: list[str],
    spaced: Callable[[int], bool],
    rules: _Rules,
    i: int,
    hit: Callable[[str, int, int], None],
) -> None:
    """A street name with a house number at word ``i``: "Storgatan 5 B", "Sergels torg 12", "12 Main Street"."""
    word, token = words[i], tokens[i]
    if word.endswith(rules.street_endings) and (house := _HOUSE.match(text, token.end())):
        if word not in rules.street_endings:  # "Storgatan": a name
            hit("address", token.start(), house.end())
        elif i and spaced(i - 1) and tokens[i - 1].group()[0].isupper():  # "Sergels torg"
            hit("address", tokens[i - 1].start(), house.end())
        elif token.group()[0].isupper():  # "Backen"; "gatan 5" alone is no address
            hit("address", token.start(), house.end())
    if word in rules.street_en and i and spaced(i - 1):  # "12 Main Street": a number, then one to three words
        for n in range(1, 4):
            first = i - n - 1
            if first < 0 or not spaced(first) or not words[first + 1].isalpha():
                break
            start = tokens[first].start()
            if _NUMBER_WORD.fullmatch(words[first]) and text[start - 1 : start] not in (".", ",", ":", "-"):
                hit("address", start, token.end())
                return


# ------------------------------------------------------------------ the model's texts


def texts(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text a model object holds, with its dotted place: ``partners[2].organisation``.

    Walks dataclasses, lists and dicts, so a field someone adds to the model
    is covered without a change here. Dict keys are texts too (a progress item
    id typed by hand can hold anything).
    """
    if isinstance(obj, str):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.metadata.get("privacy") != "stock":  # read by scan_stock, where addresses belong
                yield from texts(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            place = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield place, key
            yield from texts(value, place)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from texts(value, f"{path}[{i}]")


def scan(obj: Any) -> Iterator[tuple[str, tuple[Hit, ...]]]:
    """Every place in a model object (the settings, a city) whose text looks like case data, with the hits.

    Most objects hold none: their texts are gathered and read first, and only
    when one looks like case data are the places walked and named.
    """
    gathered: list[str] = []
    _gather(obj, gathered)
    if not _may_hold_case_data(gathered):
        return
    for path, text in texts(obj):
        hits = find(text, phone=path.endswith(".phone"))
        if hits:
            yield path, hits


def scan_stock(buildings: list[Any]) -> Iterator[tuple[str, tuple[Hit, ...]]]:
    """:func:`scan` for a municipality's buildings (``buildings[0].entrances[1].label``): the landlord's own stock,
    so a street address is no hit there; a personal number, an apartment number or a word about an incident is."""
    gathered: list[str] = []
    _gather(buildings, gathered)
    if not _may_hold_case_data(gathered, addresses=False):  # 6,000 entrances' texts read at once, most of them known
        return
    for path, text in texts(buildings, "buildings"):
        hits = find(text, addresses=False)
        if hits:
            yield path, hits


_DIGITS = re.compile(r"\d{6}")
_ANY_DIGIT = re.compile(r"\d")


def _may_hold_case_data(texts: list[str], addresses: bool = True) -> bool:
    """A quick look at many texts at once: False when no rule could find anything in any of them.

    What passes is read text by text with :func:`find`; what does not is
    remembered, as most texts of a portfolio repeat from city to city.
    ``addresses=False`` is the look for the landlord's stock (:func:`scan_stock`):
    a text with nothing in it for every rule has nothing in it there either, not the other way round.
    """
    new = set(texts) - _NOTHING_IN
    if not addresses:
        new -= _NOTHING_IN_STOCK
    if not new:
        return False
    if _rules().may_hold(_clean("\n".join(new)).casefold(), addresses):
        return True
    known = _NOTHING_IN if addresses else _NOTHING_IN_STOCK
    if len(known) > 100_000:
        known.clear()
    known.update(new)
    return False


# Texts a quick look found nothing in: a portfolio's cities share most of their texts (statuses, dates, hours).
_NOTHING_IN: set[str] = set()
_NOTHING_IN_STOCK: set[str] = set()  # the same for the stock's texts, where a street address is no hit


_SCALARS = frozenset({int, float, bool, type(None), dt.date, dt.datetime})


def _walked(kind: type) -> tuple[str, ...]:
    """The fields of a model class that :func:`_gather` walks (all but the stock, which :func:`scan_stock` reads)."""
    names = _WALKED.get(kind)
    if names is None:
        fields = kind.__dataclass_fields__.items()  # type: ignore[attr-defined]
        names = _WALKED[kind] = tuple(name for name, f in fields if f.metadata.get("privacy") != "stock")
    return names


_WALKED: dict[type, tuple[str, ...]] = {}  # a class's fields do not change while the program runs


def _gather(obj: Any, out: list[str]) -> None:
    """Every text ``obj`` holds, as :func:`texts` walks them, without their places (it is hot: common types first)."""
    kind = type(obj)
    if kind is str:
        out.append(obj)
    elif kind in _SCALARS:
        return
    elif kind is list or kind is tuple:
        for value in obj:
            if type(value) is str:
                out.append(value)
            elif type(value) not in _SCALARS:
                _gather(value, out)
    elif kind is dict:
        for key, value in obj.items():
            if type(key) is str:
                out.append(key)
            _gather(value, out)
    elif hasattr(kind, "__dataclass_fields__"):
        for name in _walked(kind):  # an entrance's texts and dates read here, not one call each
            value = getattr(obj, name)
            if type(value) is str:
                out.append(value)
            elif type(value) not in _SCALARS:
                _gather(value, out)
    elif isinstance(obj, str):  # a str subclass (tomlkit's String)
        out.append(str(obj))
    elif isinstance(obj, (list, tuple, dict)):
        _gather(dict(obj) if isinstance(obj, dict) else list(obj), out)
