"""The word lists of the indicator-quality and narrative checks, read from ``vocabulary.yaml``.

Kept as data so that a region's variant (other 二级 names, more stock phrases) is a file, not
code. :func:`load_vocabulary` reads the packaged file once; tests may build their own
:class:`Vocabulary` with :func:`vocabulary_from_mapping`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_WEIGHT_SUFFIX = re.compile(r"[（(][^（）()]*[）)]\s*$")
_PUNCT = re.compile(r"[\s\u3000。，、；：,.;:！!？?“”\"'‘’（）()《》【】\[\]—\-~～·…/／]+")


def fold(text: str) -> str:
    """NFKC-fold and drop spaces and punctuation: the form in which names and texts are compared."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Vocabulary:
    """Canonical 一级/二级 names, unit synonyms and the word lists of review.md's faults."""

    level1: Mapping[str, str]  # accepted spelling (folded) -> canonical 一级
    level2: Mapping[str, frozenset[str]]  # canonical 一级 -> allowed canonical 二级
    level2_synonyms: Mapping[str, str]  # folded spelling -> canonical 二级
    units: Mapping[str, str]  # folded unit -> canonical unit
    money_units: Mapping[str, Decimal]  # unit -> factor to 万元
    words: Mapping[str, tuple[str, ...]]  # list name -> words
    numbers: Mapping[str, Decimal]  # thresholds
    level2_order: tuple[str, ...] = ()  # canonical 二级 names in the file's order

    @property
    def level1_names(self) -> tuple[str, ...]:
        """The canonical 一级 names, in the order of the vocabulary file."""
        return tuple(dict.fromkeys(self.level1.values()))

    @property
    def level2_names(self) -> tuple[str, ...]:
        """The canonical 二级 names under every 一级, in the order of the vocabulary file."""
        return self.level2_order

    @property
    def level2_spellings(self) -> tuple[str, ...]:
        """Canonical 二级 names and their other spellings (环境效益指标 …), as found in documents."""
        return tuple(dict.fromkeys((*self.level2_names, *self.level2_synonyms)))

    def level1_of(self, text: str) -> str | None:
        """The canonical 一级 of ``text`` ("产出指标(50分)" -> 产出指标), or None if unknown."""
        key = fold(_WEIGHT_SUFFIX.sub("", text))
        return self.level1.get(key) or self.level1.get(key.removesuffix("指标"))

    def level2_of(self, text: str) -> str:
        """The canonical 二级 spelling (环境效益 -> 生态效益指标); unknown names come back folded."""
        key = fold(_WEIGHT_SUFFIX.sub("", text))
        if key in self.level2_synonyms:
            return self.level2_synonyms[key]
        with_suffix = key if key.endswith("指标") else key + "指标"
        return self.level2_synonyms.get(with_suffix, with_suffix)

    def unit_of(self, text: str) -> str:
        key = fold(text) if text not in ("%", "％") else "%"
        return self.units.get(key, key)

    def has(self, list_name: str, text: str) -> str | None:
        """The first word of list ``list_name`` found in ``text``, if any."""
        folded = unicodedata.normalize("NFKC", text)
        for word in self.words.get(list_name, ()):
            if word and word in folded:
                return word
        return None

    def is_placeholder(self, text: str) -> bool:
        """True for "", 无, 暂无, "/", 无。 and the like: text that gives no reason."""
        return fold(text) in self.words["placeholders_folded"]

    def number(self, name: str) -> Decimal:
        return self.numbers[name]


def _str_list(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def vocabulary_from_mapping(data: Mapping[str, Any]) -> Vocabulary:
    """Build a :class:`Vocabulary` from the mapping form of ``vocabulary.yaml``."""
    level1 = {
        fold(spelling): str(canon)
        for canon, spellings in data["level1"].items()
        for spelling in [canon, *spellings]
    }
    synonyms = {fold(str(k)): str(v) for k, v in (data.get("level2_synonyms") or {}).items()}
    level2 = {
        str(l1): frozenset(synonyms.get(fold(str(n)), str(n)) for n in names)
        for l1, names in data["level2"].items()
    }
    units = {
        fold(str(s)) if s not in ("%", "％") else "%": str(canon)
        for canon, spellings in (data.get("unit_synonyms") or {}).items()
        for s in spellings
    }
    money = {str(k): Decimal(str(v)) for k, v in (data.get("money_units") or {}).items()}
    list_keys = [k for k, v in data.items() if isinstance(v, list)]
    words = {k: _str_list(data[k]) for k in list_keys}
    words["placeholders_folded"] = tuple(fold(w) for w in words.get("placeholders", ("",)))
    numbers = {
        k: Decimal(str(v))
        for k, v in data.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    order = tuple(
        dict.fromkeys(
            synonyms.get(fold(str(n)), str(n)) for names in data["level2"].values() for n in names
        )
    )
    return Vocabulary(level1, level2, synonyms, units, money, words, numbers, order)


def vocabulary_for(options: object) -> Vocabulary:
    """The word lists in force for a run: the packaged ones (one place to make them per scheme)."""
    return load_vocabulary()


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary (read once)."""
    text = resources.files("jixiao").joinpath("vocabulary.yaml").read_text("utf-8")
    return vocabulary_from_mapping(yaml.safe_load(text))


# A draft gap as jixiao's documents print it ("【待填写：主管部门】"; the wording file may change
# the words inside). Read back, it is an empty cell, never data.
_DRAFT_GAP = re.compile(r"【\s*(待填写|待补充|请填写)[^】]*】")


def is_draft_gap(text: str) -> bool:
    """True for a printed draft placeholder such as "【待填写：项目年度目标】"."""
    return bool(_DRAFT_GAP.fullmatch(text.strip()))


def find_draft_gap(text: str) -> str | None:
    """The first draft placeholder inside ``text``, if any."""
    m = _DRAFT_GAP.search(text)
    return m.group(0) if m else None
