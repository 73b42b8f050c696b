"""The audit over the real published documents of tests/data/corpus, judged by their manifest.

Floors, not targets: they catch a change that loses what the extractor already reads. The
figures themselves are printed by benchmarks/corpus_accuracy.py.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from jixiao.audit.run import audit_file

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
MANIFEST = [
    json.loads(line)
    for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    if line
]


@pytest.mark.parametrize("doc", MANIFEST, ids=[d["id"] for d in MANIFEST])
def test_each_document_is_read_with_its_kind_and_year(doc: dict) -> None:
    result = audit_file(CORPUS / "docs" / f"{doc['id']}.txt")
    assert result.error is None
    assert result.kind == doc["kind"]
    assert result.year == doc["year"]
    assert all(
        i.source.file and (i.source.line or i.source.table is not None)
        for i in result.issues
        if i.code.startswith(("A-SUM", "A-RATE", "A-SCORE"))
    )


def _benchmark():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus_accuracy.py"
    spec = importlib.util.spec_from_file_location("corpus_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_accuracy_floors_over_the_corpus() -> None:
    acc = _benchmark().measure(CORPUS, DATA / "seed" / "000_0799312fbf0b8fba.txt")
    assert acc.facts_ok / acc.facts >= 0.88, acc.missed
    assert acc.rows_ok / acc.rows >= 0.90, acc.missed
    assert sum(ok for *_, ok in acc.found) / len(acc.found) >= 0.80, acc.found
    assert acc.false_errors == []
    assert all(ok for *_, ok in acc.seed), acc.seed
