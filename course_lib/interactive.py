"""Experiments to play with, on the page (chapter 2 onwards).

:func:`lr_explorer` shows gradient descent on a 1-D quadratic with a slider for the learning
rate. :func:`curve_explorer` is the general form every chapter uses: a slider over precomputed
frames, each a set of curves, with a question to answer before the experiment is shown. Both are
plain HTML and JavaScript over numbers computed here in Python, so they work without a kernel
and offline: in the HTML book as well as in Jupyter, JupyterLab and Colab. :func:`lr_slider` is
the learning-rate explorer as a live ipywidgets slider, for a running notebook.
"""

from __future__ import annotations

import hashlib
import html
import json
from string import Template
from typing import Any, Sequence

import numpy as np

from .descent import gradient_descent
from .i18n import N_, _, language
from .quadratics import contraction_factor, regime
from .validation import as_float_array, as_real, check_bool, check_positive_float, check_positive_int, check_text

_SHELL = Template("""
<div class="$kind" id="$id" style="max-width:680px;font-family:inherit">
<script type="application/json">$data</script>
$prompt
<div class="$kind-body" $hidden>
<label for="$id-s" style="display:block;font-weight:600">$slider:
  <input id="$id-s" type="range" min="0" max="$last" step="1" value="$start" style="width:60%;vertical-align:middle"
         aria-describedby="$id-out">
</label>
<output id="$id-out" aria-live="polite" style="display:block;margin:4px 0 6px 0">$initial</output>
<svg viewBox="0 0 640 $height" width="100%" role="img" aria-labelledby="$id-out" style="background:#fff"></svg>
</div>
<noscript>$noscript</noscript>
</div>
<script>
(function () {
  var root = document.getElementById("$id");
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  var input = root.querySelector('input[type="range"]'), out = root.querySelector("output"), svg = root.querySelector("svg");
  var reveal = root.querySelector("button"), body = root.querySelector(".$kind-body");
  if (reveal) {
    reveal.addEventListener("click", function () {
      body.hidden = false; reveal.setAttribute("aria-expanded", "true"); reveal.disabled = true; input.focus();
    });
  }
$draw
  input.addEventListener("input", function () { draw(+input.value); });
  draw(+input.value);
})();
</script>
""")

# What each experiment draws: a function draw(i) for frame i, and whatever it needs.
_LR_DRAW = """
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
"""

_CURVES_DRAW = Template("""
  var L = 64, T = 16, W = 420, H = 230, COLOURS = $colours, DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
  function ty(y) { return data.logy ? Math.log10(y) : y; }
  function finite(v) { return v !== null && isFinite(v) && (!data.logy || v > 0); }
  var xs = [], ys = [];
  data.frames.forEach(function (f) { f.series.forEach(function (s) {
    s.x.forEach(function (x, i) { if (finite(s.y[i])) { xs.push(x); ys.push(ty(s.y[i])); } }); }); });
  var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
  if (data.ylim) { y0 = ty(data.ylim[0]); y1 = ty(data.ylim[1]); }
  if (y1 === y0) { y1 = y0 + 1; }
  if (x1 === x0) { x1 = x0 + 1; }
  function px(x) { return L + (x - x0) / (x1 - x0) * W; }
  function py(y) { return T + H - (Math.min(Math.max(ty(y), y0), y1) - y0) / (y1 - y0) * H; }
  function text(x, y, s, anchor, extra) { return '<text x="' + x.toFixed(1) + '" y="' + y.toFixed(1) + '" font-size="12" text-anchor="' + (anchor || "middle") + '"' + (extra || "") + ">" + s + "</text>"; }
  function tick(v) { return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(0) : String(+v.toPrecision(3)); }
  // round values for the ticks: 1, 2 or 5 times a power of ten on a linear axis, whole decades on a log one
  function nice(lo, hi) {
    var raw = (hi - lo) / 6, p = Math.pow(10, Math.floor(Math.log10(raw))), step = [1, 2, 5, 10].map(function (m) {
      return m * p; }).filter(function (s) { return s >= raw; })[0], out = [], v;
    for (v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) { out.push(+v.toPrecision(12)); }
    return out;
  }
  function decades(lo, hi) {
    var a = Math.ceil(lo - 1e-9), b = Math.floor(hi + 1e-9), every = Math.max(1, Math.ceil((b - a) / 5)), out = [], e;
    for (e = a; e <= b; e += every) { out.push(e); }
    return out.length ? out : [lo, hi];
  }
  function axes() {
    var g = ['<rect x="' + L + '" y="' + T + '" width="' + W + '" height="' + H + '" fill="none" stroke="#999"/>'];
    nice(x0, x1).forEach(function (xv) { g.push(text(px(xv), T + H + 16, tick(xv))); });
    (data.logy ? decades(y0, y1) : nice(y0, y1)).forEach(function (yv) {
      var shown = data.logy ? Math.pow(10, yv) : yv, at = T + H - (yv - y0) / (y1 - y0) * H;
      g.push(text(L - 6, at + 4, data.logy ? '10<tspan dy="-5" font-size="9">' + yv + "</tspan>" : tick(shown), "end"));
    });
    g.push(text(L + W / 2, T + H + 36, data.xlabel));
    g.push(text(14, T + H / 2, data.ylabel, "middle", ' transform="rotate(-90 14 ' + (T + H / 2) + ')"'));
    return g;
  }
  function draw(i) {
    var frame = data.frames[i], g = axes();
    frame.series.forEach(function (s, j) {
      var runs = [], run = [];
      s.x.forEach(function (x, k) {
        if (finite(s.y[k])) { run.push(px(x).toFixed(1) + "," + py(s.y[k]).toFixed(1)); }
        else if (run.length) { runs.push(run); run = []; }
      });
      if (run.length) { runs.push(run); }
      runs.forEach(function (r) {
        g.push('<polyline fill="none" stroke="' + COLOURS[j % COLOURS.length] + '" stroke-width="1.8" stroke-dasharray="' +
               DASHES[j % DASHES.length] + '" points="' + r.join(" ") + '"/>');
      });
      var ly = T + 14 + 16 * j;
      g.push('<line x1="' + (L + W + 10) + '" x2="' + (L + W + 38) + '" y1="' + (ly - 4) + '" y2="' + (ly - 4) + '" stroke="' +
             COLOURS[j % COLOURS.length] + '" stroke-width="1.8" stroke-dasharray="' + DASHES[j % DASHES.length] + '"/>');
      g.push(text(L + W + 42, ly, s.name, "start"));
    });
    svg.innerHTML = g.join("");
    out.textContent = frame.label;
    input.setAttribute("aria-valuetext", frame.label);
  }
""")


def _page(kind: str, payload: str, prefix: str, *, prompt: str | None, slider: str, last: int, start: int,
          initial: str, height: int, draw: str) -> str:
    """One experiment's HTML: the data, the question, the slider, the picture and the script."""
    element_id = prefix + hashlib.sha1(payload.encode()).hexdigest()[:10]
    question, hidden = _predict_first(element_id, prompt)
    noscript = _("This experiment needs JavaScript; the figures of this section show the same runs.")
    return _SHELL.substitute(kind=kind, id=element_id, data=payload, prompt=question, hidden=hidden,
                             noscript=noscript, slider=html.escape(_(slider)), last=last, start=start,
                             initial=html.escape(initial),
                             height=height, draw=_localized(draw))


# The words the explorers' scripts draw themselves (their axes' names), as the script writes
# them: in another language than English each is replaced by its translation.
_SCRIPT_WORDS = (N_(" x², iterates from x₀ = "), N_("step k (0 to "), N_("x against step"))


def _localized(draw: str) -> str:
    """An explorer's drawing script with its own words in the reader's language (as it is in
    English)."""
    if language() == "en":
        return draw
    for words in _SCRIPT_WORDS:
        draw = draw.replace(json.dumps(words, ensure_ascii=False), json.dumps(_(words), ensure_ascii=False))
    return draw



def _predict_first(element_id: str, prompt: str | None) -> tuple[str, str]:
    """The question shown before an experiment, and the attributes that fold the experiment's
    body until the reader presses the button (nothing, without a question)."""
    body = f'id="{element_id}-body"'
    if not prompt:
        return "", body
    if not isinstance(prompt, str):
        raise TypeError(f"prompt must be text (a question for the reader); got {type(prompt).__name__}.")
    question = (f'<p style="margin:0 0 6px 0"><strong>{_("Predict first.")}</strong> {html.escape(_(prompt))}</p>'
                f'<button type="button" aria-expanded="false" aria-controls="{element_id}-body">'
                f'{_("I have my prediction: show the experiment")}</button>')
    return question, "hidden " + body


def _label(curvature: float, lr: float, path: np.ndarray, steps: int) -> str:
    factor = contraction_factor(curvature, lr)
    # regime() names the cases; the label says what the reader sees at the two exact rates
    if abs(factor) < 1e-12:  # 1/f'': the first step lands on the minimum
        kind = _("at the minimum after one step, and stays there")
    else:
        kind = {"monotone": _("monotone"), "zig-zag": _("zig-zag"),
                "stuck": _("bouncing between two points forever, never closer"),
                "diverging": _("diverging")}[regime(curvature, lr)]
    where = (_(f"after {steps} steps x = {path[-1]:.3g}") if len(path) == steps + 1
             else _(f"x overflowed after {len(path) - 1} steps"))
    return _(f"η = {lr:.3g}: each step multiplies x by 1 − η·f'' = {factor:.3g}, so the run is "
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
    if top / 60 < 5e-7:  # the grid is rounded to 6 decimals: its first rates would be 0
        raise ValueError(f"curvature {curvature:.3g} is too large for the default rates (rounded to 6 decimals, "
                         "they start at 0); pass lrs yourself.")
    grid = np.round(np.linspace(top / 60, top, 60), 6)
    return np.unique(np.concatenate([grid, [1 / curvature, 2 / curvature]]))


def lr_explorer_html(curvature: float = 4.0, x0: float = 3.0, lrs: Sequence[float] | None = None,
                     steps: int = 12, start: float | None = None, prompt: str | None = None) -> str:
    """The explorer as a self-contained HTML snippet (no network, no kernel), folded behind
    ``prompt`` when one is given."""
    curvature, x0 = check_positive_float(curvature, "curvature"), _check_start(x0)  # plain floats, for JSON
    steps = check_positive_int(steps, "steps")
    if start is not None:
        start = check_positive_float(start, "start")
    prompt = check_text(prompt, "prompt", allow_none=True)
    if lrs is None:
        lrs = default_rates(curvature)
    frames = explorer_frames(curvature, x0, lrs, steps)
    index = 0 if start is None else int(np.argmin([abs(f["lr"] - start) for f in frames]))
    data = {"curvature": curvature, "x0": x0, "steps": steps, "xmax": round(1.6 * abs(float(x0)), 3),
            "frames": frames}
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return _page("lr-explorer", payload, "lrx-", prompt=prompt, slider=_("Learning rate η"), last=len(frames) - 1,
                 start=index, initial=frames[index]["label"], height=270, draw=_LR_DRAW)


def lr_explorer(curvature: float = 4.0, x0: float = 3.0, lrs: Sequence[float] | None = None,
                steps: int = 12, start: float | None = None, prompt: str | None = None) -> None:
    """Display the learning-rate explorer: gradient descent on ``f(x) = curvature/2 * x^2``
    from ``x0``, with a slider over ``lrs`` (default: :func:`default_rates`, 0.01 to 0.60 in
    steps of 0.01 for f'' = 4, which include 1/f'' = 0.25 and 2/f'' = 0.5)."""
    from IPython.display import HTML, display

    display(HTML(lr_explorer_html(curvature, x0, lrs, steps, start, prompt)))


def lr_slider(curvature: float = 4.0, x0: float = 3.0, steps: int = 12) -> Any:
    """A live ipywidgets slider over the learning rate, for a running notebook: each move
    reruns gradient descent and redraws the course's figure."""
    import ipywidgets

    from .plotting import show, subplots, style_for

    curvature = check_positive_float(curvature, "curvature")
    x0 = _check_start(x0)
    steps = check_positive_int(steps, "steps")

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





def _finite_or_none(values: np.ndarray) -> list[float | None]:
    # six significant digits, not six decimals: a log axis shows values far below 1e-6
    return [float(f"{v:.6g}") if np.isfinite(v) else None for v in values]


def curve_explorer_html(frames: Sequence[dict[str, Any]], *, slider: str, x_label: str, y_label: str,
                        log_y: bool = False, prompt: str | None = None, start: int = 0,
                        y_limits: Sequence[float] | None = None) -> str:
    """A slider over precomputed ``frames`` as a self-contained HTML snippet (no network, no
    kernel). Each frame is ``{"label": text shown for it, "series": [{"name", "x", "y"}]}``; all
    frames share one pair of axes, so moving the slider shows what changes. A non-finite y (a
    run that overflowed) leaves a gap. With ``prompt``, the experiment stays folded behind a
    button until the reader has made a prediction (chapter 2 onwards)."""
    from .plotting import PALETTE

    if isinstance(frames, (str, bytes)) or not hasattr(frames, "__len__") or len(frames) == 0:
        raise ValueError("frames must be a non-empty list of {'label': ..., 'series': [...]} dicts.")
    cleaned = []
    for i, frame in enumerate(frames):
        if not isinstance(frame, dict) or not isinstance(frame.get("label"), str) or not frame.get("series"):
            raise ValueError(f"frames[{i}] must be a dict with a text 'label' and a non-empty 'series' list.")
        series = []
        for j, s in enumerate(frame["series"]):
            x = as_float_array(s.get("x"), f"frames[{i}].series[{j}].x", ndim=1)
            y = as_float_array(s.get("y"), f"frames[{i}].series[{j}].y", ndim=1, finite=False)
            if x.shape != y.shape or not isinstance(s.get("name"), str):
                raise ValueError(f"frames[{i}].series[{j}] needs a text 'name' and x and y of equal length; got "
                                 f"{x.shape} and {y.shape}.")
            series.append({"name": html.escape(_(s["name"])), "x": _finite_or_none(x), "y": _finite_or_none(y)})
        cleaned.append({"label": _(frame["label"]), "series": series})
    slider, x_label, y_label = (check_text(v, n) for v, n in ((slider, "slider"), (x_label, "x_label"),
                                                            (y_label, "y_label")))
    log_y, prompt = check_bool(log_y, "log_y"), check_text(prompt, "prompt", allow_none=True)
    start = check_positive_int(start, "start", minimum=0)
    if start >= len(cleaned):
        raise ValueError(f"start must be a frame's index, below {len(cleaned)}; got {start}.")
    data: dict[str, Any] = {"frames": cleaned, "xlabel": html.escape(_(x_label)), "ylabel": html.escape(_(y_label)),
                            "logy": bool(log_y)}
    if y_limits is not None:
        limits = as_float_array(y_limits, "y_limits", ndim=1)
        if len(limits) != 2:
            raise ValueError(f"y_limits must be a pair (low, high); got {len(limits)} values.")
        low, high = (float(v) for v in limits)
        if not low < high or (log_y and low <= 0):
            raise ValueError(f"y_limits must be (low, high) with low < high (and low > 0 on a log axis); "
                             f"got {tuple(y_limits)}.")
        data["ylim"] = [low, high]
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return _page("curve-explorer", payload, "cvx-", prompt=prompt, slider=slider, last=len(cleaned) - 1,
                 start=start, initial=cleaned[start]["label"], height=300,
                 draw=_CURVES_DRAW.substitute(colours=json.dumps(list(PALETTE))))


def curve_explorer(frames: Sequence[dict[str, Any]], *, slider: str, x_label: str, y_label: str,
                   log_y: bool = False, prompt: str | None = None, start: int = 0,
                   y_limits: Sequence[float] | None = None) -> None:
    """Display :func:`curve_explorer_html` in the notebook (and so in the book)."""
    from IPython.display import HTML, display

    display(HTML(curve_explorer_html(frames, slider=slider, x_label=x_label, y_label=y_label, log_y=log_y,
                                     prompt=prompt, start=start, y_limits=y_limits)))
