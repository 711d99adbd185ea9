"""Quiz of chapter 3 (Backpropagation). Numeric keys are computed with course_lib."""

from __future__ import annotations

import math
from typing import Any

from ..autograd import Value
from . import numeric, single_choice


def grad_of_node_used_twice() -> float:
    """d/da of a * a + a at a = 3."""
    a = Value(3.0)
    (a * a + a).backward()
    return a.grad


def grad_through_affine_then_square() -> float:
    """dy/dx for z = 3x - 2, y = 2 z**2, at x = 5."""
    x = Value(5.0)
    (2 * (3 * x - 2) ** 2).backward()
    return x.grad


def largest_sigmoid_slope() -> float:
    """The derivative of the sigmoid at 0, its largest value."""
    x = Value(0.0)
    x.sigmoid().backward()
    return x.grad


def bce_with_logits_at(z: float, y: float) -> float:
    """Binary cross-entropy of logit z against label y, in the stable softplus form."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z


def questions() -> list[dict[str, Any]]:
    return [
        numeric(
            "In y = a·a + a, the node a feeds two operations. At a = 3, what is dy/da?",
            grad_of_node_used_twice(),
            right="Right: 2a from the product plus 1 from the sum. Backward adds the two contributions.",
            wrong=[(6.0, "That keeps only the product's contribution: gradients from every use must be added."),
                   (1.0, "That keeps only the sum's contribution, as an engine that overwrites .grad would.")],
            default="Differentiate a² + a, or add the gradient that each use of a sends back.",
        ),
        numeric(
            "z = 3x - 2 and y = 2z². At x = 5, what is dy/dx?",
            grad_through_affine_then_square(),
            right="Right: dy/dz = 4z = 52 at z = 13, times dz/dx = 3.",
            wrong=[(52.0, "That is dy/dz. A backward that returns the upstream gradient without multiplying "
                          "by dz/dx = 3 gives this: it is right only when dz/dx = 1."),
                   (12.0, "That is the value for z = x - 2. Here z = 3x - 2 = 13.")],
            default="Chain rule: dy/dx = dy/dz · dz/dx.",
        ),
        numeric(
            "What is the largest value the derivative of the sigmoid takes?",
            largest_sigmoid_slope(),
            right="Right: σ'(x) = σ(x)(1 - σ(x)) peaks at x = 0 with 0.5 × 0.5. Going back through a "
                  "sigmoid layer, its slope multiplies the gradient by at most 0.25; the layer's weights "
                  "multiply it too, and large weights can grow it again (chapter 6).",
            wrong=[(1.0, "That is tanh's largest slope; the sigmoid is flatter."),
                   (0.5, "0.5 is σ(0), the value, not the slope.")],
            default="Use σ'(x) = σ(x)(1 - σ(x)) and find where it is largest.",
        ),
        numeric(
            "A network outputs the logit z = 40 for an example whose label is 0. What is its binary "
            "cross-entropy, computed stably from the logit?",
            bce_with_logits_at(40.0, 0.0),
            right="Right: softplus(40) ≈ 40. The naive form log(1 - σ(40)) gives log(0) = -∞ in floating point.",
            wrong=[(0.0, "The prediction is confidently wrong, so the loss is large, not zero."),
                   (16.118, "That is -log(1e-7): the value you get by clipping, not the true loss.")],
            default="BCE from a logit: softplus(z) - y·z, and softplus(z) ≈ z for large z.",
        ),
        single_choice(
            "In this chapter's engine, course_lib.autograd.Value, each operation's backward adds to its "
            "inputs' .grad (+=) instead of assigning it. Why, within one backward pass?",
            ("Because a node that feeds several others receives a gradient from each, and the total "
             "derivative is their sum.", True,
             "Right: the multivariable chain rule sums over paths. Assigning would keep only the last path. "
             "(PyTorch sums a node's uses inside its engine; its .grad adds up across backward calls, "
             "chapter 1.)"),
            ("To average gradients over training steps.", False,
             "Not within one pass: there the += is the chain rule. Across backward calls, PyTorch's .grad "
             "does add up (so does this engine's, for its leaves), so that several batches can be summed "
             "before one step; that is a sum, not an average, and it is why chapter 1 resets .grad."),
            ("It is an optimization to save memory.", False,
             "It is needed for correctness whenever a value is used more than once."),
        ),
        single_choice(
            "For a sigmoid output with binary cross-entropy, what is the gradient of the loss with respect "
            "to the logit z?",
            ("ŷ - y: the 1/(ŷ(1 - ŷ)) of the loss cancels the sigmoid's slope.", True,
             "Right. That is why the pair belongs together, and why adding 1e-7 to a denominator is "
             "not needed: compute from the logit."),
            ("(ŷ - y) / (ŷ(1 - ŷ) + 1e-7)", False,
             "That is the derivative with respect to ŷ, patched; times σ'(z) it becomes ŷ - y, except "
             "where the patch or rounding breaks it."),
            ("y·log(ŷ)", False, "That is part of the loss itself, not its derivative."),
        ),
        single_choice(
            "A 2-2-1 sigmoid network trained on XOR ends with outputs 0.00, 1.00, 0.50, 0.50. What happened?",
            ("It settled in a poor local minimum or plateau: two inputs are solved, the other two are "
             "left at 0.5.", True,
             "Right. It is not a bug in backprop: another seed, or a wider network, usually solves it."),
            ("Backpropagation has a bug: a correct implementation always solves XOR.", False,
             "Gradient descent finds a nearby minimum, not the best one; small networks often stall on XOR."),
            ("The learning rate is too large.", False,
             "A too-large rate diverges or oscillates; this run converged, to the wrong place."),
        ),
    ]
