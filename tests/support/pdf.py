"""Reading a PDF as a person and a print shop would: its text (pdftotext) and its pages (pdfinfo), never its bytes.

Needs poppler-utils (``.ci/run`` installs it); :data:`needs_poppler` skips a test with the reason when it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
import zlib
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo are not installed (apt-get install poppler-utils)",
)

A4_POINTS = (595.0, 842.0)


def _path(pdf: Path | bytes, keep: list) -> Path:
    if isinstance(pdf, Path):
        return pdf
    tmp = tempfile.NamedTemporaryFile(suffix=".pdf")
    tmp.write(pdf)
    tmp.flush()
    keep.append(tmp)
    return Path(tmp.name)


def pages(pdf: Path | bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    keep: list = []
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(_path(pdf, keep))], capture_output=True, text=True, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def info(pdf: Path | bytes) -> dict[str, str]:
    """pdfinfo's fields (Title, Pages, Page size, ...)."""
    keep: list = []
    out = subprocess.run(["pdfinfo", str(_path(pdf, keep))], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def text(pdf: Path | bytes, *, layout: bool = False) -> str:
    """The text a reader selects and copies, page by page (a form feed between pages)."""
    keep: list = []
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(_path(pdf, keep)), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)


def flat(pdf: Path | bytes) -> str:
    """The text on one line, single spaces: for ``in`` checks across line breaks."""
    return " ".join(text(pdf).split())


def is_a4(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4_POINTS[0]) < 2 and abs(size[1] - A4_POINTS[1]) < 2


def summary(pdf: Path | bytes) -> str:
    """What a golden file holds for a PDF: its title, page count and size, and its text per page as laid out.

    Not the bytes: a new WeasyPrint may write them differently while the document reads the same.
    """
    sizes = pages(pdf)
    meta = info(pdf)
    geometry = ", ".join(sorted({"A4" if is_a4(s) else f"{s[0]:.0f}x{s[1]:.0f} pt" for s in sizes}))
    head = [f"title: {meta.get('Title', '')}", f"pages: {len(sizes)} ({geometry})"]
    body = []
    for i, page in enumerate(text(pdf, layout=True).split("\f")[: len(sizes)], start=1):
        lines = [line.rstrip() for line in page.splitlines()]
        body.append(f"--- page {i} ---\n" + "\n".join(line for line in lines if line))
    return "\n".join(head + body) + "\n"


def catalog_language(data: bytes) -> str | None:
    """The document's /Lang (WeasyPrint keeps the catalog in a compressed object stream)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode()
    return None
