"""`jixiao score`: text and JSON output, the documented JSON keys, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"

SCORED = """\
unit:
  name: 测试单位
year: 2021
projects:
  - name: 甲项目
    funding:
      - {source: 总额, initial: 24.39, adjusted: 24.39, executed: 24.39}
    indicators:
      - {name: 待遇发放率, level1: 产出指标, operator: ≥, target: 100%, actual: 100%, weight: 50}
      - {name: 维护社会稳定, level1: 效益指标, operator: 定性, band: A, weight: 30}
      - {name: 参保人员满意度, level1: 满意度指标, operator: ≥, target: 90%, actual: 88%, weight: 10}
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "ev.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def test_text_output_shows_every_line_with_its_basis(write):
    result = run("score", write(SCORED))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "national-2020" in out and "总分 99.78，等级 优" in out
    assert "9.78" in out and "88 / 指标值 90" in out.replace("\n", "")


def test_json_output(write):
    result = run("score", "--format", "json", write(SCORED))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (project,) = data["projects"]
    assert data["scheme"] == "national-2020"
    assert (project["total"], project["grade"], project["assumed_weights"]) == (99.78, "优", False)
    assert [ln["score"] for ln in project["lines"]] == [10, 50, 30, 9.78]
    assert project["lines"][3]["source"]["line"] == 11
    assert isinstance(data["ratios"], list) and data["issues"] == []


def _keys(value: object) -> object:
    """The key structure of a JSON value: dicts by key, lists by their first item."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_keys(value[0])] if value and isinstance(value[0], dict) else []
    return None


def test_documented_json_keys_match_the_output(write):
    block = re.search(r"## JSON output.*?```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/scoring.md must show the JSON shape"
    documented = json.loads(block.group(1))
    data = json.loads(run("score", "--format", "json", write(SCORED)).stdout)
    data["projects"][0]["lines"] = data["projects"][0]["lines"][-1:]
    assert _keys(documented) == _keys(data)
    assert set(documented["projects"][0]["lines"][0]) == set(data["projects"][0]["lines"][0])


def test_scheme_from_file_and_option(write):
    path = write(SCORED.replace("year: 2021\n", "year: 2021\nscheme: national-2020-caps\n"))
    assert (
        json.loads(run("score", "--format", "json", path).stdout)["scheme"] == "national-2020-caps"
    )
    data = json.loads(run("score", "--format", "json", "--scheme", "vendor-pmkpi", path).stdout)
    assert data["scheme"] == "vendor-pmkpi"


def test_scoring_problems_exit_1(write):
    path = write(SCORED.replace("actual: 88%, ", ""))
    result = run("score", path)
    assert result.returncode == 1
    assert f"{path}:11" in result.stdout and "V-IND-03" in result.stdout


def test_missing_weights_are_assumed_and_said(write):
    path = write(re.sub(r", weight: \d+", "", SCORED))
    data = json.loads(run("score", "--format", "json", path).stdout)
    project = data["projects"][0]
    assert project["assumed_weights"] is True and "平均分配" in project["notes"][0]


def test_unknown_scheme_exits_2_and_lists_schemes(write):
    result = run("score", "--scheme", "hunan-2099", write(SCORED))
    assert result.returncode == 2
    assert "hunan-2099" in result.stderr and "sichuan-0013zp" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_scheme_file_exits_2_with_its_line(write, tmp_path):
    scheme = tmp_path / "bad.yaml"
    scheme.write_text(
        "name: bad\nbase: national-2020\nexecution:\n  weight: 十\n", encoding="utf-8"
    )
    result = run("score", "--scheme", str(scheme), write(SCORED))
    assert result.returncode == 2 and f"{scheme}:4" in result.stderr


def test_unloadable_file_exits_2(write):
    assert run("score", write("- a\n")).returncode == 2


def test_check_accepts_scheme(write):
    path = write(SCORED)
    assert run("check", "--scheme", "hunan-2099", path).returncode == 2

    def codes(scheme: str) -> set[str]:
        result = run("check", "--scheme", scheme, "--format", "json", path)
        return {i["code"] for i in json.loads(result.stdout)["issues"]}

    # The Sichuan form asks for the total in the 评价结论; the national one does not.
    assert "V-TOT-02" in codes("sichuan-0013zp") and "V-TOT-02" not in codes("national-2020")


def test_scheme_path_in_the_file_is_relative_to_it(write, tmp_path):
    (tmp_path / "local.yaml").write_text("name: local\nbase: national-2020\n", encoding="utf-8")
    path = write(SCORED.replace("year: 2021\n", "year: 2021\nscheme: local.yaml\n"))
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "score", "--format", "json", path],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    assert json.loads(result.stdout)["scheme"] == "local"
