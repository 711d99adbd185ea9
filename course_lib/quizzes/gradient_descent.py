"""Quiz of chapter 1 (Gradient-based learning). Numeric keys are computed with course_lib."""

from __future__ import annotations

from typing import Any

from ..descent import gradient_descent
from ..quadratics import steps_to_shrink
from . import numeric, single_choice


def x_after_three_steps() -> float:
    """Gradient descent on f = x^2 / 10 with lr = 1 from x = 3, after 3 steps."""
    return float(gradient_descent(lambda x: x / 5, 3.0, lr=1.0, steps=3)[-1])


def steps_below_a_hundredth() -> int:
    """Steps until |x| < 0.01, from x = 3, when each step multiplies x by 0.8."""
    return steps_to_shrink(0.8, 0.01 / 3)


def shifted_after_two_steps() -> float:
    """Gradient descent on f = (x - 2)^2 / 10 with lr = 1 from x = 3, after 2 steps."""
    return float(gradient_descent(lambda x: (x - 2) / 5, 3.0, lr=1.0, steps=2)[-1])


def questions() -> list[dict[str, Any]]:
    k = steps_below_a_hundredth()
    return [
        numeric(
            "Gradient descent on f(x) = x²/10 with learning rate 1 starts at x = 3. What is x after "
            "3 steps?",
            x_after_three_steps(),
            right="Right: each step multiplies x by 1 - 1/5 = 0.8, so x = 3 × 0.8³.",
            wrong=[(2.4, "That is x after one step. Apply the update three times."),
                   (1.2288, "That is after four steps: count the updates, not the values in the list."),
                   (1.2, "The steps do not have a fixed size: each one is 0.2·x, so they shrink as x does.")],
            default="Use x ← x - f'(x) with f'(x) = x/5, three times.",
        ),
        numeric(
            "In the same run, x is multiplied by 0.8 at every step. After how many steps is |x| below "
            "0.01 for the first time?",
            float(k),
            right=f"Right: 3 × 0.8^{k} < 0.01 but 3 × 0.8^{k - 1} is not.",
            wrong=[(float(k - 1), f"3 × 0.8^{k - 1} is still just above 0.01: one more step is needed."),
                   (float(k + 1), f"After {k} steps it is already below 0.01.")],
            default="Solve 3 × 0.8^k < 0.01 for the smallest whole k: k > log(0.01/3) / log(0.8).",
            precision=2,
        ),
        numeric(
            "Gradient descent on f(x) = (x - 2)²/10 with learning rate 1 starts at x = 3. What is x "
            "after 2 steps?",
            shifted_after_two_steps(),
            right="Right: the distance to the minimum, x - 2, shrinks by 0.8 per step: 2 + 1 × 0.8².",
            wrong=[(0.64, "0.64 is the remaining distance to the minimum; the minimum is at 2, not 0."),
                   (1.92, "That is 3 × 0.8²: it treats the minimum as if it were at 0.")],
            default="Here f'(x) = (x - 2)/5. Apply x ← x - f'(x) twice from 3.",
        ),
        single_choice(
            "At x = -3 the derivative of f(x) = x²/10 is -0.6. Where does one step of gradient descent "
            "with learning rate 1 take x?",
            ("To -2.4: subtracting a negative derivative moves x to the right, downhill.", True,
             "Right. The derivative is negative, so f decreases to the right, and x - (-0.6) = -2.4."),
            ("To -3.6: the step follows the sign of the derivative.", False,
             "That would be x + f'(x), gradient ascent: it climbs the curve."),
            ("To 0: one step jumps to the minimum.", False,
             "Only if the learning rate matched the curvature exactly (here it would have to be 5)."),
        ),
        single_choice(
            "A training loop computes the gradient of the loss averaged over all 200 training examples, "
            "then updates the weights, and repeats. What is it?",
            ("Full-batch gradient descent.", True,
             "Right: it uses the exact gradient of the whole loss, so nothing in it is random."),
            ("Stochastic gradient descent (SGD).", False,
             "SGD estimates the gradient from a random example or mini-batch; this loop uses every example."),
            ("Mini-batch SGD with a batch of 1.", False,
             "A batch of 1 uses one example per step; this loop uses all 200."),
        ),
        single_choice(
            "Gradient descent starts at (3, -2) on f = x1² + 4·x2², whose minimum is (0, 0). Where does "
            "the first step point?",
            ("Not at the minimum: x2 moves relatively more, since each coordinate moves in proportion "
             "to its own partial derivative.", True,
             "Right. The gradient (2·x1, 8·x2) = (6, -16) is not parallel to (3, -2), so the path bends."),
            ("Straight at the minimum, as on every bowl.", False,
             "Only on a round bowl, where the gradient is parallel to the position. This one is stretched."),
            ("Along x1 only, the larger coordinate.", False,
             "Both coordinates move; x2's partial derivative is the larger one here."),
        ),
        single_choice(
            "A PyTorch loop calls loss.backward() and updates x, but never resets x.grad. What happens?",
            ("Each backward() adds to x.grad, so every step uses the sum of all gradients so far.", True,
             "Right: gradients accumulate in .grad, so that several backward calls (over several small "
             "batches, say) can be summed before one step. Reset with x.grad.zero_() or optimizer.zero_grad()."),
            ("Nothing: backward() overwrites x.grad.", False,
             "It adds to it, by design, so that gradients of several backward calls can be summed. "
             "(Within one call, autograd adds up a variable's uses by itself.)"),
            ("PyTorch raises an error on the second backward().", False,
             "Only if the graph was freed; with a new forward pass each step it runs, silently wrong."),
        ),
    ]
