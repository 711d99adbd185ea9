"""Every public course_lib function, handed its numeric arguments in every form a learner
might have them, and spoiled in every way a learner might spoil them (property-based, with
hypothesis).

Valid in another form (float32, a JAX array, a torch tensor that requires grad, a list, a
NumPy scalar): the function must accept it and give what it gives for the plain float64
value, up to float32 rounding. Spoiled (complex, NaN or inf somewhere, text, None, a bool,
a ragged list, a fraction where a count is due): it must raise ValueError or TypeError with
a message that names the argument, never a NaN, a silent truncation or a traceback from deep
inside NumPy, JAX or torch. A meta-test fails when a public function has no probe here and no
reason to be exempt. (tests/test_bad_input.py holds one hand-written bad call per function.)
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from test_bad_input import EXEMPT, public_callables

R = np.random.default_rng(0)
X43 = R.normal(size=(4, 3))
SQUARE = np.array([[3.0, 1.0], [1.0, 2.0]])
IMAGES = R.uniform(size=(3, 4, 4))


def m(name):
    return importlib.import_module(f"course_lib.{name}")


# (module, function): [(argument, kind, valid value, call(value) -> result)], kind one of
# "array", "float", "int", "labels" (integer arrays).
PROBES = {
    ("activations", "activation"): [("x", "array", [-1.0, 0.5, 2.0], lambda v: m("activations").activation("tanh", v))],
    ("activations", "derivative"): [("x", "array", [-1.0, 0.5, 2.0], lambda v: m("activations").derivative("tanh", v))],
    ("autograd", "Value"): [("data", "float", 2.5, lambda v: (m("autograd").Value(v) * 2).data)],
    ("data", "sqrt_curve"): [("x", "array", [0.1, 0.5, 2.0], lambda v: m("data").sqrt_curve(v)),
                             ("amplitude", "float", 0.15, lambda v: m("data").sqrt_curve([0.5], amplitude=v))],
    ("data", "make_sqrt_regression"): [("amplitude", "float", 0.2, lambda v: m("data").make_sqrt_regression(5, seed=0, amplitude=v)),
                                       ("n", "int", 5, lambda v: m("data").make_sqrt_regression(v, seed=0))],
    ("data", "make_two_unit_regression"): [("noise", "float", 0.05, lambda v: m("data").make_two_unit_regression(6, seed=0, noise=v))],
    ("interactive", "default_rates"): [("curvature", "float", 4.0, lambda v: m("interactive").default_rates(v))],
    ("stats", "paired"): [("a", "array", [0.9, 0.8, 0.7], lambda v: m("stats").paired(v, [0.8, 0.8, 0.6], "x").differences)],
    ("stats", "median_interval"): [("differences", "array", [0.3, -0.1, 0.2], lambda v: m("stats").median_interval(v))],
    ("stats", "rate"): [("successes", "int", 3, lambda v: m("stats").rate(v, 5).low)],
    ("stats", "holm"): [("p_values", "array", [0.01, 0.04, 0.2], lambda v: m("stats").holm(v))],
    ("validation", "check_int_list"): [("value", "labels", [0, 2], lambda v: m("validation").check_int_list(v, "value"))],
    ("broken_runs", "init_params"): [("seeds", "labels", [0, 2], lambda v: m("broken_runs").init_params(
        m("broken_runs").CAUSES["healthy"], v)[0][0])],
    ("broken_runs", "batch_indices"): [("steps", "int", 3, lambda v: m("broken_runs").batch_indices([0], v))],
    ("broken_runs", "data"): [("seed", "int", 1, lambda v: m("broken_runs").data(seed=v).x_train)],
    ("broken_runs", "train"): [("steps", "int", 3, lambda v: m("broken_runs").train(
        m("broken_runs").CAUSES["healthy"], [0], steps=v).losses),
                               ("split_seed", "int", 1, lambda v: m("broken_runs").train(
        m("broken_runs").CAUSES["healthy"], [0], steps=2, split_seed=v).losses)],
    ("broken_runs", "torch_network"): [("seed", "int", 2, lambda v: m("broken_runs").torch_network(v)[0].weight.detach())],
    ("diagnostics", "curve_summary"): [("losses", "array", [3.0, 2.0, 1.0], lambda v: m("diagnostics").curve_summary(v, 10)),
                                       ("classes", "int", 10, lambda v: m("diagnostics").curve_summary([3.0, 2.0], v))],
    ("diagnostics", "rms"): [("values", "array", X43, lambda v: m("diagnostics").rms(v))],
    ("diagnostics", "update_ratio"): [("before", "array", X43, lambda v: m("diagnostics").update_ratio(v, X43 * 1.1))],
    ("diagnostics", "dead_fraction"): [("h", "array", np.maximum(X43, 0), lambda v: m("diagnostics").dead_fraction(v))],
    ("diagnostics", "saturated_fraction"): [("z", "array", 5 * X43, lambda v: m("diagnostics").saturated_fraction(v, "tanh"))],
    ("diagnostics", "read_range_test"): [("losses", "array", [2.0, 1.0, 9.0], lambda v: m("diagnostics").read_range_test(
        [0.1, 0.2, 0.3], v).blowup), ("rates", "array", [0.1, 0.2, 0.3], lambda v: m("diagnostics").read_range_test(
        v, [2.0, 1.0, 9.0]).blowup)],
    ("data", "digits"): [("test_size", "float", 0.3, lambda v: m("data").digits(test_size=v).x_test.shape)],
    ("data", "one_hot"): [("labels", "labels", [0, 2, 1], lambda v: m("data").one_hot(v, 3)),
                          ("classes", "int", 3, lambda v: m("data").one_hot([0, 2], v))],
    ("descent", "gradient_descent"): [("x0", "array", [1.0, -2.0], lambda v: m("descent").gradient_descent(lambda x: x, v, lr=0.1, steps=3)),
                                      ("lr", "float", 0.1, lambda v: m("descent").gradient_descent(lambda x: x, [1.0], lr=v, steps=3))],
    ("descent", "first_below"): [("values", "array", [3.0, 2.0, 1.0, 0.5], lambda v: m("descent").first_below(v, 1.5)),
                                 ("threshold", "float", 1.5, lambda v: m("descent").first_below([3.0, 1.0], v))],
    ("initialization", "init_std"): [("fan_in", "int", 10, lambda v: m("initialization").init_std(v, "he"))],
    ("initialization", "orthogonal"): [("gain", "float", 1.5, lambda v: m("initialization").orthogonal(
        np.random.default_rng(0), 4, 3, gain=v)), ("fan_in", "int", 4, lambda v: m("initialization").orthogonal(
        np.random.default_rng(0), v, 3))],
    ("initialization", "variance_map"): [("weight_variance", "float", 2.0, lambda v: m("initialization").variance_map(
        4, v, "tanh", 1.0)), ("input_variance", "float", 1.0, lambda v: m("initialization").variance_map(4, 2.0, "tanh", v)),
        ("layers", "int", 4, lambda v: m("initialization").variance_map(v, 2.0, "tanh", 1.0))],
    ("initialization", "init_weights"): [("init", "float", 0.05, lambda v: m("initialization").init_weights(
        np.random.default_rng(0), [3, 2], v))],
    ("initialization", "init_stack"): [("seeds", "labels", [0, 2], lambda v: m("initialization").init_stack(
        v, [3, 2], "he")[0][0])],
    ("initialization", "signal_through"): [("x", "array", X43, lambda v: m("initialization").signal_through(
        [np.eye(3)], v, "relu"))],
    ("initialization", "numerical_rank"): [("matrix", "array", SQUARE, lambda v: m("initialization").numerical_rank(v)),
                                           ("rtol", "float", 1e-3, lambda v: m("initialization").numerical_rank(SQUARE, v))],
    ("initialization", "relu_network_std"): [("input_mean_square", "float", 0.5, lambda v: m("initialization").relu_network_std(
        [2, 3, 1], "he", v))],
    ("interactive", "explorer_frames"): [("lrs", "array", [0.1, 0.3], lambda v: m("interactive").explorer_frames(4.0, 3.0, v, 5)),
                                         ("x0", "float", 3.0, lambda v: m("interactive").explorer_frames(4.0, v, [0.1], 5))],
    ("interactive", "lr_explorer_html"): [("x0", "float", 3.0, lambda v: len(m("interactive").lr_explorer_html(x0=v))),
                                          ("curvature", "float", 4.0, lambda v: len(m("interactive").lr_explorer_html(curvature=v)))],
    ("interactive", "lr_explorer"): [("x0", "float", 3.0, lambda v: m("interactive").lr_explorer(x0=v))],
    ("interactive", "curve_explorer_html"): [("start", "int", 1, lambda v: len(m("interactive").curve_explorer_html(
        [{"label": "a", "series": [{"name": "s", "x": [0, 1], "y": [1.0, 2.0]}]}] * 2, slider="s", x_label="x",
        y_label="y", start=v)))],
    ("interactive", "curve_explorer"): [("start", "int", 0, lambda v: m("interactive").curve_explorer(
        [{"label": "a", "series": [{"name": "s", "x": [0, 1], "y": [1.0, 2.0]}]}], slider="s", x_label="x",
        y_label="y", start=v))],
    ("interactive", "lr_slider"): [("x0", "float", 3.0, lambda v: m("interactive").lr_slider(x0=v) and None)],
    ("linear_regression", "with_bias"): [("X", "array", X43, lambda v: m("linear_regression").with_bias(v))],
    ("linear_regression", "mse"): [("w", "array", [0.5, -1.0, 2.0], lambda v: m("linear_regression").mse(v, X43, np.ones(4)))],
    ("linear_regression", "mse_gradient"): [("X", "array", X43, lambda v: m("linear_regression").mse_gradient(np.ones(3), v, np.ones(4)))],
    ("linear_regression", "mse_hessian"): [("X", "array", X43, lambda v: m("linear_regression").mse_hessian(v))],
    ("linear_regression", "least_squares"): [("y", "array", [1.0, 2.0, 0.5, -1.0], lambda v: m("linear_regression").least_squares(X43, v))],
    ("mlp_jax", "stack_accuracy"): [("x", "array", X43[:, :2], lambda v: m("mlp_jax").stack_accuracy(small_net(classes=2), v, [0, 1, 0, 1])),
                                    ("labels", "labels", [0, 1, 0, 1],
                                     lambda v: m("mlp_jax").stack_accuracy(small_net(classes=2), X43[:, :2], v))],
    ("mlp_jax", "predict"): [("x", "array", X43[:, :2], lambda v: m("mlp_jax").predict(small_net(), v))],
    ("mlp_jax", "train_mlps"): [("lr", "float", 0.05, lambda v: m("mlp_jax").train_mlps(
        small_net(), X43[None, :, :2], np.ones((1, 4, 1)), lr=v, steps=3, optimizer="gd").losses)],
    ("mlp_jax", "sharpness"): [("x", "array", X43[None, :, :2], lambda v: m("mlp_jax").sharpness(
        small_net(), v, np.ones((1, 4, 1)), iterations=10))],
    ("normalization", "BatchNorm1d"): [("eps", "float", 1e-3, lambda v: m("normalization").BatchNorm1d(3, eps=v)(X43)),
                                       ("x", "array", X43, lambda v: m("normalization").BatchNorm1d(3)(v))],
    ("normalization", "batch_norm_backward"): [("grad_out", "array", X43, lambda v: m("normalization").batch_norm_backward(
        X43, np.ones(3), v)[0])],
    ("normalization", "group_norm"): [("x", "array", X43, lambda v: m("normalization").group_norm(v, 3))],
    ("normalization", "rms_norm"): [("x", "array", X43, lambda v: m("normalization").rms_norm(v))],
    ("normalization", "layer_norm"): [("x", "array", X43, lambda v: m("normalization").layer_norm(v))],
    ("optimizers", "SGD"): [("lr", "float", 0.1, lambda v: m("optimizers").SGD(v, momentum=0.9).step(np.ones(2), np.ones(2))),
                            ("params", "array", [1.0, 2.0], lambda v: m("optimizers").SGD(0.1).step(v, np.ones(2)))],
    ("optimizers", "AdaGrad"): [("lr", "float", 0.1, lambda v: m("optimizers").AdaGrad(v).step(np.ones(2), np.ones(2)))],
    ("optimizers", "clip_by_norm"): [("grads", "array", [3.0, -4.0], lambda v: m("optimizers").clip_by_norm(v, 1.0)),
                                     ("max_norm", "float", 1.0, lambda v: m("optimizers").clip_by_norm([3.0, -4.0], v))],
    ("optimizers", "clip_by_value"): [("grads", "array", [3.0, -0.5], lambda v: m("optimizers").clip_by_value(v, 1.0)),
                                      ("limit", "float", 1.0, lambda v: m("optimizers").clip_by_value([3.0, -0.5], v))],
    ("quadratics", "heavy_ball_rate"): [("curvatures", "array", [1.0, 10.0], lambda v: m("quadratics").heavy_ball_rate(v, 0.1, 0.5)),
                                        ("lr", "float", 0.1, lambda v: m("quadratics").heavy_ball_rate([1.0, 10.0], v, 0.5)),
                                        ("momentum", "float", 0.5, lambda v: m("quadratics").heavy_ball_rate([1.0, 10.0], 0.1, v))],
    ("optimizers", "step_sizes"): [("gradient", "float", 0.5, lambda v: m("optimizers").step_sizes(m("optimizers").Adam(0.1), v, 5)),
                                   ("steps", "int", 5, lambda v: m("optimizers").step_sizes(m("optimizers").SGD(0.1, 0.9), 1.0, v))],
    ("optimizers", "RMSProp"): [("lr", "float", 0.1, lambda v: m("optimizers").RMSProp(v).step(np.ones(2), np.ones(2)))],
    ("optimizers", "Adam"): [("grads", "array", [0.5, -1.0], lambda v: m("optimizers").Adam(0.1).step(np.ones(2), v))],
    ("plotting", "style_for"): [("index", "int", 2, lambda v: m("plotting").style_for(v)["color"])],
    ("plotting", "subplots"): [("nrows", "int", 1, lambda v: close_figure(m("plotting").subplots(v, 1)))],
    ("plotting", "plot_runs"): [("runs", "array", X43.T, lambda v: with_axes(lambda ax: m("plotting").plot_runs(
        ax, [0, 1, 2, 3], v, label="x")))],
    ("plotting", "loss_contours"): [("center", "array", [0.0, 0.0], lambda v: with_axes(lambda ax: m("plotting").loss_contours(
        ax, lambda w: (w**2).sum(axis=-1) + 1.0, v, [1.0, 1.0], points=10)))],
    ("quadratics", "contraction_factor"): [("lr", "float", 0.1, lambda v: m("quadratics").contraction_factor(4.0, v))],
    ("quadratics", "regime"): [("curvature", "float", 4.0, lambda v: m("quadratics").regime(v, 0.1))],
    ("quadratics", "max_stable_lr"): [("H", "array", SQUARE, lambda v: m("quadratics").max_stable_lr(v))],
    ("quadratics", "condition_number"): [("H", "array", SQUARE, lambda v: m("quadratics").condition_number(v))],
    ("quadratics", "steps_to_shrink"): [("factor", "float", 0.5, lambda v: m("quadratics").steps_to_shrink(v, 1e-3))],
    ("regularization", "inverted_dropout"): [("h", "array", X43, lambda v: m("regularization").inverted_dropout(
        v, 0.3, np.random.default_rng(1))), ("p", "float", 0.3, lambda v: m("regularization").inverted_dropout(
        X43, v, np.random.default_rng(1)))],
    ("regularization", "smooth_labels"): [("eps", "float", 0.1, lambda v: m("regularization").smooth_labels(np.eye(3), v))],
    ("regularization", "mixup"): [("lam", "float", 0.7, lambda v: m("regularization").mixup(X43, np.eye(4), v, [1, 0, 3, 2])),
                                  ("perm", "labels", [1, 0, 3, 2], lambda v: m("regularization").mixup(X43, np.eye(4), 0.7, v))],
    ("regularization", "cutmix"): [("images", "array", IMAGES, lambda v: m("regularization").cutmix(v, np.eye(3), (1, 1, 2, 2), [2, 0, 1]))],
    ("regularization", "shift_images"): [("images", "array", IMAGES, lambda v: m("regularization").shift_images(v, 1, -1)),
                                         ("rows", "labels", [1, 0, -1], lambda v: m("regularization").shift_images(IMAGES, v, 0))],
    ("scalers", "MinMaxScaler"): [("X", "array", X43, lambda v: m("scalers").MinMaxScaler().fit(v).transform(X43))],
    ("scalers", "StandardScaler"): [("X", "array", X43, lambda v: m("scalers").StandardScaler().fit(X43).transform(v))],
    ("scalers", "RobustScaler"): [("X", "array", X43, lambda v: m("scalers").RobustScaler().fit(v).transform(X43))],
    ("scalers", "Whitener"): [("X", "array", X43, lambda v: m("scalers").Whitener().fit(X43).transform(v))],
    ("scalers", "Identity"): [("X", "array", X43, lambda v: m("scalers").Identity().fit(v).transform(v))],
    ("schedules", "constant"): [("lr", "float", 0.1, lambda v: m("schedules").constant(v, 5))],
    ("schedules", "step_decay"): [("factor", "float", 0.5, lambda v: m("schedules").step_decay(0.1, 6, every=2, factor=v))],
    ("schedules", "cosine"): [("final_lr", "float", 0.01, lambda v: m("schedules").cosine(0.1, 6, final_lr=v))],
    ("schedules", "warmup_cosine"): [("lr", "float", 0.1, lambda v: m("schedules").warmup_cosine(v, 6, warmup=2)),
                                     ("warmup", "int", 2, lambda v: m("schedules").warmup_cosine(0.1, 6, warmup=v))],
    ("seeding", "set_seed"): [("seed", "int", 3, lambda v: m("seeding").set_seed(v, torch=False) is not None)],
    ("seeding", "draw_seed"): [("base", "int", 3, lambda v: m("seeding").draw_seed(v))],
    ("softmax_regression", "learning_curve"): [("lr", "float", 1.0, lambda v: m("softmax_regression").learning_curve(
        X43, [0, 1, 0, 1], X43, [1, 0, 1, 0], sizes=[2, 4], seeds=[0, 1], lr=v, steps=5))],
    ("softmax_regression", "softmax"): [("z", "array", X43, lambda v: m("softmax_regression").softmax(v))],
    ("softmax_regression", "train"): [("x", "array", X43, lambda v: m("softmax_regression").train(
        v, np.eye(2)[[0, 1, 1, 0]], batch=2, rates=[0.1], seeds=[0], epochs=2).losses),
        ("init_std", "float", 0.1, lambda v: m("softmax_regression").train(
            X43, np.eye(2)[[0, 1, 1, 0]], batch=2, rates=[0.1], seeds=[0], epochs=2, init_std=v).losses)],
    ("validation", "as_float_array"): [("value", "array", X43, lambda v: m("validation").as_float_array(v, "value"))],
    ("validation", "as_real"): [("value", "float", 0.25, lambda v: m("validation").as_real(v, "value"))],
    ("validation", "check_positive_float"): [("value", "float", 0.25, lambda v: m("validation").check_positive_float(v, "value"))],
    ("validation", "check_nonnegative_float"): [("value", "float", 0.25, lambda v: m("validation").check_nonnegative_float(v, "value"))],
    ("validation", "check_probability"): [("value", "float", 0.25, lambda v: m("validation").check_probability(v, "value"))],
    ("validation", "check_positive_int"): [("value", "int", 4, lambda v: m("validation").check_positive_int(v, "value"))],
}
# Spoils that are valid for one argument: a diverged run's losses hold NaN and inf.
ALLOWED = {(("descent", "first_below"), "values"): {"NaN", "inf"}, (("plotting", "plot_runs"), "runs"): {"NaN", "inf"},
           # the instruments read diverged runs too: an overflowed loss or weight is data there
           **{(("diagnostics", f), a): {"NaN", "inf"} for f, a in (
               ("curve_summary", "losses"), ("rms", "values"), ("update_ratio", "before"), ("dead_fraction", "h"),
               ("saturated_fraction", "z"), ("read_range_test", "losses"))}}
# Public callables without a numeric argument to probe, and why.
NO_PROBE = {
    ("claims", "claim"): "takes text and a truth value; NaN and array truth values are tested in test_core",
    ("claims", "fit_column"): "takes text only; wrapping is tested in test_core",
    ("stats", "holm_table"): "takes a dict of stats.Paired, no numbers; its refusals are tested in test_stats",
    ("claims", "printed_claims"): "takes text only; reading claims back is tested in test_core",
    ("claims", "display_width"): "takes text only; Hangul's two columns are tested in test_i18n",
    ("i18n", "translate"): "takes text only; templates, pieces and fallbacks are tested in test_i18n",
    ("i18n", "catalog"): "takes a language code; the catalog itself is tested in test_translations",
    ("i18n", "read_po"): "takes a path; fuzzy, multi-line and empty entries are tested in test_i18n",
    ("i18n", "N_"): "takes text only and gives it back",
    ("i18n", "particle"): "takes text only; the particles' forms are tested in test_i18n",
    ("i18n", "translate_lines"): "takes text only; lines and padded columns are tested in test_i18n",
    ("i18n", "translate_figure"): "takes a figure; its texts' translation is tested in test_i18n",
    ("i18n", "untranslated"): "takes texts only; tested in test_i18n",
    ("mlp_jax", "stack_runs"): "checks a structure of arrays; its bad structures are in test_bad_input",
    ("mlp_jax", "init_mlp"): "takes a JAX key and layer sizes; bad keys are in test_bad_input and test_mlp_jax",
    ("mlp_jax", "init_mlps"): "takes JAX keys and layer sizes; bad keys are in test_bad_input and test_mlp_jax",
    ("mnist", "load_idx"): "takes a file path",
    ("optimizers", "library_gaps"): "takes optimizers by name; its arrays go through as_float_array, probed here; "
                                    "each call compiles every optax optimizer (tested in test_optimizers)",
    ("broken_runs", "readings"): "takes a Run that broken_runs.train built; its checks are in test_bad_input",
    ("broken_runs", "reference"): "takes a Recipe; its checks are in test_bad_input",
    ("broken_runs", "diagnose"): "takes two Readings that broken_runs.readings built; its checks are in test_bad_input",
    ("mnist", "load_mnist"): "takes a folder",
    ("plotting", "figure_bundle"): "takes a figure and its alt text",
    ("plotting", "draw_graph"): "takes axes and a Value graph, no numbers; a wrong root is in test_bad_input",
    ("plotting", "show"): "takes a figure and its alt text",
    ("regularization", "train_regularized"): "its arrays go through as_float_array, probed here; one run compiles for minutes",
    ("regularization", "accuracy"): "its arrays go through as_float_array, probed here; needs a trained stack",
    ("regularization", "evaluate"): "its arrays go through as_float_array, probed here; needs a trained stack",
    ("softmax_regression", "cross_entropy"): "its arrays go through as_float_array, probed here",
    ("softmax_regression", "accuracy"): "its arrays go through as_float_array, probed here; needs a trained fit",
    ("validation", "check_choice"): "takes a name among choices",
    ("validation", "check_bool"): "takes True or False; numbers, text and arrays are refused in test_bad_input",
    ("validation", "check_text"): "takes text; numbers, arrays and None are refused in test_bad_input",
    ("validation", "check_axes"): "takes matplotlib axes; other objects are refused in test_bad_input",
    ("runs", "in_chunks"): "takes a function and stacks of runs; its count is checked in test_bad_input",
}


def small_net(classes=1):
    import jax
    return m("mlp_jax").init_mlps(jax.random.split(jax.random.key(0), 1), [2, 3, classes])


def with_axes(draw):
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    try:
        draw(ax)
        return len(ax.lines) + len(ax.collections)
    finally:
        plt.close(fig)


def close_figure(figure_and_axes):
    import matplotlib.pyplot as plt
    plt.close(figure_and_axes[0])
    return np.shape(figure_and_axes[1])


def test_every_public_function_is_probed_or_exempt_with_a_reason():
    missing = [c for c in public_callables() if c not in PROBES and c not in NO_PROBE and c not in EXEMPT]
    assert not missing, f"add probes for {missing} to PROBES (or a reason to NO_PROBE)"


def torch_tensor(value, dtype_name, grad):
    import torch
    tensor = torch.tensor(np.asarray(value), dtype=getattr(torch, dtype_name))
    return tensor.requires_grad_() if grad else tensor


def jax_array(value, dtype):
    import jax.numpy as jnp
    return jnp.asarray(np.asarray(value), dtype=dtype)


VALID_FORMS = {
    "array": {"float32": lambda v: np.asarray(v, np.float32), "jax": lambda v: jax_array(v, "float32"),
              "torch with grad": lambda v: torch_tensor(v, "float64", True), "list": lambda v: np.asarray(v).tolist()},
    "float": {"np.float32": np.float32, "np.float64": np.float64, "jax": lambda v: jax_array(v, "float32"),
              "torch with grad": lambda v: torch_tensor(v, "float64", True), "0-d array": np.asarray},
    "int": {"np.int64": np.int64, "np.int32": np.int32},
    "labels": {"int32": lambda v: np.asarray(v, np.int32), "jax": lambda v: jax_array(v, "int32"),
               "torch": lambda v: torch_tensor(v, "int64", False), "tuple": tuple},
}


def spoil_array(v, how, where):
    a = np.array(v, dtype=float)
    if how in ("NaN", "inf"):
        a.flat[where % a.size] = np.nan if how == "NaN" else np.inf
        return a
    return {"complex": a + 1j, "text": "0.5", "None": None, "ragged": [[1.0, 2.0], [3.0]]}[how]


BAD = {
    "array": ["complex", "NaN", "inf", "text", "None", "ragged"],
    "float": ["complex", "NaN", "inf", "text", "None", "bool"],
    "int": ["fraction", "text", "None", "bool", "NaN"],
    "labels": ["complex", "NaN", "text", "None", "fraction"],
}


def spoil(kind, v, how, where):
    if kind in ("array", "labels") and how not in ("fraction",):
        return spoil_array(v, how, where)
    if how == "fraction":
        return np.asarray(v) + 0.5
    return {"complex": complex(v, 1.0), "NaN": float("nan"), "inf": float("inf"), "text": str(v),
            "None": None, "bool": True}[how]


PROBE_LIST = [(where, *probe) for where, probes in PROBES.items() for probe in probes]
PROBE_IDS = [f"{w[0]}.{w[1]}({p[0]})" for w, *p in PROBE_LIST]


def numbers(result):
    """The numbers in a result, flattened: arrays, scalars, tuples, lists, dicts."""
    if isinstance(result, dict):
        return numbers(list(result.values()))
    if isinstance(result, (list, tuple)):
        return np.concatenate([numbers(r) for r in result] or [np.zeros(0)])
    if isinstance(result, (str, bool, type(None))):
        return np.zeros(0)
    array = np.asarray(result, dtype=float)
    return array.ravel()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_valid_value_in_another_form_gives_the_same_result(data):
    where, argument, kind, value, call = data.draw(st.sampled_from(PROBE_LIST), label="probe")
    form = data.draw(st.sampled_from(sorted(VALID_FORMS[kind])), label="form")
    expected = numbers(call(value))
    got = numbers(call(VALID_FORMS[kind][form](value)))
    assert got.shape == expected.shape, f"{where} with {argument} as {form}"
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6, err_msg=f"{where} with {argument} as {form}")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_spoiled_value_gets_a_clear_error_that_names_the_argument(data):
    where, argument, kind, value, call = data.draw(st.sampled_from(PROBE_LIST), label="probe")
    how = data.draw(st.sampled_from(BAD[kind]), label="spoiled by")
    assume(how not in ALLOWED.get((where, argument), ()))
    bad = spoil(kind, value, how, data.draw(st.integers(0, 100), label="index"))
    with pytest.raises((ValueError, TypeError)) as error:
        call(bad)
    message = str(error.value)
    assert argument in message or argument.lower() in message.lower(), (
        f"{where}: {argument} {how} gave {type(error.value).__name__}: {message}")
    assert not error.traceback[-1].path.as_posix().split("/site-packages/")[-1].startswith(("numpy", "jax", "torch")), (
        f"{where}: {argument} {how} raised from inside a library: {message}")
