"""set_seed, claim, validation and the promise that importing course_lib stays light."""

import random
import subprocess
import sys

import jax
import numpy as np
import pytest

from course_lib import ClaimError, claim, set_seed
from course_lib.claims import WIDTH, printed_claims
from course_lib.validation import check_choice, check_positive_float, check_positive_int


def test_set_seed_makes_python_numpy_and_torch_repeat():
    import torch

    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    set_seed(7)
    first = draw()
    set_seed(7)
    assert draw() == first


def test_set_seed_returns_the_jax_key_of_that_seed():
    key = set_seed(3)
    np.testing.assert_array_equal(jax.random.key_data(key), jax.random.key_data(jax.random.key(3)))


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError), ("1", TypeError)])
def test_set_seed_rejects_bad_seeds(bad, error):
    with pytest.raises(error, match="seed"):
        set_seed(bad)


def test_claim_that_holds_prints_statement_and_evidence(capsys):
    claim("two is more than one", 2 > 1, ratio=2.0, label="x")
    assert capsys.readouterr().out.strip() == "✔ two is more than one\n  [ratio = 2, label = x]"


def test_claim_prints_arrays_of_evidence_to_three_significant_figures(capsys):
    claim("every seed improved", True, gains=np.array([1.1797388, 0.00012345, 250.0], dtype=np.float32),
          counts=np.arange(30), pair=[0.5, 2])
    (line,) = printed_claims(capsys.readouterr().out)
    assert "gains = [1.18, 0.000123, 250]" in line and "pair = [0.5, 2]" in line
    assert "counts = [0, 1, 2," in line and "29]" in line


def test_a_long_claim_wraps_to_the_text_column_and_reads_back_as_one_line(capsys):
    statement = "with He weights, the gain from scaling is under two-thirds of what it was " * 3
    claim(statement.strip(), True, per_seed=np.arange(40) * 1.5, label="a−b: +1.6 points [+1.1, +2.0]")
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert all(line.startswith(("✔ ", "  ")) for line in out.splitlines())
    (line,) = printed_claims(out + "✔ Passed: a checker's feedback, not a claim\n")
    assert line.startswith("✔ " + statement.strip() + "  [per_seed = [0, 1.5, 3,")
    assert line.endswith("label = a−b: +1.6 points [+1.1, +2.0]]")


def test_claim_that_fails_raises_with_its_evidence():
    with pytest.raises(ClaimError, match=r"Claim does not hold: scaling helps  \[gain = 0\.812\]"):
        claim("scaling helps", np.float64(0.8123) > 1, gain=np.float64(0.8123))


def test_claim_rejects_ambiguous_truth_values_and_empty_statements():
    with pytest.raises(TypeError, match=r"\.all\(\) or \.any\(\)"):
        claim("all positive", np.array([1, 2]) > 0)
    with pytest.raises(TypeError, match="non-empty string"):
        claim("", True)


def test_validators_name_the_argument():
    with pytest.raises(TypeError, match="steps must be an integer"):
        check_positive_int(True, "steps")
    with pytest.raises(ValueError, match="lr must be a finite number > 0; got inf"):
        check_positive_float(float("inf"), "lr")
    with pytest.raises(ValueError, match="init must be one of 'a', 'b'; got 'c'"):
        check_choice("c", "init", ("a", "b"))


def test_importing_course_lib_loads_no_framework():
    code = ("import sys, course_lib; heavy = {'torch', 'jax', 'matplotlib', 'optax', 'sklearn'};"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_importing_course_lib_takes_under_a_third_of_a_second():
    # The best of three fresh interpreters: the first may pay for a cold disk cache. NumPy's own
    # import is most of the 0.1 s this takes on the course's 2-core machine.
    code = "import time; t = time.perf_counter(); import course_lib; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(3)]
    assert min(times) < 0.3, f"import course_lib took {min(times):.2f} s at best"


def test_submodules_load_on_first_use():
    import course_lib

    assert course_lib.scalers.StandardScaler is not None
    with pytest.raises(AttributeError):
        course_lib.no_such_module  # noqa: B018


def test_seeds_are_the_written_ones_on_the_books_draw_and_fresh_ones_on_another(monkeypatch):
    from course_lib.seeding import DRAW_STRIDE, draw_seed as seed

    monkeypatch.delenv("COURSE_DRAW", raising=False)
    assert seed(0) == 0 and list(seed(range(3))) == [0, 1, 2]
    monkeypatch.setenv("COURSE_DRAW", "2")
    assert seed(5) == 5 + 2 * DRAW_STRIDE and list(seed([0, 7])) == [2 * DRAW_STRIDE, 7 + 2 * DRAW_STRIDE]
    monkeypatch.setenv("COURSE_DRAW", "1")
    one = set(seed(range(1000)))  # draws share no seed: every written seed is below the stride
    monkeypatch.setenv("COURSE_DRAW", "0")
    assert not one & set(seed(range(1000)))
    assert set_seed(seed(99)) is not None  # a shifted seed stays within set_seed's range


@pytest.mark.parametrize("value", ["-1", "x", "1.5", "10000000"])
def test_a_draw_that_is_not_a_whole_number_in_range_is_refused_by_name(monkeypatch, value):
    from course_lib.seeding import draw_seed as seed

    monkeypatch.setenv("COURSE_DRAW", value)
    with pytest.raises(ValueError, match="COURSE_DRAW must be a whole number"):
        seed(0)


def test_a_survey_of_draws_prints_a_claim_that_does_not_hold_and_goes_on(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_CLAIMS", "report")
    claim("the loss falls", False, drop=-0.5)
    claim("the loss is finite", True)
    out = capsys.readouterr().out
    assert out.startswith("✘ the loss falls\n  [drop = -0.5]") and "✔ the loss is finite" in out
    monkeypatch.delenv("COURSE_CLAIMS")
    with pytest.raises(ClaimError):
        claim("the loss falls", False)
