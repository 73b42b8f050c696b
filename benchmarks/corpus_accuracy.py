"""Accuracy of ``jixiao audit`` on ../shared/corpus (and the seed), by its manifest.

Prints four figures: the share of the manifest's scalar facts extracted with the right value,
the share of its filled indicator rows extracted, the share of its hand-found inconsistencies
reported, and the number of errors reported on checks the manifest marks as holding (✓).

A fact counts when an extracted fact has the same value and shares a two-character word with
the manifest's name (in its key, subject, label or text); an indicator row counts when a row of
a similar name has every numeric cell the manifest gives. The hand-found inconsistencies and the
✓ checks below are transcribed from the manifest's prose ``arith_issues``.

Run: .venv/bin/python benchmarks/corpus_accuracy.py [--corpus ../shared/corpus] [-v]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.audit.run import DocumentResult, audit_file, indicator_dict

# (doc, description, codes that report it, a number the issue must carry or None)
INCONSISTENCIES = [
    ("001", "年度资金总额 0 vs 本年财政拨款 90/89.974", {"A-SUM-01", "V-FUND-01"}, "90"),
    ("001", "narrative 30+30+29.99 = 89.99 vs 89.97", {"A-SUM-02"}, "89.97"),
    ("010", "2455.5 ≠ 87.5 + 2350", {"A-SUM-02"}, "2455.5"),
    ("013", "按支出性质分 1925.67 < 全年执行数 2030.12 at 100%", {"A-SUM-03"}, "1925.67"),
    ("019", "年度目标 speaks of 2022 in a 2023 form", {"A-YEAR-01"}, None),
    ("019", "完成值/得分 empty", {"A-IND-01", "V-IND-03"}, None),
    ("022", "date 202年1月11日", {"A-DATE-01"}, None),
    ("028", "140×300+96×500+42×1000 = 13.2万 ≠ 16万 paid", {"A-SUM-05"}, "16"),
    ("031", "budget parts 7165.29 ≠ 7165.32", {"A-SUM-01", "V-FUND-01"}, "7165.32"),
    (
        "034",
        "14% unspent, text claims no deviation (no reason for <90%)",
        {"A-REQ-01", "V-FUND-03"},
        None,
    ),
    ("037", "weights 10+70+20+10 = 110 vs 总分 100", {"A-WGT-02", "V-W-01"}, "110"),
    ("037", "70/20/10 vs the form's 50/30/10", {"A-WGT-03"}, None),
    ("037", "actual values copy targets (≥266米)", {"A-IND-02", "V-IND-03"}, None),
    ("046", "资金到位及时率 100% = target, scored 7/10", {"A-SCORE-01", "V-IND-05"}, "7"),
    ("046", "政策知晓率 98% vs 100%: 9.8, table 9", {"A-SCORE-01", "V-IND-05"}, "9"),
]
SEED = [
    ("seed", "140.68 bridge gap", {"A-SUM-04", "V-RPT-03"}, "140.68"),
    ("seed", "五是 with no 一是..四是", {"A-OUT-01"}, "五是"),
    ("seed", "（四） after （二）", {"A-OUT-01"}, "（四）"),
    ("seed", "two (3) in 附件2", {"A-OUT-01"}, "（3）"),
]
# (doc, ✓ check, codes that must not be reported as errors there; empty = no error at all)
HOLDING = [
    ("001", "产出 8+8+8+8+8+10 = 50; 效益 10+10+10 = 30", {"A-WGT-01", "V-W-01"}),
    ("013", "按收入性质分 sums to 2030.12; 控制率 108.70%", {"A-RATE-01", "V-STAFF-01"}),
    ("016", "1.5 + 1.5 = 3", {"A-SUM-02", "V-RPT-03"}),
    ("019", "14 × 30000元 + 3万元 = 45万元", {"A-SUM-02"}),
    ("031", "execution parts sum to 6992.95", {"V-FUND-02", "A-RATE-01"}),
    ("034", "692.98/808.1 = 85.75% printed 86%", {"A-RATE-01", "V-FUND-02"}),
    ("035", "434.89+77.4+286.83 = 799.12; 31.39%; 35.90%", set()),
    ("040", "2113.63/2179 = 97%", {"A-RATE-01", "V-FUND-02"}),
    ("043", "3+2+4+4 = 13; 2+13+85 = 100", set()),
    ("046", "Σ scores 96, Σ weights 100", {"A-TOT-01", "A-WGT-02", "V-TOT-01", "V-W-01"}),
]


def norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s\"“”'‘’()（）\[\]:：,，、.。/\-]", "", s)


def words(name: str) -> set[str]:
    core = re.sub(r"\(.*?\)|（.*?）", "", name)
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", core))
    return {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def fact_found(fact: dict, result: DocumentResult, strict: bool = False) -> bool:
    """Same value, and a word of the manifest's name in the fact's key, subject, label or
    (unless strict) the text around it."""
    values = fact["value"] if isinstance(fact["value"], list) else [fact["value"]]
    if not all(isinstance(v, int | float) for v in values):
        return False
    wanted = words(fact["name"])
    for v in values:
        target = Decimal(str(v))
        ok = any(
            f.value == target
            and (
                not wanted
                or any(
                    w in f"{f.key}{f.subject}{f.label}{'' if strict else f.text}" for w in wanted
                )
            )
            for f in result.facts
        )
        if not ok:
            return False
    return True


def row_found(row: dict, result: DocumentResult) -> bool:
    name = norm(row["indicator"])
    for got, _ in result.indicators:
        other = norm(got.name)
        similar = (
            name in other
            or other in name
            or difflib.SequenceMatcher(None, name, other).ratio() >= 0.7
        )
        if not similar:
            continue
        d = indicator_dict(got)
        if all(_same(row.get(k), d.get(k)) for k in ("target", "actual", "weight", "score")):
            return True
    return False


def _same(expected: object, got: object) -> bool:
    if expected is None:
        return True
    if isinstance(expected, int | float):
        return (
            got is not None
            and not isinstance(got, str)
            and Decimal(str(got)) == Decimal(str(expected))
        )
    return got is not None and norm(str(expected)) in norm(str(got))


def reported(result: DocumentResult, codes: set[str], number: str | None) -> bool:
    for i in result.issues:
        if i.code not in codes:
            continue
        if number is None:
            return True
        nums = {str(x) for x in (i.expected, i.actual, i.difference) if x is not None}
        if number in nums or number in i.message:
            return True
    return False


@dataclass
class Accuracy:
    """The figures of one run over a corpus, with what was missed (for -v)."""

    documents: int = 0
    kinds_ok: int = 0
    years_ok: int = 0
    units_ok: int = 0
    facts: int = 0
    facts_ok: int = 0
    strict_ok: int = 0
    rows: int = 0
    rows_ok: int = 0
    found: list[tuple[str, str, bool]] = field(default_factory=list)
    seed: list[tuple[str, str, bool]] = field(default_factory=list)
    false_errors: list[tuple[str, str, str]] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _default(name: str) -> Path:
    root = Path(__file__).resolve().parents[1]
    shared = root.parent / "shared" / name
    return shared if shared.exists() else root / "tests" / "data" / name


def measure(corpus: Path, seed_file: Path) -> Accuracy:
    """Audit every document of ``corpus`` (and the seed) and compare with the manifest."""
    manifest = [
        json.loads(line)
        for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    results = {d["id"]: audit_file(corpus / "docs" / f"{d['id']}.txt") for d in manifest}
    results["seed"] = audit_file(seed_file)
    acc = Accuracy(documents=len(manifest))
    for d in manifest:
        r = results[d["id"]]
        acc.kinds_ok += r.kind == d["kind"]
        acc.years_ok += r.year == d["year"]
        acc.units_ok += bool(r.unit) and (r.unit in d["unit"] or d["unit"].split(" ")[0] in r.unit)
        for f in d["facts"]:
            if "indicator" in f:
                if any(f.get(k) is not None for k in ("target", "actual", "weight", "score")):
                    acc.rows += 1
                    hit = row_found(f, r)
                    acc.rows_ok += hit
                    if not hit:
                        acc.missed.append(f"missed row {d['id']}: {f['indicator']}")
            else:
                acc.facts += 1
                hit = fact_found(f, r)
                acc.facts_ok += hit
                acc.strict_ok += fact_found(f, r, strict=True)
                if not hit:
                    acc.missed.append(f"missed fact {d['id']}: {f['name']} = {f['value']}")
    acc.found = [
        (doc, what, reported(results[doc], codes, num)) for doc, what, codes, num in INCONSISTENCIES
    ]
    acc.seed = [(doc, what, reported(results[doc], codes, num)) for doc, what, codes, num in SEED]
    for doc, what, codes in HOLDING:
        for i in results[doc].issues:
            if i.severity.value == "error" and (not codes or i.code in codes):
                acc.false_errors.append((doc, what, i.to_text()))
    expected_codes: dict[str, set[str]] = {}
    for doc, _what, codes, _num in INCONSISTENCIES:
        expected_codes.setdefault(doc, set()).update(codes)
    acc.other = [
        (d["id"], i.to_text())
        for d in manifest
        for i in results[d["id"]].issues
        if i.severity.value == "error" and i.code not in expected_codes.get(d["id"], set())
    ]
    return acc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(_default("corpus")))
    parser.add_argument("--seed", default=str(_default("seed") / "000_0799312fbf0b8fba.txt"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    acc = measure(Path(args.corpus), Path(args.seed))
    if args.verbose:
        for line in acc.missed:
            print(f"  {line}")
        for doc, text in acc.other:
            print(f"  other error {doc}: {text}")
        for doc, what, ok in acc.found + acc.seed:
            print(f"  {'✓' if ok else '✗'} {doc}: {what}")
        for doc, what, text in acc.false_errors:
            print(f"  false error {doc} ({what}): {text}")
    n = acc.documents
    print(f"documents: {n}  kind right: {acc.kinds_ok}/{n}  year right: {acc.years_ok}/{n}", end="")
    print(f"  unit right: {acc.units_ok}/{n}")
    print(
        f"facts extracted with the right value: {acc.facts_ok}/{acc.facts} = "
        f"{acc.facts_ok / acc.facts:.1%}",
        end="",
    )
    print(
        f"  (name in the fact's own key/label: {acc.strict_ok}/{acc.facts} = "
        f"{acc.strict_ok / acc.facts:.1%})"
    )
    print(
        f"filled indicator rows extracted:      {acc.rows_ok}/{acc.rows} = {acc.rows_ok / acc.rows:.1%}"
    )
    n_found = sum(ok for _, _, ok in acc.found)
    print(
        f"hand-found inconsistencies reported:  {n_found}/{len(acc.found)} = "
        f"{n_found / len(acc.found):.1%}"
    )
    print(f"errors on checks marked as holding:   {len(acc.false_errors)}")
    print(f"other errors, not among the hand-found: {len(acc.other)} (listed with -v)")
    print(f"seed: {sum(ok for _, _, ok in acc.seed)}/{len(acc.seed)} expected findings reported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
