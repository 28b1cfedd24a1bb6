"""Keep a DataTable in step with the model by diff, not rebuild (STYLE.md 12).

Rows are keyed by domain ids (kommunkod, or an index for partners); only
cells whose value changed are updated, new rows are added and stale rows
removed, inside one ``batch_update``. User text goes in as ``rich.text.Text``
so ``[bold]`` in a name shows literally (STYLE.md 10).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


def cell(value: Any) -> Any:
    """Plain strings become literal Text; everything else (Text, numbers) is kept."""
    return Text(value) if isinstance(value, str) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and a.style == b.style and a.spans == b.spans
    return type(a) is type(b) and a == b


def sync_rows(table: DataTable, rows: Mapping[str, Sequence[Any]]) -> None:
    """Make the table show ``rows`` (key -> cells) in the given order."""
    columns = list(table.columns)
    with table.app.batch_update():
        wanted = list(rows)
        existing = [str(k.value) for k in table.rows]
        going = [key for key in existing if key not in rows]
        if len(going) > max(8, len(existing) // 2):  # most rows go (another level, a filter): each remove_row costs O(rows)
            _rebuild(table, rows)
            return
        for key in going:
            table.remove_row(key)
        for key, values in rows.items():
            values = [cell(v) for v in values]
            try:
                current = table.get_row(key)
            except RowDoesNotExist:
                table.add_row(*values, key=key)
                continue
            for column, old, new in zip(columns, current, values, strict=True):
                if not _same(old, new):
                    table.update_cell(key, column, new, update_width=True)
        if [str(k.value) for k in table.rows] != wanted:  # a row was added in the middle (a new municipality)
            _rebuild(table, rows)


def _rebuild(table: DataTable, rows: Mapping[str, Sequence[Any]]) -> None:
    """The table emptied and filled with ``rows`` at once, the cursor kept on its row where that stays."""
    cursor_key = current_key(table)
    table.clear()
    for key, values in rows.items():
        table.add_row(*[cell(v) for v in values], key=key)
    if cursor_key is not None and cursor_key in rows:
        table.move_cursor(row=list(rows).index(cursor_key))


def current_key(table: DataTable) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if not table.row_count:
        return None
    try:
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
    except Exception:
        return None


def clip(text: str, width: int) -> str:
    """Shorten a cell so a table fits the screen; the full text is one Enter away."""
    return text if len(text) <= width else text[: width - 1] + "…"


def fit(rows: dict[str, tuple[Any, ...]], labels: list[str], flexible: int, width: int, minimum: int = 8) -> dict[str, tuple[Any, ...]]:
    """Shorten one column so the table fits ``width`` (80 columns too); the rest keep their full text."""
    from rich.cells import cell_len

    def plain(value: Any) -> str:
        return value.plain if isinstance(value, Text) else str(value)

    used = sum(
        max([cell_len(labels[i])] + [cell_len(plain(r[i])) for r in rows.values()]) + 2
        for i in range(len(labels))
        if i != flexible
    )
    room = max(minimum, width - used - 2 - 2)  # its own padding and the scrollbar

    def clipped(value: Any) -> Any:
        if isinstance(value, Text):
            if cell_len(value.plain) <= room:
                return value
            value = value.copy()
            value.truncate(room - 1)
            value.append("…")
            return value
        return clip(str(value), room)

    return {k: tuple(clipped(v) if i == flexible else v for i, v in enumerate(r)) for k, r in rows.items()}
