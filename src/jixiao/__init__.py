"""jixiao (绩效): budget performance self-evaluation for Chinese budget units.

The core package is pure Python: it models one unit-year (:mod:`jixiao.model`), loads it
(:mod:`jixiao.load`), checks it (:mod:`jixiao.rules`), scores it (:mod:`jixiao.score`) and
derives department ratios (:mod:`jixiao.derive`). The CLI (:mod:`jixiao.cli`) is a thin layer.
"""

__version__ = "0.1.0"
