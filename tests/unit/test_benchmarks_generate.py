"""benchmarks/generate.py: synthetic portfolios over the real municipalities that the program accepts."""

from __future__ import annotations

import csv
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support import ROOT, run_cli, snapshot_files
from wizard import model

GENERATE = ROOT / "benchmarks" / "generate.py"


def generate(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(GENERATE), str(root), *args], capture_output=True, text=True, timeout=300
    )


def city_files(root: Path) -> list[Path]:
    return sorted((root / "cities").glob("*.toml"))


def municipality_codes() -> set[str]:
    with open(ROOT / "checklists" / "kommuner.csv", encoding="utf-8", newline="") as f:
        return {row["kommunkod"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[int, Path]:
    base = tmp_path_factory.mktemp("generated")
    out = {}
    for n in (5, 290):
        r = generate(base / f"p{n}", "--cities", str(n))
        assert r.returncode == 0, r.stderr
        out[n] = base / f"p{n}"
    return out


@pytest.mark.parametrize("n", [5, 290])
def test_check_reads_the_generated_portfolio(generated, n):
    r = run_cli("check", generated[n])
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert len(city_files(generated[n])) == n


@pytest.mark.parametrize("n", [5, 290])
def test_every_city_has_8_partners_20_history_rows_and_every_item(generated, n):
    from wizard import catalog

    items = {i.id for i in catalog.load().items("city")}
    for path in city_files(generated[n]):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert len(data["partners"]) == 8, path.name
        assert len(data["history"]) == 20, path.name
        assert set(data["progress"]) == items, path.name
        at = [model.instant(row["at"]) for row in data["history"]]
        assert at == sorted(at), path.name
        assert 0 <= data["signs_up"] <= data["entrances"], path.name
        assert data["reports"] and all(isinstance(v, int) and v >= 0 for v in data["reports"].values()), path.name
        assert path.name.startswith(data["code"] + "-")


def test_290_covers_every_municipality_and_5_are_its_first(generated):
    codes = {tomllib.loads(p.read_text(encoding="utf-8"))["code"] for p in city_files(generated[290])}
    assert codes == municipality_codes()
    first5 = sorted(codes)[:5]
    assert [p.name[:4] for p in city_files(generated[5])] == first5
    # Same seed: a smaller portfolio is a prefix of a larger one, file for file.
    for p in city_files(generated[5]):
        assert p.read_bytes() == (generated[290] / "cities" / p.name).read_bytes()


def test_same_seed_same_files_other_seed_other_files(generated, tmp_path):
    assert generate(tmp_path / "again", "--cities", "5").returncode == 0
    assert snapshot_files(tmp_path / "again") == snapshot_files(generated[5])
    assert generate(tmp_path / "other", "--cities", "5", "--seed", "7").returncode == 0
    assert snapshot_files(tmp_path / "other") != snapshot_files(generated[5])


def test_refuses_an_existing_portfolio_and_bad_counts(generated, tmp_path):
    before = snapshot_files(generated[5])
    r = generate(generated[5], "--cities", "5")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert snapshot_files(generated[5]) == before
    r = generate(tmp_path / "none", "--cities", "291")
    assert r.returncode == 2 and "1..290" in r.stderr
    assert not (tmp_path / "none").exists()
