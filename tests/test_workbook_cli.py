"""`jixiao template` and `jixiao import`, and workbooks accepted wherever a YAML is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jixiao.dump import dump_evaluation
from jixiao.load.evaluation_yaml import load_yaml_text
from make_damaged_workbooks import BASE_YAML, base_evaluation
from workbook_helpers import strip_meta


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_template_from_yaml_then_import_gives_the_same_yaml(tmp_path: Path) -> None:
    src = tmp_path / "ev.yaml"
    src.write_text(BASE_YAML, encoding="utf-8")
    book, out = tmp_path / "ev.xlsx", tmp_path / "back.yaml"
    made = run("template", "-o", str(book), "--from", str(src))
    assert made.returncode == 0, made.stderr
    imported = run("import", str(book), "-o", str(out))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert out.read_text(encoding="utf-8") == dump_evaluation(base_evaluation())
    back, issues = load_yaml_text(out.read_text(encoding="utf-8"), "back.yaml")
    assert not issues and strip_meta(back) == strip_meta(base_evaluation())


def test_import_to_stdout_keeps_issues_on_stderr(tmp_path: Path) -> None:
    src = tmp_path / "ev.yaml"
    src.write_text(BASE_YAML, encoding="utf-8")
    book = tmp_path / "ev.xlsx"
    run("template", "-o", str(book), "--from", str(src))
    result = run("import", str(book), "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("jixiao: 1")


def test_blank_template_with_scheme(tmp_path: Path) -> None:
    book = tmp_path / "blank.xlsx"
    result = run("template", "-o", str(book), "--scheme", "sichuan-0013zp")
    assert result.returncode == 0, result.stderr
    assert book.exists()


def test_unknown_scheme_and_bad_output_exit_2(tmp_path: Path) -> None:
    assert run("template", "-o", str(tmp_path / "a.xlsx"), "--scheme", "nope").returncode == 2
    result = run("template", "-o", str(tmp_path / "a.csv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_check_accepts_a_workbook_and_points_at_cells(tmp_path: Path) -> None:
    src = tmp_path / "ev.yaml"
    src.write_text(BASE_YAML, encoding="utf-8")
    book = tmp_path / "ev.xlsx"
    run("template", "-o", str(book), "--from", str(src))
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["资金情况"]["B6"] = "一千万"
    wb.save(book)
    result = run("check", str(book), "--format", "json")
    assert result.returncode == 1
    issues = json.loads(result.stdout)["issues"]
    first = next(i for i in issues if i["code"] == "L-NUM-01")
    assert first["source"]["sheet"] == "资金情况" and first["source"]["cell"] == "B6"


def test_unreadable_workbook_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    for command in ("check", "import"):
        args = [command, str(bad)] + (
            ["-o", str(tmp_path / "o.yaml")] if command == "import" else []
        )
        result = run(*args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "L-XLS-01" in result.stdout and "Traceback" not in result.stderr


def test_import_with_errors_writes_nothing_unless_forced(tmp_path: Path) -> None:
    src = tmp_path / "ev.yaml"
    src.write_text(BASE_YAML, encoding="utf-8")
    book, out = tmp_path / "ev.xlsx", tmp_path / "back.yaml"
    run("template", "-o", str(book), "--from", str(src))
    from openpyxl import load_workbook

    wb = load_workbook(book)
    wb["资金情况"]["B6"] = "一千万"
    wb.save(book)
    refused = run("import", str(book), "-o", str(out))
    assert refused.returncode == 1
    assert not out.exists(), "a YAML missing the bad cell's value must not be written"
    assert "资金情况!B6" in refused.stdout and "--force" in refused.stderr
    forced = run("import", str(book), "-o", str(out), "--force")
    assert forced.returncode == 1 and out.exists()
