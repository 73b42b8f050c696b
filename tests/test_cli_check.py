"""`jixiao check`: exit codes 0/1/2, text and JSON output, and no traceback for bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CLEAN = """\
unit:
  name: 测试单位
year: 2021
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


def test_clean_file_exits_0(write):
    result = run("check", write(CLEAN))
    assert result.returncode == 0, result.stdout + result.stderr


def test_problems_exit_1_with_location(write):
    path = write(CLEAN + "funds:\n  initial: 一千\n")
    result = run("check", path)
    assert result.returncode == 1
    assert f"{path}:5" in result.stdout and "L-NUM-01" in result.stdout


def test_json_output_shape(write):
    result = run("check", "--format", "json", write(CLEAN + "funds:\n  initial: abc\n"))
    data = json.loads(result.stdout)
    (issue,) = [i for i in data["issues"] if i["code"] == "L-NUM-01"]
    assert issue["source"]["line"] == 5
    assert {"code", "severity", "message", "source", "expected", "actual", "difference"} <= set(
        issue
    )


@pytest.mark.parametrize(
    "content",
    ["", "- a\n- b\n", "unit: [\n", "\x00\x01\x02", "year: 2021\n"],
)
def test_unloadable_files_exit_2_without_traceback(write, content):
    result = run("check", write(content))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.strip(), "a message says what is wrong"


def test_missing_file_and_wrong_type_exit_2(tmp_path):
    for path in (str(tmp_path / "none.yaml"), str(tmp_path)):
        result = run("check", path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr


def test_bad_usage_exits_2():
    result = run("check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
