"""A second arithmetic and a second draw for the second run of every chapter, and how its
claims are compared.

The book is built with the libraries' fastest kernels for this CPU and all its threads. The
student edition then runs every chapter again under the settings below: JAX (XLA) limited to
SSE4.2 instructions and one thread, PyTorch's portable ("default") kernels, NumPy's dispatched
SIMD loops limited to the x86-64-v2 baseline, and one BLAS/OpenMP thread. Each changes how
float32 results round (a test proves it on x86), much as another processor or thread count
would, so a claim that holds only by the luck of one machine's rounding fails there.

Claims are compared line by line (:func:`compare_claims`). Every claim holds in both runs, since
a claim that fails raises; the two runs must print the same claims, in the same order and the
same words. Their numbers should agree up to their last printed digits, and those that do not
are reported as drift rather than failed: a float32 training run is chaotic at the learning
rates where the interesting things happen (chapter 7 shows why: differences grow by a factor
each step), so a final loss after thousands of steps can move by a factor of two between
arithmetics while the claim about it still holds. Requiring more would be a test of bit-exact
arithmetic in disguise; the verdicts and the thresholds' margins are what must not move.
"""

from __future__ import annotations

import re

SECOND_ARITHMETIC = {
    "XLA_FLAGS": "--xla_cpu_max_isa=SSE4_2 --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "ATEN_CPU_CAPABILITY": "default",
    # numpy 2.4's names and numpy 2.1's (Colab's); a name a version does not know is ignored.
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 X86_V3 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX AVX2 FMA3",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

# The second run is also another draw (course_lib.seeding): every chapter that writes its seeds
# through draw_seed() gets other initial weights, data orders, noise and data samples, and its claims
# must hold there too; their numbers then move by more than rounding, which is reported as drift.
SECOND_DRAW = {"COURSE_DRAW": "1"}

# A number as claims print them: 3 significant figures (course_lib.claims), or an integer; its
# sign may be the typographic minus that course_lib.stats prints (U+2212).
NUMBER = re.compile(r"(?<![\w.])[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
# Two prints of the same quantity computed in two arithmetics may differ by this many units of
# their last printed digit: a float32 result that moved by one rounding can flip the third
# significant figure, and one that sits near a boundary can move it by one more.
LAST_DIGIT_UNITS = 2


def last_digit_unit(text: str) -> float:
    """The value of one unit in the last printed digit of ``text`` (``"0.0123"`` → 1e-4)."""
    mantissa, _, exponent = text.lower().lstrip("+-\u2212").partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(a: str, b: str) -> bool:
    """Whether two printed numbers differ by at most ``LAST_DIGIT_UNITS`` in their last digit
    (the coarser of the two, so that 9.99 and 10.0 can agree)."""
    unit = max(last_digit_unit(a), last_digit_unit(b))
    value = lambda text: float(text.replace("\u2212", "-"))
    return abs(value(a) - value(b)) <= LAST_DIGIT_UNITS * unit * (1 + 1e-9)


def words(line: str) -> list[str]:
    """What is between the numbers of a claim line, without white space (NumPy pads the
    numbers of a printed array to one width)."""
    return [re.sub(r"\s+", "", part) for part in NUMBER.split(line)]


def compare_claims(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """``(differences, drifts)`` between the claims of two runs. Differences are claims missing,
    added or worded differently; drifts are claims whose numbers moved by more than their last
    printed digits. Both lists are empty when the runs agree."""
    if len(first) != len(second):
        return [f"{len(first)} claims in the first run, {len(second)} in the second"], []
    differences, drifts = [], []
    for one, two in zip(first, second):
        numbers_one, numbers_two = NUMBER.findall(one), NUMBER.findall(two)
        pair = f"first run:  {one}\nsecond run: {two}"
        if words(one) != words(two) or len(numbers_one) != len(numbers_two):
            differences.append(pair)
        elif not all(numbers_agree(x, y) for x, y in zip(numbers_one, numbers_two)):
            drifts.append(pair)
    return differences, drifts
