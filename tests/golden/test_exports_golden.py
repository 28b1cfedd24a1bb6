"""Golden files: every exported document of the demo, in Swedish and English. The bytes are the contract.

A change to a template, a string, the catalog or the demo shows up here as a
diff. Look at it; when it is what you meant, regenerate deliberately::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden/test_exports_golden.py -q

and review ``git diff tests/golden/`` before committing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from pathlib import Path

import pytest

from support import exported, snapshot_files
from wizard.demo import demo_portfolio
from wizard.documents import export

GOLDEN = Path(__file__).resolve().parent / "exports"
TODAY = dt.date(2026, 11, 16)  # a Monday; fixes every date in the documents


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden_dir(name: str, produced: dict[str, bytes]) -> None:
    """Compare a whole set of files with ``tests/golden/exports/<name>/``; rewrite it with UPDATE_GOLDEN=1."""
    folder = GOLDEN / name
    if updating():
        shutil.rmtree(folder, ignore_errors=True)
        for rel, content in produced.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(content)
        return
    assert folder.is_dir(), f"no golden files in {folder}; run with UPDATE_GOLDEN=1 once and review them"
    expected = snapshot_files(folder)
    assert sorted(produced) == sorted(expected), "a different set of documents than the golden files"
    problems = []
    for rel in sorted(produced):
        if produced[rel] != expected[rel]:
            diff = difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(),
                produced[rel].decode("utf-8", "replace").splitlines(),
                f"golden/{name}/{rel}",
                f"export/{rel}",
                lineterm="",
                n=1,
            )
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, "exports differ from the golden files (UPDATE_GOLDEN=1 to accept):\n" + "\n\n".join(problems)


#: Documents for the municipalities' tenants: in each city's sign languages whatever ``--lang`` says, so one copy.
PER_CITY = ("signs/", "tenant-info/")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_demo_exports_match_the_golden_files(tmp_path, lang):
    """Staff documents in ``demo-<lang>/``; signs and tenant letters, the same in both languages, in ``demo-per-city/``.

    With the yearly report on 2026 (the demo's rollout year, against 2025 before it).
    """
    out = tmp_path / "out"
    export(demo_portfolio(), out, lang=lang, today=TODAY, report_year=2026)
    # PDFs are compared as a reader sees them, not as bytes: test_documents_pdf.py.
    files = {rel: data for rel, data in exported(out).items() if not rel.endswith(".pdf")}
    check_golden_dir(f"demo-{lang}", {rel: data for rel, data in files.items() if not rel.startswith(PER_CITY)})
    check_golden_dir("demo-per-city", {rel: data for rel, data in files.items() if rel.startswith(PER_CITY)})


def test_two_exports_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        export(demo_portfolio(), tmp_path / name, lang="en", today=TODAY)
    assert exported(tmp_path / "a") == exported(tmp_path / "b")


def test_language_changes_the_documents_for_staff_not_the_signs(tmp_path):
    """Signs and tenant letters follow each city's sign languages, not the export language."""
    sv, en = tmp_path / "sv", tmp_path / "en"
    export(demo_portfolio(), sv, lang="sv", today=TODAY)
    export(demo_portfolio(), en, lang="en", today=TODAY)
    assert (sv / "action-plan.md").read_bytes() != (en / "action-plan.md").read_bytes()
    assert "Huskurage action plan" in (en / "action-plan.md").read_text(encoding="utf-8")
    assert (sv / "signs" / "1480-goteborg.html").read_bytes() == (en / "signs" / "1480-goteborg.html").read_bytes()
    assert (sv / "tenant-info" / "0180-stockholm.md").read_bytes() == (en / "tenant-info" / "0180-stockholm.md").read_bytes()
