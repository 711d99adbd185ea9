"""The course's one figure style, and how a chapter shows a figure (every chapter).

Importing this module applies the style to matplotlib. Colours come from the Okabe-Ito
palette, which stays distinguishable for the common kinds of colour blindness, and each
colour is paired with its own line style and marker, so a figure still reads in grayscale.

Show every figure with :func:`show`, which requires alt text: the image is embedded with its
description for screen readers in Jupyter and in the HTML book, and it is shown exactly once.
It is rendered at twice its display resolution, so that it stays sharp on high-density screens,
and it carries the display size of its smallest text, which the book's browser check holds to
a floor. :func:`subplots` puts at most two panels side by side: more panels wrap into rows, so
that a figure is never shrunk until its text is unreadable at the book's column width.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Sequence

import matplotlib

if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
    matplotlib.use("agg")  # figures are rendered to PNG by show(); no window is ever opened

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler

from .i18n import N_, _hangul_font, language, translate, translate_figure, untranslated
from .validation import as_float_array, check_axes, check_bool, check_positive_int, check_text

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")

STYLE: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=PALETTE) + cycler(linestyle=LINESTYLES),
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "grid.alpha": 0.3,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 110,  # the display scale: 110 px per inch (rendered at 2x, see figure_bundle)
    "savefig.bbox": "tight",
    "image.cmap": "cividis",
    "font.size": 10,
}


def use_style() -> None:
    """Apply the course style to matplotlib (done once when this module is imported). In
    another language than English, a font with Hangul backs the style's own where one is
    installed (:func:`course_lib.i18n._hangul_font`)."""
    matplotlib.rcParams.update(STYLE)
    if language() != "en" and _hangul_font():
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", _hangul_font()]


use_style()


PANELS_PER_ROW = 2


def subplots(nrows: int = 1, ncols: int = 1, **kwargs: Any) -> tuple[Any, Any]:
    """``plt.subplots`` with a figure size that grows with the panels. A single row of more
    than two panels wraps into rows of two (the axes still come back as one flat array of
    ``ncols``), so that the figure fits the book's column without shrinking its text."""
    nrows, ncols = check_positive_int(nrows, "nrows"), check_positive_int(ncols, "ncols")
    kwargs.setdefault("layout", "constrained")
    if nrows == 1 and ncols > PANELS_PER_ROW and "figsize" not in kwargs:
        rows = -(-ncols // PANELS_PER_ROW)
        kwargs["figsize"] = (3.3 * PANELS_PER_ROW + 0.8, 3.0 * rows + 0.3)
        squeeze = kwargs.pop("squeeze", True)
        fig, grid = plt.subplots(rows, PANELS_PER_ROW, squeeze=False, **kwargs)
        axes = grid.ravel()
        for extra in axes[ncols:]:
            extra.remove()
        return fig, axes[:ncols] if squeeze else axes[:ncols].reshape(1, ncols)
    kwargs.setdefault("figsize", (4.6 if ncols == 1 else 3.3 * ncols + 0.8, 3.3 * nrows + 0.3))
    return plt.subplots(nrows, ncols, **kwargs)


def style_for(index: int) -> dict[str, Any]:
    """Colour, line style and marker of the ``index``-th series, for plotting calls that do
    not follow the property cycle (scatter plots, bands)."""
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"index must be an integer (the series number); got {index!r}.")
    if index < 0:
        raise ValueError(f"index must be >= 0 (the series number, from 0); got {index}.")
    i = index % len(PALETTE)
    return {"color": PALETTE[i], "linestyle": LINESTYLES[i], "marker": MARKERS[i]}


def plot_runs(
    ax: Any, x: Sequence[float], runs: Any, *, label: str, index: int = 0, log: bool = False
) -> None:
    """Draw several runs of one experiment: the median as a line and the range from the
    best to the worst run as a shaded band. ``runs`` has shape (n_runs, len(x))."""
    n_x = len(as_float_array(x, "x", ndim=1, finite=False))  # x itself is plotted as given
    runs = as_float_array(runs, "runs", finite=False)  # a diverged run leaves a gap
    if runs.ndim != 2 or runs.shape[1] != n_x:
        raise ValueError(
            f"runs must have shape (n_runs, len(x)) = (n, {len(x)}); got {runs.shape}."
        )
    check_axes(ax)
    label, log = check_text(label, "label"), check_bool(log, "log")
    style = style_for(index)
    centre = np.median(runs, axis=0)
    ax.plot(x, centre, color=style["color"], linestyle=style["linestyle"],
            label=f"{label} (median of {runs.shape[0]})")
    ax.fill_between(x, runs.min(axis=0), runs.max(axis=0), color=style["color"], alpha=0.18,
                    linewidth=0)
    if log:
        ax.set_yscale("log")


def _smallest_text_pt(fig: Any) -> float:
    """The size in points of the smallest visible text in ``fig`` (tick labels included), once
    it has been drawn (tick labels exist only then)."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else 0.0


def _check_figure(fig: Any) -> None:
    if not callable(getattr(fig, "savefig", None)):
        raise TypeError(f"fig must be a matplotlib Figure, from fig, ax = subplots(); got {type(fig).__name__}.")


def figure_bundle(fig: Any, alt: str) -> dict[str, str]:
    """The display data of a figure: a PNG rendered at twice the display resolution and an
    HTML ``<img>`` sized to half its pixels, carrying ``alt`` (in the reader's language, see
    :mod:`course_lib.i18n`) and, as ``data-min-font-px``, the display size of its smallest text
    in CSS pixels (the book's browser check reads it). In another language than English the
    figure's own text (titles, labels, legends, annotations, categorical ticks) is translated
    first, through :func:`course_lib.i18n.translate_figure`."""
    return _bundle(fig, alt)[0]


def _bundle(fig: Any, alt: str) -> tuple[dict[str, str], list[str]]:
    """:func:`figure_bundle`'s data, and the figure's visible texts still in English where it
    was translated (none in English)."""
    if not isinstance(alt, str) or len(alt.strip()) < 10:
        raise ValueError(
            "alt must describe the figure in words (at least 10 characters): what is plotted "
            "and what it shows, for readers who cannot see it."
        )
    _check_figure(fig)
    alt = translate(alt.strip())
    translated = translate_figure(fig)
    dpi = float(matplotlib.rcParams["savefig.dpi"])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=2 * dpi)
    smallest = _smallest_text_pt(fig) * dpi / 72  # after savefig: drawing twice costs 0.15 s
    data = buffer.getvalue()
    width, height = int.from_bytes(data[16:20], "big") // 2, int.from_bytes(data[20:24], "big") // 2
    png = base64.b64encode(data).decode("ascii")
    img = (f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}" class="course-figure" '
           f'width="{width}" height="{height}" data-min-font-px="{smallest:.1f}" '
           'style="max-width:100%;height:auto">')
    english = untranslated(_visible_texts(fig)) if translated else []
    return {"text/html": img, "image/png": png, "text/plain": f"[figure: {alt}]"}, english


def _visible_texts(fig: Any) -> list[str]:
    """The texts a drawn figure shows (tick labels included), each once, in drawing order."""
    from matplotlib.text import Text

    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return list(dict.fromkeys(texts))


# The key of a figure's output metadata that lists the texts it still shows in English, in a
# translated edition (tests/book/test_pages.py reads it from the executed chapters).
UNTRANSLATED = "course_untranslated"


def show(fig: Any, alt: str) -> None:
    """Display ``fig`` once, with alt text, and close it. In a translated edition the output's
    metadata lists, under :data:`UNTRANSLATED`, the figure's texts still in English."""
    from IPython.display import display

    _check_figure(fig)  # before closing it: plt.close(1) or plt.close("all") would close other figures
    try:
        bundle, english = _bundle(fig, alt)
    finally:
        plt.close(fig)
    if language() == "en":
        display(bundle, raw=True)
    else:
        display(bundle, raw=True, metadata={UNTRANSLATED: english})


def loss_contours(ax: Any, loss: Any, center: Sequence[float], span: Sequence[float], *,
                  path: Any = None, levels: int = 14, points: int = 120) -> None:
    """Contours of ``log10(loss)`` over a 2-D window ``center ± span``, with an optional
    optimizer path and the centre marked as the minimum (chapters 4 and 5).

    ``loss`` maps an array of shape (..., 2) of weight pairs to the loss at each pair.
    """
    center, span = as_float_array(center, "center"), as_float_array(span, "span")
    if center.shape != (2,) or span.shape != (2,) or not (span > 0).all():
        raise ValueError(f"center and span must be pairs, span positive; got {center} and {span}.")
    check_axes(ax)
    if not callable(loss):
        raise TypeError(f"loss must be a function of an array of weight pairs, shape (..., 2); "
                        f"got {type(loss).__name__}.")
    points = check_positive_int(points, "points", minimum=2)
    if isinstance(levels, (list, tuple, np.ndarray)):
        grid = as_float_array(levels, "levels", ndim=1)
        if not (np.diff(grid) > 0).all():
            raise ValueError(f"levels, given as values, must increase; got {grid}.")
    else:
        levels = check_positive_int(levels, "levels")
    if path is not None:
        checked = as_float_array(path, "path", ndim=2, finite=False)
        if checked.shape[1] != 2:
            raise ValueError(f"path must have shape (steps, 2), one weight pair per step; got {checked.shape}.")
    g1, g2 = np.meshgrid(np.linspace(-span[0], span[0], points) + center[0],
                         np.linspace(-span[1], span[1], points) + center[1])
    values = loss(np.stack([g1, g2], axis=-1))
    if np.shape(values) != g1.shape:
        raise ValueError(f"loss must return one loss per weight pair: given weights of shape {g1.shape + (2,)}, "
                         f"it returned {type(values).__name__} of shape {np.shape(values)}, not {g1.shape}.")
    as_float_array(values, "loss's values", finite=False)  # numbers, not text or complex
    ax.contour(g1, g2, np.log10(values), levels=levels, cmap="cividis",
               linewidths=0.8)
    if path is not None:
        path = np.asarray(path, dtype=float)
        ax.plot(path[:, 0], path[:, 1], color=style_for(1)["color"], marker=".", markersize=3,
                label="gradient descent")
    ax.plot(*center, marker="*", color="black", markersize=12, linestyle="none", label="minimum")


def draw_graph(ax: Any, root: Any, names: dict[Any, str] | None = None) -> None:
    """Draw the computational graph of an :class:`autograd.Value` (chapter 3): one box per node,
    inputs on the left and ``root`` on the right, each box showing its operation (or, for an
    input, its name from ``names``), its value from the forward pass and, once ``backward`` has
    run, its gradient. Arrows run forward, from each input to the operation that uses it."""
    from .autograd import Value

    if not isinstance(root, Value):
        raise TypeError(f"root must be a course_lib.autograd.Value; got {type(root).__name__}.")
    check_axes(ax)
    if names is not None and not (isinstance(names, dict) and all(isinstance(v, str) for v in names.values())):
        raise TypeError(f"names must be a dict from Value to its name (text), or None; got {type(names).__name__}.")
    names = {id(k): v for k, v in (names or {}).items()}
    order = root.nodes()
    depth: dict[int, int] = {}
    for node in order:  # parents come first
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    # inputs stacked top to bottom in the order the graph first uses them; every operation
    # at the mean height of its inputs, so that arrows run mostly left to right
    height: dict[int, float] = {}
    inputs = 0
    for node in order:
        if not node.parents:
            height[id(node)] = -1.4 * inputs
            inputs += 1
        else:
            height[id(node)] = float(np.mean([height[id(p)] for p in node.parents]))
    place = {id(node): (float(depth[id(node)]), height[id(node)]) for node in order}
    for node in order:
        x, y = place[id(node)]
        for parent in node.parents:
            px, py = place[id(parent)]
            ax.annotate("", xy=(x - 0.32, y), xytext=(px + 0.32, py),
                        arrowprops={"arrowstyle": "->", "color": "0.45", "linewidth": 0.9})
        label = names.get(id(node), node.op or N_("const"))
        ax.text(x, y, f"{label}\nv = {node.data:.3g}\ng = {node.grad:.3g}", ha="center", va="center",
                fontsize=9, bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                                  "edgecolor": "0.3" if node.parents else PALETTE[0]})
    ax.set_xlim(-0.6, max(depth.values()) + 0.6)
    ax.set_ylim(min(height.values()) - 0.6, 0.6)
    ax.axis("off")
