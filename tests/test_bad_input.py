"""Every public function of course_lib answers bad input with a clear error that names what was
wrong, never a NaN or a traceback from deep inside NumPy or JAX. The table below holds one bad
call per public function; a meta-test fails when a public function is missing from it."""

import importlib
import inspect

import numpy as np
import pytest

import course_lib

NAN = np.array([[1.0], [np.nan]])

# (module, function): (a bad call, a fragment the error message must contain)
BAD_CALLS = {
    ("activations", "activation"): (lambda m: m.activation("swish", [1.0]), "activation must be one of"),
    ("activations", "derivative"): (lambda m: m.derivative("relu", [np.nan]), "NaN"),
    ("autograd", "Value"): (lambda m: m.Value("three"), "number"),
    ("broken_runs", "data"): (lambda m: m.data("scaled"), "inputs must be one of"),
    ("broken_runs", "init_params"): (lambda m: m.init_params(m.CAUSES["healthy"], [-1]), "seeds must be"),
    ("broken_runs", "batch_indices"): (lambda m: m.batch_indices([0], 0), "steps must be"),
    ("broken_runs", "train"): (lambda m: m.train({"lr": 0.1}), "recipe must be"),
    ("broken_runs", "readings"): (lambda m: m.readings(None), "run must be"),
    ("broken_runs", "torch_network"): (lambda m: m.torch_network(-1), "seed must be"),
    ("broken_runs", "reference"): (lambda m: m.reference(m.Recipe(hidden=[32])), "recipe.hidden must be"),
    ("broken_runs", "diagnose"): (lambda m: m.diagnose(None, None), "r must be"),
    ("diagnostics", "curve_summary"): (lambda m: m.curve_summary([1.0], 10), "at least 2 steps"),
    ("diagnostics", "rms"): (lambda m: m.rms([1.0, 2.0]), "values must be a non-empty matrix"),
    ("diagnostics", "update_ratio"): (lambda m: m.update_ratio(np.zeros((2, 2)), np.ones((2, 2))), "all zeros"),
    ("diagnostics", "dead_fraction"): (lambda m: m.dead_fraction(np.ones(3)), "h must be a non-empty matrix"),
    ("diagnostics", "saturated_fraction"): (lambda m: m.saturated_fraction(np.ones((2, 2)), "relu"),
                                            "activation must be one of"),
    ("diagnostics", "read_range_test"): (lambda m: m.read_range_test([0.1, 0.01], [1.0, 2.0]), "increasing"),
    ("claims", "claim"): (lambda m: m.claim("", True), "statement"),
    ("claims", "fit_column"): (lambda m: m.fit_column(["a list", "of lines"]), "text"),
    ("claims", "printed_claims"): (lambda m: m.printed_claims(None), "text"),
    ("claims", "display_width"): (lambda m: m.display_width(12), "text must be"),
    ("i18n", "translate"): (lambda m: m.translate(["a", "list"]), "text must be"),
    ("i18n", "catalog"): (lambda m: m.catalog("fr"), "lang must be one of"),
    ("i18n", "read_po"): (lambda m: m.read_po(__import__("pathlib").Path("no/such/catalog.po")), "catalog.po"),
    ("i18n", "N_"): (lambda m: m.N_(3), "text must be"),
    ("i18n", "particle"): (lambda m: m.particle("가중치", "을"), "paired must be one of"),
    ("i18n", "translate_lines"): (lambda m: m.translate_lines(b"bytes"), "text must be"),
    ("i18n", "translate_figure"): (lambda m: m.translate_figure(None), "fig must be a matplotlib Figure"),
    ("i18n", "untranslated"): (lambda m: m.untranslated("one text"), "texts must be a list"),
    ("interactive", "default_rates"): (lambda m: m.default_rates(-4.0), "curvature"),
    ("runs", "in_chunks"): (lambda m: m.in_chunks(print, 0, ()), "runs"),
    ("stats", "paired"): (lambda m: m.paired([0.9, 0.8, 0.7], [0.8, 0.7], "dropout − none"), "same seeds"),
    ("stats", "median_interval"): (lambda m: m.median_interval([[1.0, 2.0]]), "differences"),
    ("stats", "rate"): (lambda m: m.rate(51, 50), "cannot exceed"),
    ("stats", "holm"): (lambda m: m.holm([0.01, 1.2]), "p_values"),
    ("stats", "holm_table"): (lambda m: m.holm_table({"accuracy": {"dropout": 0.3}}), "groups"),
    ("data", "sqrt_curve"): (lambda m: m.sqrt_curve([-1.0]), "x must be >= 0"),
    ("data", "make_sqrt_regression"): (lambda m: m.make_sqrt_regression(0, seed=1), "n must be"),
    ("data", "make_two_unit_regression"): (lambda m: m.make_two_unit_regression(10, seed=1, unit_ratio=-2), "unit_ratio"),
    ("data", "digits"): (lambda m: m.digits(test_size=2.0), "test_size"),
    ("data", "one_hot"): (lambda m: m.one_hot(np.array([0, 5]), 3), "labels must lie"),
    ("descent", "gradient_descent"): (lambda m: m.gradient_descent(lambda x: x, [1.0], lr=-0.1, steps=3), "lr must be"),
    ("descent", "first_below"): (lambda m: m.first_below([[1.0, 0.2]], 0.5), "1-D"),
    ("initialization", "init_std"): (lambda m: m.init_std(10, "glorot"), "init must be one of"),
    ("initialization", "init_weights"): (lambda m: m.init_weights(0, [3, 3], "he"), "rng must be"),
    ("initialization", "init_stack"): (lambda m: m.init_stack([-1], [3, 3], "he"), "seeds must be"),
    ("initialization", "signal_through"): (lambda m: m.signal_through([np.ones((3, 2))], np.ones((2, 2)), "relu"), "rows"),
    ("initialization", "orthogonal"): (lambda m: m.orthogonal(np.random.default_rng(0), 3, 0), "fan_out must be"),
    ("initialization", "variance_map"): (lambda m: m.variance_map(3, 1.0, "swish", 1.0), "activation must be one of"),
    ("initialization", "numerical_rank"): (lambda m: m.numerical_rank(np.ones(3)), "2-D"),
    ("initialization", "relu_network_std"): (lambda m: m.relu_network_std([4], "he", 1.0), "at least two"),
    ("interactive", "explorer_frames"): (lambda m: m.explorer_frames(-1.0, 3.0, [0.1], 5), "curvature"),
    ("interactive", "lr_explorer_html"): (lambda m: m.lr_explorer_html(curvature=-1.0), "curvature"),
    ("interactive", "lr_explorer"): (lambda m: m.lr_explorer(curvature=-1.0), "curvature"),
    ("interactive", "curve_explorer_html"): (lambda m: m.curve_explorer_html([], slider="s", x_label="x",
                                                                             y_label="y"), "non-empty"),
    ("interactive", "curve_explorer"): (lambda m: m.curve_explorer([{"label": 1}], slider="s", x_label="x",
                                                                   y_label="y"), "text 'label'"),
    ("interactive", "lr_slider"): (lambda m: m.lr_slider(curvature=-1.0), "curvature"),
    ("linear_regression", "with_bias"): (lambda m: m.with_bias(NAN), "NaN"),
    ("linear_regression", "mse"): (lambda m: m.mse(np.ones(3), np.ones((4, 2)), np.ones(4)), "one weight per column"),
    ("linear_regression", "mse_gradient"): (lambda m: m.mse_gradient(np.ones(3), np.ones((4, 2)), np.ones(4)), "one weight per column"),
    ("linear_regression", "mse_hessian"): (lambda m: m.mse_hessian(np.ones(4)), "2-D"),
    ("linear_regression", "least_squares"): (lambda m: m.least_squares(np.ones((4, 2)), np.ones(3)), "must match"),
    ("mlp_jax", "init_mlp"): (lambda m: m.init_mlp(None, [1], "he"), "sizes must list"),
    ("mlp_jax", "init_mlps"): (lambda m: m.init_mlps(None, [1, 2], "glorot"), "init must be one of"),
    ("mlp_jax", "predict"): (lambda m: m.predict(None, NAN), "NaN"),
    ("mlp_jax", "train_mlps"): (lambda m: m.train_mlps(None, np.ones((2, 2)), np.ones((2, 2)), lr=0.1, steps=2), "3-D"),
    ("mlp_jax", "stack_accuracy"): (lambda m: m.stack_accuracy(None, np.ones((2, 2)), [0, 1]), "params must be"),
    ("mlp_jax", "stack_runs"): (lambda m: m.stack_runs([(np.ones((2, 3)), np.ones(3))]), "(runs, fan_in, fan_out)"),
    ("mlp_jax", "sharpness"): (lambda m: m.sharpness(None, np.ones((2, 2)), np.ones((2, 2))), "3-D"),
    ("mnist", "load_idx"): (lambda m: m.load_idx("/nonexistent/train-images-idx3-ubyte"), "/nonexistent"),
    ("mnist", "load_mnist"): (lambda m: m.load_mnist("/nonexistent"), "/nonexistent"),
    ("normalization", "BatchNorm1d"): (lambda m: m.BatchNorm1d(0), "features must be"),
    ("normalization", "batch_norm_backward"): (lambda m: m.batch_norm_backward(np.ones((4, 2)), np.ones(3),
                                                                                np.ones((4, 2))), "one value per feature"),
    ("normalization", "group_norm"): (lambda m: m.group_norm(np.ones((2, 6)), 4), "groups must divide"),
    ("normalization", "rms_norm"): (lambda m: m.rms_norm(np.ones(3)), "2-D"),
    ("normalization", "layer_norm"): (lambda m: m.layer_norm(np.ones(3)), "2-D"),
    ("optimizers", "SGD"): (lambda m: m.SGD(0.1, momentum=1.5), "momentum"),
    ("optimizers", "RMSProp"): (lambda m: m.RMSProp(-0.1), "lr must be"),
    ("optimizers", "AdaGrad"): (lambda m: m.AdaGrad(0.1, eps=0.0), "eps must be"),
    ("optimizers", "clip_by_norm"): (lambda m: m.clip_by_norm(np.ones(3), -1.0), "max_norm must be"),
    ("optimizers", "clip_by_value"): (lambda m: m.clip_by_value(NAN, 1.0), "NaN"),
    ("optimizers", "step_sizes"): (lambda m: m.step_sizes(m.SGD(0.1), 1.0, 0), "steps must be"),
    ("optimizers", "library_gaps"): (lambda m: m.library_gaps({"SGD": m.SGD(0.1)}, {}, {}, np.eye(2), [1.0, 1.0]),
                                     "torch_optimizers must be"),
    ("optimizers", "Adam"): (lambda m: m.Adam(0.1, betas=(0.9, 1.0)), "betas[1]"),
    ("plotting", "subplots"): (lambda m: m.subplots(0, 1), "nrows must be an integer"),
    ("plotting", "style_for"): (lambda m: m.style_for("first"), "index"),
    ("plotting", "plot_runs"): (lambda m: m.plot_runs(None, [1, 2], np.ones(3), label="x"), "runs must have shape"),
    ("plotting", "figure_bundle"): (lambda m: m.figure_bundle(None, "fig"), "alt must describe"),
    ("plotting", "show"): (lambda m: m.show(m.subplots()[0], ""), "alt must describe"),
    ("plotting", "draw_graph"): (lambda m: m.draw_graph(None, 3.0), "root must be"),
    ("plotting", "loss_contours"): (lambda m: m.loss_contours(None, None, [0, 0], [1]), "span"),
    ("quadratics", "contraction_factor"): (lambda m: m.contraction_factor(1.0, -0.1), "lr"),
    ("quadratics", "regime"): (lambda m: m.regime(np.nan, 0.1), "curvature"),
    ("quadratics", "max_stable_lr"): (lambda m: m.max_stable_lr(-2.0), "must be a finite number > 0"),
    ("quadratics", "condition_number"): (lambda m: m.condition_number(np.ones((2, 3))), "square"),
    ("quadratics", "heavy_ball_rate"): (lambda m: m.heavy_ball_rate([1.0, 10.0], 0.1, 1.0), "momentum must be in"),
    ("quadratics", "steps_to_shrink"): (lambda m: m.steps_to_shrink(1.5, 1e-3), "factor"),
    ("regularization", "inverted_dropout"): (lambda m: m.inverted_dropout(np.ones(3), 0.5, None), "rng must be a NumPy random generator"),
    ("regularization", "smooth_labels"): (lambda m: m.smooth_labels(np.ones((2, 2)), 0.1), "one-hot"),
    ("regularization", "mixup"): (lambda m: m.mixup(np.ones((2, 2)), np.eye(2), 2.0, [1, 0]), "lam must satisfy"),
    ("regularization", "cutmix"): (lambda m: m.cutmix(np.ones((2, 4, 4)), np.eye(2), (3, 3, 2, 2), [1, 0]), "does not fit"),
    ("regularization", "shift_images"): (lambda m: m.shift_images(np.ones((2, 4)), 1, 1), "3-D"),
    ("regularization", "train_regularized"): (lambda m: m.train_regularized(None, np.ones((2, 5)), np.ones((2, 2)),
                                                                           np.ones((1, 5)), [0], [], seeds=[], steps=10),
                                              "not a square"),
    ("regularization", "accuracy"): (lambda m: m.accuracy(None, NAN, [0, 1], NAN, []), "NaN"),
    ("regularization", "evaluate"): (lambda m: m.evaluate(None, NAN, [0, 1], NAN, []), "NaN"),
    ("scalers", "MinMaxScaler"): (lambda m: m.MinMaxScaler().transform([[1.0]]), "fit"),
    ("scalers", "StandardScaler"): (lambda m: m.StandardScaler().fit([[1.0], [1.0]]), "constant"),
    ("scalers", "RobustScaler"): (lambda m: m.RobustScaler().fit(np.ones((5, 1))), "constant"),
    ("scalers", "Whitener"): (lambda m: m.Whitener().transform([[1.0]]), "fit"),
    ("scalers", "Identity"): (lambda m: m.Identity().fit(NAN), "NaN"),
    ("schedules", "constant"): (lambda m: m.constant(0.1, steps=0), "steps must be"),
    ("schedules", "step_decay"): (lambda m: m.step_decay(0.1, steps=10, every=0, factor=0.5), "every must be"),
    ("schedules", "cosine"): (lambda m: m.cosine(-0.1, steps=10), "lr must be"),
    ("schedules", "warmup_cosine"): (lambda m: m.warmup_cosine(0.1, steps=10, warmup=20), "warmup"),
    ("seeding", "set_seed"): (lambda m: m.set_seed(-1), "seed"),
    ("seeding", "draw_seed"): (lambda m: m.draw_seed([3, 100_003]), "base"),
    ("softmax_regression", "softmax"): (lambda m: m.softmax(np.array([1.0, np.nan])), "NaN"),
    ("softmax_regression", "cross_entropy"): (lambda m: m.cross_entropy(np.ones((1, 1, 3)), np.ones((1, 3)), NAN, np.eye(3)[:2]), "NaN"),
    ("softmax_regression", "train"): (lambda m: m.train(np.ones((4, 2)), np.eye(2)[[0, 1, 0]], batch=2, rates=[0.1],
                                                        seeds=[0], epochs=1), "examples"),
    ("softmax_regression", "learning_curve"): (lambda m: m.learning_curve(np.ones((4, 2)), [0, 1, 0, 1], np.ones((2, 2)),
                                                                          [0, 1], sizes=[8], seeds=[0], lr=1.0, steps=5),
                                               "only 4 examples"),
    ("softmax_regression", "accuracy"): (lambda m: m.accuracy(None, NAN, [0, 1]), "NaN"),
    ("validation", "as_float_array"): (lambda m: m.as_float_array("abc", "x"), "x must be"),
    ("validation", "check_positive_int"): (lambda m: m.check_positive_int(1.5, "steps"), "steps must be"),
    ("validation", "check_positive_float"): (lambda m: m.check_positive_float(-1, "lr"), "lr must be"),
    ("validation", "check_choice"): (lambda m: m.check_choice("x", "kind", ("a",)), "kind must be one of"),
    ("validation", "as_real"): (lambda m: m.as_real(1 + 2j, "lr"), "lr must be a real number"),
    ("validation", "check_nonnegative_float"): (lambda m: m.check_nonnegative_float(np.nan, "lr"), "lr must be"),
    ("validation", "check_probability"): (lambda m: m.check_probability(np.float32(1.0), "p"), "0 <= p < 1"),
    ("validation", "check_bool"): (lambda m: m.check_bool(np.ones(3), "log"), "log must be True or False"),
    ("validation", "check_text"): (lambda m: m.check_text(3, "label"), "label must be text"),
    ("validation", "check_axes"): (lambda m: m.check_axes(None), "ax must be a matplotlib Axes"),
    ("validation", "check_int_list"): (lambda m: m.check_int_list([0, 1.5], "seeds"), "each of seeds must be"),
}

# Public names that take no input a learner could get wrong, or that run inside jax.jit where
# checks would break tracing (their callers validate), or that are result types and errors.
EXEMPT = {
    ("plotting", "use_style"): "takes no arguments",
    ("mlp_jax", "mlp_apply"): "called inside jax.jit by train_mlps, which validates its inputs",
    ("mlp_jax", "loss_value"): "called inside jax.jit by train_mlps, which validates its inputs",
    ("runs", "workers"): "takes no arguments",
    ("i18n", "language"): "takes no arguments (it reads COURSE_LANG, falling back to English)",
    ("i18n", "install_print"): "takes no arguments (import course_lib calls it in a translated edition)",
    ("seeding", "draw"): "takes no arguments (it reads COURSE_DRAW; a wrong value is refused by name: test_core)",
    ("runtime", "device_setting"): "takes no arguments (it reads COURSE_DEVICE; a wrong value is refused by name: test_runtime)",
    ("runtime", "apply_policy"): "takes no arguments (it reads COURSE_DEVICE)",
    ("runtime", "processor"): "takes no arguments",
    ("runtime", "jax_device"): "takes no arguments",
    ("runtime", "describe"): "takes no arguments",
    ("stats", "Paired"): "a result record that stats.paired builds from checked input",
    ("stats", "Rate"): "a result record that stats.rate builds from checked input",
    ("stats", "HolmTable"): "a result record that stats.holm_table builds from checked input",
    ("validation", "to_numpy"): "a converter that accepts anything, returning what it cannot convert unchanged",
}
TYPES = (tuple, type)

# More bad calls, several per function, for the functions that issue 37's fuzz found raising deep
# exceptions or accepting bad input silently. (module, function, bad call, message fragment)
SQ = np.eye(2)
MORE_BAD_CALLS = [
    ("data", "make_sqrt_regression", lambda m: m.make_sqrt_regression(5, seed=0, low=None), "low must be"),
    ("data", "make_sqrt_regression", lambda m: m.make_sqrt_regression(5, seed=0, high="1"), "high must be"),
    ("data", "make_sqrt_regression", lambda m: m.make_sqrt_regression(5, seed=0, high=np.inf), "high must be a finite"),
    ("data", "make_sqrt_regression", lambda m: m.make_sqrt_regression(5, seed=0, low=1 + 2j), "low must be a real"),
    ("data", "digits", lambda m: m.digits(standardize="no"), "standardize must be True or False"),
    ("data", "digits", lambda m: m.digits(standardize=np.ones(2)), "standardize must be True or False"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(None, lambda w: w, [0, 0], [1, 1]), "ax must be"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], None, [0, 0], [1, 1]), "loss must be"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], lambda w: w, [0, 0], [1, 1], points=0),
     "points must be"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], lambda w: w, [0, 0], [1, 1], levels=np.nan),
     "levels must be"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], lambda w: w, [0, 0], [1, 1], path=np.ones(3)),
     "path must be a 2-D"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], lambda w: w, [0, 0], [1, 1],
                                                            path=np.ones((3, 3))), "path must have shape"),
    ("plotting", "plot_runs", lambda m: m.plot_runs(m.subplots()[1], None, np.ones((2, 3)), label="x"), "x must be"),
    ("plotting", "plot_runs", lambda m: m.plot_runs(m.subplots()[1], [0, 1, 2], np.ones((2, 3)), label=None), "label must be"),
    ("plotting", "plot_runs", lambda m: m.plot_runs(m.subplots()[1], [0, 1, 2], np.ones((2, 3)), label="x", log="yes"),
     "log must be True or False"),
    ("plotting", "plot_runs", lambda m: m.plot_runs("axes", [0, 1, 2], np.ones((2, 3)), label="x"), "ax must be"),
    ("initialization", "signal_through", lambda m: m.signal_through(None, SQ, "relu"), "weights must be a list"),
    ("initialization", "signal_through", lambda m: m.signal_through([SQ], SQ, np.ones(2)), "activation must be one of"),
    ("initialization", "signal_through", lambda m: m.signal_through([SQ], SQ, "relu", seed=-1), "seed must be"),
    ("initialization", "signal_through", lambda m: m.signal_through([SQ], SQ, "relu", seed=None), "seed must be"),
    ("interactive", "lr_slider", lambda m: m.lr_slider(steps=0), "steps must be"),
    ("interactive", "lr_slider", lambda m: m.lr_slider(steps="12"), "steps must be"),
    ("interactive", "lr_explorer_html", lambda m: m.lr_explorer_html(start="0.1"), "start must be"),
    ("interactive", "lr_explorer_html", lambda m: m.lr_explorer_html(start=np.nan), "start must be a finite"),
    ("interactive", "lr_explorer_html", lambda m: m.lr_explorer_html(prompt=np.ones(2)), "prompt must be"),
    ("interactive", "lr_explorer_html", lambda m: m.lr_explorer_html(steps=1.5), "steps must be"),
    *[("scalers", cls, lambda m, cls=cls, bad=bad: getattr(m, cls)().fit([[1.0], [3.0], [4.0]]).mse_in_original_units(bad), fragment)
      for cls in ("StandardScaler", "MinMaxScaler", "RobustScaler", "Whitener", "Identity")
      for bad, fragment in ((None, "mse must be"), ("0.1", "mse must be"), (1 + 2j, "mse must hold real"),
                            (True, "mse must hold numbers"), ([], "mse is empty"), (-0.1, "mse must be >= 0"))],
    ("softmax_regression", "accuracy", lambda m: m.accuracy(None, np.ones((3, 2)), [0, 1, 0]), "fit must be the Fit"),
    ("regularization", "inverted_dropout", lambda m: m.inverted_dropout(np.ones(3), 0.5, np.random.default_rng(0),
                                                                        training="no"), "training must be True or False"),
    ("regularization", "inverted_dropout", lambda m: m.inverted_dropout(np.ones(3), 0.5, np.random.default_rng(0),
                                                                        training=np.ones(2)), "training must be True or False"),
    ("regularization", "accuracy", lambda m: m.accuracy([], np.ones((2, 4)), [0, 1], np.ones((2, 4)), []), "params must be"),
    ("optimizers", "SGD", lambda m: m.SGD(0.1, momentum=0.9, nesterov="yes"), "nesterov must be True or False"),
    ("optimizers", "SGD", lambda m: m.SGD(0.1, momentum=0.9, nesterov=np.ones(2)), "nesterov must be True or False"),
    ("validation", "check_choice", lambda m: m.check_choice(np.array(["a", "b"]), "kind", ("a",)), "kind must be one of"),
    ("validation", "check_bool", lambda m: m.check_bool(1, "log"), "log must be True or False"),
    ("validation", "check_bool", lambda m: m.check_bool(None, "log"), "log must be True or False"),
    ("validation", "check_text", lambda m: m.check_text(None, "label"), "label must be text"),
    ("validation", "check_positive_int", lambda m: m.check_positive_int(10**30, "steps"), "steps must be an integer <="),
    ("schedules", "step_decay", lambda m: m.step_decay(0.1, 10, every=10**30), "every must be an integer <="),
    ("data", "digits", lambda m: m.digits(seed=2**32), "seed must be an integer <= 4294967295"),
    ("claims", "claim", lambda m: m.claim("Dropout helps.", "yes"), "holds must be a truth value"),
    ("claims", "claim", lambda m: m.claim("Dropout helps.", [False]), "holds must be a truth value"),
    ("claims", "claim", lambda m: m.claim("Dropout helps.", None), "holds must be a truth value"),
    ("claims", "claim", lambda m: m.claim("Dropout helps.", print), "holds must be a truth value"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], print, [0, 0], [1, 1]),
     "loss must return one loss per weight pair"),
    ("plotting", "loss_contours", lambda m: m.loss_contours(m.subplots()[1], lambda w: w[..., 0] + 1j, [0, 0],
                                                            [1, 1]), "loss's values must hold real"),
    ("interactive", "default_rates", lambda m: m.default_rates(1e30), "curvature 1e+30 is too large"),
    ("interactive", "lr_explorer_html", lambda m: m.lr_explorer_html(curvature=1e30), "curvature 1e+30 is too large"),
    ("mnist", "load_idx", lambda m: m.load_idx(None), "path must be a file path"),
    ("mnist", "load_idx", lambda m: m.load_idx(3), "path must be a file path"),
    ("mnist", "load_mnist", lambda m: m.load_mnist(np.ones(2)), "directory must be a file path"),
    ("mnist", "load_mnist", lambda m: m.load_mnist("/tmp", kind=np.ones(2)), "kind must be"),
    ("plotting", "figure_bundle", lambda m: m.figure_bundle(None, "a figure of nothing at all"), "fig must be a matplotlib Figure"),
    ("plotting", "show", lambda m: m.show(1, "a figure of nothing at all"), "fig must be a matplotlib Figure"),
]


def test_single_choice_refuses_bad_options_by_name():
    from course_lib import quizzes

    good = ("Yes", True, "Right, it is.")
    for call, fragment in ((lambda: quizzes.single_choice(None, good), "question must be text"),
                           (lambda: quizzes.single_choice("Q?", "Yes"), "options[0] must be a (text, is_correct"),
                           (lambda: quizzes.single_choice("Q?", good, ("No", 0, "No, it is not.")),
                            "options[1] is_correct must be True or False"),
                           (lambda: quizzes.single_choice("Q?", (3, True, "Right, three.")), "options[0] text must be"),
                           (lambda: quizzes.single_choice("Q?", ("Yes", True, None)), "options[0] feedback must be")):
        with pytest.raises((ValueError, TypeError)) as info:
            call()
        assert fragment in str(info.value), str(info.value)


def test_a_power_that_overflows_says_so():
    from course_lib.autograd import Value

    with pytest.raises(OverflowError, match="the exponent is too large"):
        Value(2.0) ** 1e300


def _fit():
    from course_lib import softmax_regression
    return softmax_regression.train(np.ones((4, 2)), np.eye(2)[[0, 1, 0, 1]], batch=2, rates=[0.1], seeds=[0], epochs=1)


# Bad calls that need a trained object.
MORE_BAD_CALLS += [
    ("softmax_regression", "accuracy", lambda m: m.accuracy(_fit(), np.ones((3, 2)), [0, 1]), "labels must give"),
    ("softmax_regression", "accuracy", lambda m: m.accuracy(_fit(), np.ones((3, 2)), ["a", "b", "c"]), "labels must be"),
    ("softmax_regression", "accuracy", lambda m: m.accuracy(_fit(), np.ones((3, 2)), [0.5, 1, 0]), "labels must give"),
    ("softmax_regression", "accuracy", lambda m: m.accuracy(_fit(), np.ones((3, 2)), [np.nan, 1, 0]), "labels contains"),
]


@pytest.mark.parametrize("module_name, function, call, fragment", MORE_BAD_CALLS,
                         ids=[f"{m}.{f}-{i}" for i, (m, f, _, _) in enumerate(MORE_BAD_CALLS)])
def test_more_bad_input_gets_a_clear_error(module_name, function, call, fragment):
    import matplotlib.pyplot as plt

    module = importlib.import_module(f"course_lib.{module_name}")
    try:
        with pytest.raises((ValueError, TypeError)) as info:
            call(module)
    finally:
        plt.close("all")
    assert fragment in str(info.value), f"{module_name}.{function}: {type(info.value).__name__}: {info.value}"


def test_quiz_numeric_refuses_bad_input_by_name():
    from course_lib import quizzes

    good = dict(question="How many?", key=2.0, right="Right, two.", wrong=[(3.0, "No, that counts one twice.")],
                default="No: count again.")
    for argument, bad, fragment in (("key", None, "key must be"), ("key", np.nan, "key must be a finite"),
                                    ("key", True, "key must be"), ("key", "2", "key must be"),
                                    ("question", None, "question must be text"), ("right", 3, "right must be text"),
                                    ("default", np.ones(2), "default must be text"), ("wrong", None, "wrong must be a list"),
                                    ("wrong", [3.0], "wrong[0] must be a (value, feedback) pair"),
                                    ("wrong", [("x", "No, not that one.")], "wrong[0] value must be"),
                                    ("wrong", [(3.0, None)], "wrong[0] feedback must be text"),
                                    ("precision", -1, "precision must be"), ("precision", 2.5, "precision must be")):
        with pytest.raises((ValueError, TypeError)) as info:
            quizzes.numeric(**{**good, argument: bad})
        assert fragment in str(info.value), f"{argument}={bad!r}: {info.value}"


def public_callables():
    for name in sorted(course_lib._LAZY_SUBMODULES - {"exercises", "quizzes"}):
        module = importlib.import_module(f"course_lib.{name}")
        for attribute, value in vars(module).items():
            if attribute.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(value) and (issubclass(value, Exception) or issubclass(value, tuple)):
                continue  # errors and result records (NamedTuples)
            if inspect.isfunction(value) or inspect.isclass(value):
                yield name, attribute


def test_every_public_function_is_walked_or_exempt_with_a_reason():
    missing = [c for c in public_callables() if c not in BAD_CALLS and c not in EXEMPT]
    assert not missing, f"add a bad call for each of these to BAD_CALLS: {missing}"


@pytest.mark.parametrize("where", sorted(BAD_CALLS), ids=[f"{m}.{f}" for m, f in sorted(BAD_CALLS)])
def test_bad_input_gets_a_clear_error(where):
    call, fragment = BAD_CALLS[where]
    module = importlib.import_module(f"course_lib.{where[0]}")
    with pytest.raises((ValueError, TypeError, FileNotFoundError, AssertionError)) as info:
        call(module)
    assert fragment in str(info.value), f"{where}: {type(info.value).__name__}: {info.value}"
