"""How the course reads its seeds: paired comparisons and rates with intervals (every chapter).

Two arms of an experiment run on the same seeds (the same initial networks, the same data
order) differ only in what is being compared, so the per-seed differences carry the
comparison. :func:`paired` summarizes them the way a referee would accept:

- the median difference, with a distribution-free interval from the order statistics of the
  differences, and
- how many seeds each arm won, with the exact two-sided sign test that this interval inverts.

The interval decides (:attr:`Paired.a_better`, :attr:`Paired.b_better`, :meth:`Paired.within`),
and the printed p always agrees with it: a seed where the arms tie (accuracy on a few dozen
examples ties often) counts against the side that would win, as it does for the interval, so
p < 0.05 exactly when the 95% interval excludes zero. (The textbook sign test drops ties
instead; on 20 seeds of discrete outcomes it then disagreed with the interval on 52 of the 231
possible patterns of wins, losses and ties.) A table of comparisons is decided with
:func:`holm` across it, so that the chance of any false "better" stays at 5%.

Neither assumes the differences are normal, and neither is random: the same seeds give the
same summary on every machine. With n seeds the sign test cannot go below 2 / 2**n (1/16 for
5 seeds), and under 6 seeds no order-statistic interval reaches 95%: the summary then shows
the interval it can give and its coverage, so a reader sees that more seeds are needed.

:func:`rate` reports a success count with its Wilson 95% interval.

The binomial tail and the normal quantile come from ``scipy.special`` (``bdtr``, ``ndtri``), the
functions that ``scipy.stats.binom`` and ``binomtest`` evaluate, in the same formulas; the tests
check every result against ``scipy.stats``. Importing ``scipy.stats`` itself takes about a second,
which every chapter that reads its seeds would pay.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .claims import fit_column
from .i18n import N_, _
from .validation import (as_float_array, check_choice, check_positive_float, check_positive_int, check_probability,
                         check_text)

CONFIDENCE = 0.95


def _signed(value: float, digits: int) -> str:
    text = f"{value:+.{digits}f}"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Paired:
    """The paired comparison of arm A with arm B on shared seeds (see :func:`paired`)."""

    label: str
    differences: np.ndarray  # A - B per seed, times ``scale``
    median: float
    low: float
    high: float
    coverage: float  # the interval's exact confidence level
    wins: int  # seeds where A is better
    losses: int  # seeds where B is better
    p_value: float  # exact two-sided sign test, ties counted against the winning side
    better: str
    unit: str
    digits: int

    @property
    def n(self) -> int:
        return len(self.differences)

    @property
    def decisive(self) -> bool:
        """The interval reaches 95% coverage (6 seeds or more): only then can it decide."""
        return self.coverage >= CONFIDENCE

    @property
    def a_better(self) -> bool:
        """A 95% interval lies entirely on A's better side of zero."""
        return self.decisive and (self.low > 0 if self.better == "higher" else self.high < 0)

    @property
    def b_better(self) -> bool:
        """A 95% interval lies entirely on B's better side of zero."""
        return self.decisive and (self.high < 0 if self.better == "higher" else self.low > 0)

    def within(self, margin: float) -> bool:
        """A 95% interval lies within ±margin: no effect as large as ``margin`` (in the
        summary's units) is compatible with these seeds."""
        return self.decisive and -margin < self.low and self.high < margin

    def __str__(self) -> str:
        unit = f" {_(self.unit)}" if self.unit else ""  # "points" reads "%p" in Korean
        level = "" if self.coverage >= CONFIDENCE else _(f", a {self.coverage:.0%} interval")
        return fit_column(_(f"{self.label}: {_signed(self.median, self.digits)}{unit} "
                            f"[{_signed(self.low, self.digits)}, {_signed(self.high, self.digits)}]{level}, "
                            f"better on {self.wins}/{self.n} seeds (sign test p = {self.p_value:.2g})"))

    def __repr__(self) -> str:
        return str(self)


def _binomial_cdf(k: int, n: int) -> float:
    """P(X <= k) for X ~ binomial(n, 1/2), as ``scipy.stats.binom.cdf(k, n, 0.5)``."""
    from scipy.special import bdtr

    return float(bdtr(k, n, 0.5))


def _sign_test(wins: int, losses: int, ties: int = 0) -> float:
    """The exact two-sided sign test that the order-statistic interval inverts: each tie counts
    against the side with more wins, so the p-value is twice the binomial(n, 1/2) tail at
    min(wins, losses) + ties, at most 1. Without ties, ``scipy.stats.binomtest``'s p-value."""
    n = wins + losses + ties
    return 1.0 if n == 0 else min(1.0, 2 * _binomial_cdf(min(wins, losses) + ties, n))


def median_interval(differences: Any, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """The distribution-free interval for the median of ``differences``: the order statistics
    (k-th smallest, k-th largest) with the largest k whose exact coverage under a binomial(n, 1/2)
    count is at least ``confidence``. Returns (low, high, coverage); with too few values for
    ``confidence``, the full range and its coverage, 1 - 2 / 2**n."""
    d = np.sort(as_float_array(differences, "differences", ndim=1))
    confidence = check_probability(confidence, "confidence")
    if confidence == 0:
        raise ValueError("confidence must be above 0 (0.95 for a 95% interval); got 0.")
    n = len(d)
    k = 1
    while k + 1 <= n // 2 and 1 - 2 * _binomial_cdf(k, n) >= confidence:
        k += 1
    coverage = 1 - 2 * _binomial_cdf(k - 1, n)
    return float(d[k - 1]), float(d[n - k]), float(coverage)


def paired(a: Any, b: Any, label: str, *, better: str = "higher", scale: float = 1.0, unit: str = "",
           digits: int = 1) -> Paired:
    """Compare arm ``a`` with arm ``b``, run on the same seeds (element i of each is seed i).

    ``better`` says which direction wins ("higher" for accuracy, "lower" for a loss); ``scale``
    and ``unit`` set how the differences are shown (``scale=100, unit="points"`` for accuracy).
    Taught in chapter 9, used wherever two arms are compared.
    """
    if not isinstance(label, str) or not label.strip():
        raise TypeError("label must name the comparison, for example 'dropout − none'.")
    better = check_choice(better, "better", ("higher", "lower"))
    a = as_float_array(a, "a", ndim=1, finite=True)
    b = as_float_array(b, "b", ndim=1, finite=True)
    if len(a) != len(b):
        raise ValueError(f"a and b must hold one value per shared seed; got {len(a)} and {len(b)} values. "
                         "A paired comparison needs both arms run on the same seeds.")
    if len(a) < 2:
        raise ValueError(f"a paired comparison needs at least 2 seeds; got {len(a)}.")
    digits = check_positive_int(digits, "digits", minimum=0)
    scale, unit = check_positive_float(scale, "scale"), check_text(unit, "unit")
    d = (a - b) * scale
    sign = 1 if better == "higher" else -1
    wins, losses = int(np.sum(sign * d > 0)), int(np.sum(sign * d < 0))
    p = _sign_test(wins, losses, len(d) - wins - losses)
    low, high, coverage = median_interval(d)
    return Paired(label, d, float(np.median(d)), low, high, coverage, wins, losses, float(p), better, unit, digits)


@dataclass(frozen=True)
class Rate:
    """A success count out of a number of trials, with its Wilson 95% interval (see :func:`rate`)."""

    label: str
    successes: int
    trials: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.successes / self.trials

    def __str__(self) -> str:
        return fit_column(f"{_(self.label)}: {self.successes}/{self.trials} = {self.value:.0%} "
                          f"[{self.low:.0%}, {self.high:.0%}]")

    def __repr__(self) -> str:
        return str(self)


def rate(successes: Any, trials: Any = None, label: str = "rate") -> Rate:
    """A rate with its Wilson 95% interval: ``rate(44, 50)``, or ``rate(mask)`` for a boolean
    array of outcomes, one per seed. Taught in chapter 3."""
    from scipy.special import ndtri

    if trials is None:
        outcomes = np.asarray(successes)
        if outcomes.dtype != bool or outcomes.ndim != 1 or outcomes.size == 0:
            raise TypeError("rate(outcomes) needs a non-empty 1-D boolean array, one outcome per seed; "
                            "or call rate(successes, trials) with two counts.")
        successes, trials = int(outcomes.sum()), outcomes.size
    trials = check_positive_int(trials, "trials")
    successes = check_positive_int(successes, "successes", minimum=0)
    label = check_text(label, "label")
    if successes > trials:
        raise ValueError(f"successes ({successes}) cannot exceed trials ({trials}).")
    # Wilson's score interval, in the form scipy.stats.binomtest(...).proportion_ci uses
    z, p = float(ndtri(0.5 + CONFIDENCE / 2)), successes / trials
    denominator = 2 * (trials + z**2)
    centre = (2 * trials * p + z**2) / denominator
    half = z / denominator * math.sqrt(4 * trials * p * (1 - p) + z**2)
    low = 0.0 if successes == 0 else centre - half
    high = 1.0 if successes == trials else centre + half
    return Rate(label, successes, trials, low, high)


def holm(p_values: Any) -> np.ndarray:
    """Holm's step-down adjustment of a table of p-values, in their order: compare each adjusted
    value with 0.05 and the chance that any comparison of the table is called better by luck
    stays at most 5%, whatever their dependence. Used where a chapter reports a table of
    comparisons and asserts some of them (chapters 2, 8 and 9)."""
    p = as_float_array(p_values, "p_values", ndim=1, finite=True)
    if p.size == 0 or np.any((p < 0) | (p > 1)):
        raise ValueError("p_values must be one or more probabilities, each from 0 to 1.")
    order = np.argsort(p, kind="stable")
    m = p.size
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])  # k-th smallest times m - k + 1
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


@dataclass(frozen=True)
class HolmTable:
    """A table of paired comparisons decided together with Holm's method (see :func:`holm_table`)."""

    groups: dict  # title -> {row label: Paired}, in the order given
    adjusted: dict  # title -> {row label: Holm-adjusted p}
    resolved: dict  # title -> {row label: +1 (A better), -1 (B better), 0 (adjusted p >= 0.05)}

    def __str__(self) -> str:
        width = max(18, 1 + max(len(label) for rows in self.groups.values() for label in rows))
        lines: list[str] = []
        for title, rows in self.groups.items():
            if lines:
                lines.append("")
            lines.append(f"{title:{width}s}{N_('median [95%] wins'):>28s}{N_('Holm p'):>9s}")
            for label, s in rows.items():
                cell = (f"{s.median:+.{s.digits}f} [{s.low:+.{s.digits}f}, {s.high:+.{s.digits}f}] "
                        f"{s.wins:>2d}/{s.n}")
                lines.append(f"{label:{width}s}{cell:>28s}{self.adjusted[title][label]:>9.2g}")
        # English here: printing it in the Korean book translates it column by column (course_lib.i18n)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def holm_table(groups: Any) -> HolmTable:
    """Adjust a table of paired comparisons together with :func:`holm` and print it: ``groups``
    maps each part's title (say, an outcome) to its rows, ``{label: Paired}``; every comparison
    of every part is one entry of the one adjustment. A row is resolved (+1 where A is better,
    -1 where B is) only where its adjusted p is below 0.05. Chapter 9's table of ten remedies,
    each compared with no regularization on test accuracy and test loss, is one such table."""
    if not isinstance(groups, dict) or not groups:
        raise TypeError("groups must be a non-empty dict: title -> {row label: stats.Paired}; "
                        f"got {type(groups).__name__}{' (empty)' if isinstance(groups, dict) else ''}.")
    for title, rows in groups.items():
        if not isinstance(title, str):
            raise TypeError(f"groups' titles must be text; got {type(title).__name__}.")
        if not isinstance(rows, dict) or not rows:
            raise TypeError(f"groups[{title!r}] must be a non-empty dict: row label -> stats.Paired.")
        for label, s in rows.items():
            if not isinstance(label, str) or not isinstance(s, Paired):
                raise TypeError(f"groups[{title!r}] must map row labels (text) to stats.Paired; "
                                f"got {label!r}: {type(s).__name__}.")
    entries = [(title, label) for title, rows in groups.items() for label in rows]
    p = holm([groups[t][r].p_value for t, r in entries])
    adjusted = {t: {} for t in groups}
    resolved = {t: {} for t in groups}
    for (t, r), q in zip(entries, p):
        s = groups[t][r]
        adjusted[t][r] = float(q)
        resolved[t][r] = 0 if q >= 0.05 else (1 if s.a_better else -1 if s.b_better else 0)
    return HolmTable({t: dict(rows) for t, rows in groups.items()}, adjusted, resolved)
