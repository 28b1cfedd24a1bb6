"""Two people changed one file: a field-level three-way merge of its tables. No Textual, no I/O.

``base`` is what the file held when we read it, ``mine`` what we made of it,
``theirs`` what is on disk now, each as ``model.*_to_dict`` gives it. A field
(a leaf: a number, a text, a date, a list of plain values) that only one side
changed takes that side's value; one both changed to the same value is no
clash. Both apply when the fields differ, which is what the wizard and the
dashboard offer first when someone else saved the file meanwhile.

Lists of tables (the partners) are merged entry by entry while both sides
keep the entries where they were; once either side added or removed one, the
list is one field. ``history`` is a log: the entries we added go after theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: A field's place in the file: keys of tables and indexes of lists, ``("company", "name")``.
Place = tuple[str | int, ...]

#: Lists that only ever grow at the end: both sides' new entries are kept, theirs first.
LOGS = frozenset({"history"})

_ABSENT = object()


@dataclass
class Merge:
    base: dict[str, Any]
    mine: dict[str, Any]
    theirs: dict[str, Any]
    merged: dict[str, Any] = field(default_factory=dict)  # theirs with my changes applied; where both changed a field, mine
    mine_changed: list[Place] = field(default_factory=list)  # the fields I changed
    theirs_changed: list[Place] = field(default_factory=list)  # the fields they changed
    clashes: list[Place] = field(default_factory=list)  # changed by both, to different values


def value_at(table: dict[str, Any], place: Place) -> Any:
    """A field's value (``None`` where the field is absent)."""
    node: Any = table
    for part in place:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def three_way(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> Merge:
    result = Merge(base, mine, theirs)
    merged = _merge(base, mine, theirs, (), result)
    result.merged = merged if isinstance(merged, dict) else {}
    return result


def _merge(base: Any, mine: Any, theirs: Any, place: Place, out: Merge) -> Any:
    if isinstance(mine, dict) and isinstance(theirs, dict) and isinstance(base, dict):
        merged = {}
        for key in _keys(theirs, mine, base):
            value = _merge(base.get(key, _ABSENT), mine.get(key, _ABSENT), theirs.get(key, _ABSENT), (*place, key), out)
            if value is not _ABSENT:
                merged[key] = value
        return merged
    if place and place[-1] in LOGS:
        logs = [[] if side is _ABSENT else side for side in (base, mine, theirs)]
        if _is_log(*logs):
            base, mine, theirs = logs
            added = mine[len(base) :]
            if added:
                out.mine_changed.append(place)
            if len(theirs) > len(base):
                out.theirs_changed.append(place)
            return theirs + added if theirs or added else _ABSENT
    if (
        isinstance(mine, list)
        and isinstance(theirs, list)
        and isinstance(base, list)
        and len(base) == len(mine) == len(theirs)
        and all(isinstance(x, dict) for x in (*base, *mine, *theirs))
    ):
        return [_merge(b, m, th, (*place, i), out) for i, (b, m, th) in enumerate(zip(base, mine, theirs, strict=True))]
    mine_changed, theirs_changed = mine != base, theirs != base
    if mine_changed:
        out.mine_changed.append(place)
    if theirs_changed:
        out.theirs_changed.append(place)
    if mine_changed and theirs_changed and mine != theirs:
        out.clashes.append(place)
    return mine if mine_changed else theirs


def _keys(*tables: dict[str, Any]) -> list[str]:
    """Every key of the tables, in theirs' order, then the ones only mine or the base have."""
    keys: dict[str, None] = {}
    for table in tables:
        keys.update(dict.fromkeys(table))
    return list(keys)


def _is_log(base: Any, mine: Any, theirs: Any) -> bool:
    return (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and mine[: len(base)] == base
        and theirs[: len(base)] == base
    )
