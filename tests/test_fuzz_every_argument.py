"""Every argument of every public function and method of course_lib, in turn, given each of ten
bad values a learner might pass (None, text, a complex number, NaN, inf, -1, 0, a (2, 3, 4) array,
an empty array, True), the other arguments valid (issue 37).

Each bad call must end in a clear error: a ValueError or TypeError (an OSError for a path that
names no file) raised by course_lib's own code, whose message names the argument. Never a
silent result, never an exception from inside NumPy, JAX, torch or matplotlib. Where one of the
ten values is valid for an argument (0 for a seed, True for a flag), the table says so and why,
and that value is not a bad call. The list of what to fuzz comes from the package: a meta-test
fails when a public function or method has no valid call here, so a new one is covered the day it
is added. Run this file as a script for the counts (clear / deep / silent) over all bad calls.
"""

from __future__ import annotations

import importlib
import inspect
import os
import struct
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

from test_bad_input import EXEMPT, public_callables

os.environ.setdefault("MPLBACKEND", "Agg")

BAD = {"None": None, "text": "text", "complex": 1 + 2j, "NaN": float("nan"), "inf": float("inf"),
       "-1": -1, "0": 0, "a (2, 3, 4) array": np.ones((2, 3, 4)), "an empty array": np.array([]),
       "True": True}
LIBRARIES = ("numpy", "jax", "jaxlib", "torch", "matplotlib", "scipy")


def m(name: str) -> Any:
    return importlib.import_module(f"course_lib.{name}")


class Fresh:
    """A valid argument made anew for every call (an axes, a generator, a trained object)."""

    def __init__(self, make: Callable[[], Any]):
        self.make = make


@dataclass
class Case:
    """A valid call (``call(**valid)``) and, per argument, the values of BAD that are valid
    there, each with its reason."""

    call: Callable[..., Any]
    valid: dict[str, Any]
    accepted: dict[str, dict[str, str]] = field(default_factory=dict)
    # what a message calls an argument, where that is not its own name ("activation" for name)
    names: dict[str, str] = field(default_factory=dict)


def axes():
    return Fresh(lambda: m("plotting").subplots()[1])


def rng():
    return Fresh(lambda: np.random.default_rng(0))


def fitted(cls: str, columns: int = 2):
    return Fresh(lambda: getattr(m("scalers"), cls)().fit(np.array([[1.0, 2.0], [2.0, 1.0], [4.0, 5.0]])[:, :columns]))


def mlps():
    def make():
        import jax
        return m("mlp_jax").init_mlps(jax.random.split(jax.random.key(0), 1), [4, 3, 2], "he")
    return Fresh(make)


_FIT: list[Any] = []


def softmax_fit():
    def make():
        if not _FIT:
            _FIT.append(m("softmax_regression").train(np.ones((4, 2)), np.eye(2)[[0, 1, 0, 1]], batch=2, rates=[0.1],
                                                      seeds=[0], epochs=1))
        return _FIT[0]
    return Fresh(make)


TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "course-fuzz"


def idx_file() -> str:
    """A tiny IDX file of three labels."""
    TMP.mkdir(exist_ok=True)
    path = TMP / "labels-idx1-ubyte"
    path.write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 3) + bytes([1, 2, 3]))
    return str(path)


def mnist_folder() -> str:
    """A folder holding a tiny MNIST training set: three 2x2 images and their labels."""
    folder = TMP / "mnist"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train-images-idx3-ubyte").write_bytes(bytes([0, 0, 8, 3]) + struct.pack(">III", 3, 2, 2)
                                                    + bytes(range(12)))
    (folder / "train-labels-idx1-ubyte").write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 3) + bytes([1, 2, 3]))
    return str(folder)


def graph():
    def make():
        v = m("autograd").Value
        a = v(2.0)
        return a * v(3.0) + a
    return Fresh(make)


SEED = {"0": "seed 0 is a seed"}
ZERO = {"0": "0 is allowed (off, or none)"}
RATE0 = {"0": "a rate of 0 leaves the parameters where they are, as torch.optim allows"}
FLAG = {"True": "a flag"}
TEXT = {"text": "any text is valid here"}
BOTH_SIGNS = {"-1": "any real number is valid here", "0": "any real number is valid here"}
ELEMENTWISE = {"-1": "a number is an array", "0": "a number is an array",
               "a (2, 3, 4) array": "elementwise: any shape"}
STACK = {"a (2, 3, 4) array": "a stack of matrices, one per run"}
STD_ZERO = {"0": "a fixed standard deviation of 0 is the zeros init"}
NUMBERS_ANY = {"-1": "any real number is valid here", "0": "any real number is valid here",
               "True": "bool is refused where a number is meant, except here"}
OPTIONAL = {"None": "None means the default"}
RECIPE = lambda: m("broken_runs").CAUSES["healthy"]  # noqa: E731
_READINGS: list[Any] = []


def READINGS() -> list[Any]:  # noqa: N802 (a constant, made once when first needed)
    """Two seeds' readings of a short healthy run."""
    if not _READINGS:
        _READINGS.extend(m("broken_runs").readings(m("broken_runs").train(RECIPE(), [0, 1], steps=50)))
    return _READINGS
X43 = np.arange(12.0).reshape(4, 3) / 10
LABELS = [0, 1, 0, 1]
ONE_HOT = np.eye(2)[LABELS]
QUESTION = dict(question="How many?", key=2.0, right="Right, two.", wrong=[(3.0, "No, that counts one twice.")],
                default="No: count again.", precision=3)


def quiz_items():
    return Fresh(lambda: [m("quizzes").single_choice("Which?", ("One", True, "Right, it is one."),
                                                     ("Two", False, "No, it is one."),
                                                     ("Three", False, "No, it is one."))])


def method(module: str, cls: str, name: str, make: Callable[[], Any]) -> Callable[..., Any]:
    return lambda **k: getattr(make(), name)(**k)


CASES: dict[str, Case] = {
    "activations.activation": Case(m("activations").activation, dict(name="tanh", x=[-1.0, 0.5]),
                                   {"x": ELEMENTWISE}, names={"name": "activation"}),
    "activations.derivative": Case(m("activations").derivative, dict(name="tanh", x=[-1.0, 0.5]),
                                   {"x": ELEMENTWISE}, names={"name": "activation"}),
    "autograd.Value": Case(lambda **k: m("autograd").Value(**k), dict(data=2.0, op=""),
                           {"data": NUMBERS_ANY, "op": TEXT}),
    "autograd.Value.__pow__": Case(lambda exponent: m("autograd").Value(2.0) ** exponent, dict(exponent=2.0),
                                   {"exponent": BOTH_SIGNS}),
    "broken_runs.data": Case(m("broken_runs").data, dict(inputs="standardized", seed=0), {"seed": SEED}),
    "broken_runs.init_params": Case(m("broken_runs").init_params, dict(recipe=Fresh(RECIPE), seeds=[0, 1]),
                                    {"seeds": SEED}),
    "broken_runs.batch_indices": Case(m("broken_runs").batch_indices, dict(seeds=[0], steps=3), {"seeds": SEED}),
    "broken_runs.train": Case(m("broken_runs").train, dict(recipe=Fresh(RECIPE), seeds=[0], steps=2, lr=[0.1, 0.2],
                                                          split_seed=0),
                              {"seeds": SEED, "lr": OPTIONAL, "split_seed": SEED}),
    "broken_runs.readings": Case(m("broken_runs").readings,
                                 dict(run=Fresh(lambda: m("broken_runs").train(RECIPE(), [0], steps=50)))),
    "broken_runs.reference": Case(m("broken_runs").reference, dict(recipe=Fresh(RECIPE))),
    "broken_runs.diagnose": Case(m("broken_runs").diagnose, dict(r=Fresh(lambda: READINGS()[0]),
                                                              ref=Fresh(lambda: READINGS()[1]))),
    "broken_runs.torch_network": Case(m("broken_runs").torch_network, dict(seed=0, recipe=Fresh(RECIPE)),
                                      {"seed": SEED}),
    "claims.claim": Case(m("claims").claim, dict(statement="A claim holds.", holds=True),
                         {"statement": TEXT, "holds": {"True": "a truth value", "-1": "a truth value (nonzero)",
                                                       "inf": "a truth value (nonzero)",
                                                       "0": "a truth value (false): the claim fails, as it should"}}),
    "claims.display_width": Case(m("claims").display_width, dict(text="abc"), {"text": TEXT}),
    "claims.fit_column": Case(m("claims").fit_column, dict(text="abc", indent="  "), {"text": TEXT, "indent": TEXT}),
    "claims.printed_claims": Case(m("claims").printed_claims, dict(text="abc"), {"text": TEXT}),
    "data.sqrt_curve": Case(m("data").sqrt_curve, dict(x=[0.1, 0.5], amplitude=0.15),
                            {"x": {"0": "sqrt(0) is defined", "a (2, 3, 4) array": "elementwise: any shape"},
                             "amplitude": BOTH_SIGNS}),
    "data.make_sqrt_regression": Case(m("data").make_sqrt_regression, dict(n=5, seed=0, low=0.0, high=1.0,
                                                                           amplitude=0.15),
                                      {"seed": SEED, "low": {"0": "x from 0"}, "amplitude": BOTH_SIGNS}),
    "data.make_two_unit_regression": Case(m("data").make_two_unit_regression,
                                          dict(n=6, seed=0, unit_ratio=1000.0, noise=0.05),
                                          {"seed": SEED, "noise": ZERO}),
    "data.digits": Case(m("data").digits, dict(test_size=0.3, seed=0, standardize=True),
                        {"seed": SEED, "standardize": FLAG}),
    "data.one_hot": Case(m("data").one_hot, dict(labels=[0, 1, 2], classes=3), {"labels": {"0": "one label, 0"}}),
    "descent.gradient_descent": Case(m("descent").gradient_descent,
                                     dict(grad=lambda x: x, x0=[1.0], lr=0.1, steps=3),
                                     {"x0": {"0": "a start at 0", "-1": "a start at -1",
                                             "a (2, 3, 4) array": "a point of any shape"},
                                      "steps": {"0": "no steps: the start alone"}}),
    "descent.first_below": Case(m("descent").first_below, dict(values=[3.0, 2.0, 1.0], threshold=1.5),
                                {"threshold": NUMBERS_ANY}),
    "diagnostics.curve_summary": Case(m("diagnostics").curve_summary, dict(losses=[3.0, 2.0, 1.0], classes=10,
                                                                           window=2)),
    "diagnostics.rms": Case(m("diagnostics").rms, dict(values=X43), {"values": STACK}),
    "diagnostics.update_ratio": Case(m("diagnostics").update_ratio, dict(before=X43 + 1, after=X43 * 1.1 + 1)),
    "diagnostics.dead_fraction": Case(m("diagnostics").dead_fraction, dict(h=X43), {"h": STACK}),
    "diagnostics.saturated_fraction": Case(m("diagnostics").saturated_fraction, dict(z=X43, activation="tanh"),
                                           {"z": STACK}),
    "diagnostics.read_range_test": Case(m("diagnostics").read_range_test,
                                        dict(rates=[0.01, 0.1, 1.0, 10.0], losses=[2.0, 1.5, 1.0, 9.0],
                                             factor=4.0, smoothing=0.5),
                                        {"smoothing": ZERO}),
    "i18n.read_po": Case(m("i18n").read_po, dict(path=Fresh(lambda: next((Path(m("i18n").__file__).parent
                                                                          / "locales").rglob("*.po"))))),
    "i18n.catalog": Case(m("i18n").catalog, dict(lang="ko")),
    "i18n.translate": Case(m("i18n").translate, dict(text="Verified", lang="ko"),
                           {"text": TEXT, "lang": OPTIONAL}),
    "i18n.N_": Case(m("i18n").N_, dict(text="shuffled labels"), {"text": TEXT}),
    "i18n.particle": Case(m("i18n").particle, dict(word="가중치", paired="을(를)"), {"word": TEXT, "paired": TEXT}),
    "i18n.translate_lines": Case(m("i18n").translate_lines, dict(text="step", lang="ko"),
                                 {"text": TEXT, "lang": OPTIONAL}),
    "i18n.translate_figure": Case(m("i18n").translate_figure, dict(fig=Fresh(lambda: m("plotting").subplots()[0]),
                                                                    lang="ko"), {"lang": OPTIONAL}),
    "i18n.untranslated": Case(m("i18n").untranslated, dict(texts=["step", "스텝"])),
    "initialization.init_std": Case(m("initialization").init_std, dict(fan_in=10, init="he", fan_out=None),
                                    {"fan_out": OPTIONAL, "init": STD_ZERO}),
    "initialization.init_weights": Case(m("initialization").init_weights, dict(rng=rng(), sizes=[3, 2], init="he"),
                                        {"init": STD_ZERO}),
    "initialization.init_stack": Case(m("initialization").init_stack, dict(seeds=[0, 1], sizes=[3, 2], init="he"),
                                      {"init": STD_ZERO}),
    "initialization.signal_through": Case(m("initialization").signal_through,
                                          dict(weights=[np.eye(2)], x=np.ones((3, 2)), activation="relu", seed=0),
                                          {"seed": SEED}),
    "initialization.orthogonal": Case(m("initialization").orthogonal, dict(rng=rng(), fan_in=3, fan_out=2, gain=1.0)),
    "initialization.variance_map": Case(m("initialization").variance_map,
                                        dict(layers=3, weight_variance=1.0, activation="tanh", input_variance=1.0,
                                             points=11)),
    "initialization.numerical_rank": Case(m("initialization").numerical_rank, dict(matrix=np.eye(2), rtol=1e-5),
                                          {"rtol": ZERO}),
    "initialization.relu_network_std": Case(m("initialization").relu_network_std,
                                            dict(sizes=[4, 3], init="he", input_mean_square=1.0),
                                            {"init": STD_ZERO}),
    "interactive.explorer_frames": Case(m("interactive").explorer_frames,
                                        dict(curvature=4.0, x0=3.0, lrs=[0.1], steps=5), {"x0": BOTH_SIGNS}),
    "interactive.default_rates": Case(m("interactive").default_rates, dict(curvature=4.0)),
    "interactive.lr_slider": Case(m("interactive").lr_slider, dict(curvature=4.0, x0=3.0, steps=12),
                                  {"x0": BOTH_SIGNS}),
    **{f"interactive.{name}": Case(
        getattr(m("interactive"), name),
        dict(frames=[{"label": "a", "series": [{"name": "s", "x": [0.0, 1.0], "y": [1.0, 0.5]}]}], slider="s",
             x_label="x", y_label="y", log_y=False, prompt=None, start=0, y_limits=None),
        {"slider": TEXT, "x_label": TEXT, "y_label": TEXT, "log_y": FLAG, "prompt": {**OPTIONAL, **TEXT},
         "start": {"0": "the first frame"}, "y_limits": OPTIONAL})
       for name in ("curve_explorer_html", "curve_explorer")},
    **{f"interactive.{name}": Case(getattr(m("interactive"), name),
                                   dict(curvature=4.0, x0=3.0, lrs=None, steps=12, start=None, prompt=None),
                                   {"x0": BOTH_SIGNS, "lrs": OPTIONAL, "start": OPTIONAL,
                                    "prompt": {**OPTIONAL, **TEXT}})
       for name in ("lr_explorer_html", "lr_explorer")},
    "linear_regression.with_bias": Case(m("linear_regression").with_bias, dict(X=X43)),
    "linear_regression.mse": Case(m("linear_regression").mse, dict(w=np.ones(3), X=X43, y=np.ones(4))),
    "linear_regression.mse_gradient": Case(m("linear_regression").mse_gradient, dict(w=np.ones(3), X=X43,
                                                                                     y=np.ones(4))),
    "linear_regression.mse_hessian": Case(m("linear_regression").mse_hessian, dict(X=X43)),
    "linear_regression.least_squares": Case(m("linear_regression").least_squares, dict(X=X43, y=np.arange(4.0))),
    "mlp_jax.stack_accuracy": Case(m("mlp_jax").stack_accuracy, dict(params=mlps(), x=X43[:, :3].repeat(2, 1)[:, :4],
                                                                     labels=[0, 1, 1, 0])),
    "mlp_jax.stack_runs": Case(m("mlp_jax").stack_runs, dict(params=mlps(), name="params"), {"name": TEXT}),
    "mlp_jax.init_mlp": Case(m("mlp_jax").init_mlp, dict(key=Fresh(lambda: __import__("jax").random.key(0)),
                                                         sizes=[4, 3, 2], init="he"),
                             {"init": STD_ZERO}),
    "mlp_jax.init_mlps": Case(m("mlp_jax").init_mlps,
                              dict(keys=Fresh(lambda: __import__("jax").random.split(__import__("jax").random.key(0),
                                                                                      1)),
                                   sizes=[4, 3, 2], init="he"),
                              {"init": STD_ZERO}),
    "mlp_jax.predict": Case(m("mlp_jax").predict, dict(params=mlps(), x=X43[:, :3].repeat(2, 1)[:, :4],
                                                       activation="relu", norm="none", reference=None, normalized=None),
                            {"reference": OPTIONAL, "normalized": OPTIONAL}),
    "mlp_jax.train_mlps": Case(m("mlp_jax").train_mlps,
                               dict(params=mlps(), x=np.ones((1, 4, 4)), y=np.ones((1, 4, 2)), lr=0.1, steps=2,
                                    activation="relu", optimizer="adam", loss="mse", norm="none", batch=None,
                                    batch_seed=0, normalized=None),
                               {"batch": OPTIONAL, "batch_seed": SEED, "normalized": OPTIONAL}),
    "mlp_jax.sharpness": Case(m("mlp_jax").sharpness,
                              dict(params=mlps(), x=np.ones((1, 4, 4)), y=np.ones((1, 4, 2)), activation="relu",
                                   iterations=10, loss="mse", norm="none", normalized=None),
                              {"normalized": OPTIONAL}),
    "mnist.load_idx": Case(m("mnist").load_idx, dict(path=idx_file())),
    "mnist.load_mnist": Case(lambda **k: m("mnist").load_mnist(**k), dict(directory=mnist_folder(), kind="train")),
    "normalization.BatchNorm1d": Case(m("normalization").BatchNorm1d, dict(features=3, momentum=0.1, eps=1e-5),
                                      {"momentum": {**OPTIONAL, "0": "running statistics kept where they start, "
                                                                     "as torch's momentum=0"}}),
    "normalization.BatchNorm1d.__call__": Case(lambda **k: m("normalization").BatchNorm1d(3)(**k), dict(x=X43),
                                               {"x": {"a (2, 3, 4) array": "(batch, channels, length), as in torch"}}),
    "normalization.layer_norm": Case(m("normalization").layer_norm, dict(x=X43, eps=1e-5)),
    "normalization.batch_norm_backward": Case(m("normalization").batch_norm_backward,
                                              dict(x=X43, gamma=np.ones(3), grad_out=X43 - 0.5, eps=1e-5),
                                              {"grad_out": {"0": "a zero gradient"}}),
    "normalization.group_norm": Case(m("normalization").group_norm, dict(x=np.ones((2, 4)) + np.arange(4), groups=2,
                                                                         eps=1e-5),
                                     {"x": {"a (2, 3, 4) array": "(batch, channels, length): 2 groups do not divide "
                                                                 "its 3 channels, and the error says so"}}),
    "normalization.rms_norm": Case(m("normalization").rms_norm, dict(x=X43 + 1, eps=1e-6)),
    "optimizers.SGD": Case(m("optimizers").SGD, dict(lr=0.1, momentum=0.5, nesterov=False, weight_decay=0.0),
                           {"lr": RATE0, "momentum": ZERO, "nesterov": FLAG, "weight_decay": ZERO}),
    "optimizers.AdaGrad": Case(m("optimizers").AdaGrad, dict(lr=0.1, eps=1e-10), {"lr": RATE0}),
    "optimizers.RMSProp": Case(m("optimizers").RMSProp, dict(lr=0.1, alpha=0.99, eps=1e-8),
                               {"lr": RATE0, "alpha": ZERO}),
    "optimizers.Adam": Case(m("optimizers").Adam, dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                                                       decoupled=False, bias_correction=True),
                            {"lr": RATE0, "weight_decay": ZERO, "decoupled": FLAG, "bias_correction": FLAG}),
    "optimizers.clip_by_norm": Case(m("optimizers").clip_by_norm, dict(grads=[3.0, 4.0], max_norm=1.0),
                                    {"grads": {"0": "a zero gradient", "-1": "a number is an array",
                                               "a (2, 3, 4) array": "a gradient of any shape"}}),
    "optimizers.clip_by_value": Case(m("optimizers").clip_by_value, dict(grads=[3.0, -4.0], limit=1.0),
                                     {"grads": {"0": "a zero gradient", "-1": "a number is an array",
                                                "a (2, 3, 4) array": "a gradient of any shape"}}),
    "optimizers.step_sizes": Case(m("optimizers").step_sizes,
                                  dict(optimizer=Fresh(lambda: m("optimizers").Adam(0.1)), gradient=0.5, steps=5),
                                  {"gradient": {"0": "a zero gradient: no step", "-1": "a gradient of either sign"}}),
    "optimizers.library_gaps": Case(m("optimizers").library_gaps,
                                    dict(ours=Fresh(lambda: {"SGD": m("optimizers").SGD(0.1)}),
                                         torch_optimizers={"SGD": lambda p: __import__("torch").optim.SGD(p, 0.1)},
                                         optax_transforms={"SGD": __import__("optax").sgd(0.1)},
                                         hessian=np.eye(2), start=[1.0, 2.0], steps=3)),
    "plotting.subplots": Case(m("plotting").subplots, dict(nrows=1, ncols=1)),
    "plotting.style_for": Case(m("plotting").style_for, dict(index=0), {"index": {"0": "the first style"}}),
    "plotting.plot_runs": Case(m("plotting").plot_runs, dict(ax=axes(), x=[0, 1, 2], runs=np.ones((2, 3)),
                                                             label="x", index=0, log=False),
                               {"index": {"0": "the first style"}, "log": FLAG, "label": TEXT}),
    "plotting.figure_bundle": Case(m("plotting").figure_bundle,
                                   dict(fig=Fresh(lambda: m("plotting").subplots()[0]),
                                        alt="A plot of nothing in particular."), {"alt": TEXT}),
    "plotting.show": Case(m("plotting").show, dict(fig=Fresh(lambda: m("plotting").subplots()[0]),
                                                   alt="A plot of nothing in particular."), {"alt": TEXT}),
    "plotting.loss_contours": Case(m("plotting").loss_contours,
                                   dict(ax=axes(), loss=lambda w: (w ** 2).sum(-1) + 1, center=[0.0, 0.0],
                                        span=[1.0, 1.0], path=None, levels=5, points=10),
                                   {"path": OPTIONAL}),
    "plotting.draw_graph": Case(m("plotting").draw_graph, dict(ax=axes(), root=graph(), names=None),
                                {"names": OPTIONAL}),
    "quadratics.contraction_factor": Case(m("quadratics").contraction_factor, dict(curvature=4.0, lr=0.1),
                                          {"curvature": ZERO, "lr": ZERO}),
    "quadratics.regime": Case(m("quadratics").regime, dict(curvature=4.0, lr=0.1), {"lr": ZERO}),
    "quadratics.max_stable_lr": Case(m("quadratics").max_stable_lr, dict(H=np.diag([1.0, 4.0]))),
    "quadratics.condition_number": Case(m("quadratics").condition_number, dict(H=np.diag([1.0, 4.0]))),
    "quadratics.steps_to_shrink": Case(m("quadratics").steps_to_shrink, dict(factor=0.5, tolerance=1e-3),
                                       {"factor": {"0": "a factor of 0 shrinks at once"}}),
    "quadratics.heavy_ball_rate": Case(m("quadratics").heavy_ball_rate,
                                       dict(curvatures=[1.0, 4.0], lr=0.1, momentum=0.5),
                                       {"momentum": ZERO, "lr": {"a (2, 3, 4) array": "rates broadcast against "
                                                                                      "the curvatures"}}),
    "regularization.inverted_dropout": Case(m("regularization").inverted_dropout,
                                            dict(h=np.ones((2, 3)), p=0.5, rng=rng(), training=True),
                                            {"p": ZERO, "training": FLAG, "h": {"0": "a number is an array",
                                                                                "-1": "a number is an array",
                                                                                "a (2, 3, 4) array": "any shape"}}),
    "regularization.smooth_labels": Case(m("regularization").smooth_labels, dict(Y=ONE_HOT, eps=0.1),
                                         {"eps": ZERO}),
    "regularization.mixup": Case(m("regularization").mixup, dict(x=X43, Y=ONE_HOT, lam=0.7, perm=[1, 0, 3, 2]),
                                 {"lam": ZERO}),
    "regularization.cutmix": Case(m("regularization").cutmix,
                                  dict(images=np.ones((4, 4, 4)), Y=ONE_HOT, box=(0, 0, 2, 2), perm=[1, 0, 3, 2])),
    "regularization.shift_images": Case(m("regularization").shift_images,
                                        dict(images=np.ones((2, 4, 4)), rows=[0, 1], cols=[1, -1]),
                                        {"images": {"a (2, 3, 4) array": "two 3x4 images"},
                                         "rows": {"0": "no shift", "-1": "one row up"},
                                         "cols": {"0": "no shift", "-1": "one column left"}}),
    "regularization.train_regularized": Case(
        m("regularization").train_regularized,
        dict(params=mlps(), x_train=np.ones((3, 4)), y_train=np.eye(2)[[0, 1, 0]], x_val=np.ones((2, 4)),
             y_val=[0, 1], settings=Fresh(lambda: [m("regularization").Setting()]), seeds=[0], steps=2, lr=1e-3,
             eval_every=1),
        {"seeds": SEED}),
    "regularization.evaluate": Case(m("regularization").evaluate,
                                    dict(params=mlps(), x=np.ones((3, 4)), y=[0, 1, 0], x_train=np.ones((3, 4)),
                                         settings=Fresh(lambda: [m("regularization").Setting()]))),
    "regularization.accuracy": Case(m("regularization").accuracy,
                                    dict(params=mlps(), x=np.ones((3, 4)), y=[0, 1, 0], x_train=np.ones((3, 4)),
                                         settings=Fresh(lambda: [m("regularization").Setting()]))),
    "runs.in_chunks": Case(m("runs").in_chunks, dict(call=lambda a: a * 2, runs=2, per_run=(np.ones((2, 3)),),
                                                     shared=(), chunks=None),
                           {"chunks": OPTIONAL, "shared": {"an empty array": "no shared arguments"}}),
    "scalers.MinMaxScaler": Case(m("scalers").MinMaxScaler, dict(feature_range=(0.0, 1.0))),
    "schedules.constant": Case(m("schedules").constant, dict(lr=0.1, steps=10), {"lr": ZERO}),
    "schedules.step_decay": Case(m("schedules").step_decay, dict(lr=0.1, steps=10, every=3, factor=0.5),
                                 {"lr": ZERO, "factor": ZERO}),
    "schedules.cosine": Case(m("schedules").cosine, dict(lr=0.1, steps=10, final_lr=0.0),
                             {"lr": ZERO, "final_lr": ZERO}),
    "schedules.warmup_cosine": Case(m("schedules").warmup_cosine, dict(lr=0.1, steps=10, warmup=2, final_lr=0.0),
                                    {"lr": ZERO, "final_lr": ZERO, "warmup": ZERO}),
    "seeding.draw_seed": Case(m("seeding").draw_seed, dict(base=3), {"base": SEED}),
    "seeding.set_seed": Case(m("seeding").set_seed, dict(seed=0, torch=False),
                             {"seed": SEED, "torch": {**FLAG, **OPTIONAL}}),
    "softmax_regression.softmax": Case(m("softmax_regression").softmax, dict(z=X43),
                                       {"z": {"0": "one logit", "-1": "one logit",
                                              "a (2, 3, 4) array": "softmax over the last axis, any shape"}}),
    "softmax_regression.cross_entropy": Case(m("softmax_regression").cross_entropy,
                                             dict(W=np.ones((1, 2, 2)), b=np.ones((1, 2)), x=np.ones((4, 2)),
                                                  Y=ONE_HOT)),
    "softmax_regression.train": Case(m("softmax_regression").train,
                                     dict(x=np.ones((4, 2)), Y=ONE_HOT, batch=2, rates=[0.1], seeds=[0], epochs=1,
                                          init_std=0.0),
                                     {"seeds": SEED, "init_std": ZERO}),
    "softmax_regression.accuracy": Case(m("softmax_regression").accuracy, dict(fit=softmax_fit(), x=np.ones((3, 2)),
                                                                               labels=[0, 1, 0]),
                                        {"labels": {"0": "one label, 0"}}),
    "softmax_regression.learning_curve": Case(m("softmax_regression").learning_curve,
                                              dict(x=np.ones((6, 2)), labels=[0, 1, 0, 1, 0, 1],
                                                   x_eval=np.ones((2, 2)), labels_eval=[0, 1], sizes=[4], seeds=[0],
                                                   lr=0.1, steps=2),
                                              {"seeds": SEED}),
    "stats.median_interval": Case(m("stats").median_interval, dict(differences=[0.3, -0.1, 0.2, 0.4],
                                                                   confidence=0.5),
                                  {"differences": {"0": "one difference", "-1": "one difference"}}),
    "stats.paired": Case(m("stats").paired, dict(a=[0.9, 0.8, 0.7], b=[0.8, 0.8, 0.6], label="x", better="higher",
                                                 scale=1.0, unit="", digits=1),
                         {"label": TEXT, "unit": TEXT, "digits": {"0": "no decimals"}}),
    "stats.rate": Case(m("stats").rate, dict(successes=3, trials=5, label="rate"),
                       {"successes": {"0": "none succeeded"}, "label": TEXT}),
    "stats.holm": Case(m("stats").holm, dict(p_values=[0.01, 0.04, 0.2]),
                       {"p_values": {"0": "one p-value, 0"}}),
    "stats.holm_table": Case(m("stats").holm_table,
                             dict(groups=Fresh(lambda: {"accuracy": {"a": m("stats").paired(
                                 [0.9, 0.8, 0.7], [0.8, 0.8, 0.6], "a")}}))),
    "validation.as_float_array": Case(m("validation").as_float_array, dict(value=[1.0], name="x", ndim=None,
                                                                           finite=True),
                                      {"value": {"0": "a number is an array", "-1": "a number is an array",
                                                 "a (2, 3, 4) array": "any shape", "True": "refused by name below"},
                                       "name": TEXT, "ndim": {**OPTIONAL, "0": "a 0-d array"}, "finite": FLAG}),
    "validation.check_positive_int": Case(m("validation").check_positive_int,
                                          dict(value=3, name="n", minimum=1, maximum=10),
                                          {"name": TEXT, "minimum": {"0": "a count from 0", "-1": "a count from -1"},
                                           "maximum": {"0": "a bound: 3 is above it, and the error says so",
                                                       "-1": "a bound: 3 is above it, and the error says so"}}),
    "validation.as_real": Case(m("validation").as_real, dict(value=1.0, name="x"),
                               {"value": NUMBERS_ANY, "name": TEXT}),
    "validation.check_positive_float": Case(m("validation").check_positive_float, dict(value=1.0, name="x"),
                                            {"name": TEXT}),
    "validation.check_nonnegative_float": Case(m("validation").check_nonnegative_float, dict(value=1.0, name="x"),
                                               {"name": TEXT, "value": ZERO}),
    "validation.check_probability": Case(m("validation").check_probability, dict(value=0.5, name="p",
                                                                                 allow_one=False),
                                         {"name": TEXT, "value": ZERO, "allow_one": FLAG}),
    "validation.check_choice": Case(m("validation").check_choice, dict(value="a", name="kind", choices=("a", "b")),
                                    {"name": TEXT}),
    "validation.check_bool": Case(m("validation").check_bool, dict(value=True, name="flag"),
                                  {"value": FLAG, "name": TEXT}),
    "validation.check_text": Case(m("validation").check_text, dict(value="a", name="label", allow_none=False),
                                  {"value": TEXT, "name": TEXT, "allow_none": FLAG}),
    "validation.check_axes": Case(m("validation").check_axes, dict(ax=axes(), name="ax"), {"name": TEXT}),
    "quizzes.single_choice": Case(lambda question, option: m("quizzes").single_choice(question, option,
                                                                                      ("No", False, "No, not it."),
                                                                                      ("Never", False, "No.")),
                                  dict(question="Which?", option=("Yes", True, "Right, yes.")),
                                  {"question": TEXT}),
    "quizzes.numeric": Case(m("quizzes").numeric, dict(QUESTION),
                            {"question": TEXT, "right": TEXT, "default": TEXT, "key": BOTH_SIGNS,
                             "precision": {"0": "whole numbers"}}),
    "quizzes.validate": Case(m("quizzes").validate, dict(items=quiz_items())),
    "quizzes.translated": Case(m("quizzes").translated, dict(items=quiz_items())),
    "quizzes.escaped": Case(m("quizzes").escaped, dict(items=quiz_items())),
    "quizzes.questions": Case(m("quizzes").questions, dict(chapter=Fresh(lambda: next(iter(m("quizzes").QUIZZES))))),
    "quizzes.show_quiz": Case(m("quizzes").show_quiz, dict(chapter=Fresh(lambda: next(iter(m("quizzes").QUIZZES))))),
}
CASES["validation.check_int_list"] = Case(m("validation").check_int_list, dict(value=[0, 1], name="seeds", minimum=0),
                                         {"name": TEXT, "minimum": {"0": "from 0", "-1": "from -1"}})
# A validator names the value it checks by the name it is given.
for _case in (c for n, c in CASES.items() if n.startswith("validation.") and "value" in c.valid):
    _case.names["value"] = _case.valid["name"]
# The methods every scaler shares, and the optimizers' step.
for _cls in ("StandardScaler", "MinMaxScaler", "RobustScaler", "Whitener", "Identity"):
    for _name, _arg in (("fit", "X"), ("transform", "X"), ("fit_transform", "X"), ("inverse_transform", "Z"),
                        ("mse_in_original_units", "mse")):
        _make = (lambda c=_cls: getattr(m("scalers"), c)()) if _name in ("fit", "fit_transform") else \
            (lambda c=_cls, k=1 if _name == "mse_in_original_units" else 2: fitted(c, k).make())
        CASES[f"scalers.{_cls}.{_name}"] = Case(
            (lambda name=_name, make=_make: lambda **k: getattr(make(), name)(**k))(),
            {_arg: [0.1, 0.2] if _name == "mse_in_original_units" else np.array([[1.0, 2.0], [3.0, 1.0],
                                                                                 [2.0, 5.0]])},
            {"mse": {"0": "a loss of 0", "NaN": "a diverged run's loss curve is converted as it is",
                     "inf": "a diverged run's loss curve is converted as it is",
                     "a (2, 3, 4) array": "a loss curve of any shape", "an empty array": "no losses"}}
            if _name == "mse_in_original_units" else {})
for _cls, _args in (("SGD", dict(lr=0.1, momentum=0.9)), ("AdaGrad", dict(lr=0.1)), ("RMSProp", dict(lr=0.1)),
                    ("Adam", dict(lr=0.1))):
    CASES[f"optimizers.{_cls}.step"] = Case(
        (lambda c=_cls, a=_args: lambda **k: getattr(m("optimizers"), c)(**a).step(**k))(),
        dict(params=[1.0, 2.0], grads=[0.5, -0.5]),
        {"params": {"0": "a parameter at 0", "-1": "a parameter at -1", "a (2, 3, 4) array": "any shape"},
         "grads": {"0": "a zero gradient", "-1": "a gradient of -1"}})

# Methods with no argument but self, and functions the other tables exempt, have nothing to fuzz.
NOTHING_TO_FUZZ = {"autograd.Value." + n for n in ("exp", "log", "tanh", "sigmoid", "relu", "nodes", "backward",
                                                  "zero_grad")} | {"normalization.BatchNorm1d.train",
                                                                     "normalization.BatchNorm1d.eval"} | {
    f"scalers.{c}" for c in ("StandardScaler", "RobustScaler", "Whitener", "Identity")}


def public_targets() -> list[str]:
    """Every public function and class of course_lib (tests/test_bad_input.py's list, without its
    exemptions), every public method of those classes, and the quizzes' functions."""
    targets = []
    for module, name in public_callables():
        if (module, name) in EXEMPT:
            continue
        targets.append(f"{module}.{name}")
        value = getattr(m(module), name)
        if inspect.isclass(value):
            for attribute, member in inspect.getmembers(value, inspect.isfunction):
                if (not attribute.startswith("_") or attribute in ("__call__", "__pow__")) \
                        and member.__module__.startswith("course_lib"):
                    targets.append(f"{module}.{name}.{attribute}")
    quizzes = m("quizzes")
    targets += [f"quizzes.{a}" for a, v in vars(quizzes).items()
                if not a.startswith("_") and inspect.isfunction(v) and v.__module__.startswith("course_lib.quizzes")]
    return targets


def test_every_public_function_and_method_has_a_valid_call_to_fuzz():
    missing = [t for t in public_targets() if t not in CASES and t not in NOTHING_TO_FUZZ]
    assert not missing, f"add a valid call for each of these to CASES: {missing}"


def _from_course_lib(error: BaseException) -> bool:
    """Whether the innermost Python frame that raised ``error`` is course_lib's own code."""
    tb = error.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and "course_lib" in Path(last).parts and not any(
        f"/site-packages/{lib}/" in last for lib in LIBRARIES)


def outcome(case: Case, argument: str, bad: Any) -> tuple[str, str]:
    """("clear" | "deep" | "silent", what happened) for ``case`` with ``argument`` set to ``bad``."""
    import matplotlib.pyplot as plt

    kwargs = {k: (v.make() if isinstance(v, Fresh) else v) for k, v in case.valid.items()}
    kwargs[argument] = bad
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.call(**kwargs)
    except (ValueError, TypeError, OSError) as error:
        message = str(error)
        called = case.names.get(argument, argument)
        named = called in message or called.lower() in message.lower() or (
            isinstance(error, OSError) and isinstance(bad, str) and bad in message)  # the missing file, by name
        if named and _from_course_lib(error):
            return "clear", message
        return "deep", f"{type(error).__name__}: {message[:160]}"
    except Exception as error:  # noqa: BLE001 (the point is to catch what should not escape)
        return "deep", f"{type(error).__name__}: {str(error)[:160]}"
    finally:
        plt.close("all")
    return "silent", "accepted"


def bad_calls(name: str) -> list[tuple[str, str, Any]]:
    case = CASES[name]
    return [(argument, key, value) for argument in case.valid for key, value in BAD.items()
            if key not in case.accepted.get(argument, {})
            and not (key == "None" and case.valid[argument] is None)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_bad_value_of_every_argument_gets_a_clear_error(name, capsys):
    # the valid call itself must succeed, or the table is wrong, not the function
    case = CASES[name]
    case.call(**{k: (v.make() if isinstance(v, Fresh) else v) for k, v in case.valid.items()})
    problems = []
    for argument, key, value in bad_calls(name):
        verdict, detail = outcome(case, argument, value)
        if verdict != "clear":
            problems.append(f"{argument}={key}: {verdict}: {detail}")
    capsys.readouterr()
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def counts() -> Counter[str]:
    """The figure issue 37 asks for: of all bad calls, how many get a clear error
    (`python tests/test_fuzz_every_argument.py` prints it; the test above fails on any other)."""
    tally: Counter[str] = Counter()
    for name in sorted(CASES):
        for argument, key, value in bad_calls(name):
            tally[outcome(CASES[name], argument, value)[0]] += 1
    return tally


if __name__ == "__main__":
    tally = counts()
    print(f"fuzz of {len(CASES)} functions and methods: {sum(tally.values())} bad calls, {tally['clear']} clear, "
          f"{tally['deep']} deep, {tally['silent']} silent")
