"""``jixiao render``: formats by option or extension, exit codes, messages; HTML and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli.main import cli
from jixiao.render import make_view
from jixiao.render.html import render_html_text
from jixiao.render.markdown import render_markdown_text
from test_render_view import small_evaluation

YAML = """\
jixiao: 1
year: 2021
unit:
  name: 测试中心
  region: 四川省攀枝花市
staffing:
  authorized: 10
  actual: 9
funds:
  initial: 100
  by_function:
    - name: 社会保障和就业支出
      amount: 75
    - name: 住房保障支出
      amount: 25
projects:
  - name: 业务运行费
    funding:
      - source: 总额
        initial: 20
        adjusted: 25
        executed: 20
    indicators:
      - level1: 产出指标
        level2: 数量指标
        name: 代缴率
        operator: "="
        target: 100%
        actual: 100%
        weight: 90
"""


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    src = tmp_path / "ev.yaml"
    src.write_text(YAML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(src), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("ext", ["docx", "xlsx", "html", "md"])
def test_format_follows_the_extension(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"out.{ext}"
    code, output = run(tmp_path, "-o", str(out))
    assert code == 0, output
    assert out.is_file() and out.stat().st_size > 500
    assert f"已生成 {out}" in output


def test_draft_gaps_are_counted(tmp_path: Path) -> None:
    code, output = run(tmp_path, "--to", "md", "-o", str(tmp_path / "r.md"))
    assert code == 0
    assert "处待填写" in output
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "【待填写：单位基本职能】" in text
    assert "社会保障和就业支出75万元，占75%；住房保障支出25万元，占25%" in text
    assert "执行率80%" in text  # 20 / 25


def test_unknown_extension_is_exit_2_with_a_hint(tmp_path: Path) -> None:
    code, output = run(tmp_path, "-o", str(tmp_path / "out.txt"))
    assert code == 2
    assert "无法确定输出格式" in output and "--to" in output


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(tmp_path / "none.yaml"), "--to", "md"])
    assert result.exit_code == 2
    assert "文件不存在" in result.output


def test_bad_wording_file_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("department: {}\n", encoding="utf-8")
    code, output = run(tmp_path, "--to", "md", "-o", str(tmp_path / "r.md"), "--wording", str(bad))
    assert code == 2
    assert "措辞模板" in output


def test_html_is_standalone_and_escaped() -> None:
    ev = small_evaluation(report={"conclusion": "<script>alert(1)</script>"})
    page = render_html_text(make_view(ev))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'rowspan="' in page and 'colspan="' in page
    assert "占99.46%" in page and "<h2>一、部门概况</h2>" in page


def test_markdown_headings_and_tables() -> None:
    text = render_markdown_text(make_view(small_evaluation()))
    assert "## 一、部门概况" in text
    assert "| 项目名称 |" in text
    assert "| 1 | 业务运行费 | 24.39 | 24.39 | 100.00% |" in text
