"""The slide figures of `cyclesim compare --out`: every scenario tellable apart, the
legend beside no lines (below the panels), whatever the number of scenarios."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from cyclesim import run
from cyclesim.present.plots import comparison_figure, composite_figure


@pytest.fixture(scope="module")
def results(scenarios_dir):
    return [run(path) for path in sorted(scenarios_dir.glob("*.toml"))]


@pytest.mark.parametrize("figure", [comparison_figure, composite_figure])
def test_many_scenarios_each_look_different_and_the_legend_is_below(results, figure):
    assert len(results) > 10  # more than the colour cycle has colours
    fig = figure(results)
    ax = fig.axes[0]
    styles = [(line.get_color(), line.get_linestyle()) for line in ax.get_lines()
              if line.get_label() in {r.scenario.name for r in results}]
    assert len(styles) == len(results) == len(set(styles))
    assert all(a.get_legend() is None for a in fig.axes) and len(fig.legends) == 1
    legend = fig.legends[0].get_window_extent(fig.canvas.get_renderer())
    for a in fig.axes:  # the legend sits below every panel
        assert legend.y1 <= a.get_tightbbox(fig.canvas.get_renderer()).y0 + 1.0
    plt.close(fig)
