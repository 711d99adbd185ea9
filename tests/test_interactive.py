"""The learning-rate explorer: its frames are gradient descent's iterates, its HTML is
self-contained, and the live slider builds."""

import json
import re

import numpy as np
import pytest

from course_lib.interactive import explorer_frames, lr_explorer_html, lr_slider


def test_frames_are_the_iterates_of_gradient_descent():
    frames = explorer_frames(4.0, 3.0, [0.1, 0.3, 0.5, 0.6], steps=5)
    for frame in frames:
        expected = 3.0 * (1 - 4.0 * frame["lr"]) ** np.arange(6)
        np.testing.assert_allclose(frame["x"], expected, rtol=1e-9)
    assert [f["regime"] for f in frames] == ["monotone", "zig-zag", "stuck", "diverging"]


def test_each_label_says_what_the_explorers_own_iterates_do():
    """At 1/f'' the first step lands on the minimum; at 2/f'' the run bounces between x0 and
    -x0; the labels say so, read against the frames' own paths (issue 36: they said
    "monotone" and "stuck")."""
    one, edge, slow, over = explorer_frames(4.0, 3.0, [0.25, 0.5, 0.1, 0.6], steps=6)
    assert one["x"][1] == 0 and all(x == 0 for x in one["x"][1:])
    assert "at the minimum after one step" in one["label"]
    assert all(abs(x) == 3.0 for x in edge["x"]) and edge["x"][1] == -edge["x"][0]
    assert "bouncing between two points forever" in edge["label"]
    assert np.all(np.diff(np.abs(slow["x"])) < 0) and "monotone" in slow["label"]
    assert np.all(np.diff(np.abs(over["x"])) > 0) and "diverging" in over["label"]


def test_html_is_self_contained_and_starts_at_the_requested_rate():
    page = lr_explorer_html(start=0.3)
    assert "http" not in page  # nothing to fetch: works offline
    data = json.loads(re.search(r'<script type="application/json">(.*?)</script>', page, re.S).group(1))
    start = int(re.search(r'value="(\d+)"', page).group(1))
    assert data["frames"][start]["lr"] == 0.3
    assert 'aria-live="polite"' in page and 'role="img"' in page


def test_same_arguments_give_the_same_html():
    assert lr_explorer_html() == lr_explorer_html()


def test_live_slider_builds():
    widget = lr_slider()
    assert widget.children[0].description == "η"


def test_default_rates_include_one_and_two_over_the_curvature_exactly():
    from course_lib.interactive import default_rates

    for curvature in (4.0, 3.0, 0.7):
        rates = default_rates(curvature)
        assert 1 / curvature in rates and 2 / curvature in rates
        assert rates.max() == pytest.approx(2.4 / curvature) and (np.diff(rates) > 0).all()
    assert np.allclose(default_rates(4.0), np.arange(1, 61) / 100)  # 0.01 to 0.60 in steps of 0.01


def frames(n=3):
    return [{"label": f"β = {b}", "series": [{"name": "GD <b>", "x": [0, 1, 2], "y": [1.0, 0.5, float("inf")]}]}
            for b in range(n)]


def test_curve_explorer_embeds_its_frames_and_escapes_what_it_shows():
    import json as json_

    from course_lib.interactive import curve_explorer_html

    page = curve_explorer_html(frames(), slider="β", x_label="step", y_label="loss <x>", log_y=True, start=1)
    data = json_.loads(page.split('<script type="application/json">')[1].split("</script>")[0])
    assert len(data["frames"]) == 3 and data["frames"][0]["series"][0]["y"] == [1.0, 0.5, None]  # inf: a gap
    assert data["frames"][0]["series"][0]["name"] == "GD &lt;b&gt;" and data["ylabel"] == "loss &lt;x&gt;"
    assert 'max="2"' in page and 'value="1"' in page and "Predict first" not in page and " hidden " not in page


def test_curve_explorer_with_a_prompt_hides_the_experiment_behind_a_button():
    from course_lib.interactive import curve_explorer_html

    page = curve_explorer_html(frames(), slider="β", x_label="step", y_label="loss", prompt="Which <wins>?")
    assert "Predict first.</strong> Which &lt;wins&gt;?" in page and '<button type="button" aria-expanded="false"' in page
    assert '<div class="curve-explorer-body" hidden' in page


@pytest.mark.parametrize("bad, message", [
    ([], "non-empty list"),
    ([{"label": "a", "series": [{"name": "s", "x": [0, 1], "y": [1.0]}]}], "equal length"),
    ([{"series": [{"name": "s", "x": [0], "y": [1.0]}]}], "text 'label'"),
])
def test_curve_explorer_refuses_malformed_frames(bad, message):
    from course_lib.interactive import curve_explorer_html

    with pytest.raises(ValueError, match=message):
        curve_explorer_html(bad, slider="s", x_label="x", y_label="y")


def test_curve_explorer_keeps_tiny_values_for_a_log_axis():
    import json as json_

    from course_lib.interactive import curve_explorer_html

    tiny = [{"label": "a", "series": [{"name": "s", "x": [0, 1, 2], "y": [1.0, 3.14159265e-9, 1e-15]}]}]
    page = curve_explorer_html(tiny, slider="s", x_label="x", y_label="y", log_y=True)
    data = json_.loads(page.split('<script type="application/json">')[1].split("</script>")[0])
    assert data["frames"][0]["series"][0]["y"] == [1.0, 3.14159e-09, 1e-15]
