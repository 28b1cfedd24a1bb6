"""The buildings file (``cities/<code>-<slug>/buildings.toml``): one line per entrance, patched building by building.

A large municipality's register holds thousands of entrances, and tomlkit
reads about 13 times slower than tomllib: patching the whole file for one
entrance marked would cost most of a second. So a new file is written with
every entrance one inline table on its own line (a caretaker's round is a
diff of those lines), and a save cuts the file at its ``[[buildings]]``
headers and gives tomlkit only the buildings that changed (``patching.py``
does each, keeping its comments and layout). New text is tomli_w's.
Buildings added go where the model has them; one the model no longer has is
cut out.

When the file is not laid out so (another table among the buildings, a
header inside a multi-line string, a count of headers that does not match),
:func:`render_merged` says so (None) and the whole file goes through
``patching.py``; ``saving.py`` verifies every result either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from wizard.store.patching import render_merged as render_whole
from wizard.store.patching import same, split_lines

_HEADER = re.compile(r"[ \t]*\[\[[ \t]*buildings[ \t]*\]\][ \t]*(#.*)?")
_ANY_HEADER = re.compile(r"[ \t]*\[")


def render_new(data: dict[str, Any]) -> str:
    """A new buildings file: the top keys, then one ``[[buildings]]`` table each, an entrance per line."""
    import tomli_w

    head = {k: v for k, v in data.items() if k != "buildings"}
    return tomli_w.dumps(head) + "".join("\n" + _building_text(b) for b in data.get("buildings", []))


def _building_text(building: dict[str, Any]) -> str:
    """One ``[[buildings]]`` table, its entrances an array of inline tables, one per line.

    tomli_w writes and escapes every value; it would write a long entrance
    as a ``[[buildings.entrances]]`` table of its own, seven lines where one
    diffs best, so the inline tables are put together here.
    """
    import tomli_w

    scalars = {k: v for k, v in building.items() if k != "entrances"}
    text = "[[buildings]]\n" + tomli_w.dumps(scalars)
    entrances = building.get("entrances")
    if entrances is None:
        return text
    return text + "entrances = [\n" + "".join(_entrance_line(e) for e in entrances) + "]\n"


def _entrance_line(entrance: dict[str, Any]) -> str:
    return "    { " + ", ".join(f"{k} = {_literal(v)}" for k, v in entrance.items()) + " },\n"


def _patch_building(chunk: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """One ``[[buildings]]`` table with the change ``old -> new`` made.

    The common change (entrances marked, the building itself as it was) is
    made line by line: each changed entrance's line, found as this module
    wrote it, is written anew, so a diff shows exactly the entrances that
    changed. A building laid out otherwise, or whose own keys or entrance
    count changed, goes through tomlkit (``patching.py``), keeping comments.
    """
    old_e, new_e = old.get("entrances", []), new.get("entrances", [])
    head_same = same({k: v for k, v in old.items() if k != "entrances"}, {k: v for k, v in new.items() if k != "entrances"})
    if head_same and len(old_e) == len(new_e):
        out = chunk
        for before, after in zip(old_e, new_e):
            if same(before, after):
                continue
            line = _entrance_line(before).rstrip("\n")
            if out.count(line) != 1:
                break
            out = out.replace(line, _entrance_line(after).rstrip("\n"))
        else:
            return out
    body = chunk.rstrip("\r\n")
    if body.replace("\r\n", "\n") == _building_text(old).rstrip("\n"):
        newline = "\r\n" if "\r\n" in chunk else "\n"
        return _building_text(new).rstrip("\n").replace("\n", newline) + chunk[len(body) :]
    return render_whole(chunk, {"buildings": [old]}, {"buildings": [new]})


def _literal(value: Any) -> str:
    """A value as TOML writes it (``"Storgatan 5"``, ``2026-05-04``, ``12``), escaped by tomli_w."""
    import tomli_w

    return tomli_w.dumps({"v": value})[4:-1]


def merger(data: dict[str, Any], whole: Callable[[str, dict[str, Any], dict[str, Any]], str]) -> Callable[[str, dict[str, Any], dict[str, Any]], str]:
    """A ``merge`` for ``history.render``: building by building where the file is cut so, else ``whole``."""

    def merge(text: str, base: dict[str, Any], new: dict[str, Any]) -> str:
        patched = render_merged(text, data, base, new)
        return patched.text if patched is not None else whole(text, base, new)

    return merge


@dataclass
class Patched:
    """The new text, and what tomllib reads from it (put together from its parts, each read alone)."""

    text: str
    parsed: dict[str, Any]


def render_merged(text: str, data: dict[str, Any], base: dict[str, Any], new: dict[str, Any]) -> Patched | None:
    """``text`` with the change ``base -> new`` made building by building; None when the file is not cut so.

    ``data`` is what tomllib read from ``text``, ``base`` the model of it. Every
    part that changed is read back alone and must be exactly its part of
    ``new`` (else None): the file is cut only at its ``[[buildings]]`` headers
    and holds no other table, so the parts read alone are the file read whole.
    """
    import difflib

    newline = "\r\n" if "\r\n" in text else "\n"
    lines = [content + ending for content, ending in split_lines(text)]
    starts = []
    for i, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        if _HEADER.fullmatch(bare):
            starts.append(i)
        elif _ANY_HEADER.match(bare):
            return None  # another table (or an array written across lines): not a file of buildings alone
    old_buildings, new_buildings = base.get("buildings", []), new.get("buildings", [])
    raw_buildings = data.get("buildings", [])
    if not (len(starts) == len(old_buildings) == len(raw_buildings)) or not isinstance(new_buildings, list):
        return None
    ends = starts[1:] + [len(lines)]
    head = "".join(lines[: starts[0]]) if starts else text
    chunks = ["".join(lines[a:b]) for a, b in zip(starts, ends)]
    head_old = {k: v for k, v in base.items() if k != "buildings"}
    head_new = {k: v for k, v in new.items() if k != "buildings"}
    parsed_head: dict[str, Any] | None = {k: v for k, v in data.items() if k != "buildings"}
    if not same(head_old, head_new):
        head = render_whole(head, head_old, head_new)
        parsed_head = _read(head, {**head_new, "buildings": []})
    if parsed_head is None:
        return None
    out: list[tuple[str, bool]] = [(head, False)]  # each part, and whether it is new
    parsed: list[Any] = []
    ops = difflib.SequenceMatcher(None, [_key(b) for b in old_buildings], [_key(b) for b in new_buildings], autojunk=False)
    for tag, i1, i2, j1, j2 in ops.get_opcodes():
        if tag == "equal":
            for i, fresh in zip(range(i1, i2), new_buildings[j1:j2]):
                if same(old_buildings[i], fresh):
                    out.append((chunks[i], False))
                    parsed.append(raw_buildings[i])
                    continue
                chunk = _patch_building(chunks[i], old_buildings[i], fresh)
                if not _take(chunk, fresh, head_new, out, parsed, False):
                    return None
        else:  # the buildings of the old file that went are cut out; new ones come in their place
            for fresh in new_buildings[j1:j2]:
                if not _take(_building_text(fresh).replace("\n", newline), fresh, head_new, out, parsed, True):
                    return None
    parsed_head.pop("buildings", None)
    return Patched(_joined(out, newline), {**parsed_head, "buildings": parsed} if parsed or "buildings" in data else parsed_head)


def _take(chunk: str, fresh: dict[str, Any], head: dict[str, Any], out: list[tuple[str, bool]], parsed: list[Any], new: bool) -> bool:
    """A building's new text, once it reads back as exactly ``fresh``."""
    read = _read(chunk, {**head, "buildings": [fresh]}, head)
    if read is None:
        return False
    out.append((chunk, new))
    parsed.append(read["buildings"][0])
    return True


def _read(text: str, expected: dict[str, Any], head: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """``text`` read with tomllib (after ``head``'s keys, for a building alone), if it is the model ``expected``."""
    import tomllib

    from wizard import model

    try:
        read = tomllib.loads(text)
        whole = {**(head or {}), **read}
        if not same(model.buildings_to_dict(model.stock_from_dict(whole, "check: ")), expected):
            return None
    except Exception:  # what does not read back is patched as a whole file instead
        return None
    return read


def _key(building: Any) -> str:
    return repr(building.get("id")) if isinstance(building, dict) else repr(building)


def _joined(parts: list[tuple[str, bool]], newline: str) -> str:
    """The parts one after the other; a new building is set off by a blank line, the others keep their spacing."""
    out = ""
    for part, new in parts:
        if out and not out.endswith(newline):
            out += newline
        if new and out and not out.endswith(newline * 2):
            out += newline
        out += part
    return out
