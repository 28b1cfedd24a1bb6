"""The core never imports Textual, and the quick commands stay light (STYLE.md 1, 18)."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT

CORE = ["model", "store", "register", "catalog", "validation", "parse", "privacy", "redact", "progress", "sizing", "schedule", "documents", "i18n", "demo"]


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_core_imports_no_textual():
    mods = _modules_after("\n".join(f"import wizard.{m}" for m in CORE))
    assert not {m for m in mods if m == "textual" or m.startswith("textual.")}


def test_check_status_mark_import_no_textual_and_check_mark_no_holidays(demo_dir):
    for args, may_use_dates in (
        (["check", str(demo_dir)], False),
        (["mark", str(demo_dir), "uppsala", "train_staff", "done", "--on", "2026-11-20"], False),
        (["status", str(demo_dir)], True),
        (["redact", str(demo_dir), "Ingen sådan text"], False),
    ):
        code = (
            "from wizard import cli\n"
            "import contextlib, io\n"
            f"with contextlib.redirect_stdout(io.StringIO()): rc = cli.main({args!r})\n"
            "assert rc in (0, 1), rc"
        )
        mods = _modules_after(code)
        assert "textual" not in mods, args[0]
        assert "jinja2" not in mods and "icalendar" not in mods, args[0]
        assert "aiohttp" not in mods and "textual_serve" not in mods, args[0]
        if not may_use_dates:
            assert "holidays" not in mods, args[0]


def test_weasyprint_is_imported_only_when_a_pdf_is_made(demo_dir):
    """PDF machinery costs start-up time and needs system libraries: never loaded by start-up or by other formats."""
    mods = _modules_after(
        "import wizard.cli, wizard.documents\n"
        "from wizard.documents import pdf\n"
        "import contextlib, io, tempfile\n"
        "from wizard import cli\n"
        f"with contextlib.redirect_stdout(io.StringIO()): cli.main(['export', {str(demo_dir)!r}, '--format', 'md,html',"
        " '--out', tempfile.mkdtemp()])"
    )
    assert not {m for m in mods if m == "weasyprint" or m.startswith("weasyprint.")}


def test_the_web_server_is_imported_by_serve_only():
    """aiohttp and textual-serve cost ~150 ms: neither the CLI nor the TUI may load them on start."""
    mods = _modules_after("from wizard import cli\nimport wizard.tui.app\nimport wizard.web, wizard.web.access")
    assert not {m for m in mods if m.split(".")[0] in ("aiohttp", "textual_serve", "aiohttp_jinja2", "yarl", "multidict")}


def test_the_spreadsheet_reader_is_imported_only_for_a_workbook(tmp_path):
    """python-calamine is for an .xlsx register: the program, and a CSV import, never load it."""
    from wizard import store
    from wizard.demo import demo_portfolio

    store.init(tmp_path / "p", demo_portfolio())
    (tmp_path / "r.csv").write_text("Kommun;Fastighet;Lägenheter\nUppsala;U-1;12\n", encoding="utf-8")
    code = (
        "from wizard import cli\nimport wizard.tui.app\n"
        "import contextlib, io\n"
        f"with contextlib.redirect_stdout(io.StringIO()): rc = cli.main(['import', {str(tmp_path / 'p')!r}, {str(tmp_path / 'r.csv')!r}])\n"
        "assert rc == 0, rc"
    )
    mods = _modules_after(code)
    assert "python_calamine" not in mods
