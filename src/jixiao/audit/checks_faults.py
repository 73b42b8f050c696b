"""Document-level forms of three faults reviewers find (../shared/spec/faults.yaml): money paid
that the stated beneficiaries and standards do not explain (F09), text that denies a deviation
the figures show (F24), and form instructions left in place of content (F31)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from jixiao.audit.document import Document
from jixiao.audit.facts import Fact, compact
from jixiao.audit.findings import WARNING, issue, p
from jixiao.audit.stream import fold
from jixiao.issues import Issue
from jixiao.source import Source
from jixiao.vocabulary import find_draft_gap

_COUNT = re.compile(r"([\u4e00-\u9fff]{2,10}?)(\d+)(?:人|名|户)(?![/每次])")
_STANDARD = re.compile(r"([\u4e00-\u9fff]{2,10}?)(\d+(?:\.\d+)?)元(?:/|每)(?:人|年|户|生)")
_PAID = re.compile(r"支付|发放|支出|执行|使用|拨付")
_LEAD = re.compile(r"^(共计|共|合计|累计|救助|资助|补助|其中|为|对|给)+")


def _category(label: str) -> str:
    return _LEAD.sub("", label)


def check_beneficiaries(document: Document, facts: list[Fact]) -> Iterable[Issue]:
    """Σ(人数 × 标准) against the amount paid, when two or more categories give both (F09)."""
    for block in document.paragraphs:
        text = compact(fold(block.text))
        counts = {_category(m.group(1)): int(m.group(2)) for m in _COUNT.finditer(text)}
        standards = {_category(m.group(1)): Decimal(m.group(2)) for m in _STANDARD.finditer(text)}
        pairs = []
        for name, standard in standards.items():
            count = next(
                (c for k, c in counts.items() if k.endswith(name) or name.endswith(k)), None
            )
            if count is not None:
                pairs.append((name, count, standard))
        if len(pairs) < 2:
            continue
        total = sum((Decimal(c) * s for _, c, s in pairs), Decimal(0)) / Decimal(10000)  # 万元
        paid = [f for f in facts if f.unit == "万元" and _PAID.search(f.label or f.key)]
        if not paid or any(abs(f.value - total) <= total / 100 for f in paid):
            continue
        stated = paid[0]
        formula = " + ".join(f"{c}×{p(s)}" for _, c, s in pairs)
        yield issue(
            "A-SUM-05",
            WARNING,
            f"按人数 × 标准计算为 {p(total)} 万元（{formula} 元），与{stated.label}{p(stated.value)} 万元不符",
            block.source,
            total,
            stated.value,
            hint="请说明其余资金的用途，或核对人数与标准",
        )


def texts(document: Document) -> list[tuple[str, Source]]:
    """Every paragraph and table cell with its place."""
    out = [(b.text, b.source) for b in document.paragraphs]
    out += [(c.text, c.source) for t in document.tables for c in t.cells()]
    return out


_DENIAL = re.compile(r"(不存在|没有|无|未)[^。；;]{0,14}偏离")


def check_denied_deviation(
    document: Document, rates: list[tuple[Decimal, Source]]
) -> Iterable[Issue]:
    """The text says there is no deviation while the execution rate is under 90% (F24)."""
    if not rates:
        return
    rate, _ = min(rates, key=lambda r: r[0])
    for text, source in texts(document):
        m = _DENIAL.search(fold(text))
        if m:
            yield issue(
                "A-TXT-03",
                WARNING,
                f"文中称“{m.group(0)}”，但预算执行率仅为 {p(rate)}%",
                source,
                Decimal(100),
                rate,
                hint="执行率低于 90% 应如实说明偏离及原因",
            )
            return


_INSTRUCTION = re.compile(r"[（(]\s*\d{2,3}\s*字以内\s*[）)]")
_INSTRUCTION_VERB = re.compile(r"说明|分析|提出|填写|结合")


def check_template_text(document: Document) -> Iterable[Issue]:
    """A form's instruction ("说明…（200字以内）") left where the content should be (F31), and
    a draft's placeholder ("【待填写：…】") published as it was."""
    for raw, source in texts(document):
        gap = find_draft_gap(raw)
        if gap:
            yield issue(
                "A-TXT-05",
                WARNING,
                f"草稿的待填写标记未替换为内容：“{gap}”",
                source,
                hint="请填写该处内容后再公开",
            )
        text = fold(raw)
        if _INSTRUCTION.search(text) and _INSTRUCTION_VERB.search(text) and len(text) >= 15:
            yield issue(
                "A-TXT-04",
                WARNING,
                f"填写说明未替换为内容：“{text[:40]}”",
                source,
                hint="请按说明填写实际内容",
            )
