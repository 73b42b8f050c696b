"""Split a table that lost its cell separators ("数量指标安装坡面水标尺10≥266米≥266米10").

Known column names and row labels are cut out first; the rest is split into text runs and value
runs. Digits that ran together ("20100%100%20") are split in the way that makes most cells
repeat each other (weight = score, target = actual), the usual shape of a filled row; ties go
to fewer cells (each extra cell costs), so a lone amount is never cut up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.audit.stream import HEADER_WORDS, LEVEL1, LEVEL2

ROW_LABELS = (
    "年度资金总额",
    "其中",
    "本年财政拨款",
    "当年财政拨款",
    "上年结转资金",
    "其他资金",
    "总分",
    "项目名称",
    "主管部门",
    "实施单位",
    "年度总体目标",
    "绩效指标",
    "预期目标",
    "实际完成情况",
    "未完成原因及拟采取的改进措施",
    "偏差原因分析及改进措施",
    "资金情况(万元)",
)
_VOCAB = sorted({*HEADER_WORDS, *LEVEL1, *LEVEL2, *ROW_LABELS}, key=len, reverse=True)
_LABEL_RE = re.compile(
    r"(?:(?:产出|效益|满意度|成本)指标\(\d+(?:\.\d+)?分\))|"
    + "|".join(re.escape(w) for w in _VOCAB)
)
UNITS = (
    "万元",
    "元",
    "厘米",
    "公里",
    "平方米",
    "米",
    "人次",
    "人",
    "户",
    "个",
    "项",
    "次",
    "天",
    "%",
)
_OP = "≥≤=<>≧≦═"
_VALUE_RUN = re.compile(rf"(?:[{_OP}]?\d+(?:\.\d+)?(?:{'|'.join(UNITS)})?)+")
_ITEM = re.compile(rf"^[{_OP}]?(?:0|[1-9]\d*)(?:\.\d+)?(?:{'|'.join(UNITS)})?$")
MAX_RUN = 20


def split_run_together(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs in order."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _LABEL_RE.finditer(text):
        out.extend(_split_free(text[pos : m.start()], pos))
        out.append((m.start(), m.group()))
        pos = m.end()
    out.extend(_split_free(text[pos:], pos))
    return [(p, t) for p, t in out if t.strip(" :：")]


def _split_free(text: str, base: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _VALUE_RUN.finditer(text):
        if m.start() > pos:
            out.extend(_text_run(text[pos : m.start()], base + pos))
        offset = base + m.start()
        for piece in split_digits(m.group()):
            out.append((offset, piece))
            offset += len(piece)
        pos = m.end()
    if pos < len(text):
        out.extend(_text_run(text[pos:], base + pos))
    return out


def _text_run(text: str, base: int) -> list[tuple[int, str]]:
    s = text.strip(" :：")
    if not s:
        return []
    half = len(s) // 2
    if len(s) % 2 == 0 and half >= 2 and s[:half] == s[half:]:  # an actual copying its target
        return [(base, s[:half]), (base + half, s[half:])]
    return [(base, s)]


def split_digits(run: str) -> tuple[str, ...]:
    """The most plausible split of a run of values into cells."""
    if not run:
        return ()
    if len(run) > MAX_RUN:
        return tuple(re.findall(_VALUE_RUN_ITEM, run))
    best = _best(run)
    return best if best else (run,)


_VALUE_RUN_ITEM = rf"[{_OP}]?\d+(?:\.\d+)?(?:{'|'.join(UNITS)})?"


@lru_cache(maxsize=4096)
def _best(run: str) -> tuple[str, ...]:
    candidates = list(_segmentations(run, 7))
    if not candidates:
        return ()

    def plausibility(items: tuple[str, ...]) -> float:
        if not items:
            return -1.0
        twinned = sum(1 for a in items if items.count(a) > 1)
        return twinned / len(items) - 0.2 * len(items)

    return max(candidates, key=plausibility)


def _segmentations(run: str, limit: int) -> list[tuple[str, ...]]:
    if not run:
        return [()]
    if limit == 0:
        return []
    out: list[tuple[str, ...]] = []
    for end in range(1, len(run) + 1):
        head = run[:end]
        if not _ITEM.match(head):
            continue
        if end < len(run) and run[end] in ".":  # never cut inside a decimal
            continue
        for rest in _segmentations(run[end:], limit - 1):
            out.append((head, *rest))
    return out
