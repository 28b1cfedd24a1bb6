"""The command line as a user runs it: real processes, real files, exit codes per the contract."""

from __future__ import annotations

import json

import pytest

from support import run_cli, snapshot_files
from support.dashboard import read_toml


def test_version_and_help_in_both_languages():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("huskurage ")
    sv = run_cli("--help")
    en = run_cli("--help", "--lang", "en")
    assert sv.returncode == en.returncode == 0
    assert "Exempel:" in sv.stdout and "Examples:" in en.stdout
    assert "huskurage mark" in sv.stdout
    env = run_cli("check", "--help", env={"HUSKURAGE_LANG": "en"})
    assert "Exit code 0" in env.stdout


def test_export_help_lists_every_option_the_user_may_need():
    r = run_cli("export", "--help")
    assert r.returncode == 0
    usage = r.stdout.splitlines()[0]
    for option in ("--lang", "--out", "--format", "--city", "--report", "--force"):
        assert option in usage, option
    assert "\n  --lang " in r.stdout  # and said what it does


@pytest.mark.parametrize("args", [("--help",), ("status", "DEMO"), ("export", "--help")])
def test_a_reader_that_stops_reading_ends_the_command_quietly(demo_dir, args):
    """``huskurage --help | head``: the pipe is closed before anything is written; no message, no traceback."""
    import os
    import subprocess
    import sys

    from support import ROOT

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as head is after its lines
    try:
        r = subprocess.run(
            [sys.executable, "-m", "wizard", *[str(demo_dir) if a == "DEMO" else a for a in args]],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.close(write_end)
    assert r.stderr == ""
    assert r.returncode == 141  # as a shell reports any tool its reader left (128 + SIGPIPE)


def test_init_demo_then_check_is_clean(tmp_path):
    r = run_cli("init", tmp_path / "p", "--demo")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "p" / "cities" / "1480-goteborg.toml").is_file()
    r = run_cli("check", tmp_path / "p")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Inga fynd" in r.stdout


def test_init_never_overwrites(demo_dir):
    before = snapshot_files(demo_dir)
    r = run_cli("init", demo_dir, "--demo")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert snapshot_files(demo_dir) == before


def test_check_reports_findings_with_place(typed_demo_dir):  # counts typed: signs_up is the city file's
    demo_dir = typed_demo_dir
    f = demo_dir / "cities" / "0380-uppsala.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("signs_up = 34", "signs_up = 340"), encoding="utf-8")
    r = run_cli("check", demo_dir)
    assert r.returncode == 1
    assert "cities/0380-uppsala.toml: signs_up" in r.stdout
    assert "340" in r.stdout and "90" in r.stdout


def test_check_unreadable_names_file_line_column(demo_dir):
    f = demo_dir / "cities" / "1480-goteborg.toml"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[2] = "name = Göteborg"  # unquoted string
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot_files(demo_dir)
    r = run_cli("check", demo_dir)
    assert r.returncode == 2
    assert "1480-goteborg.toml" in r.stderr and "3" in r.stderr
    assert "Traceback" not in r.stderr
    assert snapshot_files(demo_dir) == before


@pytest.mark.parametrize("query", ["1480", "goteborg", "GÖTEBORG", "Göteborg"])
def test_status_finds_city_any_spelling(demo_dir, query):
    r = run_cli("status", demo_dir, "--city", query, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [c["code"] for c in data["cities"]] == ["1480"]


def test_status_json_shape(demo_dir):
    r = run_cli("status", demo_dir, "--json")
    data = json.loads(r.stdout)
    cities = {c["code"]: c for c in data["cities"]}
    assert list(cities) == ["0180", "0380", "1480"]
    gbg = cities["1480"]
    assert gbg["name"] == "Göteborg" and gbg["county"] == "Västra Götalands län"
    assert gbg["signs_up"] == gbg["entrances"] == 210
    assert gbg["tenants_informed"] == "2026-06-15"
    assert {"code", "name", "county", "done", "total", "items", "next_follow_up", "overdue"} <= set(gbg)
    items = {i["id"]: i for i in gbg["items"]}
    assert items["place_signs"] == {"id": "place_signs", "status": "done", "date": "2026-06-12", "note": ""}
    assert gbg["done"] == sum(1 for i in gbg["items"] if i["status"] == "done")
    upp = cities["0380"]
    assert upp["partners_registered"] == upp["partners_expected"] - 1  # no disturbance on-call yet
    assert data["portfolio"]["entrances"] == 160 + 210 + 90


def test_status_miss_suggests(demo_dir):
    r = run_cli("status", demo_dir, "--city", "Göteborj")
    assert r.returncode == 2
    assert "Göteborg" in r.stderr and "Traceback" not in r.stderr


def test_mark_writes_one_file_and_history(demo_dir):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "uppsala", "place_signs", "done", "--on", "2026-12-04", "--note", "Alla 90 portar")
    assert r.returncode == 0, r.stderr
    after = snapshot_files(demo_dir)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {"cities/0380-uppsala.toml", "cities/0380-uppsala.toml.bak"}
    assert after["cities/0380-uppsala.toml.bak"] == before["cities/0380-uppsala.toml"]
    text = after["cities/0380-uppsala.toml"].decode()
    assert 'status = "done"' in text and "2026-12-04" in text and "Alla 90 portar" in text
    status = json.loads(run_cli("status", demo_dir, "--city", "0380", "--json").stdout)
    item = [i for i in status["cities"][0]["items"] if i["id"] == "place_signs"][0]
    assert item == {"id": "place_signs", "status": "done", "date": "2026-12-04", "note": "Alla 90 portar"}
    assert 'field = "progress.place_signs.status"' in text.split("[[history]]")[-1]


def test_mark_refuses_tenant_information_before_signs(demo_dir):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "Uppsala", "inform_tenants", "done")
    assert r.returncode == 2 and "skylt" in r.stderr.lower()
    assert snapshot_files(demo_dir) == before


@pytest.mark.parametrize(
    "args,needle",
    [
        (("Uppsala", "place_sign", "done"), "place_signs"),  # did you mean
        (("Uppsala", "place_signs", "finished"), "todo"),
        (("Uppsala", "place_signs", "done", "--on", "4 dec"), "ÅÅÅÅ-MM-DD"),
        (("Uppsala", "place_signs", "done", "--on", "2026-W49-5"), "ÅÅÅÅ-MM-DD"),  # one date form, as in the TUI
        (("Uppsala", "place_signs", "done", "--on", "20261204"), "ÅÅÅÅ-MM-DD"),
        (("Uppsala", "place_signs", "done", "--on", "2026-02-30"), "finns inte (2026-02-30)"),
        (("Malmö", "place_signs", "done"), "Malmö"),  # not in this portfolio
        (("Atlantis", "place_signs", "done"), "Atlantis"),
        (("Uppsala", "place_signs", "done", "--note", "Ö" * 600), "Anteckningen är 600 tecken"),  # over a note's 500, refused before anything is read
    ],
)
def test_mark_errors_are_one_clear_message(demo_dir, args, needle):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, *args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert snapshot_files(demo_dir) == before


def test_missing_portfolio_and_bad_command(tmp_path):
    r = run_cli("check", tmp_path / "nothing")
    assert r.returncode == 2 and "huskurage init" in r.stderr
    r = run_cli("frobnicate", "--nope")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_english_messages(demo_dir):
    r = run_cli("mark", demo_dir, "Atlantis", "place_signs", "done", "--lang", "en")
    assert "No municipality" in r.stderr


# ------------------------------------------------------------------ recurring follow-ups and surveys


def test_mark_records_a_follow_up_without_touching_the_checklist(demo_dir):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "goteborg", "sign_inspection", "done", "--on", "2026-11-20")
    assert r.returncode == 0, r.stderr
    after = snapshot_files(demo_dir)
    assert {k for k in after if before.get(k) != after[k]} == {"cities/1480-goteborg.toml", "cities/1480-goteborg.toml.bak"}
    text = after["cities/1480-goteborg.toml"].decode()
    assert "[follow_ups]\nsign_inspection = 2026-11-20" in text
    status = json.loads(run_cli("status", demo_dir, "--city", "1480", "--json").stdout)
    placed = [i for i in status["cities"][0]["items"] if i["id"] == "place_signs"][0]
    assert placed == {"id": "place_signs", "status": "done", "date": "2026-06-12", "note": ""}
    assert run_cli("check", demo_dir).returncode == 0
    assert run_cli("export", demo_dir, "--out", demo_dir.parent / "out").returncode == 0


@pytest.mark.parametrize(
    "args,needle",
    [
        (("sign_inspection", "doing"), "done"),
        (("sign_inspection", "done", "--note", "portarna klara"), "done"),
        (("sign_inspection", "done", "--on", "2099-01-01"), "2099-01-01"),
        (("sign_inspektion", "done"), "sign_inspection"),  # did you mean
    ],
)
def test_mark_refuses_a_wrong_follow_up_record(demo_dir, args, needle):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "goteborg", *args)
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert snapshot_files(demo_dir) == before


def test_survey_records_shares_and_respondents(demo_dir):
    r = run_cli("survey", demo_dir, "uppsala", "--on", "2026-11-30", "--respondents", "140", "aware=15", "knows_what_to_do=21,5", "safe_stairwell=70%")
    assert r.returncode == 0, r.stderr
    assert "140" in r.stdout
    text = (demo_dir / "cities" / "0380-uppsala.toml").read_text(encoding="utf-8")
    block = text.split("[[surveys]]")[-1]
    assert "date = 2026-11-30" in block and "respondents = 140" in block
    assert "aware = 15" in block and "knows_what_to_do = 21.5" in block and "safe_stairwell = 70" in block
    assert run_cli("check", demo_dir).returncode == 0


@pytest.mark.parametrize(
    "args,needle",
    [
        (("--on", "2026-11-30", "--respondents", "140", "aware=101"), "100"),
        (("--on", "2026-11-30", "--respondents", "0", "aware=40"), "svarande"),
        (("--on", "2026-11-30", "--respondents", "-4", "aware=40"), "-4"),
        (("--on", "2099-11-30", "--respondents", "140", "aware=40"), "2099-11-30"),
        (("--on", "2026-11-30", "--respondents", "140", "aware=-3"), "-3"),
        (("--on", "2026-11-30", "--respondents", "140", "trivsel=40"), "trivsel"),
        (("--on", "2026-11-30", "--respondents", "140", "aware"), "FRÅGA=PROCENT"),
        (("--on", "2026-11-30", "--respondents", "140"), "aware"),
    ],
)
def test_survey_refuses_bad_input_and_saves_nothing(demo_dir, args, needle):
    before = snapshot_files(demo_dir)
    r = run_cli("survey", demo_dir, "uppsala", *args)
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert snapshot_files(demo_dir) == before


def test_lang_before_the_command_holds_for_the_command(tmp_path):
    """`huskurage --lang en export …` answers in English: the command's own --lang, when not given, does not undo it."""
    r = run_cli("--lang", "en", "check", tmp_path / "nothing")
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = run_cli("check", tmp_path / "nothing", "--lang", "en")
    assert r.returncode == 2 and "does not exist" in r.stderr
    assert "finns inte" in run_cli("check", tmp_path / "nothing").stderr


@pytest.mark.parametrize("year", ["1999", "3000", "last year"])
def test_export_refuses_a_report_year_out_of_range(demo_dir, tmp_path, year):
    r = run_cli("export", demo_dir, "--report", year, "--out", tmp_path / "out")
    assert r.returncode == 2
    assert "--report" in r.stderr and "2000" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_export_report_writes_the_yearly_report_and_refuses_a_year_to_come(demo_dir, tmp_path):
    out = tmp_path / "out"
    r = run_cli("export", demo_dir, "--out", out, "--report", "2026", "--format", "md,html")
    assert r.returncode == 0, r.stderr
    assert "Årsrapport 2026" in (out / "report-2026.md").read_text(encoding="utf-8")
    assert (out / "report-2026.svg").is_file() and (out / "report-2026.html").is_file()
    r = run_cli("export", demo_dir, "--out", tmp_path / "later", "--report", "2999")
    assert r.returncode == 2 and "2999" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "later").exists()


# ------------------------------------------------------------------ nothing mark accepts blocks the export (issue 16, items 3 and 5)


def test_mark_refuses_what_check_would_call_an_error_and_writes_nothing(demo_dir):
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "goteborg", "new_tenant_insert", "done", "--on", "2099-05-01")
    assert r.returncode == 2 and "2099-05-01 ligger i framtiden" in r.stderr and "Traceback" not in r.stderr
    assert snapshot_files(demo_dir) == before
    assert run_cli("check", demo_dir).returncode == 0


def test_signs_done_in_only_some_entrances_is_a_finding_and_informing_tenants_then_refused(demo_dir):
    r = run_cli("mark", demo_dir, "uppsala", "place_signs", "done", "--on", "2026-11-20")  # 34 of 90 entrances
    assert r.returncode == 0, r.stderr
    assert "bara 34 av 90 portar" in r.stderr  # saved, and said
    check = run_cli("check", demo_dir)
    assert check.returncode == 1 and "0380-uppsala.toml: progress.place_signs: varning" in check.stdout
    before = snapshot_files(demo_dir)
    r = run_cli("mark", demo_dir, "uppsala", "inform_tenants", "done", "--on", "2026-11-21")
    assert r.returncode == 2 and "bara 34 av 90 portar" in r.stderr
    assert snapshot_files(demo_dir) == before


def test_mark_speaks_the_users_language_and_a_todo_has_no_date(demo_dir):
    r = run_cli("mark", demo_dir, "uppsala", "train_staff", "done", "--on", "2026-11-20")
    assert r.stdout.strip() == "Uppsala: ”Utbilda personalen” är nu klar (2026-11-20)."
    r = run_cli("mark", demo_dir, "uppsala", "train_staff", "todo", "--lang", "en")
    assert r.stdout.strip() == "Uppsala: “Train the staff” is now to do."
    assert "date" not in read_toml(demo_dir / "cities" / "0380-uppsala.toml")["progress"]["train_staff"]


@pytest.mark.parametrize(
    ("keep", "lang", "said"),
    [
        (1, "sv", "portföljen med 1 kommun är i ordning"),
        (1, "en", "the portfolio with 1 municipality is in order"),
        (2, "sv", "portföljen med 2 kommuner är i ordning"),
        (2, "en", "the portfolio with 2 municipalities is in order"),
    ],
)
def test_check_counts_municipalities_in_singular_and_plural(tmp_path, keep, lang, said):
    assert run_cli("init", tmp_path / "p", "--demo").returncode == 0
    for extra in sorted((tmp_path / "p" / "cities").glob("*.toml"))[keep:]:
        extra.unlink()
    r = run_cli("check", tmp_path / "p", "--lang", lang)
    assert r.returncode == 0, r.stdout + r.stderr
    assert said in r.stdout
