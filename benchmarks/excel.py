"""Import speed of a filled-in workbook against a bare openpyxl read of the same cells.

    .venv/bin/python benchmarks/excel.py [--projects 200] [--indicators 20] [--repeat 3]

Writes a workbook of N projects × M indicators with ``jixiao template --from``, then reads it
(1) with openpyxl alone (read-only, cached values, every cell of every sheet touched) and
(2) with ``jixiao.workbook.load_workbook_file`` (the same read, plus finding blocks, typed
conversion, sources and the model). Prints rows/s for both and the ratio; target: within 3×.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from jixiao.model import Evaluation, FundingRow, Indicator, Project, Unit
from jixiao.workbook import load_workbook_file, write_template


def synthetic(projects: int, indicators: int) -> Evaluation:
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标")]
    plist = []
    for p in range(projects):
        inds = []
        for i in range(indicators):
            l1, l2 = levels[i % len(levels)]
            inds.append(
                Indicator(
                    name=f"指标{p}-{i}",
                    level1=l1,
                    level2=l2,
                    operator="≥",
                    target=Decimal(90),
                    target_text="90%",
                    unit="%",
                    actual=Decimal("95.5"),
                    actual_text="95.5%",
                    actual_unit="%",
                    weight=Decimal("4.5"),
                    score=Decimal("4.5"),
                )
            )
        plist.append(
            Project(
                name=f"项目{p:03d}",
                code=f"51000021R{p:012d}",
                funding=(
                    FundingRow("总额", Decimal(100), Decimal("120.5"), Decimal("118.25")),
                    FundingRow("财政资金", Decimal(100), Decimal("120.5"), Decimal("118.25")),
                ),
                indicators=tuple(inds),
                annual_goal="完成年度目标任务。" * 5,
            )
        )
    return Evaluation(unit=Unit("基准测试单位"), year=2023, projects=tuple(plist))


def bare_read(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for ws in wb.worksheets:
        ws.reset_dimensions()
        for row in ws.iter_rows(values_only=True):
            rows += 1
            for _v in row:
                pass
    wb.close()
    return rows


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=200)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ev = synthetic(args.projects, args.indicators)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        t = time.perf_counter()
        write_template(path, ev)
        written = time.perf_counter() - t
        rows = bare_read(path)
        loaded, issues = load_workbook_file(path)
        assert loaded is not None and len(loaded.projects) == args.projects, issues[:3]
        assert sum(len(p.indicators) for p in loaded.projects) == args.projects * args.indicators
        bare = best(lambda: bare_read(path), args.repeat)
        jx = best(lambda: load_workbook_file(path), args.repeat)
        size = path.stat().st_size
    print(
        f"workbook: {args.projects} projects × {args.indicators} indicators, {rows} rows, "
        f"{size / 1e6:.1f} MB, written by jixiao template in {written:.2f} s"
    )
    print(f"{'reader':<34}{'seconds':>10}{'rows/s':>12}")
    print(f"{'openpyxl read-only, values only':<34}{bare:>10.3f}{rows / bare:>12.0f}")
    print(f"{'jixiao import (load_workbook_file)':<34}{jx:>10.3f}{rows / jx:>12.0f}")
    print(f"ratio jixiao / bare: {jx / bare:.2f}× (target ≤ 3×)")


if __name__ == "__main__":
    main()
