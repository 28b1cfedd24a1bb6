"""Patching the user's file with tomlkit: the model's change applied, everything else kept.

A save does not write the model out afresh. The file on disk is parsed with
tomlkit and only the difference between the model as read (``base``) and
the model now (``new``) is applied to it: changed keys are set, keys the
model dropped are deleted, new tables and list items are added readably
(set off by a blank line, as the rest of the file). Comments, key order,
layouts (inline tables, dotted keys, tables out of order) and keys the
program does not know survive, and every line kept ends as it did
(``\r\n`` or ``\n``; a file may mix them), new lines as most of the file's.

``tomlkit`` and ``difflib`` are imported only here, and only when saving.
"""

from __future__ import annotations

from typing import Any, Callable


def same(a: Any, b: Any) -> bool:
    """Deep equality that tells 1, 1.0 and True apart and finds NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    return a == b



def _merge(get: Callable[[], Any], base: dict[str, Any], new: dict[str, Any], inline: bool = False) -> None:
    """Apply the change ``base -> new`` to a tomlkit table; what the model does not know stays.

    ``get`` fetches the table afresh before every step: tomlkit's view of a
    table split across the file goes stale after an edit. ``inline`` is set
    under dotted keys (``progress.place_signs.status = ...``), where a new
    ``[header]`` would capture the lines after it.
    """
    for key in base:
        if key not in new and key in get():
            del get()[key]
    for key, value in new.items():
        old = base.get(key, _MISSING)
        if old is not _MISSING and same(old, value):
            continue
        container = get()
        if key not in container:
            _add(get, key, _inline(value) if inline else value)
            continue
        current = container[key]
        child_inline = inline or _is_dotted(container, key)
        if isinstance(value, dict) and isinstance(old, dict) and isinstance(current, dict):
            _merge(_child(get, key), old, value, child_inline)
        elif _tables(value) and _tables(old) and isinstance(current, list) and len(current) == len(old):
            _merge_list(_child(get, key), old, value, child_inline)
        else:
            _replace(container, key, current, _inline(value) if child_inline else value)


_MISSING = object()


def _child(get: Callable[[], Any], key: str | int) -> Callable[[], Any]:
    """Fetches one child of the table ``get`` fetches, afresh on every call (see ``_merge``)."""
    return lambda: get()[key]


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def _is_dotted(container: Any, key: str) -> bool:
    """Whether ``key`` is written as part of a dotted key (``key.sub = ...``) in this table."""
    from tomlkit.container import Container

    body = container.body if isinstance(container, Container) else getattr(getattr(container, "value", None), "body", None)
    return any(k is not None and k.key == key and k.is_dotted() for k, _ in body or ())


def _inline(value: Any) -> Any:
    """Tables as inline tables, arrays of tables as arrays of inline tables."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table[k] = _inline(v)
        return table
    if _tables(value):
        array = tomlkit.array()
        for v in value:
            array.append(_inline(v))
        return array
    return value


def _replace(container: Any, key: str, current: Any, value: Any) -> None:
    from tomlkit.items import Array

    if isinstance(value, list) and isinstance(current, Array) and "\n" in current.as_string() and not _tables(value):
        import tomlkit

        array = tomlkit.array()
        array.extend(value)
        container[key] = array.multiline(True)
    else:
        container[key] = value


def _ends_blank(item: Any) -> bool:
    try:
        return item.as_string().endswith("\n\n")
    except Exception:  # an out-of-order table proxy has no text of its own
        return True


def _ensure_blank(item: Any) -> None:
    import tomlkit
    from tomlkit.items import AoT, Table

    if isinstance(item, AoT) and len(item):
        item = item[-1]
    if isinstance(item, Table) and not _ends_blank(item):
        item.add(tomlkit.nl())


def _add(get: Callable[[], Any], key: str, value: Any) -> None:
    """A key the file does not have yet: a new table is set off by blank lines."""
    import tomlkit
    from tomlkit.items import AoT, Array, InlineTable, Table

    container = get()
    if isinstance(container, InlineTable):
        item = tomlkit.item(_inline(value))
        if len(container):
            item.trivia.indent = " "  # tomlkit leaves "{a = 1,b = 2}" otherwise
        container[key] = item
        return
    if isinstance(value, (InlineTable, Array)) or not (isinstance(value, dict) or _tables(value)):
        container[key] = value
        return
    if isinstance(container, Table):
        last = next((v for _, v in reversed(container.value.body) if isinstance(v, (Table, AoT))), None)
        if last is not None:
            _ensure_blank(last)
    container[key] = value
    _ensure_blank(get()[key])  # a blank line too many at the end of the file is trimmed later


def _merge_list(get: Callable[[], Any], base: list[dict[str, Any]], new: list[dict[str, Any]], inline: bool) -> None:
    """Element-wise for arrays of tables: an edited partner keeps its comments, history appends."""
    import difflib

    ops = difflib.SequenceMatcher(None, [repr(x) for x in base], [repr(x) for x in new], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        common = min(i2 - i1, j2 - j1)
        for k in range(common):
            _merge(_child(get, i1 + k), base[i1 + k], new[j1 + k], inline)
        for k in reversed(range(i1 + common, i2)):
            del get()[k]
        for k, value in enumerate(new[j1 + common : j2]):
            _insert(get(), i1 + common + k, _inline(value) if inline else value)


def _insert(array: Any, index: int, value: dict[str, Any]) -> None:
    from tomlkit.items import AoT

    if not isinstance(array, AoT):
        array.insert(index, _inline(value))
        return
    blank_style = len(array) <= 1 or any(_ends_blank(array[k]) for k in range(len(array) - 1))
    if index >= len(array):
        array.append(value)
    else:
        array.insert(index, value)
    if blank_style:  # a blank line too many at the end of the file is trimmed later
        _ensure_blank(array[index])
        if index > 0:
            _ensure_blank(array[index - 1])


def render_new(data: dict[str, Any]) -> str:
    import tomlkit

    return tomlkit.dumps(data)


def render_merged(text: str, base: dict[str, Any], new: dict[str, Any], newline: str | None = None) -> str:
    """``text`` with the change ``base -> new`` patched in; lines it adds end with ``newline`` (the file's majority)."""
    import tomlkit

    doc = tomlkit.parse(text)
    _merge(lambda: doc, base, new)
    out = doc.as_string()
    if out.endswith("\n\n") and not text.endswith("\n\n"):
        out = out.rstrip("\n") + "\n"
    return keep_line_endings(text, out, newline or majority_newline(text))


# ------------------------------------------------------------------ line endings


def majority_newline(text: str) -> str:
    """The line ending most lines of ``text`` have: ``\r\n`` or ``\n``."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf > text.count("\n") - crlf else "\n"


def keep_line_endings(before: str, after: str, newline: str) -> str:
    """``after`` with each line kept from ``before`` ending as it did there, and every other line with ``newline``.

    tomlkit writes the lines it adds with ``\n``; a file edited on Windows, or
    by two people on two systems, may have ``\r\n`` on some lines or all.
    tomllib reads both alike (also inside texts), so only the bytes change.
    """
    if "\r" not in before and newline == "\n":
        return after
    import difflib

    old, new = split_lines(before), split_lines(after)
    old_text, new_text = [c for c, _ in old], [c for c, _ in new]
    ops = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False).get_opcodes()
    # The diff pairs lines by position; a line it leaves unpaired (a table moved up when the one
    # before it went) may still be in the old text: it keeps its ending from there, first come first served.
    unpaired: dict[str, list[str]] = {}
    for tag, i1, i2, _, _ in ops:
        if tag != "equal":
            for content, ending in old[i1:i2]:
                unpaired.setdefault(content, []).append(ending)
    out = []
    for tag, i1, _, j1, j2 in ops:
        for j in range(j1, j2):
            content, ending = new[j]
            if not ending:
                pass
            elif tag == "equal" and old[i1 + j - j1][1]:
                ending = old[i1 + j - j1][1]
            elif unpaired.get(content) and unpaired[content][0]:
                ending = unpaired[content].pop(0)
            else:
                ending = newline
            out.append(content + ending)
    return "".join(out)


def split_lines(text: str) -> list[tuple[str, str]]:
    """Each line as (its text, its ending: ``\r\n``, ``\n`` or none for a last line without one).

    Cut at TOML's own line breaks only: ``str.splitlines`` also breaks at U+0085, U+2028 … inside a text.
    """
    pieces = text.split("\n")
    out = []
    for piece in pieces[:-1]:
        out.append((piece[:-1], "\r\n") if piece.endswith("\r") else (piece, "\n"))
    if pieces[-1]:
        out.append((pieces[-1], ""))
    return out
