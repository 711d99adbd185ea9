"""The comparison of a chapter's claims between its two runs (tests/second_arithmetic.py), and
proof that the second arithmetic really computes different numbers."""

import json
import os
import platform
import subprocess
import sys

import pytest

from second_arithmetic import SECOND_ARITHMETIC, compare_claims, last_digit_unit, numbers_agree

LINE = "✔ Adam beats SGD on every seed  [adam = 0.0123, sgd = 1.5e+03, seeds = 5]"


@pytest.mark.parametrize("text, unit", [("0.0123", 1e-4), ("1.5e+03", 100), ("5", 1), ("-2.30", 0.01), ("96", 1)])
def test_last_digit_unit_is_the_place_value_of_the_last_printed_digit(text, unit):
    assert last_digit_unit(text) == pytest.approx(unit)


def test_numbers_may_differ_by_two_units_in_their_last_digit_and_no_more():
    assert numbers_agree("0.0123", "0.0125")
    assert not numbers_agree("0.0123", "0.0126")
    assert numbers_agree("9.99", "10")  # across a decade: the coarser digit counts
    assert not numbers_agree("5", "8")


def test_identical_claims_agree():
    assert compare_claims([LINE], [LINE]) == ([], [])


def test_claims_agree_when_only_last_digits_move():
    assert compare_claims([LINE], [LINE.replace("0.0123", "0.0124").replace("1.5e+03", "1.6e+03")]) == ([], [])


def test_padding_of_printed_arrays_is_not_a_difference():
    assert compare_claims(["✔ dead units  [per_seed = [ 7 15]]"], ["✔ dead units  [per_seed = [12 15]]"])[0] == []


def test_a_number_that_moved_further_is_drift_not_a_difference():
    differences, (drift,) = compare_claims([LINE], [LINE.replace("0.0123", "0.0131")])
    assert differences == [] and "0.0131" in drift


def test_a_paired_summary_whose_signs_flip_is_drift_not_a_difference():
    one = "✔ within ±10  [x = bn − none: +2.0 points [−2.0, +4.0], better on 11/20 seeds (sign test p = 0.33)]"
    two = "✔ within ±10  [x = bn − none: +0.0 points [+0.0, +6.0], better on 9/20 seeds (sign test p = 0.065)]"
    assert compare_claims([one], [two]) == ([], [f"first run:  {one}\nsecond run: {two}"])
    assert numbers_agree("\u22122.0", "-2.0")


def test_other_words_or_a_missing_claim_are_differences():
    assert compare_claims([LINE], [LINE.replace("every seed", "4 of 5 seeds")])[0]
    assert compare_claims([LINE], [LINE.replace("seeds = 5", "seeds = True")])[0]
    assert compare_claims([LINE, LINE], [LINE])[0]


PROBE = r"""
import json, numpy as np
rng = np.random.default_rng(0)
a = rng.standard_normal((256, 300)).astype(np.float32)
b = rng.standard_normal((300, 64)).astype(np.float32)
import jax.numpy as jnp, torch
print(json.dumps({
    "jax": float(jnp.tanh(jnp.asarray(a) @ jnp.asarray(b)).sum()),
    "torch": float(torch.from_numpy(a).exp().sum()),
    "numpy": float(np.tanh(a).sum(dtype=np.float32)),
}))
"""


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="the settings name x86 instruction sets")
def test_the_second_arithmetic_changes_float32_results_of_jax_torch_and_numpy():
    def probe(env):
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    first = probe(dict(os.environ))
    second = probe({**os.environ, **SECOND_ARITHMETIC})
    unchanged = [name for name in first if first[name] == second[name]]
    assert not unchanged, f"the second arithmetic computes the same float32 results in {unchanged}: {first}"
