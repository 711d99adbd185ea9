"""Figures: shown once, always with alt text, in a style that survives grayscale."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest

from colour_vision import seen_apart
from course_lib import plotting


def test_every_series_differs_by_more_than_colour():
    styles = [plotting.style_for(i) for i in range(len(plotting.PALETTE))]
    assert len({str(s["linestyle"]) for s in styles}) == len(styles)
    assert len({s["marker"] for s in styles}) == len(styles)


@pytest.mark.parametrize("kind", ["protan", "deutan"])
def test_palette_colours_stay_apart_for_colour_blind_readers(kind):
    """Okabe-Ito: its closest pair, simulated for a dichromat, is still farther apart than red and
    green (35 of 255 for a deuteranope). Matplotlib's default cycle has pairs at 11 and 24."""
    closest = min(seen_apart(a, b, kind) for a, b in itertools.combinations(plotting.PALETTE, 2))
    assert closest > seen_apart("#d62728", "#2ca02c", "deutan")


def test_figure_bundle_embeds_the_alt_text_escaped():
    fig, ax = plotting.subplots()
    ax.plot([0, 1], [0, 1])
    bundle = plotting.figure_bundle(fig, 'A line from "0" to 1 & back')
    assert 'alt="A line from &quot;0&quot; to 1 &amp; back"' in bundle["text/html"]
    assert bundle["image/png"] and bundle["text/plain"].startswith("[figure:")
    plt.close(fig)


@pytest.mark.parametrize("alt", ["", "   ", "plot", None])
def test_show_refuses_a_figure_without_real_alt_text(alt):
    fig, _ = plotting.subplots()
    with pytest.raises(ValueError, match="alt must describe the figure"):
        plotting.show(fig, alt)
    assert not plt.fignum_exists(fig.number)  # closed either way: no second display


def test_show_closes_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    fig, _ = plotting.subplots()
    plotting.show(fig, "An empty set of axes, for the test")
    assert len(shown) == 1 and not plt.fignum_exists(fig.number)


def test_plot_runs_checks_the_shape_of_runs():
    fig, ax = plotting.subplots()
    plotting.plot_runs(ax, np.arange(4), np.ones((3, 4)), label="ok")
    with pytest.raises(ValueError, match=r"runs must have shape \(n_runs, len\(x\)\)"):
        plotting.plot_runs(ax, np.arange(4), np.ones((3, 5)), label="bad")
    plt.close(fig)


def test_loss_contours_draws_contours_path_and_minimum():
    from course_lib.plotting import loss_contours, subplots

    fig, ax = subplots()
    loss_contours(ax, lambda w: 1 + (w**2).sum(axis=-1), [0.0, 0.0], [1.0, 2.0], path=np.array([[1.0, 1.0], [0.5, 0.2]]))
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["gradient descent", "minimum"] and ax.collections
    with pytest.raises(ValueError, match="span positive"):
        loss_contours(ax, lambda w: w.sum(axis=-1), [0.0, 0.0], [0.0, 1.0])


def test_more_than_two_panels_in_a_row_wrap_into_rows_of_two():
    from course_lib.plotting import subplots

    fig, axes = subplots(1, 3, sharey=True)
    assert len(axes) == 3 and len(fig.axes) == 3  # the fourth slot of the 2 x 2 grid is removed
    rows = sorted({round(ax.get_position().y0, 3) for ax in axes})
    assert len(rows) == 2
    assert fig.get_size_inches()[0] <= 7.4
    plt.close(fig)


def test_a_figure_is_rendered_at_twice_its_display_size_and_reports_its_smallest_text():
    import base64
    import re

    from course_lib.plotting import figure_bundle, subplots

    fig, ax = subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("a title", fontsize=12)
    ax.legend(["a line"], fontsize=8)
    bundle = figure_bundle(fig, alt="a line from (0, 0) to (1, 1)")
    plt.close(fig)
    png = base64.b64decode(bundle["image/png"])
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    shown = dict(re.findall(r'(width|height)="(\d+)"', bundle["text/html"]))
    assert (int(shown["width"]), int(shown["height"])) == (width // 2, height // 2)
    smallest = float(re.search(r'data-min-font-px="([\d.]+)"', bundle["text/html"]).group(1))
    assert smallest == pytest.approx(8 * 110 / 72, abs=0.1)  # the legend, at 110 px per inch


def test_draw_graph_draws_one_box_per_node_and_one_arrow_per_input():
    import matplotlib.pyplot as plt

    from course_lib.autograd import Value
    from course_lib.plotting import draw_graph

    w, x = Value(0.5), Value(2.0)
    loss = ((w * x).tanh() + (-1.0)) ** 2
    loss.backward()
    fig, ax = plt.subplots()
    try:
        draw_graph(ax, loss, {w: "w", x: "x"})
        boxes = [t.get_text() for t in ax.texts if t.get_text()]
        assert len(boxes) == len(loss.nodes()) == 7
        assert any(b.startswith("w\n") for b in boxes) and any("g = 1" in b for b in boxes)
        assert len([c for c in ax.texts if not c.get_text()]) == sum(len(n.parents) for n in loss.nodes())
    finally:
        plt.close(fig)
