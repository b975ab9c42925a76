"""The shared triangle demo's figure: P, Q, R in their colours, the direct route against the detour."""

import pytest

from kl_app.theme import P_COLOR, Q_COLOR
from kl_app.triangle import R_COLOR, triangle_check, triangle_counterexample, triangle_figure
from kl_core import kl_divergence


def test_triangle_figure_compares_direct_with_detour():
    p, q, r = triangle_counterexample(1.0)
    check = triangle_check(kl_divergence, p, q, r)
    fig = triangle_figure(p, q, r, check, "nats")
    assert [t.line.color for t in fig.data[:3]] == [P_COLOR, Q_COLOR, R_COLOR]
    direct, leg1, leg2 = fig.data[3:]
    assert direct.y[0] == check.d_pr == 2.0
    assert leg1.y[1] + leg2.y[1] == pytest.approx(1.0)
