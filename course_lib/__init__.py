"""Helpers for the course "Training Neural Networks, by Experiment".

Importing the package is cheap: only NumPy is loaded. Modules that need matplotlib,
JAX, optax or torch import them when one of their functions is first used, so a
chapter pays only for the frameworks it touches.

Submodules (each docstring names the chapter that teaches it):

- ``validation``: clear errors for bad input, shared by every helper.
- ``i18n``: what course_lib prints, in English or Korean (``COURSE_LANG=ko``; the Korean edition).
- ``runtime``: where JAX and PyTorch compute (the CPU) and at what precision (full float32),
  set on import; :func:`runtime.describe`, the line every chapter's setup prints.
- ``seeding``: :func:`set_seed`; :func:`draw_seed`, every seed on this run's draw (``COURSE_DRAW``).
- ``claims``: :func:`claim`, how a chapter asserts what it tells the reader.
- ``stats``: paired comparisons on shared seeds and rates with intervals (every chapter).
- ``scalers``: min-max and standard scalers (chapter 4).
- ``data``: synthetic data sets (chapter 4 onwards).
- ``normalization``: batch normalization and layer normalization from scratch (chapter 5).
- ``activations``: activation functions and their derivatives (chapter 6, used from chapter 7).
- ``initialization``: initial weight scales and the signal through depth (chapter 7).
- ``autograd``: a scalar reverse-mode autograd engine, :class:`autograd.Value` (chapter 3).
- ``descent``: plain gradient descent on any differentiable function (chapters 1, 2, 4).
- ``quadratics``: what a step does on a quadratic; the largest stable learning rate (chapter 2).
- ``schedules``: learning-rate schedules, equal to optax's and torch's (chapter 2).
- ``interactive``: the learning-rate explorer, with or without a kernel (chapter 2).
- ``linear_regression``: least-squares loss, gradient, Hessian, condition number (chapter 4).
- ``optimizers``: SGD, momentum, RMSProp, Adam and AdamW from scratch (chapter 8).
- ``softmax_regression``: softmax regression by mini-batch SGD, many runs at once (chapters 8, 9).
- ``regularization``: dropout, label smoothing, mixup, cutmix, shifts; batched training (chapter 9).
- ``mnist``: a loader for the real MNIST IDX files, for readers who have them (chapter 9).
- ``diagnostics``: instruments for a network that does not train (chapter 10).
- ``broken_runs``: training runs that fail, one planted cause each, instruments recorded (chapter 10).
- ``runs``: stacks of independent runs spread over the CPU's cores (used by the trainers).
- ``mlp_jax``: many small MLPs trained at once with JAX and optax; sharpness (chapters 2, 4-8).
- ``plotting``: the course's figure style and :func:`plotting.show` (every chapter).
- ``exercises``: the exercise-checker mechanism and each chapter's checkers.
- ``quizzes``: quiz data, validation and display.
"""

from importlib import import_module
from typing import Any

from .claims import ClaimError, claim
from .runtime import apply_policy as _apply_policy
from .seeding import draw_seed, set_seed

_apply_policy()  # the CPU and full float32, before JAX or PyTorch start (course_lib.runtime)

from .i18n import install_print as _install_print, language as _language

if _language() != "en":  # the Korean edition: printed tables in the reader's language too
    _install_print()

__version__ = "0.5.9"

__all__ = ["ClaimError", "claim", "draw_seed", "set_seed", "__version__"]

_LAZY_SUBMODULES = {
    "activations",
    "autograd",
    "broken_runs",
    "claims",
    "data",
    "descent",
    "diagnostics",
    "exercises",
    "i18n",
    "initialization",
    "interactive",
    "linear_regression",
    "mlp_jax",
    "mnist",
    "normalization",
    "optimizers",
    "plotting",
    "quadratics",
    "quizzes",
    "regularization",
    "runs",
    "runtime",
    "scalers",
    "schedules",
    "seeding",
    "softmax_regression",
    "stats",
    "validation",
}


def __getattr__(name: str) -> Any:
    """Import submodules on first attribute access (``course_lib.scalers`` and so on)."""
    if name in _LAZY_SUBMODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES)
