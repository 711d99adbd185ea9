"""The learning rate as something to play with (chapter 2).

:func:`lr_explorer` shows gradient descent on a 1-D quadratic with a slider for the learning
rate. It is plain HTML and JavaScript over iterates computed here in Python, so it works
without a kernel: in the HTML book as well as in Jupyter, JupyterLab and Colab.
:func:`lr_slider` is the same idea as a live ipywidgets slider, for a running notebook.
"""

from __future__ import annotations

import hashlib
import html
import json
from string import Template
from typing import Any, Sequence

import numpy as np

from .descent import gradient_descent
from .quadratics import contraction_factor, regime
from .validation import as_float_array, as_real, check_positive_float, check_positive_int

_TEMPLATE = Template("""
<div class="lr-explorer" id="$id" style="max-width:680px;font-family:inherit">
<script type="application/json">$data</script>
<label for="$id-lr" style="display:block;font-weight:600">Learning rate η:
  <input id="$id-lr" type="range" min="0" max="$last" step="1" value="$start" style="width:60%;vertical-align:middle"
         aria-describedby="$id-out">
</label>
<output id="$id-out" aria-live="polite" style="display:block;margin:4px 0 6px 0">$initial</output>
<svg viewBox="0 0 640 270" width="100%" role="img" aria-labelledby="$id-out" style="background:#fff"></svg>
<noscript>This explorer needs JavaScript; the figures of this section show the same runs.</noscript>
</div>
<script>
(function () {
  var root = document.getElementById("$id");
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var input = root.querySelector("input"), out = root.querySelector("output"), svg = root.querySelector("svg");
  var X = data.xmax, W = 290, H = 200, TOP = 30, LEFT = 40, GAP = 340;
  function fx(x) { return 0.5 * data.curvature * x * x; }
  function px(x, left) { return left + (x + X) / (2 * X) * W; }
  function py(y, ymin, ymax) { return TOP + H - (y - ymin) / (ymax - ymin) * H; }
  function line(points, attrs) {
    return '<polyline fill="none" points="' + points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ") + '" ' + attrs + "/>";
  }
  function text(x, y, s, anchor) { return '<text x="' + x + '" y="' + y + '" font-size="12" text-anchor="' + (anchor || "middle") + '">' + s + "</text>"; }
  function draw(i) {
    var frame = data.frames[i], xs = frame.x, k, g = [], curve = [], fmax = fx(X), n = data.steps;
    for (k = 0; k <= 60; k++) { var x = -X + 2 * X * k / 60; curve.push([px(x, LEFT), py(fx(x), 0, fmax)]); }
    g.push('<rect x="' + LEFT + '" y="' + TOP + '" width="' + W + '" height="' + H + '" fill="none" stroke="#999"/>');
    g.push('<rect x="' + (LEFT + GAP) + '" y="' + TOP + '" width="' + (W - 50) + '" height="' + H + '" fill="none" stroke="#999"/>');
    g.push(line(curve, 'stroke="#555" stroke-width="1.5"'));
    var inside = xs.filter(function (x) { return Math.abs(x) <= X; });
    g.push(line(inside.map(function (x) { return [px(x, LEFT), py(fx(x), 0, fmax)]; }), 'stroke="#0072B2" stroke-width="1.2" stroke-dasharray="4 2"'));
    inside.forEach(function (x, j) {
      g.push('<circle cx="' + px(x, LEFT).toFixed(1) + '" cy="' + py(fx(x), 0, fmax).toFixed(1) + '" r="' + (j === 0 ? 5 : 3.5) + '" fill="' + (j === 0 ? "#000" : "#0072B2") + '"/>');
    });
    // The right panel scales to the whole run, so that a diverging run stays in view.
    var Y = Math.max(X, Math.max.apply(null, xs.map(Math.abs))), pts = [];
    xs.forEach(function (x, j) { pts.push([LEFT + GAP + j / n * (W - 50), py(x, -Y, Y)]); });
    g.push(line([[LEFT + GAP, py(0, -Y, Y)], [LEFT + GAP + W - 50, py(0, -Y, Y)]], 'stroke="#999" stroke-dasharray="2 3"'));
    g.push(line(pts, 'stroke="#D55E00" stroke-width="1.5"'));
    pts.forEach(function (p) { g.push('<rect x="' + (p[0] - 3) + '" y="' + (p[1] - 3) + '" width="6" height="6" fill="#D55E00"/>'); });
    g.push(text(LEFT + W / 2, TOP + H + 30, "x"));
    g.push(text(LEFT - 8, TOP + 10, "f(x)", "end"));
    g.push(text(LEFT + W / 2, 18, "f(x) = " + data.curvature / 2 + " x², iterates from x₀ = " + data.x0));
    g.push(text(LEFT + GAP + (W - 50) / 2, TOP + H + 30, "step k (0 to " + n + ")"));
    var label = Y === X ? String(X) : Y.toPrecision(3);
    g.push(text(LEFT + GAP - 8, py(Y, -Y, Y) + 10, "+" + label, "end"));
    g.push(text(LEFT + GAP - 8, py(0, -Y, Y) + 4, "0", "end"));
    g.push(text(LEFT + GAP - 8, py(-Y, -Y, Y), "−" + label, "end"));
    g.push(text(LEFT + GAP + (W - 50) / 2, 18, "x against step"));
    svg.innerHTML = g.join("");
    out.textContent = frame.label;
  }
  input.addEventListener("input", function () { draw(+input.value); });
  draw(+input.value);
})();
</script>
""")


def _label(curvature: float, lr: float, path: np.ndarray, steps: int) -> str:
    factor = contraction_factor(curvature, lr)
    kind = regime(curvature, lr)
    where = (f"after {steps} steps x = {path[-1]:.3g}" if len(path) == steps + 1
             else f"x overflowed after {len(path) - 1} steps")
    return (f"η = {lr:.3g}: each step multiplies x by 1 − η·f'' = {factor:.3g}, so the run is "
            f"{kind}; {where}.")


def _check_start(x0: Any) -> float:
    """``x0`` as a float: finite, and not 0, the minimum itself, from which nothing moves."""
    x0 = as_real(x0, "x0")
    if not np.isfinite(x0) or x0 == 0:
        raise ValueError(f"x0 must be a finite number other than 0 (the minimum, where gradient descent never "
                         f"moves); got {x0}.")
    return x0


def explorer_frames(curvature: float, x0: float, lrs: Sequence[float], steps: int) -> list[dict[str, Any]]:
    """The iterates behind :func:`lr_explorer`: one frame per learning rate, with the path
    of gradient descent on ``f(x) = curvature/2 * x^2`` and a one-line description."""
    curvature = check_positive_float(curvature, "curvature")
    steps = check_positive_int(steps, "steps")
    _check_start(x0)
    lrs = as_float_array(lrs, "lrs", ndim=1)
    frames = []
    for lr in lrs:
        path = gradient_descent(lambda x: curvature * x, float(x0), lr=float(lr), steps=steps)
        frames.append({"lr": float(lr), "factor": contraction_factor(curvature, float(lr)),
                       "regime": regime(curvature, float(lr)),
                       "x": [round(float(v), 6) for v in path], "label": _label(curvature, float(lr), path, steps)})
    return frames


def default_rates(curvature: float) -> np.ndarray:
    """The explorer's learning rates: 60 even steps up to 1.2 times the limit 2/f'', and the
    two rates that matter exactly, 1/f'' (the minimum in one step) and 2/f'' (the edge)."""
    curvature = check_positive_float(curvature, "curvature")
    top = 2.4 / curvature
    grid = np.round(np.linspace(top / 60, top, 60), 6)
    return np.unique(np.concatenate([grid, [1 / curvature, 2 / curvature]]))


def lr_explorer_html(curvature: float = 4.0, x0: float = 3.0, lrs: Sequence[float] | None = None,
                     steps: int = 12, start: float | None = None) -> str:
    """The explorer as a self-contained HTML snippet (no network, no kernel)."""
    curvature, x0 = check_positive_float(curvature, "curvature"), _check_start(x0)  # plain floats, for JSON
    if lrs is None:
        lrs = default_rates(curvature)
    frames = explorer_frames(curvature, x0, lrs, steps)
    index = 0 if start is None else int(np.argmin([abs(f["lr"] - start) for f in frames]))
    data = {"curvature": curvature, "x0": x0, "steps": steps, "xmax": round(1.6 * abs(float(x0)), 3),
            "frames": frames}
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    element_id = "lrx-" + hashlib.sha1(payload.encode()).hexdigest()[:10]
    return _TEMPLATE.substitute(id=element_id, data=payload, last=len(frames) - 1, start=index,
                                initial=html.escape(frames[index]["label"]))


def lr_explorer(curvature: float = 4.0, x0: float = 3.0, lrs: Sequence[float] | None = None,
                steps: int = 12, start: float | None = None) -> None:
    """Display the learning-rate explorer: gradient descent on ``f(x) = curvature/2 * x^2``
    from ``x0``, with a slider over ``lrs`` (default: :func:`default_rates`, 0.01 to 0.60 in
    steps of 0.01 for f'' = 4, which include 1/f'' = 0.25 and 2/f'' = 0.5)."""
    from IPython.display import HTML, display

    display(HTML(lr_explorer_html(curvature, x0, lrs, steps, start)))


def lr_slider(curvature: float = 4.0, x0: float = 3.0, steps: int = 12) -> Any:
    """A live ipywidgets slider over the learning rate, for a running notebook: each move
    reruns gradient descent and redraws the course's figure."""
    import ipywidgets

    from .plotting import show, subplots, style_for

    curvature = check_positive_float(curvature, "curvature")
    x0 = _check_start(x0)

    def draw(lr: float) -> None:
        path = gradient_descent(lambda x: curvature * x, float(x0), lr=lr, steps=steps)
        fig, (left, right) = subplots(1, 2)
        grid = np.linspace(-1.6 * abs(x0), 1.6 * abs(x0), 200)
        left.plot(grid, 0.5 * curvature * grid**2, color="0.4")
        shown = path[np.abs(path) <= 1.6 * abs(x0)]
        left.plot(shown, 0.5 * curvature * shown**2, **style_for(0), markersize=5)
        left.set(xlabel="x", ylabel="f(x)", title=f"η = {lr:.3g}")
        right.plot(np.arange(len(path)), path, **style_for(1))
        right.set(xlabel="step k", ylabel="x", ylim=(-1.6 * abs(x0), 1.6 * abs(x0)))
        show(fig, alt=_label(curvature, lr, path, steps))

    return ipywidgets.interactive(draw, lr=ipywidgets.FloatSlider(
        value=0.1, min=0.01, max=0.6, step=0.01, description="η", continuous_update=False))
