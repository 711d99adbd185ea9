"""Quiz of chapter 2 (Learning rate). Numeric keys are computed with course_lib."""

from __future__ import annotations

from typing import Any

from ..descent import gradient_descent
from ..quadratics import contraction_factor, max_stable_lr, steps_to_shrink
from . import numeric, single_choice


def bare_update_after_three_steps() -> float:
    """Gradient descent on f = 2x^2 with lr = 1 from x = 3, after 3 steps."""
    return float(gradient_descent(lambda x: 4 * x, 3.0, lr=1.0, steps=3)[-1])


def factor_at(lr: float) -> float:
    """What one step multiplies x by on f = 2x^2 (curvature 4)."""
    return contraction_factor(4.0, lr)


def steps_on_ill_conditioned() -> int:
    """Steps to shrink the distance 1000-fold on curvatures 1 and 100 at the best fixed rate."""
    kappa = 100.0
    return steps_to_shrink((kappa - 1) / (kappa + 1), 1e-3)


def questions() -> list[dict[str, Any]]:
    return [
        numeric(
            "Gradient descent on f(x) = 2x² with learning rate 1 starts at x = 3. What is x after 3 steps?",
            bare_update_after_three_steps(),
            right="Right: each step multiplies x by 1 - 1 × 4 = -3: 3 → -9 → 27 → -81.",
            wrong=[(81.0, "The sign alternates: the factor -3 is negative, so every step crosses the minimum."),
                   (-9.0, "That is after one step.")],
            default="f'(x) = 4x, so one step gives x - 4x = -3x. Apply it three times.",
        ),
        numeric(
            "On f(x) = 2x², what is the largest learning rate for which gradient descent still converges "
            "(the threshold itself diverges or stalls)?",
            max_stable_lr(4.0),
            right="Right: f'' = 4, and |1 - 4η| < 1 requires η < 2/4.",
            wrong=[(1.0, "η < 1 is folklore, not a theorem: here η = 0.9 multiplies x by -2.6 per step."),
                   (0.25, "η = 1/f'' = 0.25 reaches the minimum in one step; the limit is twice that.")],
            default="Convergence needs |1 - η·f''| < 1. What is f'' here?",
        ),
        numeric(
            "On f(x) = 2x² with learning rate 0.4, inside the stable range 0<η<2/f'', what does one "
            "gradient-descent step multiply x by?",
            factor_at(0.4),
            right="Right: 1 - 0.4 × 4 = -0.6. The run zig-zags across the minimum but converges.",
            wrong=[(0.6, "The factor is 1 - η·f'' = 1 - 1.6, which is negative: x changes sign each step."),
                   (-1.6, "That is only the change, -η·f''. Add the 1 that x itself contributes: 1 - 1.6.")],
            default="One step is x - η·f'(x) = x - η·4x = (1 - 4η)·x.",
        ),
        numeric(
            "A quadratic has curvatures 1 and 100. At the best fixed learning rate, 2/(1 + 100), each step "
            "multiplies the distance to the minimum by (κ - 1)/(κ + 1) with κ = 100. How many steps until it "
            "has shrunk 1000-fold?",
            float(steps_on_ill_conditioned()),
            right="Right: about κ/2 · ln(1000) steps. Doubling κ doubles the count.",
            wrong=[(7.0, "That would be right for κ = 2. The count grows in proportion to κ."),
                   (3.0, "The steep direction alone would be fast; the flat one sets the pace.")],
            default="Solve ((κ - 1)/(κ + 1))^k < 0.001 for the smallest whole k.",
            precision=3,
        ),
        single_choice(
            "\"Any learning rate between 0 and 1 prevents divergence.\" Is that right?",
            ("No: the limit is 2/f'' (2/λ_max with several parameters), so it depends on the curvature.", True,
             "Right. On f = 2x², η = 0.9 diverges; on a gentle f = x²/10, η = 5 still converges."),
            ("Yes: a learning rate below 1 shrinks every step.", False,
             "It shrinks the step compared with the gradient, but a steep enough loss still overshoots."),
            ("Yes, as long as the inputs are normalized.", False,
             "Normalization changes the curvature, which helps, but the limit is still 2/λ_max."),
        ),
        single_choice(
            "A one-parameter quadratic's iterates go 3, -9, 27, -81. What is the right name for this?",
            ("A step too large for the curvature: gradient descent is unstable at this learning rate.", True,
             "Right. Lowering η below 2/f'' cures it."),
            ("The exploding-gradient problem.", False,
             "Exploding gradients grow through the layers of a deep network (chapters 6 and 7); here there is one parameter."),
            ("A vanishing gradient.", False,
             "The gradient is growing, not vanishing, and the cause is the step size."),
        ),
        single_choice(
            "What does a learning-rate warm-up do?",
            ("It starts the run with a small rate and raises it to its peak over the first steps.", True,
             "Right. In this chapter's network a 30-step warm-up postponed the catapult of the first steps "
             "rather than avoiding it, at a too-large peak it mostly postponed the blow-up, and on fresh "
             "seeds it never beat the tuned constant rate by much (usually it ended a little behind). Its "
             "length matters: measure it."),
            ("It always lets a higher peak learning rate train.", False,
             "Not always: measure it. In this chapter's network, at peak 0.4 a 30-step warm-up moved the "
             "blow-up on most seeds from the first steps to the second half of the warm-up or after it, but "
             "did not prevent it."),
            ("It lowers the rate at the end of training.", False,
             "That is decay (step, cosine). Warm-up concerns the first steps."),
        ),
    ]
