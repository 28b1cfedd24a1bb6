"""Written files handed to the browser: how a colleague on ``huskurage serve`` gets the documents.

In a terminal an export is done once its files are in the folder the user
chose. In a browser (``App.is_web``: the app runs under ``huskurage serve``)
that folder is on the server, so the same files are also offered as one zip
download through Textual's file delivery (``App.deliver_binary``; textual-serve
streams it to the browser). The zip is packed in a thread, off the screen's
way; the files on disk are the ones written, byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from wizard.i18n import t

if TYPE_CHECKING:
    from textual.app import App


def zip_name(out: Path, today: object) -> str:
    return f"huskurage-{out.name}-{today}.zip"


def pack(out: Path, written: Iterable[Path]) -> bytes:
    """The written files as a zip, named as they are below ``out``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in written:
            path = Path(path)
            try:
                name = path.relative_to(out).as_posix()
            except ValueError:
                name = path.name
            archive.write(path, name)
    return buffer.getvalue()


def offer(app: "App", out: Path, written: Iterable[Path], today: object) -> None:
    """In a browser, send the written files as one zip download; in a terminal, nothing to do."""
    files = list(written)
    if not app.is_web or not files:
        return
    name = zip_name(out, today)

    def deliver() -> None:
        data = pack(out, files)
        app.call_from_thread(app.deliver_binary, io.BytesIO(data), save_filename=name, mime_type="application/zip")
        app.call_from_thread(app.notify, t("tui.delivery.offered", name=name, n=len(files)), timeout=8, markup=False)

    app.run_worker(deliver, thread=True, group="delivery", exit_on_error=False)


def inside(root: Path, out: Path) -> bool:
    """Whether ``out`` is in the portfolio's folder: in a browser, exports are written nowhere else on the server."""
    try:
        out.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
