"""Scheme files: the shipped schemes, inheritance, and clear file:line errors for broken ones."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.rules import Options
from jixiao.score import SchemeError, list_schemes, load_scheme, scheme_options


def test_shipped_schemes():
    names = list_schemes()
    assert {
        "national-2020",
        "sichuan-0013zp",
        "national-2020-caps",
        "national-2020-deviation",
        "vendor-pmkpi",
    } <= set(names)
    for name in names:
        scheme = load_scheme(name)
        assert scheme.name == name and scheme.full_marks == 100
        assert scheme.title and scheme.description


def test_national_2020_values():
    s = load_scheme("national-2020")
    assert (s.execution_weight, s.execution_mode, s.indicator_total) == (10, "proportional", 90)
    assert dict(s.level1_weights) == {"产出": 50, "效益": 30, "满意度": 10}
    assert s.default_allocation == "by_level1" and s.overshoot == D("1.2")
    a, b, c = s.bands["A"], s.bands["B"], s.bands["C"]
    assert (a.low, a.high, a.high_inclusive, a.default) == (D("0.8"), 1, True, 1)
    assert b.contains(D("0.6")) and not b.contains(D("0.8")) and b.default == D("0.7")
    assert c.contains(0) and not c.contains(D("0.6")) and c.default == D("0.3")
    assert [g for g, _ in s.grades] == ["优", "良", "中", "差"]
    assert s.places == 2 and not s.caps and s.deviation_penalty is None


def test_sichuan_inherits_and_frees_the_split():
    s = load_scheme("sichuan-0013zp")
    assert not s.level1_weights and s.default_allocation == "even"
    assert s.require_score_in_conclusion and s.require_scores
    assert s.bands["B"].default == D("0.7")  # inherited from national-2020
    assert scheme_options(s) == Options(region="sichuan", scheme="sichuan-0013zp")


def test_variants():
    caps = load_scheme("national-2020-caps")
    assert [(c.below, c.maximum) for c in caps.caps] == [
        (D("0.5"), 59),
        (D("0.6"), 69),
        (D("0.7"), 79),
        (D("0.8"), 89),
    ]
    dev = load_scheme("national-2020-deviation").deviation_penalty
    assert dev is not None and (dev.ratio, dev.points) == (D("1.3"), 2)
    assert load_scheme("vendor-pmkpi").alerts.unspent == D("0.2")


def test_unknown_scheme_lists_the_schemes():
    with pytest.raises(SchemeError) as err:
        load_scheme("hunan-2099")
    assert "hunan-2099" in err.value.message and "national-2020" in err.value.message


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: x\nbase: national-2020\nexecuton:\n  weight: 10\n", 3, ["executon", "execution"]),
        ("name: x\nbase: national-2020\nexecution:\n  weight: 十\n", 4, ["execution.weight", "十"]),
        ("name: x\nbase: national-2020\nexecution:\n  mode: tiered\n", 3, ["steps"]),
        (
            "name: x\nbase: national-2020\nindicators:\n  level1: {产出: 50, 效益: 20, 满意度: 10}\n",
            4,
            ["80", "90"],
        ),
        (
            "name: x\nbase: national-2020\nqualitative:\n  bands:\n    B: {default: 0.9}\n",
            5,
            ["默认", "[60%, 80%)"],
        ),
        ("name: x\nbase: national-2020\ngrades:\n  - {label: 优, from: 90}\n", 3, ["from 须为 0"]),
        ("name: x\nbase: national-2020\nchecks:\n  colour: red\n", 3, ["colour"]),
        ("name: x\nbase: national-2020\ndeviation_penalty: {from: 90%, points: 2}\n", 3, ["100%"]),
        ("name: x\nbase: nowhere\n", 2, ["nowhere"]),
        ("name: x\nexecution: [\n", 3, ["语法"]),
        ("base: national-2020\n", 1, ["name", "必填"]),
        ("name: x\nbase: national-2020\nindicators:\n  overshoot: -1\n", 4, ["负数"]),
    ],
)
def test_broken_schemes_say_where(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(SchemeError) as err:
        load_scheme(path)
    assert err.value.source.file.endswith("s.yaml") or "nowhere" in err.value.message
    assert err.value.source.line == line, str(err.value)
    for word in words:
        assert word in str(err.value)


def test_a_region_variant_needs_no_code(tmp_path):
    path = write(
        tmp_path,
        "name: hunan-2024\nbase: national-2020\nregion: hunan\n"
        "grades:\n  - {label: 优秀, from: 95}\n  - {label: 合格, from: 60}\n  - {label: 不合格, from: 0}\n",
    )
    s = load_scheme(path)
    assert s.grade(D("94.99")) == "合格" and s.grade(D(95)) == "优秀" and s.region == "hunan"


def test_base_cycle_is_refused(tmp_path):
    path = write(tmp_path, "name: loop\nbase: s.yaml\n")
    with pytest.raises(SchemeError) as err:
        load_scheme(path)
    assert "base" in str(err.value)


def test_an_edited_scheme_file_is_read_again(tmp_path):
    import os

    path = write(tmp_path, "name: v1\nbase: national-2020\n")
    assert load_scheme(path).name == "v1"
    assert load_scheme(path) is load_scheme(path)  # memoised
    Path(path).write_text("name: v2\nbase: national-2020\n", encoding="utf-8")
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_scheme(path).name == "v2"
