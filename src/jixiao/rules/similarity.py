"""Near-duplicate paragraphs: character shingles, containment, and groups of repeats (F27).

Containment (shared shingles / shingles of the shorter paragraph) rather than Jaccard, because
a report often repeats a whole paragraph inside a longer one (the seed's 年初部门预算绩效目标完成情况
reappears inside a project's 社会效益指标 goal).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.vocabulary import fold


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


def similar_pairs(sets: Sequence[frozenset[str]], threshold: Decimal) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, whose containment is ≥ ``threshold``, without comparing every pair.

    Prefix filtering: order shingles rarest first; if the smaller set A shares ≥ t·|A| shingles
    with B, then B holds one of A's first |A| − ⌈t·|A|⌉ + 1 shingles. Exact, and the postings of
    rare shingles are short, so a report with hundreds of paragraphs stays fast.
    """
    frequency = Counter(s for shingle_set in sets for s in shingle_set)
    postings: dict[str, list[int]] = {}
    for index, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            postings.setdefault(shingle, []).append(index)
    for a, set_a in enumerate(sets):
        if not set_a:
            continue
        ordered = sorted(set_a, key=lambda sh: (frequency[sh], sh))
        prefix = len(set_a) - math.ceil(threshold * len(set_a)) + 1
        candidates = {b for sh in ordered[: max(prefix, 1)] for b in postings[sh]}
        for b in candidates:
            # each pair once: from its smaller set (ties broken by index)
            if b == a or (len(sets[b]), b) < (len(set_a), a):
                continue
            if containment(set_a, sets[b]) >= threshold:
                yield (a, b) if a < b else (b, a)


def repeated_groups(
    passages: Sequence[Passage], threshold: Decimal, min_chars: int
) -> list[list[int]]:
    """Indexes of passages that repeat each other across owners, grouped (union-find), in order.

    A group is kept only when it spans at least two owners; passages shorter than ``min_chars``
    folded characters are ignored. Repeats inside one owner join a group but do not make one.
    """
    parent = list(range(len(passages)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    eligible = [i for i, p in enumerate(passages) if len(fold(p.text)) >= min_chars]
    sets = [passages[i].shingles for i in eligible]
    for x, y in similar_pairs(sets, threshold):
        parent[find(eligible[y])] = find(eligible[x])
    groups: dict[int, list[int]] = {}
    for i in eligible:
        groups.setdefault(find(i), []).append(i)
    return [sorted(g) for g in groups.values() if len({passages[i].owner for i in g}) >= 2]
