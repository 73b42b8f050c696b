"""Near-duplicate paragraphs: character shingles, containment, and groups of repeats (F27).

Containment (shared shingles / shingles of the shorter paragraph) rather than Jaccard, because
a report often repeats a whole paragraph inside a longer one (the seed's 年初部门预算绩效目标完成情况
reappears inside a project's 社会效益指标 goal).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.rules.vocabulary import fold


def shingles(text: str, size: int) -> frozenset[str]:
    """The set of ``size``-character substrings of the folded text (the text itself if shorter)."""
    folded = fold(text)
    if len(folded) <= size:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(folded[i : i + size] for i in range(len(folded) - size + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> Decimal:
    """|A ∩ B| / min(|A|, |B|): 1 when the shorter text is wholly inside the longer one."""
    smaller = min(len(a), len(b))
    if smaller == 0:
        return Decimal(0)
    return Decimal(len(a & b)) / smaller


@dataclass(frozen=True)
class Passage:
    """A paragraph to compare, with the group it belongs to (repeats inside one group are allowed)."""

    owner: Hashable
    text: str
    shingles: frozenset[str]


def repeated_groups(
    passages: Sequence[Passage], threshold: Decimal, min_chars: int
) -> list[list[int]]:
    """Indexes of passages that repeat each other across owners, grouped (union-find), in order.

    A group is kept only when it spans at least two owners; passages shorter than ``min_chars``
    folded characters are ignored.
    """
    parent = list(range(len(passages)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    eligible = [i for i, p in enumerate(passages) if len(fold(p.text)) >= min_chars]
    for n, i in enumerate(eligible):
        for j in eligible[n + 1 :]:
            if passages[i].owner == passages[j].owner or find(i) == find(j):
                continue
            if containment(passages[i].shingles, passages[j].shingles) >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in eligible:
        groups.setdefault(find(i), []).append(i)
    return [sorted(g) for g in groups.values() if len({passages[i].owner for i in g}) >= 2]
