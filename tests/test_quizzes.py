"""Quizzes are data: every quiz follows the schema, and numeric keys are recomputed here
independently of course_lib (with scikit-learn and NumPy)."""

import copy
import html

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler

from colour_vision import contrast, seen_apart
from course_lib import quizzes
from course_lib.quizzes import (QuizError, escaped, access, activations, backprop, feature_scaling, gradient_descent, initialization,
                               learning_rate, normalization, optimizers, regularization, validate)


@pytest.mark.parametrize("chapter", quizzes.QUIZZES)
def test_every_quiz_follows_the_schema_with_five_or_more_questions(chapter):
    items = quizzes.questions(chapter)
    assert len(items) >= 5


def key(question_text_fragment, quiz=feature_scaling):
    q = next(q for q in quiz.questions() if question_text_fragment in q["question"])
    return next(a["value"] for a in q["answers"] if a.get("correct"))


def iterate(factor, x0, steps):
    """x after ``steps`` multiplications by ``factor``: the closed form of gradient descent on a quadratic."""
    return x0 * factor**steps


def test_feature_scaling_numeric_keys_are_right():
    expected_min_max = MinMaxScaler().fit([[2.0], [10.0]]).transform([[12.0]])[0, 0]
    assert key("new value of 12") == pytest.approx(expected_min_max)
    assert key("mean squared error of 0.04") == pytest.approx(0.04 * 0.05**2)
    assert key("eigenvalues 2000 and 2") == pytest.approx(2 / np.linalg.eigvalsh(np.diag([2000.0, 2.0]))[-1])


def broken(mutate):
    items = copy.deepcopy(feature_scaling.questions())
    mutate(items)
    return items


@pytest.mark.parametrize("mutate, message", [
    (lambda q: q[2]["answers"][0].update(correct=True), "exactly one correct"),
    (lambda q: q[2]["answers"][1].pop("feedback"), "needs feedback"),
    (lambda q: q[2]["answers"].pop(), "3\\+ options"),
    (lambda q: q[0]["answers"].pop(), "exactly one default"),
    (lambda q: q[0].pop("precision"), "precision"),
    (lambda q: q[0]["answers"][0].update(value=float("nan")), "finite float"),
    (lambda q: q[3].update(type="essay"), "type must be"),
    (lambda q: q[3].update(question=""), "non-empty text"),
    (lambda q: next(a for a in q[2]["answers"] if a["correct"]).update(feedback="Yes, this one is it."), "open with 'Right'"),
    (lambda q: q[3].update(question="Is <img src=x onerror=alert(1)> safe?"), "not HTML"),
    (lambda q: q[2]["answers"][1].update(feedback="Close the tag </SCRIPT> and run code."), "not HTML"),
    (lambda q: q[2]["answers"][0].update(answer="<b>bold</b> claim"), "not HTML"),
])
def test_validator_rejects_broken_questions(mutate, message):
    with pytest.raises(QuizError, match=message):
        validate(broken(mutate))


def test_plain_text_with_less_than_signs_is_valid_and_escaped_for_display():
    items = broken(lambda q: q[3].update(question="If a<b, is b>a? (x < 0 & y > 0)"))
    validate(items)
    shown = escaped(items)[3]["question"]
    assert shown == "If a&lt;b, is b&gt;a? (x &lt; 0 &amp; y &gt; 0)"
    assert escaped(items)[3]["answers"][0]["feedback"] == html.escape(items[3]["answers"][0]["feedback"], quote=False)


def test_unknown_quiz_is_a_clear_error():
    with pytest.raises(ValueError, match="chapter must be one of"):
        quizzes.questions("chapter_99")


def test_gradient_descent_numeric_keys_are_right():
    assert key("What is x after 3 steps?", gradient_descent) == pytest.approx(iterate(0.8, 3.0, 3))
    smallest = next(k for k in range(1000) if 3 * 0.8**k < 0.01)
    assert key("below 0.01 for the first time", gradient_descent) == smallest
    assert key("(x - 2)²/10", gradient_descent) == pytest.approx(2 + iterate(0.8, 1.0, 2))


def test_learning_rate_numeric_keys_are_right():
    assert key("f(x) = 2x² with learning rate 1", learning_rate) == pytest.approx(-81.0)
    # the largest stable rate: bisect on the observed behaviour of gradient descent itself
    low, high = 0.0, 2.0
    for _ in range(60):
        mid = (low + high) / 2
        x = 3.0
        for _ in range(200):
            x -= mid * 4 * x
        low, high = (mid, high) if abs(x) < 3.0 else (low, mid)
    assert key("largest learning rate", learning_rate) == pytest.approx(low, rel=1e-6)
    assert key("learning rate 0.4", learning_rate) == pytest.approx((3.0 - 0.4 * 4 * 3.0) / 3.0)
    distance, steps = 1.0, 0
    while distance >= 1e-3:
        distance, steps = distance * 99 / 101, steps + 1
    assert key("curvatures 1 and 100", learning_rate) == steps


def test_backprop_numeric_keys_are_right():
    import torch

    a = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    (a * a + a).backward()
    assert key("feeds two operations", backprop) == pytest.approx(a.grad.item())
    x = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
    (2 * (3 * x - 2) ** 2).backward()
    assert key("z = 3x - 2", backprop) == pytest.approx(x.grad.item())
    grid = torch.linspace(-5, 5, 10001, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(grid).sum().backward()
    assert key("derivative of the sigmoid", backprop) == pytest.approx(grid.grad.max().item())
    bce = torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(40.0, dtype=torch.float64),
                                                               torch.tensor(0.0, dtype=torch.float64))
    assert key("logit z = 40", backprop) == pytest.approx(bce.item())


def test_normalization_numeric_keys_are_right():
    import torch

    expected_min_max = MinMaxScaler().fit([[2.0], [4.2]]).transform([[4.4]])[0, 0]
    assert key("new flower of 4.4 cm", normalization) == pytest.approx(expected_min_max)
    layer = torch.nn.BatchNorm1d(1).double()
    layer(torch.tensor([[1.0], [3.0], [5.0]], dtype=torch.float64))
    assert key("running mean now", normalization) == pytest.approx(layer.running_mean.item())
    assert key("running variance", normalization) == pytest.approx(layer.running_var.item())
    # Uncorrelated centred features: the Hessian 2/n X^T X is diagonal with twice the variances.
    variances = np.array([10.0, 0.1]) ** 2
    assert key("standard deviations 10 and 0.1", normalization) == pytest.approx(variances.max() / variances.min())


def test_initialization_numeric_keys_are_right():
    import torch

    assert key("He initialization give", initialization) == pytest.approx(np.sqrt(2 / 512))
    # Measured rather than derived: push a wide batch through one ReLU layer of width 500.
    rng = np.random.default_rng(0)
    z = rng.standard_normal((2000, 500))
    gain = (np.maximum(z, 0) @ (rng.standard_normal((500, 500)) * 0.01)).std() / z.std()
    assert key("By what factor", initialization) == pytest.approx(gain, rel=0.02)
    factor = 0.01 * np.sqrt(250)
    assert key("a millionth", initialization) == next(L for L in range(1, 100) if factor**L < 1e-6)
    assert key("Xavier's standard deviation", initialization) == pytest.approx(np.sqrt(2 / 1000))
    torch.manual_seed(0)
    default = torch.nn.Linear(300, 100).weight.detach().numpy()
    assert key("torch.nn.Linear(300, 100)", initialization) == pytest.approx(default.std(), rel=0.02)


def test_activations_numeric_keys_are_right():
    import torch

    z = torch.zeros(1, requires_grad=True)
    torch.sigmoid(z).backward()
    assert key("5 sigmoid layers", activations) == pytest.approx(z.grad.item() ** 5)
    z = torch.zeros(1, requires_grad=True)
    torch.tanh(z).backward()
    assert key("derivative of tanh at 0", activations) == pytest.approx(z.grad.item())
    z = torch.tensor([-3.0], requires_grad=True)
    torch.nn.functional.leaky_relu(z).backward(torch.tensor([2.0]))
    assert key("leaky ReLU unit", activations) == pytest.approx(z.grad.item())
    logit = torch.logit(torch.tensor(0.9, dtype=torch.float64)).requires_grad_()
    torch.nn.functional.binary_cross_entropy_with_logits(logit, torch.tensor(0.0, dtype=torch.float64)).backward()
    assert key("ŷ = sigmoid(z) = 0.9", activations) == pytest.approx(logit.grad.item())
    assert key("GELU(0)", activations) == pytest.approx(torch.nn.functional.gelu(torch.zeros(1)).item())


def test_optimizers_numeric_keys_are_right():
    import torch
    from torch.utils.data import DataLoader

    assert key("How many iterations does one epoch", optimizers) == len(DataLoader(range(1257), batch_size=32))
    assert key("10 such epochs", optimizers) == 10 * len(DataLoader(range(1257), batch_size=32))
    # measured: the std of the mean of B standard normals, for B = 16 and 64
    rng = np.random.default_rng(0)
    ratio = rng.standard_normal((20000, 64)).mean(axis=1).std() / rng.standard_normal((20000, 16)).mean(axis=1).std()
    assert key("from 16 to 64", optimizers) == pytest.approx(ratio, rel=0.03)
    kappa = 100.0
    assert key("heavy-ball momentum", optimizers) == pytest.approx(((kappa**0.5 - 1) / (kappa**0.5 + 1)) ** 2)
    # torch's Adam with its correction undone by hand: the first step is m1 / sqrt(s1) in units of lr
    g = 3.0
    assert key("without bias correction", optimizers) == pytest.approx((0.1 * g) / np.sqrt(0.001 * g**2), rel=1e-6)


def test_regularization_numeric_keys_are_right():
    import torch

    assert key("1257 digits", regularization) == 15 * len(torch.utils.data.DataLoader(range(1257), batch_size=100))
    # torch's label smoothing, read back from the loss of a perfect one-hot prediction's gradient
    logits = torch.zeros(1, 10, requires_grad=True)
    torch.nn.CrossEntropyLoss(label_smoothing=0.1)(logits, torch.tensor([3])).backward()
    target = 0.1 - logits.grad[0, 3].item()  # grad = softmax - target, softmax = 0.1 everywhere
    assert key("Label smoothing with ε = 0.1", regularization) == pytest.approx(target, abs=1e-6)
    torch.manual_seed(0)
    out = torch.nn.Dropout(0.2)(torch.ones(1000))
    assert key("kept activation of 1.0", regularization) == pytest.approx(out[out != 0][0].item())
    assert key("evaluation mode", regularization) == torch.nn.Dropout(0.2).eval()(torch.tensor([2.0])).item()
    assert key("λ = 0.7 on the 3", regularization) == pytest.approx(0.7)


@pytest.mark.parametrize("variable", sorted(access.COLORS))
def test_quiz_colours_keep_white_text_readable(variable):
    """jupyterquiz writes #fafafa on these colours, and right and wrong also colour the feedback
    text on the white page: WCAG AA asks 4.5:1 for normal text."""
    assert contrast(access.COLORS[variable], "#fafafa") >= 4.5


@pytest.mark.parametrize("kind", ["protan", "deutan"])
def test_right_and_wrong_stay_apart_for_colour_blind_readers(kind):
    """jupyterquiz's own red and green nearly merge for a deuteranope (32 of 255 apart); the
    course's blue and vermillion stay over 150 apart for both common dichromacies."""
    assert seen_apart("#009113", "#c80202", "deutan") < 50  # the simulation does tell the two pairs apart
    assert seen_apart(access.COLORS["--jq-correct-color"], access.COLORS["--jq-incorrect-color"], kind) > 150
